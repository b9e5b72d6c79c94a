// Users → Working time (admins): a person's work models (weekly hours from a date on, holiday
// calendar, vacation days) and their adjustments (opening balance, payouts, corrections, vacation).
//
// Notes: hours are typed per weekday in hours ("8", "7.5", "7:30") and sent as seconds. A model or
// adjustment inside an approved or closed period is refused by the server (409 period_locked): its
// message is shown in the form, which keeps what was typed. The lists load through keep.js.

import { api, get, query } from "../api.js";
import { field, h, select } from "../dom.js";
import { keepShown } from "../keep.js";
import { tz } from "../store.js";
import { isoDate } from "../time.js";
import { confirmDialog, modal, showError, toast } from "../ui.js";
import { hm, hoursInput, hoursText, signed, signedHours, tone } from "../worktime.js";
import { calendarPicker } from "./calendarpick.js";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const KINDS = [["carry_over", "Opening balance (carry-over)"], ["correction", "Correction"], ["payout", "Payout"], ["vacation", "Vacation days"]];
const KIND = { ...Object.fromEntries(KINDS), carry_over: "Opening balance" };

const week = (secs) => secs.reduce((a, b) => a + b, 0);

/** The dialog of one user's working time. */
export function workTimeDialog(u) {
  const who = u.display_name || u.username;
  return modal(`Working time of ${who}`, () => {
    const models = modelsSection(u);
    const adjustments = adjustmentsSection(u);
    return [h("div", { class: "wm" }, models, h("hr", { class: "sep" }), adjustments)];
  }, { wide: true });
}

function modelsSection(u) {
  const list = h("div", { class: "wm-list" });
  const formHost = h("div", {});
  const add = h("button", { type: "button", class: "btn small primary", text: "Add a work model" });
  let shown = [];
  const draw = ({ work_models: rows }) => {
    shown = rows;
    if (!rows.length) return h("p", { class: "muted", text: "No work model yet: without one there is no target and no balance." });
    return h("div", { class: "table-wrap" }, h("table", { class: "data stack-phone", "aria-label": "Work models" },
      h("thead", {}, h("tr", {}, h("th", { text: "Valid from" }), h("th", { text: "Hours Mon–Sun" }),
        h("th", { text: "Calendar" }), h("th", { class: "num", text: "Vacation" }), h("th", {}))),
      h("tbody", {}, [...rows].reverse().map((m) => h("tr", { "data-valid-from": m.valid_from },
        h("td", { class: "nowrap", text: m.valid_from }),
        h("td", {}, h("span", { class: "nowrap", text: m.weekday_seconds.map(hoursText).join(" · ") }),
          h("div", { class: "muted", text: `${hm(week(m.weekday_seconds))} h a week` })),
        h("td", { text: m.holiday_calendar || "Workspace default" }),
        h("td", { class: "num", text: `${m.vacation_days} d` }),
        h("td", { class: "num wm-row-actions" },
          h("button", { type: "button", class: "btn small ghost", text: "Edit", "aria-label": `Edit the model from ${m.valid_from}`, onclick: () => edit(m) }),
          h("button", { type: "button", class: "btn small danger ghost", text: "Delete", "aria-label": `Delete the model from ${m.valid_from}`, onclick: () => remove(m) })))))));
  };
  const load = keepShown(list, () => get(`/work-models?${query({ user_id: u.id })}`), draw, "The work models");
  const edit = (m) => {
    add.hidden = true;
    formHost.replaceChildren(modelForm(u, m, shown, () => {
      formHost.replaceChildren();
      add.hidden = false;
      load();
    }));
    formHost.querySelector("input").focus();
  };
  const remove = async (m) => {
    if (!(await confirmDialog("Delete work model", `Delete the model valid from ${m.valid_from}? The balance is counted again without it.`, "Delete"))) return;
    try {
      await api("DELETE", `/work-models/${m.id}`);
      toast("Work model deleted.");
    } catch (err) {
      showError(err);
    }
    load();
  };
  add.addEventListener("click", () => edit(null));
  load();
  return h("section", { class: "wm-section", "aria-label": "Work models" },
    h("div", { class: "page-head" }, h("h3", { text: "Work models" }), h("span", { class: "spacer" }), add),
    h("p", { class: "muted", text: "Each model holds from its date until the next one starts." }), list, formHost);
}

