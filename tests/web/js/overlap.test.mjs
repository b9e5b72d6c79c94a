// Unit tests for overlapping entries: node --experimental-detect-module --test tests/web/js
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  firstOverlap, flaggedIds, overlapIds, refusalWords, sharedSeconds, withOverlapNote,
} from "../../../src/punchclock/web/app/js/overlap.js";

const e = (id, s, f, user_id = 1, extra = {}) => ({
  id, user_id, start_time: `2026-11-20T${s}:00Z`, end_time: f && `2026-11-20T${f}:00Z`, ...extra,
});

test("entries sharing time are found, touching ones are not", () => {
  const list = [e(1, "09:00", "10:00"), e(2, "10:00", "11:00"), e(3, "10:30", "10:45"), e(4, "12:00", "13:00")];
  assert.deepEqual([...overlapIds(list)].sort(), [2, 3]);
});

test("one long entry over several is an overlap with each", () => {
  const list = [e(1, "08:00", "18:00"), e(2, "09:00", "10:00"), e(3, "11:00", "12:00")];
  assert.deepEqual([...overlapIds(list)].sort(), [1, 2, 3]);
  assert.equal(sharedSeconds(list), 2 * 3600);
});

test("different people's entries never overlap each other", () => {
  const list = [e(1, "09:00", "10:00", 1), e(2, "09:00", "10:00", 2)];
  assert.equal(overlapIds(list).size, 0);
  assert.equal(sharedSeconds(list), 0);
});

test("shared time is counted within a day's bounds", () => {
  const list = [e(1, "09:00", "11:00"), e(2, "10:00", "12:00")];
  assert.equal(sharedSeconds(list), 3600);
  assert.equal(sharedSeconds(list, Date.now(), Date.parse("2026-11-20T10:30:00Z")), 1800);
});

test("a running entry reaches to now", () => {
  const now = Date.parse("2026-11-20T12:00:00Z");
  const list = [e(1, "09:00", null), e(2, "11:00", "11:30")];
  assert.deepEqual([...overlapIds(list, now)].sort(), [1, 2]);
});

test("the first overlap of a new span, leaving out the entry being edited", () => {
  const list = [e(1, "09:00", "10:00", 1, { notes: "call" }), e(2, "10:00", "11:00")];
  const s = Date.parse("2026-11-20T09:30:00Z");
  const f = Date.parse("2026-11-20T10:15:00Z");
  assert.equal(firstOverlap(s, f, list).id, 1);
  assert.equal(firstOverlap(s, f, list, 1).id, 2);
  assert.equal(firstOverlap(Date.parse("2026-11-20T11:00:00Z"), Date.parse("2026-11-20T12:00:00Z"), list), null);
});

test("a refusal under the forbid rule names the entry in the way, in the person's zone", () => {
  const conflict = { id: 7, start_time: "2026-11-20T08:00:00Z", end_time: "2026-11-20T09:30:00Z", notes: "Standup" };
  const now = Date.parse("2026-11-20T15:00:00Z");
  assert.equal(refusalWords(conflict, { zone: "Europe/Berlin", clock: "24", now }),
    "Not saved: it would overlap \"Standup\" (today 09:00–10:30), and overlapping entries are not allowed in this workspace.");
  assert.match(refusalWords({ ...conflict, notes: "", end_time: null }, { zone: "UTC", now }), /overlap another entry \(today 08:00–now\)/);
  assert.match(refusalWords(null, { zone: "UTC", now }), /^Not saved: it would overlap another entry/);
});

test("an entry the warn rule flagged says what it overlaps, once", () => {
  const entries = [e(7, "09:00", "10:00", 1, { notes: "Standup" })];
  const flagged = { time_entry: { id: 8, overlaps: [7] } };
  assert.deepEqual(flaggedIds(flagged), [7]);
  assert.deepEqual(flaggedIds({ timer: { id: 9, overlaps: [7] } }), [7]);
  assert.deepEqual(flaggedIds(null), []);
  assert.equal(withOverlapNote("Entry saved.", flagged, entries), "Entry saved. It overlaps \"Standup\".");
  assert.equal(withOverlapNote("Entry saved.", { time_entry: { id: 8, overlaps: [99] } }, entries), "Entry saved. It overlaps another entry.");
  assert.equal(withOverlapNote("Entry moved. It overlaps \"Standup\".", flagged, entries), "Entry moved. It overlaps \"Standup\".");
  assert.equal(withOverlapNote("Entry saved.", { time_entry: { id: 8 } }, entries), "Entry saved.");
});
