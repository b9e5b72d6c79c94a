// Overlapping entries: one person's entries that share time. They are allowed by default (a call
// during a task happens), but shown, warned about when saved, and named in totals, which add entries
// up and so count shared time twice. A workspace's overlap rule (README: overlaps) may also have the
// server flag them ("warn") or refuse them ("forbid"): the words for both are here too. Pure
// functions: unit-tested with node.

import { formatTime, midSentence, relativeDay, spanEnd } from "./time.js";

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

/** How an entry is named in a sentence: its description, else its project, else "an entry". */
export const entryName = (e) => (e && (e.notes || e.project) ? `"${e.notes || e.project}"` : "another entry");

/** "today 09:00–10:00" for an entry's span, as a sentence says it. */
export function spanWords(e, { zone, clock = "24", now = Date.now() }) {
  const s = Date.parse(e.start_time);
  const day = midSentence(relativeDay(s, now, zone));
  const end = e.end_time ? formatTime(Date.parse(e.end_time), zone, clock) : "now";
  return `${day} ${formatTime(s, zone, clock)}–${end}`;
}

/** What a save refused by the "forbid" rule says: the server's 409 overlap names the entry in the
 * way (`conflict`: id, start_time, end_time, notes), told here in the person's zone and clock. */
export function refusalWords(conflict, opts) {
  if (!conflict) return "Not saved: it would overlap another entry, and overlapping entries are not allowed in this workspace.";
  return `Not saved: it would overlap ${entryName(conflict)} (${spanWords(conflict, opts)}), and overlapping entries are not allowed in this workspace.`;
}

/** The ids the server flagged in a write's answer under the "warn" rule (else []). */
export function flaggedIds(answer) {
  const saved = answer && (answer.time_entry || answer.timer);
  return (saved && saved.overlaps) || [];
}

/** `message`, followed by what the saved entry overlaps when the server flagged it and the message
 * does not say so already (the web app warns of overlaps it sees itself, too). */
export function withOverlapNote(message, answer, entries) {
  const ids = flaggedIds(answer);
  if (!ids.length || /\boverlaps\b/.test(message)) return message;
  const other = entries.find((e) => e.id === ids[0]);
  return `${message} It overlaps ${entryName(other)}.`;
}