function modelForm(u, m, models, done) {
  const latest = models.length ? models[models.length - 1] : null;
  const start = m ? m.weekday_seconds : latest ? latest.weekday_seconds : [28800, 28800, 28800, 28800, 28800, 0, 0];
  const inputs = DAYS.map((d, i) => h("input", { name: `day${i}`, inputmode: "decimal", value: hoursText(start[i]), "aria-label": `${d} hours`, autocomplete: "off" }));
  const total = h("p", { class: "wm-week muted" });
  const sum = () => {
    const secs = inputs.map((el) => hoursInput(el.value));
    total.textContent = secs.some((s) => s === null) ? "Hours are 0 to 24 per day, e.g. 8, 7.5 or 7:30." : `${hm(week(secs))} hours a week`;
    return secs;
  };
  inputs.forEach((el) => el.addEventListener("input", sum));
  sum();
  const from = h("input", { type: "date", name: "valid_from", required: true, value: m ? m.valid_from : `${isoDate(Date.now(), tz()).slice(0, 7)}-01` });
  const cal = calendarPicker(m ? m.holiday_calendar : null, "Workspace default");
  const vacation = h("input", { type: "number", name: "vacation_days", min: 0, max: 366, step: 0.5, value: m ? m.vacation_days : latest ? latest.vacation_days : 0 });
  const error = h("p", { class: "form-error", role: "alert" });
  const form = h("form", { class: "wm-form", "aria-label": m ? "Edit work model" : "New work model" },
    h("div", { class: "field-legend", text: "Hours per weekday" }),
    h("div", { class: "wm-days" }, DAYS.map((d, i) => h("label", {}, d, inputs[i]))), total,
    h("div", { class: "grid2" }, field("Valid from", from), field("Vacation days a year", vacation)),
    field("Holiday calendar", cal.node, "A country, or one of its regions; else the workspace's calendar"), error,
    h("div", { class: "actions" }, h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => done() }),
      h("button", { type: "submit", class: "btn primary", text: m ? "Save model" : "Add model" })));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const secs = sum();
    if (secs.some((s) => s === null)) return (error.textContent = "Hours are 0 to 24 per day, e.g. 8, 7.5 or 7:30.");
    const body = { valid_from: from.value, weekday_seconds: secs, holiday_calendar: cal.value(), vacation_days: Number(vacation.value || 0) };
    try {
      if (m) await api("PATCH", `/work-models/${m.id}`, body);
      else await api("POST", `/work-models?${query({ user_id: u.id })}`, body);
      toast(m ? "Work model saved." : "Work model added.");
      done();
    } catch (err) {
      error.textContent = err.message;
    }
  });
  return form;
}

function adjustmentsSection(u) {
  const list = h("div", { class: "wm-list" });
  const formHost = h("div", {});
  const add = h("button", { type: "button", class: "btn small", text: "Add an adjustment" });
  const draw = ({ work_adjustments: rows }) => {
    if (!rows.length) return h("p", { class: "muted", text: "No adjustments." });
    return h("div", { class: "table-wrap" }, h("table", { class: "data stack-phone", "aria-label": "Adjustments" },
      h("thead", {}, h("tr", {}, h("th", { text: "Date" }), h("th", { text: "Kind" }), h("th", { class: "num", text: "Hours" }),
        h("th", { class: "num", text: "Vacation" }), h("th", { text: "Reason" }), h("th", {}))),
      h("tbody", {}, rows.map((a) => h("tr", {},
        h("td", { class: "nowrap", text: a.date }), h("td", { text: KIND[a.kind] || a.kind }),
        h("td", { class: "num" }, a.balance_seconds ? h("strong", { class: `wt-amount ${tone(a.balance_seconds)}`, text: signed(a.balance_seconds) }) : "–"),
        h("td", { class: "num", text: a.vacation_days ? `${a.vacation_days > 0 ? "+" : ""}${a.vacation_days} d` : "" }),
        h("td", { text: a.reason }),
        h("td", { class: "num" }, h("button", { type: "button", class: "btn small danger ghost", text: "Delete", "aria-label": `Delete the adjustment of ${a.date}`, onclick: () => remove(a) })))))));
  };
  const load = keepShown(list, () => get(`/work-adjustments?${query({ user_id: u.id })}`), draw, "The adjustments");
  const remove = async (a) => {
    if (!(await confirmDialog("Delete adjustment", `Delete the ${KIND[a.kind] || a.kind} of ${a.date}?`, "Delete"))) return;
    try {
      await api("DELETE", `/work-adjustments/${a.id}`);
      toast("Adjustment deleted.");
    } catch (err) {
      showError(err);
    }
    load();
  };
  add.addEventListener("click", () => {
    add.hidden = true;
    formHost.replaceChildren(adjustmentForm(u, () => {
      formHost.replaceChildren();
      add.hidden = false;
      load();
    }));
  });
  load();
  return h("section", { class: "wm-section", "aria-label": "Adjustments" },
    h("div", { class: "page-head" }, h("h3", { text: "Adjustments" }), h("span", { class: "spacer" }), add),
    h("p", { class: "muted", text: "An opening balance, hours paid out or corrected, vacation days granted or taken back." }), list, formHost);
}

function adjustmentForm(u, done) {
  const kind = select(KINDS, "carry_over", { name: "kind" });
  const date = h("input", { type: "date", name: "date", required: true, value: isoDate(Date.now(), tz()) });
  const hours = h("input", { name: "hours", inputmode: "decimal", placeholder: "+2 or -1:30", autocomplete: "off" });
  const days = h("input", { type: "number", name: "vacation_days", step: 0.5, min: -366, max: 366, placeholder: "0" });
  const reason = h("input", { name: "reason", required: true, maxlength: 500 });
  const error = h("p", { class: "form-error", role: "alert" });
  const form = h("form", { class: "wm-form", "aria-label": "New adjustment" },
    h("div", { class: "grid2" }, field("Kind", kind), field("Date", date)),
    h("div", { class: "grid2" }, field("Hours", hours, "Positive banks time, negative takes it off"), field("Vacation days", days)),
    field("Reason", reason), error,
    h("div", { class: "actions" }, h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => done() }),
      h("button", { type: "submit", class: "btn primary", text: "Add adjustment" })));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const secs = hours.value.trim() ? signedHours(hours.value) : 0;
    if (secs === null) return (error.textContent = "Hours: a signed amount such as +2, -1.5 or -1:30.");
    try {
      await api("POST", `/work-adjustments?${query({ user_id: u.id })}`,
        { kind: kind.value, date: date.value, balance_seconds: secs, vacation_days: Number(days.value || 0), reason: reason.value.trim() });
      toast("Adjustment added.");
      done();
    } catch (err) {
      error.textContent = err.message;
    }
  });
  return form;
}

