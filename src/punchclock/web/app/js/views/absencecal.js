// The team calendar (managers and admins, on the Time off page): a month or a year, a row per
// person, a cell per day coloured by the absence's type; half days fill half a cell, requests still
// waiting for approval are striped, holidays are marked, weekends shaded. A team filter when there
// are teams. The server answers spans (GET /absences/calendar); they are expanded here.

import { get, getAll, query } from "../api.js";
import { h, select } from "../dom.js";
import { keepShown } from "../keep.js";
import { tz } from "../store.js";
import { isoDate } from "../time.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const LETTERS = ["S", "M", "T", "W", "T", "F", "S"];
const DAY = 86400000;

const utc = (iso) => Date.parse(`${iso}T00:00:00Z`);
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);

/** Each day of the spans: user id -> ISO day -> [{color, half, status, type}] (halves first-come). */
export function expand(spans, first, last) {
  const out = new Map();
  for (const a of spans) {
    const lo = Math.max(utc(a.start_date), utc(first));
    const hi = Math.min(utc(a.end_date), utc(last));
    const days = out.get(a.user_id) || new Map();
    out.set(a.user_id, days);
    for (let t = lo; t <= hi; t += DAY) {
      const day = iso(t);
      const half = (day === a.start_date && a.start_half) || (day === a.end_date && a.end_half);
      const list = days.get(day) || [];
      list.push({ color: a.color, half: Boolean(half), status: a.status, type: a.type });
      days.set(day, list);
    }
  }
  return out;
}

export function calendarSection() {
  const today = isoDate(Date.now(), tz());
  const view = { kind: "month", year: Number(today.slice(0, 4)), month: Number(today.slice(5, 7)) - 1, team: "" };
  const label = h("h2", { class: "ab-cal-label", "aria-live": "polite" });
  const kinds = h("div", { class: "seg", role: "group", "aria-label": "Span" });
  const team = select([["", "Everyone"]], "", { name: "team", "aria-label": "Team", hidden: true });
  const body = h("div", { class: "ab-cal-body" });
  const legend = h("div", { class: "ab-legend" });
  const node = h("section", { class: "card ab-card ab-cal", "aria-labelledby": "ab-cal-title", hidden: true },
    h("h2", { id: "ab-cal-title", class: "ab-sr", text: "Team calendar" }),
    h("div", { class: "ab-cal-tools" },
      h("button", { type: "button", class: "icon-btn", "aria-label": "Previous", text: "‹", onclick: () => go(-1) }),
      h("button", { type: "button", class: "btn small", text: "Today", onclick: () => go(0) }),
      h("button", { type: "button", class: "icon-btn", "aria-label": "Next", text: "›", onclick: () => go(1) }),
      label, h("span", { class: "spacer" }), team, kinds),
    body, legend);
  for (const kind of ["month", "year"]) {
    kinds.append(h("button", { type: "button", "data-kind": kind, text: kind === "month" ? "Month" : "Year", onclick: () => {
      view.kind = kind;
      load();
    } }));
  }
  const go = (steps) => {
    if (!steps) {
      view.year = Number(today.slice(0, 4));
      view.month = Number(today.slice(5, 7)) - 1;
    } else if (view.kind === "year") view.year += steps;
    else {
      const m = view.year * 12 + view.month + steps;
      view.year = Math.floor(m / 12);
      view.month = m % 12;
    }
    load();
  };
  team.addEventListener("change", () => {
    view.team = team.value;
    load();
  });
  const range = () => {
    if (view.kind === "year") return [`${view.year}-01-01`, `${view.year}-12-31`];
    const first = iso(Date.UTC(view.year, view.month, 1));
    return [first, iso(Date.UTC(view.year, view.month + 1, 0))];
  };
  // Teams, once (a failure leaves "Everyone" only).
  let teams = null;
  const loadTeams = () => {
    if (teams) return;
    teams = getAll("/teams", "teams", 5).then((list) => {
      team.append(...list.map((t) => h("option", { value: String(t.id), text: t.name })));
      team.hidden = !list.length;
    }).catch(() => {
      teams = null;
    });
  };

  const draw = (data) => {
    const [first, last] = data.range;
    label.textContent = view.kind === "year" ? String(view.year) : `${MONTHS[view.month]} ${view.year}`;
    for (const b of kinds.children) b.setAttribute("aria-pressed", b.dataset.kind === view.kind ? "true" : "false");
    legend.replaceChildren(...legendOf(data.absences));
    if (!data.users.length) return h("p", { class: "empty", text: "Nobody to show." });
    const out = grid(data, first, last, view.kind, today);
    // Today in sight on a narrow screen (the grid scrolls sideways).
    requestAnimationFrame(() => {
      const cell = out.querySelector("th.today");
      const name = out.querySelector("th.ab-person");
      if (cell && name && out.scrollWidth > out.clientWidth) out.scrollLeft = Math.max(0, cell.offsetLeft - name.offsetWidth - 3 * cell.offsetWidth);
    });
    return out;
  };
  const load = keepShown(body, async () => {
    loadTeams();
    const [first, last] = range();
    const data = await get(`/absences/calendar?${query({ start_date: first, end_date: last, team_id: view.team })}`);
    return { ...data, range: [first, last] };
  }, draw, "The team calendar");
  return { node, load };
}

