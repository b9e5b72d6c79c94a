// Settings → Workspace (admins): the currency every amount is in, for everybody; sign-off's period
// type and lock date (signoffsettings.js).

import { api } from "../api.js";
import { field, h } from "../dom.js";
import { currency, money, setCurrency } from "../money.js";
import { showError, toast } from "../ui.js";
import { signoffFields } from "./signoffsettings.js";

function codes() {
  try {
    return Intl.supportedValuesOf("currency");
  } catch {
    return ["AUD", "CAD", "CHF", "EUR", "GBP", "JPY", "SEK", "USD"];
  }
}

function names(code) {
  try {
    return new Intl.DisplayNames(undefined, { type: "currency" }).of(code);
  } catch {
    return code;
  }
}

export function workspaceCard() {
  const list = codes();
  if (!list.includes(currency())) list.unshift(currency());
  const pick = h("select", { name: "currency" }, list.map((c) => h("option", { value: c, text: `${c} · ${names(c)}`, selected: c === currency() })));
  const sample = h("small", { class: "muted", text: `Amounts look like ${money(1234.5)}` });
  pick.addEventListener("change", async () => {
    try {
      const data = await api("PUT", "/settings/workspace", { currency: pick.value });
      setCurrency(data.workspace.currency);
      sample.textContent = `Amounts look like ${money(1234.5)}`;
      toast(`Amounts are now in ${data.workspace.currency}.`);
    } catch (err) {
      pick.value = currency();
      showError(err);
    }
  });
  return h("section", { class: "card", "aria-labelledby": "s-workspace" }, h("h2", { id: "s-workspace", text: "Workspace" }),
    field("Currency", pick, "Of every rate and amount, for everybody: reports, exports, projects."), sample,
    h("hr", { class: "sep" }), ...signoffFields());
}
