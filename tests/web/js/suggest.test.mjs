// Unit tests for description suggestions: node --experimental-detect-module --test tests/web/js
import assert from "node:assert/strict";
import { test } from "node:test";

import { debounce, described, earlier, merged } from "../../../src/punchclock/web/app/js/suggest.js";

const e = (id, notes, day, extra = {}) => ({ id, notes, start_time: `2026-11-${day}T09:00:00Z`, tag_list: [], project_id: null, task_id: null, ...extra });

test("a description shows its tags once", () => {
  assert.equal(described(e(1, "Review", 10, { tag_list: ["client-a", "dev"] })), "Review #client-a #dev");
  assert.equal(described(e(1, "Review #dev", 10, { tag_list: ["dev"] })), "Review #dev");
  // A tag the notes write before punctuation is written already (the one tag rule's reading).
  assert.equal(described(e(1, "fix #bug.", 10, { tag_list: ["bug"] })), "fix #bug.");
  assert.equal(described(e(1, "(#bug)", 10, { tag_list: ["bug", "Client-A"] })), "(#bug) #Client-A");
});

test("matches anywhere in the text, newest first, one per description, project and task", () => {
  const list = [
    e(1, "Weekly review", 10, { project_id: 3 }),
    e(2, "Code review", 12, { project_id: 3 }),
    e(3, "Code review", 11, { project_id: 3 }),
    e(4, "Code review", "09", { project_id: 4 }),
    e(5, "Lunch", 13),
  ];
  assert.deepEqual(earlier(list, "review").map((x) => x.id), [2, 1, 4]);
  assert.deepEqual(earlier(list, "REV", 2).map((x) => x.id), [2, 1]);
});

test("nothing for one character, or for exactly what was typed", () => {
  const list = [e(1, "Lunch", 10)];
  assert.deepEqual(earlier(list, "l"), []);
  assert.deepEqual(earlier(list, "lunch"), []);
});

test("the server's suggestions come first, then loaded ones they lack, never what was typed", () => {
  const server = [e(10, "Code review", 12, { project_id: 3 }), e(11, "Codex", 1)];
  const local = [e(2, "Code review", 11, { project_id: 4 }), e(3, "Code docs", 10), e(4, "code", 9)];
  assert.deepEqual(merged(server, local, "code").map((x) => x.id), [10, 11, 3]);
  assert.deepEqual(merged(server, local, "code", 2).map((x) => x.id), [10, 11]);
  assert.deepEqual(merged([], local, "code").map((x) => x.id), [2, 3]);
});

test("debounce calls once, with the latest arguments, after the pause", async () => {
  const calls = [];
  const later = debounce((x) => calls.push(x), 20);
  later(1);
  later(2);
  later(3);
  assert.deepEqual(calls, []);
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.deepEqual(calls, [3]);
});
