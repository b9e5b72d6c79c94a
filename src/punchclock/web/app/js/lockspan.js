// Locked time (sign-off): which spans of the user's own entries may not change, and how to say
// why. Pure: unit-tested with node (tests/web/js/lockspan.test.mjs); js/locks.js holds the state.
//
// Notes: the rule is the server's (punchclock.approval.lock), read from the startup answer's
// `signoff` part: a span is locked when it starts before the lock date (`locked_before`, midnight
// of that date in the user's zone) or shares time with one of the user's approved or closed
// periods. An entry crossing a period's edge counts in that period, so it is locked whole. The
// server still decides every write; this only keeps the app from offering what it would refuse.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];

/** The startup's `signoff` part made ready to ask: the lock date's instant (ms, 0: none) and the
 * locking periods' spans, earliest first. */
export function prepare(signoff) {
  const s = signoff || {};
  const periods = s.periods || [];
  const spans = periods.filter((p) => p.is_locked)
    .map((p) => ({ start: Date.parse(p.start), end: Date.parse(p.end), period: p }))
    .sort((a, b) => a.start - b.start);
  return {
    lockDate: s.lock_date || null,
    periodType: s.period_type || "weekly",
    lockedBefore: s.locked_before ? Date.parse(s.locked_before) : 0,
    spans,
    periods,
  };
}

/** Why [s, f) may not change (f null: still running, so up to now): { lockDate } or { period },
 * or null when it is open. */
export function lockOf(locks, s, f, now = Date.now()) {
  if (!locks) return null;
  if (s < locks.lockedBefore) return { lockDate: locks.lockDate };
  const hi = f ?? Math.max(now, s + 1);
  for (const span of locks.spans) {
    if (span.start < hi && s < span.end) return { period: span.period };
  }
  return null;
}

/** The parts of [from, to) that are locked, merged, earliest first: [[start, end], ...]. */
export function lockedRanges(locks, from, to) {
  if (!locks) return [];
  const parts = [];
  if (locks.lockedBefore > from) parts.push([from, Math.min(to, locks.lockedBefore)]);
  for (const span of locks.spans) {
    if (span.start < to && span.end > from) parts.push([Math.max(span.start, from), Math.min(span.end, to)]);
  }
  parts.sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const [a, b] of parts) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Whether all of [from, to) is locked (a day of the timesheet grid, of the timeline's head). */
export function wholeLocked(locks, from, to) {
  return lockedRanges(locks, from, to).some(([a, b]) => a <= from && b >= to);
}

const ymd = (iso) => iso.split("-").map(Number);

/** "12 Oct 2026" for an ISO date. */
export function dayLabel(iso) {
  const [y, m, d] = ymd(iso);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** A period's dates as people say them: "2 – 8 Nov 2026", "28 Oct – 3 Nov 2026", "November 2026". */
export function spanLabel(first, last) {
  const [y1, m1, d1] = ymd(first);
  const [y2, m2, d2] = ymd(last);
  const monthEnd = new Date(Date.UTC(y1, m1, 0)).getUTCDate();
  if (y1 === y2 && m1 === m2 && d1 === 1 && d2 === monthEnd) return `${LONG_MONTHS[m1 - 1]} ${y1}`;
  if (y1 !== y2) return `${dayLabel(first)} – ${dayLabel(last)}`;
  if (m1 !== m2) return `${d1} ${MONTHS[m1 - 1]} – ${d2} ${MONTHS[m2 - 1]} ${y2}`;
  return `${d1} – ${d2} ${MONTHS[m2 - 1]} ${y2}`;
}

/** "the week 2 – 8 Nov 2026" or "November 2026". */
export function periodName(p) {
  const label = spanLabel(p.period_start, p.period_end);
  return p.period_type === "monthly" ? label : `the week ${label}`;
}

/** One sentence saying why time is locked, and what would open it. */
export function lockSentence(lock) {
  if (!lock) return "";
  if (lock.period) {
    const name = periodName(lock.period);
    const how = lock.period.status === "closed" ? "was closed" : "was approved";
    return `Locked: ${name} ${how}, so nothing in it can change unless an admin reopens it.`;
  }
  const day = lock.lockDate ? dayLabel(lock.lockDate) : "the lock date";
  return `Locked: nothing before ${day} can change (the workspace's lock date, set by an admin).`;
}
