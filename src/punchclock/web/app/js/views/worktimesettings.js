// Settings → Working time (admins): the workspace's holiday calendar and its days (switch one off,
// add company days), half holidays, break rules, vacation carry-over, attendance on or off.
//
// Notes: the form is drawn from the stored settings (through keep.js, so a failed read never shows
// defaults as if they were saved) and sends all of them on Save; the server's message of a refusal
// is shown under the form, which keeps what was typed. The holiday list is of the workspace's
// calendar: a person's own calendar (their work model's) is looked at on their Working time page.

import { api, get, query } from "../api.js";
import { field, h, select } from "../dom.js";
import { keepShown } from "../keep.js";
import { tz } from "../store.js";
import { isoDate } from "../time.js";
import { confirmDialog, showError, toast } from "../ui.js";
import { calendarPicker } from "./calendarpick.js";

const MAX_RULES = 6;

export function worktimeCard() {
  const body = h("div", {});
  const holidays = h("div", {});
  let calendar;
  const load = keepShown(body, () => get("/worktime/settings"), (s) => {
    // The holiday list follows the calendar saved (not the one being picked).
    if (calendar !== s.holiday_calendar) holidayList(holidays, (calendar = s.holiday_calendar));
    return settingsForm(s, () => load());
  }, "The working-time settings");
  load();
  return h("section", { class: "card", "aria-labelledby": "s-worktime" }, h("h2", { id: "s-worktime", text: "Working time" }),
    body, h("hr", { class: "sep" }), holidays);
}

function number(name, value, attrs = {}) {
  return h("input", { type: "number", name, value, inputmode: "decimal", ...attrs });
}

function ruleRow(rule, onRemove) {
  const after = number("after_hours", rule ? rule.after / 3600 : 6, { min: 0, max: 24, step: 0.25, "aria-label": "Hours worked" });
  const mins = number("break_minutes", rule ? rule.break_seconds / 60 : 30, { min: 1, max: 600, step: 1, "aria-label": "Minutes of break" });
  const row = h("div", { class: "wt-rule" }, "After", after, "h worked, at least", mins, "min of break",
    h("button", { type: "button", class: "icon-btn", "aria-label": "Remove this rule", text: "×", onclick: () => onRemove(row) }));
  row.value = () => ({ after: Math.round(Number(after.value) * 3600), break_seconds: Math.round(Number(mins.value) * 60) });
  return row;
}

function settingsForm(s, saved) {
  const cal = calendarPicker(s.holiday_calendar, "No public holidays", "Workspace holiday calendar");
  const half = h("input", { type: "checkbox", name: "holiday_half_days", checked: s.holiday_half_days });
  const rules = h("div", { class: "wt-rules", "aria-label": "Break rules" });
  const addRule = h("button", { type: "button", class: "btn small", text: "Add a break rule" });
  const sync = () => (addRule.disabled = rules.children.length >= MAX_RULES);
  const remove = (row) => {
    row.remove();
    sync();
  };
  for (const r of s.break_rules.rules || []) rules.append(ruleRow(r, remove));
  addRule.addEventListener("click", () => {
    rules.append(ruleRow(null, remove));
    sync();
  });
  sync();
  const piece = number("min_piece", Math.round((s.break_rules.min_piece ?? 900) / 60), { min: 0, max: 120, step: 1 });
  const deduct = h("input", { type: "checkbox", name: "deduct", checked: s.break_rules.deduct });
  const carry = s.vacation_carryover;
  const limit = h("input", { type: "checkbox", name: "carryover_limit", checked: Boolean(carry) });
  const maxDays = number("carryover_max_days", carry && carry.max_days != null ? carry.max_days : "", { min: 0, max: 366, step: 0.5, placeholder: "All" });
  const until = h("input", { name: "carryover_until", value: carry && carry.until ? carry.until : "", placeholder: "MM-DD, e.g. 03-31", pattern: "(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])" });
  const carryFields = h("div", { class: "grid2" }, field("At most, days", maxDays, "Empty: all"), field("Kept until (next year)", until, "MM-DD; empty: kept"));
  const showCarry = () => (carryFields.hidden = !limit.checked);
  limit.addEventListener("change", showCarry);
  showCarry();
  const attendance = h("input", { type: "checkbox", name: "attendance", checked: s.attendance });
  const error = h("p", { class: "form-error", role: "alert" });
  // The server checks every figure and says what is wrong in words (the browser's checks would stop short).
  const form = h("form", { "aria-label": "Working-time settings", novalidate: true },
    field("Workspace holiday calendar", cal.node, "For every work model without a calendar of its own"),
    h("label", { class: "check" }, half, "Half holidays (such as Christmas Eve) count as half days off"),
    h("div", { class: "field-legend", text: "Break rules" }), rules, h("div", { class: "actions wt-left" }, addRule),
    field("Shortest break, minutes", piece, "A gap between entries shorter than this is not a break"),
    h("label", { class: "check" }, deduct, "Deduct a missing break from the balance (entries stay as they are)"),
    h("div", { class: "field-legend", text: "Vacation carry-over" }),
    h("label", { class: "check" }, limit, "Limit the vacation carried into the next year"), carryFields,
    h("label", { class: "check" }, attendance, "Record attendance (clock in and out, breaks)"), error,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "btn primary", text: "Save working time" })));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    error.textContent = "";
    const body = {
      holiday_calendar: cal.value(),
      holiday_half_days: half.checked,
      break_rules: { rules: [...rules.children].map((r) => r.value()), min_piece: Math.round(Number(piece.value || 0) * 60), deduct: deduct.checked },
      vacation_carryover: limit.checked ? { max_days: maxDays.value === "" ? null : Number(maxDays.value), until: until.value.trim() || null } : null,
      attendance: attendance.checked,
    };
    try {
      const data = await api("PUT", "/worktime/settings", body);
      toast("Working-time settings saved.");
      saved(data);
    } catch (err) {
      error.textContent = err.message;
    }
  });
  return form;
}

