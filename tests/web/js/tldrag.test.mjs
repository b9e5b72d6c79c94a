// Unit tests for the timeline's drags: what a move or a resize makes of an entry's times.
import assert from "node:assert/strict";
import { test } from "node:test";

import { dragged } from "../../../src/punchclock/web/app/js/views/tldrag.js";

const H = 3600000;
const at = (text) => Date.parse(text);
const geo = { hourPx: 44, zone: "Europe/Berlin", now: at("2026-03-31T18:00:00Z") };
const iso = (span) => span && span.map((ms) => (ms === null ? null : new Date(ms).toISOString()));

test("a move keeps the length to the second and snaps the distance to 5 minutes", () => {
  const s = at("2026-03-30T08:00:17Z");
  const f = at("2026-03-30T09:30:17Z");
  // 44 px is an hour; 45 px a little more, which snaps back to the hour.
  assert.deepEqual(iso(dragged("move", s, f, 45, 0, geo)), ["2026-03-30T09:00:17.000Z", "2026-03-30T10:30:17.000Z"]);
  assert.equal(dragged("move", s, f, 1, 0, geo), null);
});

test("a move to another day keeps the wall-clock time across a daylight-saving change", () => {
  // Saturday 28 March 10:00 in Berlin is 09:00Z; after the change on Sunday, Monday 10:00 is 08:00Z.
  const s = at("2026-03-28T09:00:00Z");
  const f = at("2026-03-28T10:00:00Z");
  assert.deepEqual(iso(dragged("move", s, f, 0, 2, geo)), ["2026-03-30T08:00:00.000Z", "2026-03-30T09:00:00.000Z"]);
});

test("a resize moves one edge to a 5-minute mark and never past the other edge or now", () => {
  const s = at("2026-03-31T08:02:00Z");
  const f = at("2026-03-31T09:00:00Z");
  assert.deepEqual(iso(dragged("end", s, f, 22, 0, geo)), ["2026-03-31T08:02:00.000Z", "2026-03-31T09:30:00.000Z"]);
  assert.deepEqual(iso(dragged("start", s, f, -44, 0, geo)), ["2026-03-31T07:00:00.000Z", "2026-03-31T09:00:00.000Z"]);
  assert.deepEqual(iso(dragged("start", s, f, 440, 0, geo)), ["2026-03-31T08:59:00.000Z", "2026-03-31T09:00:00.000Z"]);
  assert.deepEqual(iso(dragged("end", s, f, 44 * 20, 0, geo)), ["2026-03-31T08:02:00.000Z", "2026-03-31T18:00:00.000Z"]);
});

test("nothing moves into the future: a move stops where the entry ends now", () => {
  const s = at("2026-03-31T16:00:00Z");
  const f = at("2026-03-31T17:00:00Z");
  assert.deepEqual(iso(dragged("move", s, f, 44 * 3, 0, geo)), ["2026-03-31T17:00:00.000Z", "2026-03-31T18:00:00.000Z"]);
});

test("a running timer's start moves; it stays running", () => {
  const s = at("2026-03-31T16:00:00Z");
  assert.deepEqual(iso(dragged("start", s, null, -22, 0, geo)), ["2026-03-31T15:30:00.000Z", null]);
});
