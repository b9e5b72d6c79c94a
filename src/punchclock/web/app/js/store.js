// The app's state and every change to time entries: online straight to the API, offline queued.

import { Offline, api, get } from "./api.js";
import { uuid } from "./dom.js";
import { idbGet, idbSet } from "./idb.js";
import { setCurrency } from "./money.js";
import { enqueue, isTmp, makesEntry, pendingEntry, replay, undoDelete } from "./outbox.js";
import { retryLater, retryable, reason, succeeded } from "./stale.js";
import { retag } from "./tags.js";
import { addDays, period } from "./time.js";
import { fetchPeriod, forgetPeriods, hasPeriod, overlaps, seenPeriod } from "./periods.js";

const PREFS = { theme: "auto", date: "text", clock: "24", duration: "hm", view: "week", workday: "08:00" };

export const state = {
  user: null,
  prefs: { ...PREFS, ...JSON.parse(localStorage.getItem("pc_prefs") || "{}") },
  projects: [],
  clients: [],
  tasks: [],
  entries: [],
  timer: null,
  tags: [],
  recent: [],
  queue: [],
  // A phone starts on the day view: a week of columns is too narrow there.
  view: { kind: globalThis.matchMedia && matchMedia("(max-width: 640px)").matches ? "day" : null, at: Date.now() },
  conn: "connecting",
  loaded: false,
  newcomer: false, // no entry at all yet: the Track page says how to start
  // The visible period's last read failed: { start, reason, retryAt, copyAt } (copyAt: when the copy
  // on screen was fetched, or null when there is none).
  stale: null,
  attendance: false, // whether the workspace offers clocking in and out (the startup's flag)
  signoff: null, // the startup's sign-off part: lock date and own periods (js/locks.js)
};

const listeners = new Set();
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
export function emit(what = "all") {
  for (const fn of listeners) fn(what);
}

export const tz = () => (state.user && state.user.timezone) || "UTC";
export const weekStart = () => (state.user ? state.user.week_start : 0);
export const isManager = () => state.user && ["manager", "admin"].includes(state.user.role);
export const isAdmin = () => state.user && state.user.role === "admin";
export const viewKind = () => state.view.kind || state.prefs.view;
export const range = () => period(viewKind() === "day" ? "day" : "week", state.view.at, tz(), weekStart());

export function setPrefs(changes, save = true) {
  Object.assign(state.prefs, changes);
  localStorage.setItem("pc_prefs", JSON.stringify(state.prefs));
  emit("prefs");
  if (save) {
    // Kept on the server too (as pc_* settings), so every device of the user looks the same.
    const settings = Object.fromEntries(Object.entries(changes).map(([k, v]) => [`pc_${k}`, v]));
    api("PUT", "/settings", { settings }).catch(() => {});
  }
}

/** Preferences saved from another device (or this one earlier), as GET /settings answers them. */
export function applySettings(settings) {
  const known = Object.keys(PREFS);
  const found = Object.entries(settings || {})
    .map(([k, v]) => [k.replace(/^pc_/, ""), v])
    .filter(([k, v]) => known.includes(k) && typeof v === "string" && state.prefs[k] !== v);
  if (found.length) setPrefs(Object.fromEntries(found), false);
}

export async function loadPrefs() {
  try {
    const data = await get("/settings");
    applySettings(data.settings);
    if (data.workspace) setCurrency(data.workspace.currency);
  } catch {
    // Offline: this device's preferences stay.
  }
}

export function setConn(conn) {
  if (state.conn !== conn) {
    state.conn = conn;
    emit("conn");
  }
}

export { forgetPeriods };

// With live updates on, a period fetched this recently is current (any change would have been
// announced and forgotten it): showing it again costs no request.
const FRESH_MS = 5 * 60000;
const JUST_MS = 10000;

const inflight = new Map();
const PREFETCH = localStorage.getItem("pc_prefetch") !== "0";

/** The visible period fetched again whatever was seen of it (after a change). */
export function refreshPeriod() {
  forgetPeriods();
  return loadPeriod();
}

/** Entries of the visible period (and the running timer), merged with what waits in the queue. */
export function loadPeriod() {
  const [start, end] = range();
  if (!inflight.has(start)) inflight.set(start, doLoadPeriod(start, end).finally(() => inflight.delete(start)));
  return inflight.get(start);
}

