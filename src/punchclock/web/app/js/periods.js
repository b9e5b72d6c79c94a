// Periods (a day or a week of entries) fetched lately, so that paging back and forth shows them at
// once and costs one request a move. Plain data: store.js decides when to show and refresh them.

import { get, getAll, query } from "./api.js";
import { addDays } from "./time.js";

const periods = new Map();
const KEEP = 12;

/** Does the entry share time with [start, end)? A running one, paused or not, reaches now. */
export function overlaps(e, start, end) {
  const s = Date.parse(e.start_time);
  const f = e.end_time ? Date.parse(e.end_time) : Date.now();
  return s < end && f > start;
}

/** The query of a period's entries: from a day before its start, since an entry begun then may
 * reach into it. */
function periodQuery(start, end, zone, userId) {
  return query({
    start_date: new Date(addDays(start, -1, zone)).toISOString(),
    end_date: new Date(end).toISOString(),
    include_active: true,
    user_id: userId,
  });
}

/** Keep what the server answered for [start, end). `justNow`: it was fetched for the screen about
 * to show it (the startup request), which may then show it once without asking again. */
export function remember(start, end, all, justNow = false) {
  const entries = all.filter((e) => overlaps(e, start, end));
  periods.set(start, { entries, at: Date.now(), justNow });
  if (periods.size > KEEP) periods.delete(periods.keys().next().value);
  return entries;
}

/** One request for the whole period (GET /startup/period answers up to 2,000 entries at once);
 * a period holding more is paged through GET /time-entries. */
export async function fetchPeriod(start, end, zone, userId) {
  const q = periodQuery(start, end, zone, userId);
  const data = await get(`/startup/period?${q}`);
  const all = data.complete ? data.entries : await getAll(`/time-entries?${q}`, "time_entries", 200, 20);
  return remember(start, end, all);
}

export const seenPeriod = (start) => periods.get(start) || null;
export const hasPeriod = (start) => periods.has(start);

/** Forget the periods seen: a change was announced, and any of them may hold it. */
export function forgetPeriods() {
  periods.clear();
}
