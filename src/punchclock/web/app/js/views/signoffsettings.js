// Settings → Workspace (admins): sign-off's period type, the workspace's lock date and the overlap
// rule (overlapsettings.js), all kept by PUT /signoff.

import { api, get } from "../api.js";
import { field, h, select } from "../dom.js";
import { refreshLocks } from "../locks.js";
import { dayLabel } from "../lockspan.js";
import { tz } from "../store.js";
import { isoDate } from "../time.js";
import { confirmDialog, setBusy, showError, toast } from "../ui.js";
import { overlapField } from "./overlapsettings.js";

/** Why the server refused a sign-off setting, in words. */
function refusal(err) {
  if (err.code === "timer_running") return "A timer that started before that day is still running: it has to be stopped first.";
  return err.message;
}

export function signoffFields() {
  const kind = select([["weekly", "Weekly"], ["monthly", "Monthly"]], "weekly", { name: "period_type", disabled: true });
  const date = h("input", { type: "date", name: "lock_date", max: isoDate(Date.now(), tz()), disabled: true });
  const set = h("button", { type: "button", class: "btn", text: "Lock", disabled: true });
  const remove = h("button", { type: "button", class: "btn ghost", text: "Remove", hidden: true });
  const note = h("small", { class: "muted" });
  let current = { lock_date: null, period_type: "weekly", overlap_rule: "allow" };
  const rule = overlapField((changes) => save(changes));

  const show = (data) => {
    current = data;
    kind.value = data.period_type;
    date.value = data.lock_date || "";
    note.textContent = data.lock_date
      ? `Nobody can change time before ${dayLabel(data.lock_date)}, whatever its state.`
      : "No lock date: only approved and closed periods are locked.";
    remove.hidden = !data.lock_date;
    set.textContent = data.lock_date ? "Move" : "Lock";
    for (const el of [kind, date, set]) el.disabled = false;
    rule.show(data);
  };
  const save = async (changes, button) => {
    if (button) setBusy(button, true);
    try {
      show(await api("PUT", "/signoff", changes));
      refreshLocks();
      return true;
    } catch (err) {
      show(current);
      showError(refusal(err));
      return false;
    } finally {
      if (button) setBusy(button, false);
    }
  };

  kind.addEventListener("change", async () => {
    if (await save({ period_type: kind.value })) toast(`New periods are ${kind.value === "monthly" ? "months" : "weeks"}.`);
  });
  set.addEventListener("click", async () => {
    if (!date.value) return showError("Pick the first day that stays open.");
    const ok = await confirmDialog("Set the lock date",
      `Lock every entry before ${dayLabel(date.value)} for everybody? Nobody can add, change or delete time before that day until the date moves back.`, "Lock");
    if (ok && (await save({ lock_date: date.value }, set))) toast(`Time before ${dayLabel(date.value)} is locked.`);
  });
  remove.addEventListener("click", async () => {
    if (await save({ lock_date: null }, remove)) toast("The lock date is removed: only approved and closed periods stay locked.");
  });
  get("/signoff").then(show).catch((err) => (note.textContent = `The sign-off settings could not be loaded: ${err.message}`));

  return [
    field("Sign-off periods", kind, "How long the periods people submit for approval are. Existing periods keep theirs."),
    h("div", { class: "field" }, h("label", { for: "lock-date", text: "Lock date" }),
      h("div", { class: "so-lockrow" }, Object.assign(date, { id: "lock-date" }), set, remove), note),
    rule.node,
  ];
}
