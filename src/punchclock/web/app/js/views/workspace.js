// Settings → Workspace (admins): the currency every amount is in, for everybody; sign-off's period
// type and lock date (signoffsettings.js); how long the audit log keeps its events.

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
  const sample = h("small", { class: "muted sample", text: `Amounts look like ${money(1234.5)}` });
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
    h("hr", { class: "sep" }), ...signoffFields(), h("hr", { class: "sep" }), retention());
}

// How long the audit log keeps its events: empty keeps them all (the default).
function retention() {
  // Disabled until the stored value is in: typing before it arrives would be overwritten by it.
  const days = h("input", { type: "number", name: "audit_retention_days", min: 1, max: 36500, step: 1, inputmode: "numeric", placeholder: "Keep every event", disabled: true });
  let saved = "";
  api("GET", "/settings/workspace").then((data) => {
    saved = data.workspace.audit_retention_days ?? "";
    days.value = saved;
  }).catch(() => {}).finally(() => (days.disabled = false));
  days.addEventListener("change", async () => {
    const value = days.value.trim() === "" ? null : Number(days.value);
    try {
      const data = await api("PUT", "/settings/workspace", { audit_retention_days: value });
      saved = data.workspace.audit_retention_days ?? "";
      days.value = saved;
      toast(saved === "" ? "The audit log keeps every event." : `The audit log keeps events for ${saved} days.`);
    } catch (err) {
      days.value = saved;
      showError(err);
    }
  });
  return field("Audit log, days kept", days, "Older events are deleted within the hour. Empty: keep every event.");
}
