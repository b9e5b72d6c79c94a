// Unit tests for locked time (sign-off): which spans are locked, the locked parts of a day, and
// the words that say why.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  dayLabel, lockOf, lockSentence, lockedRanges, periodName, prepare, spanLabel, wholeLocked,
} from "../../../src/punchclock/web/app/js/lockspan.js";

const H = 3600000;
const at = (iso) => Date.parse(iso);
const period = (id, status, first, last, start, end) => ({
  id, period_type: "weekly", period_start: first, period_end: last, status,
  is_locked: status === "approved" || status === "closed", rejection_reason: null, start, end,
});
// Weeks in Berlin (UTC+1 in November): the server sends their instants.
const SIGNOFF = {
  lock_date: "2026-10-05",
  period_type: "weekly",
  locked_before: "2026-10-04T22:00:00Z",
  periods: [
    period(3, "draft", "2026-11-16", "2026-11-22", "2026-11-15T23:00:00Z", "2026-11-22T23:00:00Z"),
    period(2, "approved", "2026-11-09", "2026-11-15", "2026-11-08T23:00:00Z", "2026-11-15T23:00:00Z"),
    period(1, "submitted", "2026-11-02", "2026-11-08", "2026-11-01T23:00:00Z", "2026-11-08T23:00:00Z"),
    period(0, "closed", "2026-10-26", "2026-11-01", "2026-10-25T23:00:00Z", "2026-11-01T23:00:00Z"),
  ],
};

test("only approved and closed periods lock, and the lock date", () => {
  const locks = prepare(SIGNOFF);
  assert.deepEqual(locks.spans.map((s) => s.period.id), [0, 2]);
  assert.equal(locks.lockedBefore, at("2026-10-04T22:00:00Z"));
  assert.equal(lockOf(locks, at("2026-11-10T09:00:00Z"), at("2026-11-10T10:00:00Z")).period.id, 2);
  assert.equal(lockOf(locks, at("2026-11-03T09:00:00Z"), at("2026-11-03T10:00:00Z")), null, "submitted is open");
  assert.equal(lockOf(locks, at("2026-10-28T09:00:00Z"), at("2026-10-28T10:00:00Z")).period.status, "closed");
  assert.deepEqual(lockOf(locks, at("2026-10-01T09:00:00Z"), at("2026-10-01T10:00:00Z")), { lockDate: "2026-10-05" });
});

test("an entry crossing into a locked period is locked whole; one ending at its start is not", () => {
  const locks = prepare(SIGNOFF);
  const start = at("2026-11-08T23:00:00Z");
  assert.equal(lockOf(locks, start - H, start + H).period.id, 2);
  assert.equal(lockOf(locks, start - H, start), null);
  assert.equal(lockOf(locks, at("2026-11-15T23:00:00Z"), at("2026-11-16T01:00:00Z")), null, "the period's end is open");
});

test("a running entry reaches now; the lock date counts by the start only", () => {
  const locks = prepare(SIGNOFF);
  const now = at("2026-11-10T12:00:00Z");
  assert.equal(lockOf(locks, at("2026-11-08T22:00:00Z"), null, now).period.id, 2);
  assert.equal(lockOf(locks, at("2026-11-08T22:00:00Z"), null, at("2026-11-08T22:30:00Z")), null);
  assert.equal(lockOf(locks, at("2026-10-04T21:00:00Z"), at("2026-10-06T10:00:00Z")).lockDate, "2026-10-05");
  assert.equal(lockOf(locks, at("2026-10-04T22:00:00Z"), at("2026-10-06T10:00:00Z")), null);
});

test("nothing known locks nothing", () => {
  assert.equal(lockOf(prepare(null), 0, 1), null);
  assert.equal(lockOf(prepare({ periods: [], lock_date: null, locked_before: null }), 0, 1), null);
  assert.deepEqual(lockedRanges(prepare(null), 0, 10), []);
});

test("the locked parts of a span are merged and cut to it", () => {
  const locks = prepare(SIGNOFF);
  const from = at("2026-10-20T00:00:00Z");
  const to = at("2026-11-20T00:00:00Z");
  assert.deepEqual(lockedRanges(locks, from, to), [
    [at("2026-10-25T23:00:00Z"), at("2026-11-01T23:00:00Z")],
    [at("2026-11-08T23:00:00Z"), at("2026-11-15T23:00:00Z")],
  ]);
  const twoWeeks = prepare({ ...SIGNOFF, periods: SIGNOFF.periods.map((p) => ({ ...p, is_locked: true })) });
  assert.deepEqual(lockedRanges(twoWeeks, from, to), [[at("2026-10-25T23:00:00Z"), to]], "adjacent periods are one band");
  assert.deepEqual(lockedRanges(locks, at("2026-10-01T00:00:00Z"), at("2026-10-06T00:00:00Z")),
    [[at("2026-10-01T00:00:00Z"), at("2026-10-04T22:00:00Z")]]);
});

test("a day is wholly locked only when every moment of it is", () => {
  const locks = prepare(SIGNOFF);
  assert.equal(wholeLocked(locks, at("2026-11-09T23:00:00Z"), at("2026-11-10T23:00:00Z")), true);
  assert.equal(wholeLocked(locks, at("2026-11-15T23:00:00Z"), at("2026-11-16T23:00:00Z")), false);
  assert.equal(wholeLocked(locks, at("2026-11-15T12:00:00Z"), at("2026-11-16T12:00:00Z")), false, "half of it");
  assert.equal(wholeLocked(locks, at("2026-10-03T22:00:00Z"), at("2026-10-04T22:00:00Z")), true, "the day before the lock date");
});

test("periods and dates in words", () => {
  assert.equal(spanLabel("2026-11-09", "2026-11-15"), "9 – 15 Nov 2026");
  assert.equal(spanLabel("2026-10-26", "2026-11-01"), "26 Oct – 1 Nov 2026");
  assert.equal(spanLabel("2026-12-28", "2027-01-03"), "28 Dec 2026 – 3 Jan 2027");
  assert.equal(spanLabel("2026-02-01", "2026-02-28"), "February 2026");
  assert.equal(spanLabel("2024-02-01", "2024-02-28"), "1 – 28 Feb 2024", "not the whole of a leap February");
  assert.equal(dayLabel("2026-10-05"), "5 Oct 2026");
  assert.equal(periodName({ period_type: "weekly", period_start: "2026-11-09", period_end: "2026-11-15" }), "the week 9 – 15 Nov 2026");
  assert.equal(periodName({ period_type: "monthly", period_start: "2026-11-01", period_end: "2026-11-30" }), "November 2026");
});

test("the sentence says what locks it and what would open it", () => {
  const locks = prepare(SIGNOFF);
  const approved = lockOf(locks, at("2026-11-10T09:00:00Z"), at("2026-11-10T10:00:00Z"));
  assert.equal(lockSentence(approved), "Locked: the week 9 – 15 Nov 2026 was approved, so nothing in it can change unless an admin reopens it.");
  const closed = lockOf(locks, at("2026-10-28T09:00:00Z"), at("2026-10-28T10:00:00Z"));
  assert.match(lockSentence(closed), /26 Oct – 1 Nov 2026 was closed/);
  assert.equal(lockSentence({ lockDate: "2026-10-05" }), "Locked: nothing before 5 Oct 2026 can change (the workspace's lock date, set by an admin).");
  assert.equal(lockSentence(null), "");
});