function legendOf(spans) {
  const seen = new Map();
  for (const a of spans) if (!seen.has(a.type)) seen.set(a.type, a.color);
  const item = (cls, text, color) => {
    const s = h("span", { class: `ab-key ${cls}`, "aria-hidden": "true" });
    if (color) s.style.setProperty("--c", color);
    return h("span", { class: "ab-legend-item" }, s, text);
  };
  return [...[...seen].map(([type, color]) => item("", type, color)),
    item("wait", "waiting for approval", "var(--muted)"), item("holiday", "holiday"), item("weekend", "weekend")];
}

function grid(data, first, last, kind, today) {
  const days = [];
  for (let t = utc(first); t <= utc(last); t += DAY) days.push(iso(t));
  const byUser = expand(data.absences, first, last);
  const holidays = new Map();
  for (const [code, list] of Object.entries(data.holidays || {})) holidays.set(code, new Map(list.map((x) => [x.date, x])));
  const table = h("table", { class: `ab-grid ${kind}` });
  const head = h("tr", {}, h("th", { class: "ab-person", scope: "col", text: "Person" }));
  const months = h("tr", { class: "ab-months" }, h("th", {}));
  for (const d of days) {
    const wd = new Date(utc(d)).getUTCDay();
    const cls = [wd === 0 || wd === 6 ? "weekend" : "", d === today ? "today" : ""].join(" ").trim() || null;
    if (kind === "year" && d.endsWith("-01")) {
      const n = new Date(utc(d)).getUTCMonth();
      const len = new Date(Date.UTC(Number(d.slice(0, 4)), n + 1, 0)).getUTCDate();
      months.append(h("th", { colspan: len, class: "ab-month", text: MONTHS[n].slice(0, 3) }));
    }
    head.append(h("th", { scope: "col", class: cls, title: d },
      kind === "month" ? [h("span", { class: "ab-wd", text: LETTERS[wd] }), h("span", { text: String(Number(d.slice(8))) })] : null));
  }
  const rows = data.users.map((u) => {
    const mine = byUser.get(u.id) || new Map();
    const cal = holidays.get(u.calendar || "*") || holidays.get("*") || new Map();
    const tr = h("tr", { "data-user": u.username }, h("th", { scope: "row", class: "ab-person", text: u.username }));
    for (const d of days) {
      const wd = new Date(utc(d)).getUTCDay();
      const hol = cal.get(d);
      const list = mine.get(d) || [];
      const cls = ["ab-day", wd === 0 || wd === 6 ? "weekend" : "", hol ? "holiday" : "", d === today ? "today" : "", list.length ? "off" : ""];
      const title = [d, hol ? `${hol.name}${hol.half ? " (½)" : ""}` : "", ...list.map((x) => `${x.type}${x.half ? " ½" : ""}${x.status === "submitted" ? " (waiting)" : ""}`)].filter(Boolean).join(" · ");
      const td = h("td", { class: cls.filter(Boolean).join(" "), title, "data-day": d });
      if (list.length) td.dataset.type = list.map((x) => x.type).join(" ");
      // Whole: the cell; halves: a top and a bottom half, each in its own colour.
      const parts = list.some((x) => !x.half) ? [list.find((x) => !x.half)] : list.slice(0, 2);
      for (const [i, x] of parts.entries()) {
        const fill = h("span", { class: `ab-fill${x.half ? (i ? " half ab-lower" : " half ab-upper") : ""}${x.status === "submitted" ? " wait" : ""}` });
        fill.style.setProperty("--c", x.color);
        td.append(fill);
      }
      tr.append(td);
    }
    return tr;
  });
  table.append(h("thead", {}, kind === "year" ? months : null, head), h("tbody", {}, rows));
  return h("div", { class: "ab-scroll" }, table);
}