/** The workspace calendar's days of a year, each switched on or off, and the company days. */
function holidayList(host, calendar) {
  const thisYear = Number(isoDate(Date.now(), tz()).slice(0, 4));
  const year = select([thisYear - 1, thisYear, thisYear + 1].map((y) => [y, String(y)]), thisYear, { name: "holiday_year", "aria-label": "Year of the holidays" });
  const list = h("div", {});
  const formHost = h("div", {});
  const add = h("button", { type: "button", class: "btn small", text: "Add a company day" });
  host.replaceChildren(h("div", { class: "page-head" }, h("h3", { text: "Holidays" }), h("span", { class: "spacer" }), year, add),
    h("p", { class: "muted", text: calendar
      ? `${calendar}'s public holidays and your company days. Switch a day off to count it as a working day.`
      : "No workspace calendar: only company days are days off. Choose a calendar above to list its days." }), list, formHost);
  const draw = (data) => {
    if (!data.days.length) return h("p", { class: "muted", text: "No holidays this year." });
    return h("ul", { class: "wt-holidays", "aria-label": "Holidays" }, data.days.map((d) => {
      const on = h("input", { type: "checkbox", checked: d.enabled, "aria-label": `${d.name} is a day off` });
      on.addEventListener("change", async () => {
        try {
          await api("PATCH", `/holidays/${d.id}`, { enabled: on.checked });
          toast(on.checked ? `${d.name} is a day off again.` : `${d.name} counts as a working day.`);
        } catch (err) {
          showError(err);
        }
        load();
      });
      const drop = d.source === "company"
        ? h("button", { type: "button", class: "btn small danger ghost", text: "Remove", "aria-label": `Remove ${d.name}`, onclick: () => removeDay(d) })
        : null;
      return h("li", { class: d.enabled ? "" : "disabled" }, on, h("span", { class: "wt-hdate", text: d.date }),
        h("span", { class: "wt-hname", text: d.name + (d.half ? " (half day)" : "") }),
        d.source === "company" ? h("span", { class: "badge muted", text: "company" }) : null, drop);
    }));
  };
  const load = calendar
    ? keepShown(list, () => get(`/holidays?${query({ calendar, year: year.value })}`), draw, "The holidays")
    : () => {};
  const removeDay = async (d) => {
    if (!(await confirmDialog("Remove company day", `Remove ${d.name} on ${d.date}?`, "Remove"))) return;
    try {
      await api("DELETE", `/holidays/company/${d.id}`);
      toast("Company day removed.");
    } catch (err) {
      showError(err);
    }
    load();
  };
  year.addEventListener("change", load);
  add.addEventListener("click", () => {
    add.hidden = true;
    const date = h("input", { type: "date", name: "company_date", required: true });
    const name = h("input", { name: "company_name", required: true, maxlength: 200 });
    const halfDay = h("input", { type: "checkbox", name: "company_half" });
    const error = h("p", { class: "form-error", role: "alert" });
    const done = () => {
      formHost.replaceChildren();
      add.hidden = false;
    };
    const form = h("form", { class: "wm-form", "aria-label": "New company day" },
      h("div", { class: "grid2" }, field("Date", date), field("Name", name)), h("label", { class: "check" }, halfDay, "Half day"), error,
      h("div", { class: "actions" }, h("button", { type: "button", class: "btn", text: "Cancel", onclick: done }),
        h("button", { type: "submit", class: "btn primary", text: "Add day" })));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        await api("POST", "/holidays/company", { date: date.value, name: name.value.trim(), half: halfDay.checked });
        toast(`${name.value.trim()} added.`);
        done();
        load();
      } catch (err) {
        error.textContent = err.message;
      }
    });
    formHost.replaceChildren(form);
    date.focus();
  });
  load();
}
