// The store's delete and its undo, in node with the browser's pieces stubbed: an edit that was on
// the wire when the entry was deleted is done, not cancelled, so the undo does not send it again.
import assert from "node:assert/strict";
import { test } from "node:test";

const saved = new Map();
globalThis.localStorage = {
  getItem: (k) => (saved.has(k) ? saved.get(k) : null),
  setItem: (k, v) => saved.set(k, String(v)),
  removeItem: (k) => saved.delete(k),
};

// IndexedDB finishes each transaction a while later, as a browser writing to disk does.
const kv = new Map();
const later = (fn) => setTimeout(fn, 50);
globalThis.indexedDB = {
  open() {
    const req = {};
    later(() => {
      req.result = {
        transaction() {
          const tx = {};
          tx.objectStore = () => ({
            put: (value, key) => (kv.set(key, value), { result: key }),
            get: (key) => ({ result: kv.get(key) }),
            delete: (key) => (kv.delete(key), { result: undefined }),
            clear: () => (kv.clear(), { result: undefined }),
          });
          later(() => tx.oncomplete && tx.oncomplete());
          return tx;
        },
      };
      req.onsuccess();
    });
    return req;
  },
};

// The server: an edit's answer waits until the test lets it go; a delete's never comes (on the wire).
const sent = [];
let answerEdit;
globalThis.fetch = (url, init) => {
  sent.push(`${init.method} ${url.replace(/^.*\/api\/v1/, "")}`);
  const ok = () => new Response(JSON.stringify({ time_entry: { id: 5 } }), { status: 200 });
  if (init.method === "PATCH") return new Promise((resolve) => (answerEdit = () => resolve(ok())));
  if (init.method === "DELETE") return new Promise(() => {});
  return Promise.resolve(new Response(JSON.stringify({ time_entries: [], timer: null }), { status: 200 }));
};

const store = await import("../../../src/punchclock/web/app/js/store.js");

test("an edit answered while its entry's delete is being queued is not sent again by the undo", async () => {
  const edit = { key: "edit-5", op: "update", id: 5, body: { notes: "x" }, at: 0 };
  store.state.queue = [edit];
  store.flush().catch(() => {}); // the edit goes on the wire
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(sent, ["PATCH /time-entries/5"]);
  const deleting = store.deleteEntry(5, { id: 5 }); // queued behind the edit being sent
  answerEdit(); // the edit is done while the delete's queue is written
  const undo = await deleting;
  await undo(); // the delete was never sent: it just goes
  assert.equal(store.state.queue.some((a) => a.key === edit.key), false);
});
