// The user's locked time (sign-off) as every page draws it: from the startup answer, refreshed
// when a period of theirs changes (a live period.* event, an action on the Sign-off page) and
// when the server refuses a save as locked (the app's copy was out of date).

import { get, onRefused } from "./api.js";
import { h, icon } from "./dom.js";
import { lockOf, lockSentence, lockedRanges, prepare, wholeLocked } from "./lockspan.js";
import { emit, state } from "./store.js";

let cache = { source: undefined, locks: null };

/** The prepared locks of state.signoff (kept in IndexedDB with the rest of the startup data). */
export function currentLocks() {
  if (cache.source !== state.signoff) cache = { source: state.signoff, locks: prepare(state.signoff) };
  return cache.locks;
}

/** Why [s, f) of the user's own time may not change, or null. */
export function lockAt(s, f) {
  return lockOf(currentLocks(), s, f);
}

/** Why this entry may not change, or null (another person's entry: their locks are not known here,
 * so the server alone decides). */
export function entryLock(e) {
  if (state.user && e.user_id != null && e.user_id !== state.user.id) return null;
  return lockAt(Date.parse(e.start_time), e.end_time ? Date.parse(e.end_time) : null);
}

export { lockSentence };

/** The locked parts of [from, to), merged: [[start, end], ...]. */
export const lockedIn = (from, to) => lockedRanges(currentLocks(), from, to);

/** Whether all of [from, to) is locked (a day in the timesheet grid or the timeline's head). */
export const allLocked = (from, to) => wholeLocked(currentLocks(), from, to);

/** The line above a locked week (the timeline, the timesheet grid) saying why it is locked, or null
 * when none of [from, to) is. */
export function lockNote(from, to) {
  const ranges = lockedIn(from, to);
  if (!ranges.length) return null;
  const lock = lockAt(ranges[0][0], ranges[0][1]);
  return h("p", { class: "lock-note", role: "note" }, icon("lock"), h("span", { text: lockSentence(lock) }));
}

/** What changes when the locks change: for a page deciding whether to draw again. */
export function locksKey() {
  const locks = currentLocks();
  return `${locks.lockedBefore}/${locks.spans.map((s) => `${s.period.id}:${s.start}-${s.end}`).join(",")}`;
}

let pending = null; // the refresh under way
let sent = false; // its request has left (a call before then is served by it)
let again = false; // asked for again once it had left: its answer may predate the change

/** Ask the server for the locked time again; calls in a burst share one request. */
export function refreshLocks() {
  if (pending) {
    again = again || sent;
    return pending;
  }
  pending = new Promise((resolve) => setTimeout(resolve, 100))
    .then(() => {
      sent = true;
      return get("/startup");
    })
    .then((data) => {
      state.signoff = data.signoff || null;
      emit("locks");
    })
    .catch(() => {}) // offline or refused: the copy stays; the next event or start asks again
    .finally(() => {
      pending = null;
      sent = false;
      if (again) {
        again = false;
        refreshLocks();
      }
    });
  return pending;
}

onRefused((err) => {
  if (err.code === "period_locked") refreshLocks();
});
