// Overlapping entries: one person's entries that share time. They are allowed (a call during a
// task happens), but shown, warned about when saved, and named in totals, which add entries up and
// so count shared time twice. Pure functions: unit-tested with node.

import { spanEnd } from "./time.js";

function spans(entries, now) {
  return entries
    .map((e) => ({ e, s: Date.parse(e.start_time), f: spanEnd(e, now) }))
    .filter((x) => x.f > x.s)
    .sort((a, b) => a.s - b.s);
}

/** The ids of entries that share time with another of the same person. */
export function overlapIds(entries, now = Date.now()) {
  const ids = new Set();
  const byUser = new Map();
  for (const x of spans(entries, now)) {
    const last = byUser.get(x.e.user_id);
    if (last && x.s < last.f) {
      ids.add(last.e.id);
      ids.add(x.e.id);
    }
    if (!last || x.f > last.f) byUser.set(x.e.user_id, x);
  }
  return ids;
}

/** Seconds counted more than once when the entries' spans are added up (within [from, to)). */
export function sharedSeconds(entries, now = Date.now(), from = -Infinity, to = Infinity) {
  let sum = 0;
  let union = 0;
  const reach = new Map(); // per person: the end of the time covered so far
  for (const x of spans(entries, now)) {
    const s = Math.max(x.s, from);
    const f = Math.min(x.f, to);
    if (f <= s) continue;
    sum += f - s;
    const covered = reach.get(x.e.user_id) ?? -Infinity;
    union += Math.max(0, f - Math.max(s, covered));
    reach.set(x.e.user_id, Math.max(covered, f));
  }
  return Math.round((sum - union) / 1000);
}

/** The first entry of `entries` (not `exceptId`) that shares time with [start, end). */
export function firstOverlap(start, end, entries, exceptId = null, now = Date.now()) {
  return spans(entries, now).find((x) => x.e.id !== exceptId && x.s < end && start < x.f)?.e || null;
}
