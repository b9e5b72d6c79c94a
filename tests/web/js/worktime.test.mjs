// Unit tests for working time's helpers: node --experimental-detect-module --test tests/web/js
import assert from "node:assert/strict";
import { test } from "node:test";

import { dayName, hoursInput, hoursText, monthBounds, shiftMonth, signed, signedHours, tone, weekday } from "../../../src/punchclock/web/app/js/worktime.js";

test("balances carry their sign and a real minus", () => {
  assert.equal(signed(5400), "+1:30");
  assert.equal(signed(-2700), "\u22120:45");
  assert.equal(signed(30), "0:00");
  assert.equal(signed(-30), "0:00");
  assert.equal(tone(-120), "minus");
  assert.equal(tone(0), "zero");
  assert.equal(tone(3600), "plus");
});

test("months: bounds, leap years, steps across years", () => {
  assert.deepEqual(monthBounds("2028-02"), ["2028-02-01", "2028-02-29"]);
  assert.deepEqual(monthBounds("2026-11"), ["2026-11-01", "2026-11-30"]);
  assert.equal(shiftMonth("2026-12", 1), "2027-01");
  assert.equal(shiftMonth("2026-01", -1), "2025-12");
  assert.equal(weekday("2026-12-07"), 0);
  assert.equal(dayName("2026-12-06"), "Sun 6");
});

test("weekday hours as typed", () => {
  assert.equal(hoursInput("8"), 28800);
  assert.equal(hoursInput("7,5"), 27000);
  assert.equal(hoursInput("7:45"), 27900);
  assert.equal(hoursInput(""), 0);
  assert.equal(hoursInput("25"), null);
  assert.equal(hoursInput("abc"), null);
  assert.equal(hoursText(27000), "7.5");
  assert.equal(signedHours("-1:30"), -5400);
  assert.equal(signedHours("+2"), 7200);
  assert.equal(signedHours("\u22120.5"), -1800);
  assert.equal(signedHours("x"), null);
  assert.equal(signedHours("120"), 432000);
});
