// Unit tests for the offline queue: folding actions together, replay order, id mapping, failures.
import assert from "node:assert/strict";
import { test } from "node:test";

import { enqueue, pendingEntry, replay, request, undoDelete } from "../../../src/punchclock/web/app/js/outbox.js";

const act = (op, id, body, key = `${op}-${id}-${Math.random()}`) => ({ key, op, id, body, at: 0 });

test("an edit of an entry made offline is folded into its create", () => {
  let q = enqueue([], act("create", "tmp-1", { notes: "a", start_time: "s" }));
  q = enqueue(q, act("update", "tmp-1", { end_time: "e" }));
  assert.equal(q.length, 1);
  assert.deepEqual(q[0].body, { notes: "a", start_time: "s", end_time: "e" });
});

test("deleting an entry made offline cancels it entirely", () => {
  let q = enqueue([], act("create", "tmp-1", { notes: "a" }));
  q = enqueue(q, act("create", "tmp-2", { notes: "b" }));
  q = enqueue(q, act("delete", "tmp-1"));
  assert.deepEqual(q.map((a) => a.id), ["tmp-2"]);
});

test("two edits of a server entry become one; a delete drops pending edits", () => {
  let q = enqueue([], act("update", 7, { notes: "x" }));
  q = enqueue(q, act("update", 7, { billable: false }));
  assert.equal(q.length, 1);
  assert.deepEqual(q[0].body, { notes: "x", billable: false });
  q = enqueue(q, act("delete", 7));
  assert.deepEqual(q.map((a) => a.op), ["delete"]);
});

test("each request carries its action's Idempotency-Key", () => {
  const req = request(act("create", "tmp-1", { notes: "a" }, "key-1"), new Map());
  assert.deepEqual([req.method, req.path, req.headers["Idempotency-Key"]], ["POST", "/time-entries", "key-1"]);
});

test("replay sends in order and maps temporary ids to the server's", async () => {
  const sent = [];
  const send = async (req) => {
    sent.push(`${req.method} ${req.path}`);
    return req.method === "POST" ? { time_entry: { id: 41 } } : {};
  };
  const q = [act("create", "tmp-1", {}), act("stop", 5, { end_time: "e" })];
  const ids = new Map([["tmp-9", 99]]);
  const result = await replay([...q, act("delete", "tmp-9")], send, ids);
  assert.deepEqual(sent, ["POST /time-entries", "POST /timer/stop", "DELETE /time-entries/99"]);
  assert.equal(result.ids.get("tmp-1"), 41);
  assert.equal(result.remaining.length, 0);
});

test("replay stops at the first network failure and keeps the rest for later", async () => {
  let calls = 0;
  const send = async () => {
    calls += 1;
    if (calls === 2) throw Object.assign(new Error("offline"), { offline: true });
    return {};
  };
  const q = [act("update", 1, {}), act("update", 2, {}), act("update", 3, {})];
  const result = await replay(q, send);
  assert.equal(result.sent.length, 1);
  assert.deepEqual(result.remaining.map((a) => a.id), [2, 3]);
});

test("an action the server refuses is reported and dropped, the rest goes on", async () => {
  const send = async (req) => {
    if (req.path.endsWith("/1")) throw Object.assign(new Error("Time entry not found"), { status: 404 });
    return {};
  };
  const result = await replay([act("update", 1, {}), act("update", 2, {})], send);
  assert.equal(result.failed.length, 1);
  assert.equal(result.sent.length, 1);
  assert.equal(result.remaining.length, 0);
});

test("a timer started and stopped offline becomes one finished entry", () => {
  let q = enqueue([], act("start", "tmp-1", { notes: "t", start_time: "s" }));
  q = enqueue(q, act("update", "tmp-1", { end_time: "e" }));
  assert.deepEqual(q.map((a) => [a.op, a.body.end_time]), [["create", "e"]]);
  assert.equal(request(q[0], new Map()).path, "/time-entries");
});

