// Unit tests for #tag parsing and completion, and the client-side report grouping (the fallback).
import assert from "node:assert/strict";
import { test } from "node:test";

import { groupEntries, rateOf, toCsv } from "../../../src/punchclock/web/app/js/report.js";
import {
  completeTag, entryTags, extraTags, impliedProject, parseTags, retag, tagAtCaret,
} from "../../../src/punchclock/web/app/js/tags.js";

test("tags are read from the description by the server's rule (TimeTagger's), once each", () => {
  assert.deepEqual(parseTags("Review #Web and #web, then #app."), ["web", "app"]);
  assert.deepEqual(parseTags("issue#12 and #c++ and #glued#tags"), ["12", "c", "glued", "tags"]);
  assert.deepEqual(parseTags("#café #日本 #client/ACME # lone"), ["café", "日本", "client/acme"]);
});

test("an entry's tags: explicit ones, then those its notes write; an edit retags as the server does", () => {
  const e = { notes: "Fix #bug", tag_list: ["Client-A", "bug"] };
  assert.deepEqual(extraTags(e), ["Client-A"]);
  assert.deepEqual(entryTags(["Client-A"], "Fix #BUG and #client-a"), ["Client-A", "bug"]);
  assert.deepEqual(retag(e, { notes: "Fixed, #review" }), ["Client-A", "review"]); // #bug was only in the notes
  assert.deepEqual(retag(e, { tags: [] }), ["bug"]); // written in the notes: stays
  assert.deepEqual(retag(e, { billable: false }), ["Client-A", "bug"]);
});

test("completing the tag at the caret", () => {
  assert.deepEqual(tagAtCaret("Fix #fr", 7), { prefix: "fr", start: 4 });
  assert.equal(tagAtCaret("Fix it", 6), null);
  assert.deepEqual(completeTag("Fix #fr", 7, "frontend"), { text: "Fix #frontend ", caret: 14 });
});

test("a project's tag implies the project", () => {
  const projects = [{ id: 1, tag: "web" }, { id: 2, tag: null }];
  assert.equal(impliedProject("Landing page #WEB", projects).id, 1);
  assert.equal(impliedProject("Landing page", projects), null);
});

const ctx = {
  tz: "UTC", weekStart: 0, start: Date.parse("2026-11-16T00:00:00Z"), end: Date.parse("2026-11-23T00:00:00Z"),
  projects: new Map([[1, { id: 1, hourly_rate: 80, client_id: 3, client: "Acme" }]]),
};
const entry = (start, end, extra) => ({ start_time: start, end_time: end, billable: true, tag_list: [], project_id: null, ...extra });

test("grouping by project: totals, billable time and amounts", () => {
  const entries = [
    entry("2026-11-16T09:00:00Z", "2026-11-16T10:30:00Z", { project_id: 1, project: "Web" }),
    entry("2026-11-17T09:00:00Z", "2026-11-17T10:00:00Z", { billable: false }),
  ];
  const r = groupEntries(entries, "project", ctx);
  assert.equal(r.totals.seconds, 9000);
  assert.equal(r.totals.billable_seconds, 5400);
  assert.equal(r.totals.amount, 120);
  assert.deepEqual(r.groups.map((g) => [g.label, g.hours]), [["Web", 1.5], ["No project", 1]]);
});

test("a project without its own rate bills at its client's default rate", () => {
  const withClients = {
    ...ctx,
    projects: new Map([[2, { id: 2, hourly_rate: null, client_id: 3 }], [4, { id: 4, hourly_rate: 0, client_id: 3 }]]),
    clients: new Map([[3, { id: 3, default_hourly_rate: 100 }]]),
  };
  const entries = [
    entry("2026-11-16T09:00:00Z", "2026-11-16T10:30:00Z", { project_id: 2, project: "Inherits" }),
    entry("2026-11-17T09:00:00Z", "2026-11-17T10:00:00Z", { project_id: 4, project: "Free" }),
  ];
  const r = groupEntries(entries, "project", withClients);
  assert.deepEqual(r.groups.map((g) => [g.label, g.amount]), [["Inherits", 150], ["Free", 0]]);
  assert.equal(rateOf({ hourly_rate: 80, client_id: 3 }, withClients.clients), 80);
  assert.equal(rateOf({ hourly_rate: null, client_id: null }, withClients.clients), null);
});

test("grouping by tag counts an entry under each tag; by day keys are ISO dates", () => {
  const entries = [entry("2026-11-16T09:00:00Z", "2026-11-16T10:00:00Z", { tag_list: ["a", "b"] })];
  assert.deepEqual(groupEntries(entries, "tag", ctx).groups.map((g) => g.label).sort(), ["#a", "#b"]);
  assert.deepEqual(groupEntries(entries, "day", ctx).groups.map((g) => g.key), ["2026-11-16"]);
});

test("entries are clipped to the range", () => {
  const entries = [entry("2026-11-15T23:00:00Z", "2026-11-16T01:00:00Z")];
  assert.equal(groupEntries(entries, "project", ctx).totals.seconds, 3600);
});

test("CSV quoting, and formulas are neutralised", () => {
  assert.equal(toCsv([["a,b", 'say "hi"', "=SUM(A1)", 3]]), '"a,b","say ""hi""",\'=SUM(A1),3\r\n');
});