async function doLoadPeriod(start, end) {
  const key = `entries:${start}`;
  const seen = seenPeriod(start);
  if (seen && state.shown !== start) {
    state.entries = seen.entries;
    state.shown = start;
    emit("entries");
  }
  // Fetched lately while live updates run, or just now for this first screen: current.
  const age = Date.now() - (seen ? seen.at : 0);
  const fresh = seen && (state.conn === "live" ? age < FRESH_MS : seen.justNow && age < JUST_MS);
  if (seen) seen.justNow = false;
  if (fresh && state.stale === null) {
    prefetch(start);
    return;
  }
  // The running timer shows in every period from its start to now; only a period that holds now
  // needs the timer's own answer (a stopped one is missing from it). Paging back costs one request.
  const holdsNow = start <= Date.now() && Date.now() < end;
  try {
    const fetching = fetchPeriod(start, end, tz(), state.user ? state.user.id : undefined);
    const [entries, timer] = await Promise.all([fetching, holdsNow ? get("/timer/status") : null]);
    if (range()[0] !== start) return; // the user moved on meanwhile
    state.entries = entries;
    state.shown = start;
    if (timer) state.timer = timer.timer;
    else state.timer = entries.find((e) => !e.end_time && e.user_id === state.user.id) || state.timer;
    state.stale = null;
    succeeded();
    idbSet(key, { entries: state.entries, timer: state.timer, at: Date.now() }).catch(() => {});
    if (state.conn === "offline") setConn("connecting");
  } catch (err) {
    if (!retryable(err)) throw err;
    const cached = seen || (await idbGet(key).catch(() => null));
    if (range()[0] !== start) return;
    if (cached) {
      state.entries = cached.entries;
      state.shown = start;
      if (cached.timer !== undefined && !seen) state.timer = cached.timer;
    }
    const retryAt = retryLater(err, () => range()[0] === start && loadPeriod().catch(() => {}));
    state.stale = { start, reason: reason(err), retryAt, copyAt: cached ? cached.at || null : null };
    if (err instanceof Offline) setConn("offline");
    emit("entries");
    return;
  }
  state.loaded = true;
  emit("entries");
  prefetch(start);
}

/** Fetch the period before the visible one while the user looks at this one. */
function prefetch(start) {
  if (!PREFETCH) return;
  const kind = viewKind() === "day" ? "day" : "week";
  const before = addDays(start, kind === "day" ? -1 : -7, tz());
  if (hasPeriod(before)) return;
  const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 50));
  idle(() => fetchPeriod(before, start, tz(), state.user.id).catch(() => {}));
}

/** Entries with the queued changes applied on top: what the server will have once synced. */
function applyQueue(entries) {
  let list = entries.slice();
  for (const action of state.queue) {
    if (makesEntry(action)) list.push(pendingEntry(action, state.user));
    else if (action.op === "delete") list = list.filter((e) => e.id !== action.id);
    else if (action.op === "restore") {
      if (action.shown && !list.some((e) => e.id === action.id)) list.push({ ...action.shown, pending: true });
    } else {
      const id = action.id;
      list = list.map((e) => (e.id === id ? { ...e, ...localFields(action.body, e), pending: true } : e));
    }
  }
  return list.map((e) => (e.end_time && e.is_active ? { ...e, is_active: false } : e));
}

/** The visible entries: the server's, with queued changes applied on top. */
export function visibleEntries() {
  const [start, end] = range();
  return applyQueue(state.entries)
    .filter((e) => overlaps(e, start, end))
    .sort((a, b) => (a.start_time < b.start_time ? -1 : 1));
}

export function runningTimer() {
  return applyQueue(state.timer ? [state.timer] : []).find((e) => !e.end_time) || null;
}

/** An entry's fields once a queued edit applies, its tags by the server's rule (see tags.js). */
function localFields(body, entry) {
  const out = { ...body };
  if (body.tags !== undefined || body.notes !== undefined) {
    out.tag_list = retag(entry, body);
    out.tags = out.tag_list.join(",");
  }
  if (body.project_id !== undefined) out.project = projectName(body.project_id);
  return out;
}

export function projectName(id) {
  const p = state.projects.find((x) => x.id === id);
  return p ? p.name : null;
}

export function projectOf(entry) {
  return state.projects.find((p) => p.id === entry.project_id) || null;
}

/** Text and project as the API wants them, from what the user typed. No `tags`: the server reads
 * the description's #tags itself, and keeps the entry's other tags when only the notes change. */
export function entryBody(fields) {
  const body = { notes: fields.notes.trim() };
  if (fields.project_id !== undefined) body.project_id = fields.project_id || null;
  if (fields.task_id !== undefined) body.task_id = fields.task_id || null;
  if (fields.billable !== undefined && fields.billable !== null) body.billable = fields.billable;
  if (fields.start_time) body.start_time = fields.start_time;
  if (fields.end_time !== undefined) body.end_time = fields.end_time;
  return body;
}

// Ids the server gave to entries made offline, and the actions on the wire right now.
const serverIds = new Map();
let sending = new Set();

/** Queue an action; resolves to the queued actions it cancelled (see outbox.enqueue). */
async function queueAction(action, offline) {
  const before = state.queue;
  state.queue = enqueue(before, action, sending);
  // Told now, not after the write below: a flush ending meanwhile takes the actions it sent out of
  // the queue too, and those were done, not cancelled (an undo would send them again).
  const cancelled = before.filter((a) => !state.queue.includes(a));
  await idbSet("queue", state.queue);
  if (offline) setConn("offline");
  emit("entries");
  return cancelled;
}

/** Do an action now, or keep it for later when the server cannot be reached. The queued actions
 * it cancels are added to `cancelled`. */
