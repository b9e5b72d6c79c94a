// Working time's balance cards and month table (views/worktime.js draws them).
//
// Notes: a day is muted when nothing was expected of it (a weekend, a holiday, before the first
// model); a day not over yet has no balance ("not counted yet"), as the server counts it only once
// it ends. A missed break rule is marked on its day with what was required.

import { h } from "../dom.js";
import { state, tz } from "../store.js";
import { formatTime } from "../time.js";
import { dayName, hm, signed, tone } from "../worktime.js";

function money(seconds, extra = "") {
  return h("strong", { class: `wt-amount ${tone(seconds)} ${extra}`.trim(), text: signed(seconds) });
}

function card(title, seconds, detail, key) {
  return h("div", { class: "card stat wt-card", "data-card": key },
    h("span", { text: title }), money(seconds), detail ? h("small", { class: "muted", text: detail }) : null);
}

/** The five balances: running, today, this week, this month, this year. */
export function balanceCards(b) {
  const of = (p) => `${hm(p.worked + p.credited)} of ${hm(p.target)} (${hm(p.planned)} planned)`;
  return h("div", { class: "wt-cards" },
    card("Running balance", b.running, "Through yesterday", "running"),
    card("Today", b.today.balance, `${hm(b.today.worked)} of ${hm(b.today.target)} so far`, "today"),
    card("This week", b.week.balance, of(b.week), "week"),
    card("This month", b.month.balance, of(b.month), "month"),
    card("This year", b.year.balance, of(b.year), "year"));
}

function notes(d) {
  const out = [];
  if (d.holiday) out.push(h("span", { class: "badge", text: d.holiday.half ? `${d.holiday.name} (half day)` : d.holiday.name }));
  if (d.absence) {
    const pending = d.absence.status && d.absence.status !== "approved";
    out.push(h("span", { class: pending ? "badge muted" : "badge", text: pending ? `${d.absence.type} (${d.absence.status})` : d.absence.type }));
  }
  if (d.violation === "break_short") {
    out.push(h("span", { class: "badge warn", title: `At least ${hm(d.required_break)} of break was due; ${hm(d.breaks)} taken`,
      text: d.deducted ? `Break short · ${hm(d.deducted)} deducted` : "Break short" }));
  }
  return out;
}

/** The month's days, a row each. */
export function monthTable(days, today) {
  const clock = (secs) => formatTime(secs * 1000, tz(), state.prefs.clock);
  const rows = days.map((d) => {
    const off = d.target === 0;
    const cls = ["wt-day", off ? "off" : "", d.date === today ? "today" : "", d.violation ? "violation" : ""].filter(Boolean).join(" ");
    const span = d.first_in && d.last_out ? `${clock(d.first_in)}–${clock(d.last_out)}` : "";
    const quiet = off && !d.worked && !d.credited && !d.balance;
    const balance = d.counted
      ? h("td", { class: "num wt-bal" }, quiet ? "–" : money(d.balance))
      : h("td", { class: "num wt-bal muted", title: "Counted once the day is over" }, h("span", { class: "wt-pending", text: d.date === today ? "today" : "not counted yet" }));
    return h("tr", { class: cls, "data-date": d.date },
      h("th", { scope: "row", class: "wt-date" }, dayName(d.date), d.date === today ? h("span", { class: "badge wt-today", text: "Today" }) : null,
        h("div", { class: "wt-notes" }, notes(d))),
      h("td", { class: "num", "data-label": "Target", text: hm(d.target, true) || "–" }),
      h("td", { class: "num", "data-label": "Worked" }, hm(d.worked + d.credited, true) || "–", span ? h("small", { class: "muted wt-span", text: span }) : null),
      h("td", { class: "num hide-phone", "data-label": "Breaks", text: hm(d.breaks, true) }),
      balance);
  });
  return h("div", { class: "table-wrap" }, h("table", { class: "data wt-table", "aria-label": "Days of the month" },
    h("thead", {}, h("tr", {}, h("th", { text: "Day" }), h("th", { class: "num", text: "Target" }), h("th", { class: "num", text: "Worked" }),
      h("th", { class: "num hide-phone", text: "Breaks" }), h("th", { class: "num", text: "Balance" }))),
    h("tbody", {}, rows)));
}
