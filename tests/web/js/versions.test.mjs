// Unit tests for an entry's history in words: node --experimental-detect-module --test tests/web/js
import assert from "node:assert/strict";
import { test } from "node:test";

import { changes, describe, restorable, sameEntry, snapshotWords, whenWords } from "../../../src/punchclock/web/app/js/versions.js";
import { midSentence, relativeDay } from "../../../src/punchclock/web/app/js/time.js";

const NOW = Date.parse("2026-11-20T15:00:00Z"); // a Friday
const OPTS = { zone: "UTC", clock: "24", duration: "hm", now: NOW };
const entry = (extra = {}) => ({
  start_time: "2026-11-16T09:00:00Z", end_time: "2026-11-16T10:00:00Z", notes: "Planning", tags: "", tag_list: [],
  project_id: null, project: null, task_id: null, task: null, billable: true, break_seconds: 0, deleted: false, ...extra,
});
const version = (id, action, e, changed, at = "2026-11-16T09:12:00Z", who = "alice", via = "web") => ({
  id, at, action, via, actor: who ? { id: 1, username: who } : null, entry: e, changed,
});
const FIELDS = ["start_time", "end_time", "notes", "tags", "project_id", "task_id", "billable", "break_seconds", "deleted"];

test("days are said as a person says them", () => {
  assert.equal(relativeDay(Date.parse("2026-11-20T08:00:00Z"), NOW, "UTC"), "Today");
  assert.equal(relativeDay(Date.parse("2026-11-19T23:30:00Z"), NOW, "UTC"), "Yesterday");
  assert.equal(relativeDay(Date.parse("2026-11-16T09:12:00Z"), NOW, "UTC"), "Mon");
  assert.equal(relativeDay(Date.parse("2026-11-13T09:12:00Z"), NOW, "UTC"), "13 Nov");
  assert.equal(relativeDay(Date.parse("2025-11-13T09:12:00Z"), NOW, "UTC"), "13 Nov 2025");
  // In the person's zone: 23:30 UTC on Thursday is Friday in Berlin.
  assert.equal(relativeDay(Date.parse("2026-11-19T23:30:00Z"), NOW, "Europe/Berlin"), "Today");
  assert.equal(whenWords(Date.parse("2026-11-16T09:12:00Z"), { ...OPTS, clock: "12" }), "Mon 9:12 am");
});

test("an edit reads as one line, and each field changed as before → after", () => {
  const versions = [
    version(3, "update", entry({ end_time: "2026-11-16T11:00:00Z", notes: "Planning the release" }), ["end_time", "notes"]),
    version(1, "create", entry(), FIELDS),
  ];
  const d = describe(versions, 0, OPTS);
  assert.equal(d.summary, "Mon 09:12 · alice · via web · changed End 10:00 → 11:00, Description");
  assert.deepEqual(d.changes.map((c) => [c.label, c.before, c.after]), [
    ["End", "10:00", "11:00"], ["Description", "Planning", "Planning the release"],
  ]);
  const first = describe(versions, 1, OPTS);
  assert.equal(first.title, "Created");
  assert.deepEqual(first.changes, []); // the first version changed nothing a person edited
  assert.equal(first.summary, "Mon 09:12 · alice · via web · created");
  assert.equal(snapshotWords(versions[1].entry, OPTS), "09:00–10:00 · Planning");
});

test("tags written in the description are not told twice; other tag changes are", () => {
  const older = version(1, "create", entry(), FIELDS);
  const byNotes = version(2, "update", entry({ notes: "Design #ux", tags: "ux", tag_list: ["ux"] }), ["notes", "tags"]);
  assert.deepEqual(changes(byNotes, older, OPTS).map((c) => c.label), ["Description"]);
  const byTags = version(2, "update", entry({ tags: "client", tag_list: ["client"] }), ["tags"]);
  assert.deepEqual(changes(byTags, older, OPTS).map((c) => [c.before, c.after]), [["none", "#client"]]);
});

test("projects, billable, breaks, a move to another day and the path are told in words", () => {
  const older = version(1, "create", entry(), FIELDS);
  const later = version(2, "update", entry({
    start_time: "2026-11-17T09:00:00Z", end_time: "2026-11-17T10:00:00Z", project_id: 4, project: "Website",
    billable: false, break_seconds: 900,
  }), ["start_time", "end_time", "project_id", "billable", "break_seconds"], "2026-11-20T08:05:00Z", null, "cli");
  const d = describe([later, older], 0, OPTS);
  assert.deepEqual(d.changes.map((c) => `${c.label}: ${c.before} → ${c.after}`), [
    "Start: Mon 09:00 → Tue 09:00", "End: Mon 10:00 → Tue 10:00", "Project: No project → Website",
    "Billable: Yes → No", "Break: none → 0:15",
  ]);
  assert.equal(`${d.when} · ${d.who} · ${d.via}`, "Today 08:05 · someone · via the terminal");
  assert.equal(describe([version(5, "revert", entry(), ["notes"], undefined, "bob", "rest"), older], 0, OPTS).via, "via the API");
});

test("deletions and bringing back are said by their title alone", () => {
  const older = version(1, "create", entry(), FIELDS);
  const gone = version(2, "delete", entry({ deleted: true }), ["deleted"]);
  const back = version(3, "restore", entry(), ["deleted"]);
  assert.equal(describe([back, gone, older], 1, OPTS).summary, "Mon 09:12 · alice · via web · deleted");
  assert.equal(describe([back, gone, older], 0, OPTS).title, "Brought back");
  assert.deepEqual(describe([back, gone, older], 0, OPTS).changes, []);
});

test("only older versions that differ from the entry now, and are not deletions, can be restored", () => {
  const now = version(4, "update", entry({ notes: "B" }), ["notes"]);
  const same = version(3, "update", entry({ notes: "B" }), ["break_seconds"]);
  const gone = version(2, "delete", entry({ deleted: true }), ["deleted"]);
  const first = version(1, "create", entry(), FIELDS);
  const list = [now, same, gone, first];
  assert.deepEqual(list.map((_, i) => restorable(list, i)), [false, false, false, true]);
  assert.ok(sameEntry(entry(), entry({ project: "shown name only" })));
  assert.ok(!sameEntry(entry(), entry({ billable: false })));
});

test("a relative day in the middle of a sentence is lower-case", () => {
  assert.equal(midSentence("Today 09:12"), "today 09:12");
  assert.equal(midSentence("Yesterday 09:12"), "yesterday 09:12");
  assert.equal(midSentence("Mon 09:12"), "Mon 09:12");
});
