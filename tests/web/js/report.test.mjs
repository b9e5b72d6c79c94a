// Unit tests for the Reports page's data: filters to query parameters, stacked series.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  DEFAULT_FILTERS, chartUnit, emptyBuckets, normalFilters, rangeOf, reportParams, savedForm, stackSeries,
} from "../../../src/punchclock/web/app/js/report.js";

test("filters become the report's query, leaving out what is not filtered", () => {
  const f = normalFilters({ group_by: "client", sub_group_by: "task", project_ids: [3, 1], tags: ["dev", "ops"], billable: false });
  assert.deepEqual(
    Object.fromEntries(Object.entries(reportParams(f, ["2026-11-01", "2026-11-30"])).filter(([, v]) => v !== undefined)),
    { start_date: "2026-11-01", end_date: "2026-11-30", group_by: "client", sub_group_by: "task", project_ids: "3,1", tags: "dev,ops", billable: "false" },
  );
  const rounded = reportParams(normalFilters({ rounding: "up", rounding_minutes: 6 }), ["2026-11-01", "2026-11-01"]);
  assert.equal(rounded.rounding, "up");
  assert.equal(rounded.rounding_minutes, 6);
  assert.equal(reportParams(normalFilters({ billable: true }), ["a", "b"]).billable, "true");
});

test("stored filters are made whole and sane", () => {
  assert.deepEqual(normalFilters(null), { ...DEFAULT_FILTERS });
  const f = normalFilters({ period: "someday", project_ids: [], tags: "x" });
  assert.equal(f.period, "this-week");
  assert.equal(f.project_ids, null);
  assert.deepEqual(f.tags, []);
});

test("a relative range is resolved; a saved one keeps no dates unless custom", () => {
  const now = Date.parse("2026-11-18T12:00:00Z");
  assert.deepEqual(rangeOf(normalFilters({ period: "last-month" }), now, "UTC", 0), ["2026-10-01", "2026-10-31"]);
  const custom = normalFilters({ period: "custom", start_date: "2026-01-05", end_date: "2026-01-09" });
  assert.deepEqual(rangeOf(custom, now, "UTC", 0), ["2026-01-05", "2026-01-09"]);
  assert.equal(savedForm({ period: "this-month", start_date: "2026-11-01", end_date: "2026-11-30" }).start_date, null);
  assert.equal(savedForm(custom).start_date, "2026-01-05");
});

test("bars cover every bucket of the range, stacked by sub-group", () => {
  const start = Date.parse("2026-11-16T00:00:00Z");
  const buckets = emptyBuckets("day", start, start + 3 * 86400000, "UTC", 0);
  assert.deepEqual(buckets.map((b) => b.key), ["2026-11-16", "2026-11-17", "2026-11-18"]);
  const groups = [{ key: "2026-11-17", label: "Tue", seconds: 5400, groups: [
    { key: "1", label: "Web", seconds: 3600 }, { key: "none", label: "No project", seconds: 1800 },
  ] }];
  const bars = stackSeries(groups, buckets);
  assert.deepEqual(bars.map((b) => b.seconds), [0, 5400, 0]);
  assert.deepEqual(bars[1].stack.map((s) => [s.key, s.seconds]), [["1", 3600], ["none", 1800]]);
  assert.equal(bars[1].label, "17 Nov");
  assert.equal(chartUnit(31), "day");
  assert.equal(chartUnit(90), "week");
  assert.equal(chartUnit(365), "month");
});
