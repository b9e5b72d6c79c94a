// Unit tests for the timesheet grid's rows: node --experimental-detect-module --test tests/web/js
import assert from "node:assert/strict";
import { test } from "node:test";

import { arrange, rowKey, totals, withCell } from "../../../src/punchclock/web/app/js/sheet.js";

const row = (p, t, days) => ({ project_id: p, task_id: t, project: `P${p}`, task: t ? `T${t}` : "", days, seconds: days.reduce((a, b) => a + b, 0) });
const names = (p, t) => ({ project: p ? `P${p}` : "No project", task: t ? `T${t}` : "" });
const week = (n) => [n, 0, 0, 0, 0, 0, 0];

test("rows keep their place: new ones come after, added ones last, emptied ones stay", () => {
  let { rows, order } = arrange([], [row(2, null, week(60)), row(1, 5, week(30))], [], names);
  assert.deepEqual(order, ["2/", "1/5"]);
  ({ rows, order } = arrange(order, [row(1, 5, week(30)), row(0, null, week(10))], [{ project_id: 3, task_id: null }], names));
  assert.deepEqual(order, ["2/", "1/5", "0/", "3/"]);
  assert.deepEqual(rows.map((r) => r.seconds), [0, 30, 10, 0]); // "2/" lost its time and stays
  assert.equal(rows[3].project, "P3");
});

test("no project is a row of its own", () => {
  const { rows } = arrange([], [], [{ project_id: null, task_id: null }], names);
  assert.equal(rows[0].key, rowKey(null, null));
  assert.equal(rows[0].project, "No project");
});

test("totals add the rows by day and over the week", () => {
  const t = totals([{ days: [60, 0, 0, 0, 0, 0, 30] }, { days: [0, 0, 0, 0, 0, 0, 30] }]);
  assert.deepEqual(t, { days: [60, 0, 0, 0, 0, 0, 60], seconds: 120 });
});

test("setting a cell changes its row, or adds the row the report lacked", () => {
  const rows = [row(1, null, week(60))];
  assert.equal(withCell(rows, { project_id: 1, task_id: null }, 0, 90)[0].seconds, 90);
  const more = withCell(rows, { project_id: 2, task_id: 4, project: "P2", task: "T4" }, 3, 30);
  assert.equal(more.length, 2);
  assert.deepEqual(more[1].days, [0, 0, 0, 30, 0, 0, 0]);
});