test("an action already tried online is resent unchanged: its answer may have been lost", () => {
  let q = enqueue([], { ...act("start", "tmp-1", { notes: "t" }), tried: true });
  q = enqueue(q, act("update", "tmp-1", { end_time: "e" }));
  assert.deepEqual(q.map((a) => a.op), ["start", "update"]);
  assert.equal(q[0].body.end_time, undefined);
  q = enqueue(q, act("delete", "tmp-1"));
  assert.deepEqual(q.map((a) => a.op), ["start", "delete"], "the pending edit goes, the delete waits for the id");
});

test("an action on the wire is not changed either", () => {
  const start = act("start", "tmp-1", {});
  const q = enqueue([start], act("update", "tmp-1", { end_time: "e" }), new Set([start.key]));
  assert.equal(q.length, 2);
});

test("a timer start maps its id from the answer's timer", async () => {
  const send = async (req) => (req.path === "/timer/start" ? { timer: { id: 7 } } : {});
  const sent = [];
  const spy = async (req) => {
    sent.push(`${req.method} ${req.path}`);
    return send(req);
  };
  const result = await replay([act("start", "tmp-1", {}), act("update", "tmp-1", { end_time: "e" })], spy);
  assert.deepEqual(sent, ["POST /timer/start", "PATCH /time-entries/7"]);
  assert.equal(result.failed.length, 0);
});

test("actions on an entry whose creation was refused are dropped, not sent elsewhere", async () => {
  const send = async (req) => {
    if (req.path === "/timer/start") throw Object.assign(new Error("A timer is already running"), { status: 409 });
    throw new Error("must not be sent");
  };
  const result = await replay([act("start", "tmp-1", {}), act("update", "tmp-1", { end_time: "e" })], send);
  assert.equal(result.failed.length, 2);
  assert.equal(result.sent.length, 0);
});

const conflict = () =>
  Object.assign(new Error("A timer is already running"), { status: 409, code: "timer_already_running" });

test("an offline start into a locked period is refused and reported, never settled", async () => {
  const sent = [];
  const send = async (req) => {
    sent.push(`${req.method} ${req.path}`);
    throw Object.assign(new Error("2026-11-02..2026-11-08 is approved"), { status: 409, code: "period_locked" });
  };
  const q = [act("start", "tmp-1", { notes: "offline", start_time: "2026-11-03T10:00:00Z" })];
  const result = await replay(q, send);
  assert.deepEqual(sent, ["POST /timer/start"]);
  assert.equal(result.failed.length, 1);
  assert.match(result.failed[0].error, /approved/);
});

test("an offline start that began later than the server's running timer stops that one first", async () => {
  const sent = [];
  let started = false;
  const send = async (req) => {
    sent.push(`${req.method} ${req.path} ${JSON.stringify(req.body ?? null)}`);
    if (req.path === "/timer/start") {
      if (!started) { started = true; throw conflict(); }
      return { timer: { id: 8 } };
    }
    if (req.path === "/timer/status") return { active: true, timer: { id: 3, start_time: "2026-11-22T09:00:00Z" } };
    return { time_entry: { id: 3 } };
  };
  const q = [act("start", "tmp-1", { notes: "offline", start_time: "2026-11-22T10:00:00Z" })];
  const result = await replay(q, send);
  assert.deepEqual(sent, [
    'POST /timer/start {"notes":"offline","start_time":"2026-11-22T10:00:00Z"}',
    "GET /timer/status null",
    'POST /timer/stop {"end_time":"2026-11-22T10:00:00Z"}',
    'POST /timer/start {"notes":"offline","start_time":"2026-11-22T10:00:00Z"}',
  ]);
  assert.equal(result.ids.get("tmp-1"), 8);
  assert.equal(result.failed.length, 0);
});

