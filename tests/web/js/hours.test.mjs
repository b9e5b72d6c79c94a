// Unit tests for the hours typed into timesheet cells: node --experimental-detect-module --test tests/web/js
import assert from "node:assert/strict";
import { test } from "node:test";

import { parseHours } from "../../../src/punchclock/web/app/js/hours.js";

test("every way of writing an hour and a half means 90 minutes", () => {
  for (const text of ["1:30", "1.5", "1,5", "90m", "90 min", "1h30m", "1h 30m", "1h30", "1.5h", " 1:30 ", "01:30"]) {
    assert.equal(parseHours(text), 5400, text);
  }
});

test("hours, minutes and fractions", () => {
  assert.equal(parseHours("2h"), 7200);
  assert.equal(parseHours("2"), 7200);
  assert.equal(parseHours(":45"), 2700);
  assert.equal(parseHours("0:05"), 300);
  assert.equal(parseHours(".25"), 900);
  assert.equal(parseHours(",5"), 1800);
  assert.equal(parseHours("1.333"), 80 * 60); // whole minutes
  assert.equal(parseHours("8H"), 8 * 3600);
});

test("nothing and zero clear; what is no duration is null", () => {
  assert.equal(parseHours(""), 0);
  assert.equal(parseHours("  "), 0);
  assert.equal(parseHours("0"), 0);
  assert.equal(parseHours("0:00"), 0);
  for (const text of ["abc", "-1", "1:75", "1:30:00", "1..5", "h", "m", "1h30x", "1.5.2", "2 hours"]) {
    assert.equal(parseHours(text), null, text);
  }
});
