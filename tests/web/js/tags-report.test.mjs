// Unit tests for #tag parsing and completion (the report's are in report.test.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";

import { completeTag, impliedProject, parseTags, tagAtCaret } from "../../../src/punchclock/web/app/js/tags.js";

test("tags are read from the description, once each", () => {
  assert.deepEqual(parseTags("Review #Web and #web, then #app."), ["Web", "app"]);
  assert.deepEqual(parseTags("issue#12 is not a tag"), []);
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
