// Unit tests for #tag parsing and completion (the report's are in report.test.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";

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
