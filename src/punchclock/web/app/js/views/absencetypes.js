// Absence types (admins, on the Time off page): list, add, change, delete. A type in use is not
// deleted (409 in_use): the server's message says to switch it off instead.

import { api, get } from "../api.js";
import { field, h, select } from "../dom.js";
import { keepShown } from "../keep.js";
import { confirmDialog, modal, setBusy, showError, toast } from "../ui.js";
import { swatch } from "./absences.js";

const EFFECTS = [["worked", "Counts as worked"], ["excused", "No target that day"], ["balance", "Paid from the balance"]];

export function typesCard() {
  const body = h("div", { class: "ab-body" });
  const add = h("button", { type: "button", class: "btn small", text: "Add type" });
  const node = h("section", { class: "card ab-card", "aria-labelledby": "ab-types" },
    h("div", { class: "ab-head" }, h("h2", { id: "ab-types", text: "Absence types" }), h("span", { class: "spacer" }), add), body);
  const out = { node, load: null };
  add.addEventListener("click", async () => {
    if (await typeDialog(null)) out.load();
  });
  const remove = async (button, t) => {
    if (!(await confirmDialog("Delete this type?", `“${t.name}” goes for good.`, "Delete"))) return;
    setBusy(button, true);
    try {
      await api("DELETE", `/absence-types/${t.id}`);
      toast(`“${t.name}” deleted.`);
      out.load();
    } catch (err) {
      setBusy(button, false);
      showError(err);
    }
  };
  const draw = ({ absence_types: types }) => h("ul", { class: "ab-types", "aria-label": "Absence types" }, types.map((t) => {
    const effect = (EFFECTS.find(([k]) => k === t.effect) || [null, t.effect])[1];
    const facts = [effect, t.uses_allowance ? "uses vacation days" : null, t.needs_approval ? "needs approval" : "approved when sent"].filter(Boolean).join(" · ");
    return h("li", { class: t.enabled ? "ab-type" : "ab-type off", "data-code": t.code },
      swatch(t.color),
      h("span", { class: "ab-type-main" }, h("strong", { text: t.name }), t.enabled ? null : h("span", { class: "badge muted", text: "Off" }),
        h("span", { class: "muted ab-facts", text: facts })),
      h("span", { class: "ab-actions" },
        h("button", { type: "button", class: "btn small ghost", text: "Edit", onclick: async () => (await typeDialog(t)) && out.load() }),
        h("button", { type: "button", class: "btn small ghost danger", text: "Delete", onclick: (ev) => remove(ev.currentTarget, t) })));
  }));
  out.load = keepShown(body, () => get("/absence-types"), draw, "The absence types");
  return out;
}

function typeDialog(t) {
  return modal(t ? `Edit “${t.name}”` : "Add an absence type", (close) => {
    const name = h("input", { name: "name", value: t ? t.name : "", required: true, maxlength: 100 });
    const code = t ? null : h("input", { name: "code", required: true, maxlength: 40, pattern: "[a-z0-9_\\-]+", placeholder: "training" });
    const color = h("input", { type: "color", name: "color", value: (t && t.color) || "#6366f1" });
    const effect = select(EFFECTS, t ? t.effect : "worked", { name: "effect" });
    const box = (n, label, on) => {
      const input = h("input", { type: "checkbox", name: n, checked: on });
      return [input, h("label", { class: "check" }, input, label)];
    };
    const [uses, usesLabel] = box("uses_allowance", "Uses vacation days", t ? t.uses_allowance : false);
    const [needs, needsLabel] = box("needs_approval", "Needs approval", t ? t.needs_approval : true);
    const [enabled, enabledLabel] = box("enabled", "Enabled (people can request it)", t ? t.enabled : true);
    const error = h("p", { class: "form-error", role: "alert" });
    const save = h("button", { type: "submit", class: "btn primary", text: t ? "Save" : "Add" });
    const form = h("form", {},
      h("div", { class: "grid2" }, field("Name", name), code ? field("Code", code, "Lower case, for the API") : field("Colour", color)),
      code ? field("Colour", color) : null,
      field("Effect on the day", effect),
      h("div", { class: "ab-halves" }, usesLabel, needsLabel, enabledLabel), error,
      h("div", { class: "actions" }, h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => close(null) }), save));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const body = { name: name.value.trim(), color: color.value, effect: effect.value,
        uses_allowance: uses.checked, needs_approval: needs.checked, enabled: enabled.checked };
      if (code) body.code = code.value.trim();
      setBusy(save, true);
      try {
        const res = t ? await api("PATCH", `/absence-types/${t.id}`, body) : await api("POST", "/absence-types", body);
        toast(t ? "Type saved." : `“${res.absence_type.name}” added.`);
        close(res.absence_type);
      } catch (err) {
        setBusy(save, false);
        error.textContent = err.message;
      }
    });
    return form;
  });
}
