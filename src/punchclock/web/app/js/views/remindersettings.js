// Settings → Reminders (one's own, PUT /reminder-settings): which reminders, by what threshold, by
// e-mail or webhook too, and quiet hours (mail and webhooks wait for their end; the bell does not).

import { api, get } from "../api.js";
import { field, h } from "../dom.js";
import { isManager, state } from "../store.js";
import { setBusy, showError, toast } from "../ui.js";

const minutes = (text) => {
  if (!text) return null;
  const [hh, mm] = text.split(":").map(Number);
  return hh * 60 + mm;
};
const clock = (m) => (m == null ? "" : `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);

/** A switch with a value beside it: the reminder is on with that value, or off (null). */
function toggled(name, label, input, hint) {
  const on = h("input", { type: "checkbox", name: `${name}_on`, "aria-label": `${label}: on` });
  const sync = () => {
    input.disabled = !on.checked;
  };
  on.addEventListener("change", sync);
  const row = h("div", { class: "field reminder-row" },
    h("label", { class: "check" }, on, h("span", { text: label })), input, hint ? h("small", { class: "muted", text: hint }) : null);
  return {
    row,
    set(value, shown) {
      on.checked = value != null;
      input.value = value != null ? shown(value) : input.value;
      sync();
    },
    value(parse) {
      return on.checked && input.value !== "" ? parse(input.value) : null;
    },
  };
}

export function remindersCard() {
  const hours = h("input", { type: "number", name: "long_timer_hours", min: 1, max: 72, value: 10, "aria-label": "Hours" });
  const by = h("input", { type: "time", name: "nothing_by", value: "11:00", step: 900, "aria-label": "Time of day" });
  const days = h("input", { type: "number", name: "period_days", min: 0, max: 60, value: 1, "aria-label": "Days after the period" });
  const timer = toggled("long_timer", "A timer runs longer than (hours)", hours);
  const nothing = toggled("nothing", "Nothing tracked on a working day by", by, "Working days come from your work model");
  const period = toggled("period", "My timesheet is not submitted (days after it ends)", days);
  const waiting = h("input", { type: "number", name: "absence_hours", min: 1, max: 720, value: 24, "aria-label": "Hours waiting" });
  const absence = toggled("absence", "An absence request waits for my decision (hours)", waiting);
  const decides = isManager(); // absence requests are decided by managers and admins
  const email = h("input", { type: "checkbox", name: "by_email" });
  const hook = h("input", { type: "checkbox", name: "by_webhook" });
  const quietFrom = h("input", { type: "time", name: "quiet_from", step: 900, "aria-label": "Quiet from" });
  const quietTo = h("input", { type: "time", name: "quiet_to", step: 900, "aria-label": "Quiet until" });
  const save = h("button", { type: "submit", class: "btn primary", text: "Save reminders", disabled: true });
  const noMail = h("small", { class: "muted", hidden: true, text: "Add an e-mail address under Profile to get reminders by e-mail." });
  const show = (s) => {
    timer.set(s.long_timer_hours, String);
    nothing.set(s.nothing_by_minute, clock);
    period.set(s.period_days, String);
    absence.set(s.absence_hours, String);
    email.checked = s.by_email;
    hook.checked = s.by_webhook;
    quietFrom.value = clock(s.quiet_from);
    quietTo.value = clock(s.quiet_to);
    noMail.hidden = !(s.by_email && !(state.user && state.user.email));
    save.disabled = false;
  };
  const form = h("form", { class: "reminders" },
    timer.row, nothing.row, period.row, decides ? absence.row : null,
    h("fieldset", { class: "plain" }, h("legend", { text: "Also send them" }),
      h("label", { class: "check" }, email, h("span", { text: "By e-mail" })),
      h("label", { class: "check" }, hook, h("span", { text: "To my webhooks (reminder.* events)" })), noMail),
    field("Quiet hours", h("div", { class: "quiet" }, quietFrom, h("span", { text: "to" }), quietTo),
      "E-mail and webhooks wait until they end; the bell shows reminders at once"),
    h("div", { class: "actions" }, save));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const quiet = [minutes(quietFrom.value), minutes(quietTo.value)];
    if ((quiet[0] == null) !== (quiet[1] == null)) return showError("Give both ends of the quiet hours, or neither.");
    setBusy(save, true);
    try {
      show(await api("PUT", "/reminder-settings", {
        long_timer_hours: timer.value(Number), nothing_by_minute: nothing.value(minutes), period_days: period.value(Number),
        ...(decides ? { absence_hours: absence.value(Number) } : {}),
        by_email: email.checked, by_webhook: hook.checked, quiet_from: quiet[0], quiet_to: quiet[1],
      }));
      toast("Reminders saved.");
    } catch (err) {
      showError(err);
    } finally {
      setBusy(save, false);
    }
  });
  get("/reminder-settings").then(show).catch(showError);
  return h("section", { class: "card", "aria-labelledby": "s-reminders" }, h("h2", { id: "s-reminders", text: "Reminders" }),
    h("p", { class: "muted", text: "Reminders appear under the bell. Each is sent once." }), form);
}