test("an offline start that began before the server's running timer is kept as a finished entry", async () => {
  const sent = [];
  const send = async (req) => {
    sent.push(`${req.method} ${req.path}`);
    if (req.path === "/timer/start") throw conflict();
    if (req.path === "/timer/status") return { active: true, timer: { id: 3, start_time: "2026-11-22T11:00:00Z" } };
    if (req.path === "/time-entries") {
      assert.equal(req.body.end_time, "2026-11-22T11:00:00Z");
      assert.equal(req.headers["Idempotency-Key"], "k1:finished");
      return { time_entry: { id: 9 } };
    }
    if (req.path === "/time-entries/9") return { time_entry: { id: 9 } };
    throw new Error(`unexpected ${req.path}`);
  };
  const q = [
    act("start", "tmp-1", { notes: "offline", start_time: "2026-11-22T10:00:00Z" }, "k1"),
    act("update", "tmp-1", { end_time: "2026-11-22T10:30:00Z" }), // stopped offline, after a retry
  ];
  const result = await replay(q, send);
  // The offline stop edits the finished entry; the other device's timer keeps running.
  assert.deepEqual(sent, ["POST /timer/start", "GET /timer/status", "POST /time-entries", "PATCH /time-entries/9"]);
  assert.equal(result.ids.get("tmp-1"), 9);
  assert.equal(result.failed.length, 0);
  assert.equal(result.remaining.length, 0);
});

// Undo of a delete: the same entry back, whether the delete reached the server or not.

const deleting = (queue, id) => {
  const del = act("delete", id);
  const next = enqueue(queue, del);
  return { del, next, dropped: queue.filter((a) => a.id === id && !next.includes(a)) };
};

test("undoing a delete still queued drops it and puts back the edits it cancelled", () => {
  const edit = act("update", 7, { notes: "x" });
  const other = act("update", 8, { notes: "y" });
  const { next, dropped } = deleting([edit, other], 7);
  assert.deepEqual(next.map((a) => a.op), ["update", "delete"]);
  const undone = undoDelete(next, 7, dropped, act("restore", 7));
  assert.equal(undone.restore, false); // nothing at all goes to the server
  assert.deepEqual(undone.queue, [other, edit]);
});

test("undoing the delete of an entry made offline queues its create again", () => {
  const made = act("create", "tmp-1", { notes: "a #x", start_time: "s", end_time: "e" });
  const { next, dropped } = deleting([made], "tmp-1");
  assert.deepEqual(next, []);
  const undone = undoDelete(next, "tmp-1", dropped, act("restore", "tmp-1"));
  assert.deepEqual([undone.restore, undone.queue], [false, [made]]);
});

test("once the delete may have reached the server, undo restores it there, then the cancelled edits", () => {
  const edit = act("update", 7, { notes: "x" });
  const { next, dropped } = deleting([edit], 7);
  const restore = act("restore", 7, undefined, "undo-key");
  // Tried once: whether the server deleted it is unknown; the restore takes the delete's place.
  const tried = next.map((a) => (a.op === "delete" ? { ...a, tried: true } : a));
  const undone = undoDelete(tried, 7, dropped, restore);
  assert.equal(undone.restore, true);
  assert.deepEqual(undone.queue.map((a) => a.op), ["restore", "update"]);
  // On the wire right now: it will be deleted, then restored.
  const onWire = undoDelete(next, 7, dropped, restore, new Set([next[0].key]));
  assert.deepEqual(onWire.queue.map((a) => a.op), ["delete", "restore", "update"]);
  // Sent already (online, or replayed since): restored.
  assert.deepEqual(undoDelete([], 7, [], restore).queue, [restore]);
  const req = request(restore, new Map());
  assert.deepEqual([req.method, req.path, req.headers["Idempotency-Key"]], ["POST", "/time-entries/7/restore", "undo-key"]);
  assert.equal(request(act("restore", "tmp-1"), new Map([["tmp-1", 41]])).path, "/time-entries/41/restore");
});

test("a restore the server finds restored already counts as done; other refusals are reported", async () => {
  const send = async (req) => {
    const code = req.path.includes("/7/") ? "not_deleted" : "not_found";
    throw Object.assign(new Error(code), { status: code === "not_found" ? 404 : 409, code });
  };
  const result = await replay([act("restore", 7), act("restore", 8)], send);
  assert.deepEqual(result.sent.map((s) => s.action.id), [7]);
  assert.deepEqual(result.failed.map((f) => f.action.id), [8]);
});

test("an entry queued offline shows the tags the server will give it", () => {
  const e = pendingEntry(act("create", "tmp-1", { notes: "Fix #Bug", tags: ["Client-A"], start_time: "s" }), null);
  assert.deepEqual([e.tags, e.tag_list], ["Client-A,bug", ["Client-A", "bug"]]);
});
