// The Track page's days off: your absences (approved, and requested ones still waiting) and holidays
// in the visible period, as a label on each day of the timeline. Kept light: two reads per calendar
// year (GET /absences for your own, GET /time-off/holidays), remembered, so paging through weeks
// stays one request a move (the entries'); a failed read keeps what was known and asks again with
// back-off (stale.js). A live absence.* event reads again.

import { get, query } from "./api.js";
import { retrier } from "./stale.js";
import { state, tz } from "./store.js";
import { isoDate } from "./time.js";

const known = new Map(); // "YYYY" -> Map(ISO day -> [{text, color, kind, half, waiting}])
const dirty = new Set(); // years to read again (a live event), still shown meanwhile
const retry = retrier();
let asking = null;

const DAY = 86400000;
const utc = (d) => Date.parse(`${d}T00:00:00Z`);

function byDay(absences, holidays, first, last) {
  const out = new Map();
  const add = (day, mark) => out.set(day, [...(out.get(day) || []), mark]);
  for (const x of holidays) if (x.enabled !== false && x.start_date >= first && x.start_date <= last) add(x.start_date, { text: x.name, kind: "holiday" });
  for (const a of absences) {
    if (!["approved", "submitted"].includes(a.status)) continue;
    for (let t = Math.max(utc(a.start_date), utc(first)); t <= Math.min(utc(a.end_date), utc(last)); t += DAY) {
      const day = new Date(t).toISOString().slice(0, 10);
      const half = (day === a.start_date && a.start_half) || (day === a.end_date && a.end_half);
      add(day, { text: `${half ? "½ " : ""}${a.type_name}`, color: a.color, kind: "absence", waiting: a.status === "submitted" });
    }
  }
  return out;
}

/** The marks of the days `start` (ms) .. `end` (ms, exclusive), when their years are known; asks
 * for a year once and calls `changed` when it arrives. */
export function dayMarks(start, end, changed, again = false) {
  const first = isoDate(start, tz());
  const last = isoDate(end - 1, tz());
  const years = [...new Set([first.slice(0, 4), last.slice(0, 4)])];
  const missing = years.find((y) => again || !known.has(y) || dirty.has(y));
  if (missing && asking !== missing && state.user) {
    asking = missing;
    const span = { start_date: `${missing}-01-01`, end_date: `${missing}-12-31` };
    Promise.all([
      get(`/absences?${query({ user_id: state.user.id, ...span })}`),
      get(`/time-off/holidays?${query(span)}`),
    ]).then(([a, hol]) => {
      retry.succeeded();
      dirty.delete(missing);
      known.set(missing, byDay(a.absences, hol.holidays, span.start_date, span.end_date));
      asking = null;
      changed();
    }).catch((err) => {
      asking = null;
      retry.later(err, () => dayMarks(start, end, changed, true));
    });
  }
  if (!years.every((y) => known.has(y))) return null;
  const out = new Map();
  for (const y of years) for (const [day, marks] of known.get(y)) if (day >= first && day <= last) out.set(day, marks);
  return out;
}

/** Every period's marks are read again when next shown (a live absence.* event); until then, and
 * if that read fails, the marks known stay. */
export function forgetMarks() {
  for (const key of known.keys()) dirty.add(key);
}
