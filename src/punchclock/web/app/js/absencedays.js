// The Track page's days off: your absences (approved, and requested ones still waiting) and holidays
// in the visible period, as a label on each day of the timeline. Kept light: two reads per period
// shown (GET /absences for your own, GET /time-off/holidays), remembered per period; a failed read
// keeps what was known and asks again with back-off (stale.js). A live absence.* event reads again.

import { get, query } from "./api.js";
import { retrier } from "./stale.js";
import { state, tz } from "./store.js";
import { isoDate } from "./time.js";

const known = new Map(); // "first|last" -> Map(ISO day -> [{text, color, kind, half, waiting}])
const dirty = new Set(); // periods to read again (a live event), still shown meanwhile
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

/** The marks of the days `start` (ms) .. `end` (ms, exclusive), when known; asks for them once and
 * calls `changed` when they arrive. */
export function dayMarks(start, end, changed, again = false) {
  const first = isoDate(start, tz());
  const last = isoDate(end - 1, tz());
  const key = `${first}|${last}`;
  if ((again || !known.has(key) || dirty.has(key)) && asking !== key && state.user) {
    asking = key;
    Promise.all([
      get(`/absences?${query({ user_id: state.user.id, start_date: first, end_date: last })}`),
      get(`/time-off/holidays?${query({ start_date: first, end_date: last })}`),
    ]).then(([a, hol]) => {
      retry.succeeded();
      dirty.delete(key);
      known.set(key, byDay(a.absences, hol.holidays, first, last));
      asking = null;
      changed();
    }).catch((err) => {
      asking = null;
      retry.later(err, () => dayMarks(start, end, changed, true));
    });
  }
  return known.get(key) || null;
}

/** Every period's marks are read again when next shown (a live absence.* event); until then, and
 * if that read fails, the marks known stay. */
export function forgetMarks() {
  for (const key of known.keys()) dirty.add(key);
}
