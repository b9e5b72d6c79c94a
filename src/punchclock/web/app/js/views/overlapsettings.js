// Settings → Workspace (admins): the overlap rule, under the sign-off settings it is kept with
// (PUT /signoff). Each choice is explained in one line; the chosen one stands out.

import { h, select } from "../dom.js";
import { RULES } from "../overlaprule.js";
import { toast } from "../ui.js";

/** The rule's field; `save(changes)` sends a change (true once saved); show(data) shows GET /signoff. */
export function overlapField(save) {
  const pick = select(RULES.map(([value, label]) => [value, label]), "allow", { name: "overlap_rule", id: "overlap-rule", disabled: true });
  const help = h("ul", { class: "rule-help", id: "overlap-rule-help" },
    RULES.map(([value, label, text]) => h("li", { "data-rule": value }, h("strong", { text: `${label}: ` }), text)));
  pick.setAttribute("aria-describedby", help.id);
  const mark = () => {
    for (const li of help.children) li.classList.toggle("chosen", li.dataset.rule === pick.value);
  };
  pick.addEventListener("change", async () => {
    mark();
    const [, label] = RULES.find(([value]) => value === pick.value);
    if (await save({ overlap_rule: pick.value })) toast(`Overlapping entries: ${label.toLowerCase()}.`);
  });
  const show = (data) => {
    pick.value = data.overlap_rule || "allow";
    pick.disabled = false;
    mark();
  };
  const node = h("div", { class: "field" }, h("label", { for: pick.id, text: "Overlapping entries" }), pick, help);
  return { node, show };
}
