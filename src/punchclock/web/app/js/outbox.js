// The offline queue's logic, free of storage and network so it can be unit-tested with node.
//
// Notes: an action is {key, op, id, body, at}. `key` is a UUID made when the action is queued and
// sent as the Idempotency-Key, so a replay after a lost answer cannot create an entry twice.
// Entries made offline get an id "tmp-<uuid>" until the server answers with the real one; later
// actions on them are folded into the queued create (an edit) or cancel it (a delete). A "restore"
// (the undo of a delete that may have reached the server) brings the deleted entry back as itself.

import { entryTags } from "./tags.js";

export const isTmp = (id) => typeof id === "string" && id.startsWith("tmp-");
export const makesEntry = (a) => a.op === "create" || a.op === "start";

/**
 * Add an action to the queue, folding it into earlier ones where it can. Only actions never sent
 * are changed: one on the wire (`sending`) or tried once already (`tried`: its answer may have been
 * lost) must go out again exactly as first sent, so that its Idempotency-Key still means the same
 * request. Returns a new list.
 */
export function enqueue(queue, action, sending = new Set()) {
  const open = (a) => !sending.has(a.key) && !a.tried;
  if (isTmp(action.id) && !makesEntry(action)) {
    const made = queue.find((a) => makesEntry(a) && a.id === action.id);
    if (made && open(made)) {
      if (action.op === "delete") return queue.filter((a) => a.id !== action.id);
      const body = { ...made.body, ...action.body };
      // A timer started and stopped offline is just a finished entry.
      const op = made.op === "start" && body.end_time ? "create" : made.op;
      return queue.map((a) => (a === made ? { ...a, op, body } : a));
    }
  }
  if (action.op === "update") {
    const earlier = queue.find((a) => a.op === "update" && a.id === action.id && open(a));
    if (earlier) return queue.map((a) => (a === earlier ? { ...a, body: { ...a.body, ...action.body } } : a));
  }
  if (action.op === "delete") {
    queue = queue.filter((a) => !(a.op === "update" && a.id === action.id && open(a)));
  }
  return [...queue, action];
}

/**
 * Undo a delete of entry `id` that took `dropped` (the never-sent actions it cancelled) out of the
 * queue; `action` is the restore to queue if one is needed. Returns {queue, restore}.
 * - The delete was never sent: it just goes and what it cancelled comes back; the server hears nothing.
 * - It was tried once (the network failed, or its answer was lost): the server may or may not have
 *   deleted the entry. A restore settles both (answered `not_deleted` it counts as done), so it
 *   takes the delete's place.
 * - It was sent, or is on the wire now: the entry is restored there, then the cancelled edits follow.
 * - An entry made offline whose create the delete cancelled never reached the server: the create
 *   comes back.
 */
export function undoDelete(queue, id, dropped, action, sending = new Set()) {
  const del = queue.find((a) => a.op === "delete" && a.id === id);
  if (!del && dropped.some(makesEntry)) return { queue: [...queue, ...dropped], restore: false };
  if (del && !sending.has(del.key)) {
    const rest = queue.filter((a) => a !== del);
    if (!del.tried) return { queue: [...rest, ...dropped], restore: false };
    return { queue: [...rest, action, ...dropped], restore: true };
  }
  return { queue: [...queue, action, ...dropped], restore: true };
}

/** The HTTP request for an action, with real ids substituted. */
export function request(action, ids) {
  const id = ids.get(action.id) ?? action.id;
  const headers = { "Idempotency-Key": action.key };
  switch (action.op) {
    case "create": return { method: "POST", path: "/time-entries", body: action.body, headers };
    case "start": return { method: "POST", path: "/timer/start", body: action.body, headers };
    case "stop": return { method: "POST", path: "/timer/stop", body: action.body, headers };
    case "update": return { method: "PATCH", path: `/time-entries/${id}`, body: action.body, headers };
    case "delete": return { method: "DELETE", path: `/time-entries/${id}`, body: undefined, headers };
    case "restore": return { method: "POST", path: `/time-entries/${id}/restore`, body: undefined, headers };
    default: throw new Error(`unknown op ${action.op}`);
  }
}

/**
 * Send queued actions in order. send(req) resolves with the answer, or rejects with an error whose
 * `offline` is true (stop, keep the rest for later) or with a `status` (the server refused: drop
 * the action and report it). Returns {sent, failed, remaining, ids}.
 */
export async function replay(queue, send, ids = new Map()) {
  const sent = [];
  const failed = [];
  let i = 0;
  for (; i < queue.length; i++) {
    const action = queue[i];
    if (isTmp(action.id) && !makesEntry(action) && !ids.has(action.id)) {
      failed.push({ action, error: "its entry was never created" });
      continue;
    }
    try {
      let answer;
      try {
        answer = await send(request(action, ids));
      } catch (err) {
        // Restored already (by an earlier try whose answer was lost, or elsewhere): what was wanted.
        if (action.op === "restore" && err && err.code === "not_deleted") answer = null;
        // Only "another timer runs" is settled; any other refusal (a locked period) is reported.
        else if (!(action.op === "start" && err && err.code === "timer_already_running")) throw err;
        else answer = await settleStart(action, send);
      }
      const made = answer && (answer.time_entry || answer.timer);
      if (makesEntry(action) && made) ids.set(action.id, made.id);
      sent.push({ action, answer });
    } catch (err) {
      if (err && err.offline) break;
      failed.push({ action, error: (err && err.message) || String(err) });
    }
  }
  return { sent, failed, remaining: queue.slice(i), ids };
}

/**
 * A timer started offline meets another timer running on the server (started on another device
 * meanwhile). Nothing may be lost and only one timer may run, so the later start wins, as when a
 * timer is started online: if ours began later, the server's timer is stopped where ours began and
 * ours starts; if the server's began later, ours becomes a finished entry that ends where the
 * server's began. A stop made offline later is a queued edit of the same entry, so it still applies.
 */
async function settleStart(action, send) {
  const status = await send({ method: "GET", path: "/timer/status", body: undefined, headers: {} });
  const other = status && status.timer;
  const ours = Date.parse(action.body.start_time);
  const theirs = other ? Date.parse(other.start_time) : NaN;
  if (other && theirs < ours) {
    await send({ method: "POST", path: "/timer/stop", body: { end_time: action.body.start_time }, headers: {} });
    return send(request(action, new Map()));
  }
  if (other && theirs > ours) {
    const body = { ...action.body, end_time: other.start_time };
    const headers = { "Idempotency-Key": `${action.key}:finished` };
    return send({ method: "POST", path: "/time-entries", body, headers });
  }
  if (other) return { timer: other }; // the same start: this is ours, sent before under another key
  return send(request(action, new Map())); // it stopped meanwhile: start ours now
}

/** What a queued create looks like in the list until it is synced. */
export function pendingEntry(action, user) {
  const b = action.body;
  const tagList = entryTags(b.tags || [], b.notes || ""); // as the server will store them
  return {
    id: action.id, user_id: user ? user.id : null, project_id: b.project_id ?? null, project: null,
    task_id: b.task_id ?? null, task: null, start_time: b.start_time, end_time: b.end_time ?? null,
    notes: b.notes || "", tags: tagList.join(","), tag_list: tagList,
    billable: b.billable ?? true, is_active: !b.end_time, pending: true,
  };
}
