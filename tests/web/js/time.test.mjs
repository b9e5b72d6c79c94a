// Unit tests for the web app's time logic: node --experimental-detect-module --test tests/web/js
import assert from "node:assert/strict";
import { test } from "node:test";

import * as t from "../../../src/punchclock/web/app/js/time.js";

const ms = (iso) => Date.parse(iso);

test("zoned and parts round-trip in a zone with DST", () => {
  const at = t.zoned(2026, 3, 29, 12, 30, "Europe/Berlin"); // summer time began at 02:00 that night
  assert.equal(new Date(at).toISOString(), "2026-03-29T10:30:00.000Z");
  const p = t.parts(at, "Europe/Berlin");
  assert.deepEqual([p.y, p.m, p.d, p.hh, p.mm, p.wd], [2026, 3, 29, 12, 30, 6]);
});

test("a time inside the spring-forward gap lands after it", () => {
  const at = t.zoned(2026, 3, 29, 2, 30, "Europe/Berlin");
  assert.equal(t.formatTime(at, "Europe/Berlin"), "03:30");
});

test("days across a DST change are 23 hours long", () => {
  const day = t.startOfDay(ms("2026-03-29T12:00:00Z"), "Europe/Berlin");
  assert.equal(t.addDays(day, 1, "Europe/Berlin") - day, 23 * 3600 * 1000);
});

test("weeks start on the user's first day", () => {
  const sunday = ms("2026-11-22T15:00:00Z");
  assert.equal(t.isoDate(t.startOfWeek(sunday, "UTC", 0), "UTC"), "2026-11-16");
  assert.equal(t.isoDate(t.startOfWeek(sunday, "UTC", 6), "UTC"), "2026-11-22");
  const [a, b] = t.period("week", sunday, "America/New_York", 0);
  assert.equal(new Date(a).toISOString(), "2026-11-16T05:00:00.000Z");
  assert.equal(b - a, 7 * 86400 * 1000);
});

test("the day boundary follows the zone, not UTC", () => {
  const late = ms("2026-11-22T23:30:00Z");
  assert.equal(t.isoDate(late, "UTC"), "2026-11-22");
  assert.equal(t.isoDate(late, "Asia/Tokyo"), "2026-11-23");
});

test("report presets are inclusive date ranges", () => {
  const now = ms("2026-11-22T10:00:00Z");
  assert.deepEqual(t.preset("today", now, "UTC"), ["2026-11-22", "2026-11-22"]);
  assert.deepEqual(t.preset("this-week", now, "UTC"), ["2026-11-16", "2026-11-22"]);
  assert.deepEqual(t.preset("last-week", now, "UTC"), ["2026-11-09", "2026-11-15"]);
  assert.deepEqual(t.preset("this-month", now, "UTC"), ["2026-11-01", "2026-11-30"]);
  assert.deepEqual(t.preset("last-month", now, "UTC"), ["2026-10-01", "2026-10-31"]);
  assert.deepEqual(t.preset("this-year", now, "UTC"), ["2026-01-01", "2026-12-31"]);
  assert.deepEqual(t.preset("last-month", ms("2026-01-15T10:00:00Z"), "UTC"), ["2025-12-01", "2025-12-31"]);
});

test("durations in three formats", () => {
  assert.equal(t.formatDuration(5700), "1:35");
  assert.equal(t.formatDuration(5700, "decimal"), "1.58");
  assert.equal(t.formatDuration(5700, "text"), "1h 35m");
  assert.equal(t.formatDuration(59, "hms"), "0:00:59");
  assert.equal(t.formatDuration(-5), "0:00");
});

test("datetime-local values are read in the user's zone", () => {
  const at = t.fromLocalInput("2026-11-22T09:15", "Europe/Berlin");
  assert.equal(new Date(at).toISOString(), "2026-11-22T08:15:00.000Z");
  assert.equal(t.localInput(at, "Europe/Berlin"), "2026-11-22T09:15");
  assert.equal(t.fromLocalInput("nonsense", "UTC"), null);
});

test("12 and 24 hour clocks, and date styles", () => {
  const at = ms("2026-11-22T13:05:00Z");
  assert.equal(t.formatTime(at, "UTC", "12"), "1:05 pm");
  assert.equal(t.formatTime(at, "UTC", "24"), "13:05");
  assert.equal(t.formatDate(at, "UTC", "dmy"), "22/11/2026");
  assert.equal(t.formatDate(at, "UTC", "text"), "Sun 22 Nov 2026");
});

test("worked time leaves out breaks and a running timer's pause", () => {
  const e = { start_time: "2026-11-22T08:00:00Z", end_time: "2026-11-22T10:00:00Z", break_seconds: 1800 };
  assert.equal(t.workedSeconds(e), 5400);
  // A part of the span takes its share of the break (22:00-02:00 cut at midnight, an hour's break).
  const night = { start_time: "2026-11-22T22:00:00Z", end_time: "2026-11-23T02:00:00Z", break_seconds: 3600 };
  assert.equal(t.workedSeconds(night, 0, -Infinity, ms("2026-11-23T00:00:00Z")), 5400);
  const paused = { start_time: "2026-11-22T08:00:00Z", end_time: null, paused_at: "2026-11-22T09:00:00Z", break_seconds: 600 };
  assert.equal(t.spanEnd(paused, ms("2026-11-22T12:00:00Z")), ms("2026-11-22T09:00:00Z"));
  assert.equal(t.workedSeconds(paused, ms("2026-11-22T12:00:00Z")), 3000);
  const running = { start_time: "2026-11-22T08:00:00Z", end_time: null, paused_at: null, break_seconds: 0 };
  assert.equal(t.workedSeconds(running, ms("2026-11-22T08:30:00Z")), 1800);
});