async function perform(op, id, body, online, cancelled = []) {
  const action = { key: uuid(), op, id, body, at: Date.now() };
  if ((!["create", "start"].includes(op) && isTmp(id)) || state.queue.length) {
    cancelled.push(...(await queueAction(action, false)));
    flush().catch(() => {});
    return null;
  }
  try {
    const answer = await online(action.key);
    await refreshPeriod();
    return answer;
  } catch (err) {
    if (!(err instanceof Offline)) throw err;
    cancelled.push(...(await queueAction({ ...action, tried: true }, true)));
    return null;
  }
}

export function createEntry(body) {
  const id = `tmp-${uuid()}`;
  return perform("create", id, body, (key) => api("POST", "/time-entries", body, { "Idempotency-Key": key }));
}

export function updateEntry(id, body) {
  return perform("update", id, body, () => api("PATCH", `/time-entries/${id}`, body));
}

/** Delete an entry; resolves to undo(), which brings the same entry back (the same id and sync key:
 * the server restores it, or a delete still queued is just dropped). `shown` is the entry as shown,
 * kept to show it again while a restore waits in the queue. */
export async function deleteEntry(id, shown = null) {
  const cancelled = [];
  await perform("delete", id, undefined, () => api("DELETE", `/time-entries/${id}`), cancelled);
  // The never-sent actions on this entry that the delete cancelled (see outbox.enqueue).
  const dropped = cancelled.filter((a) => a.id === id);
  return () => undoDeleted(id, dropped, shown);
}

async function undoDeleted(id, dropped, shown) {
  const action = { key: uuid(), op: "restore", id, body: undefined, at: Date.now(), shown };
  const next = undoDelete(state.queue, id, dropped, action, sending);
  if (next.restore && next.queue.length === 1) {
    // Only the restore is left to do (a delete tried offline is replaced by it): try it now.
    state.queue = [];
    await idbSet("queue", state.queue);
    try {
      const answer = await api("POST", `/time-entries/${id}/restore`, undefined, { "Idempotency-Key": action.key });
      await refreshPeriod();
      return answer;
    } catch (err) {
      if (err && err.code === "not_deleted") return refreshPeriod(); // live already: what was wanted
      if (!(err instanceof Offline)) throw err;
      return queueAction({ ...action, tried: true }, true);
    }
  }
  state.queue = next.queue;
  await idbSet("queue", state.queue);
  emit("entries");
  flush().catch(() => {});
  return null;
}

export async function startTimer(body) {
  const running = runningTimer();
  const now = new Date().toISOString();
  if (running) await stopTimer(body.start_time || now);
  const start = { ...body, start_time: body.start_time || now };
  const id = `tmp-${uuid()}`;
  return perform("start", id, start, (key) => api("POST", "/timer/start", start, { "Idempotency-Key": key }));
}

export async function stopTimer(at) {
  const running = runningTimer();
  if (!running) return null;
  // Entries are kept in whole seconds and must end after they start.
  const endMs = Math.max(at ? Date.parse(at) : Date.now(), Date.parse(running.start_time) + 1000);
  const body = { end_time: new Date(endMs).toISOString() };
  if (isTmp(running.id)) return perform("update", running.id, body, null);
  // Online without a given time, the server's clock decides (it keeps a timer at least a second long).
  return perform("stop", running.id, body, () => api("POST", "/timer/stop", at ? body : undefined));
}

/**
 * Pause or resume the running timer. Online only: the server's clock times the pause, and a pause
 * replayed later would be timed wrong, so offline (or before the timer reached the server) it says so.
 */
export async function pauseTimer(resume = false) {
  const running = runningTimer();
  if (!running) return null;
  if (isTmp(running.id) || state.queue.length) throw new Error("Pausing needs the server: try again once synced.");
  try {
    const answer = await api("POST", resume ? "/timer/resume" : "/timer/pause");
    await refreshPeriod();
    return answer;
  } catch (err) {
    if (err instanceof Offline) throw new Error("Pausing needs a connection to the server.");
    throw err;
  }
}

let flushing = null;

/** Send what was queued offline; called when the browser comes back online and on every sync. */
export function flush() {
  if (!flushing) flushing = doFlush().finally(() => (flushing = null));
  return flushing;
}

async function doFlush() {
  if (!state.queue.length) return;
  const send = (req) =>
    api(req.method, req.path, req.body, req.headers).catch((err) => {
      if (err instanceof Offline) err.offline = true;
      throw err;
    });
  const batch = state.queue;
  sending = new Set(batch.map((a) => a.key));
  let result;
  try {
    result = await replay(batch, send, serverIds);
  } finally {
    sending = new Set();
  }
  const done = new Set([...result.sent, ...result.failed].map((x) => x.action.key));
  state.queue = state.queue.filter((a) => !done.has(a.key));
  await idbSet("queue", state.queue);
  for (const f of result.failed) emit({ failed: f });
  if (!state.queue.length) {
    setConn("connecting");
    await refreshPeriod();
  }
  emit("entries");
  // Changes queued while this batch was on the wire (an undo of a delete being sent) go next, not
  // at the next reconnect; once each (a failing send leaves them in the next batch).
  const sent = new Set(batch.map((a) => a.key));
  if (state.queue.some((a) => !sent.has(a.key))) setTimeout(() => flush().catch(() => {}), 0);
}
