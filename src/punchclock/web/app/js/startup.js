// Signing in: the user, their preferences, the lists every page needs, the timer, the presets and
// the period on screen, in one request (GET /startup); from the device's copy when offline.

import { Offline, get, getAll } from "./api.js";
import { idbClear, idbGet, idbSet } from "./idb.js";
import { setCurrency } from "./money.js";
import { remember } from "./periods.js";
import { receivePresets } from "./presets.js";
import { applySettings, range, setConn, state } from "./store.js";
import { tagHistory } from "./tags.js";

// Before the user's time zone and week start are known, the startup request asks for every entry
// within 8 days of now: whatever the zone and week start, that holds the week (or day) shown first.
const AROUND_NOW = 8 * 86400000;

/** Load everything the first screen shows (again after a change to projects, clients or tasks). */
export async function loadBase() {
  try {
    const now = Date.now();
    const iso = (ms) => new Date(ms).toISOString();
    const data = await get(`/startup?start_date=${iso(now - AROUND_NOW)}&end_date=${iso(now + AROUND_NOW)}`);
    const user = data.user || (await get("/users/me")).user;
    const done = data.complete || {};
    // Lists cut short (thousands of projects) are paged through their own endpoints.
    const [projects, tasks, clients] = await Promise.all([
      done.projects ? data.projects : getAll("/projects?status=all", "projects"),
      done.tasks ? data.tasks : getAll("/tasks", "tasks"),
      done.clients ? data.clients : getAll("/clients", "clients").catch(() => []),
    ]);
    const previous = await idbGet("base").catch(() => null);
    if (previous && previous.user && previous.user.id !== user.id) {
      // Another account used this browser: its queue and cached data are not ours to show or send.
      await idbClear();
    }
    state.user = user;
    applySettings(data.settings);
    if (data.workspace) setCurrency(data.workspace.currency);
    if (data.presets) receivePresets(data.presets);
    state.projects = projects;
    state.tasks = tasks;
    state.clients = clients;
    state.tags = tagHistory(data.recent);
    state.newcomer = data.recent.length === 0;
    state.recent = data.recent; // the latest 100: descriptions to offer again
    state.timer = data.timer;
    state.signoff = data.signoff || null; // locked time (js/locks.js)
    state.attendance = Boolean(data.attendance); // the workday card (js/views/workday.js)
    state.unread = data.unread_notifications || 0; // the bell (views/notifications.js)
    const [start, end] = range();
    // The entries around today are the period on screen only when that period holds today (this
    // runs again after a change to projects while another week may be shown).
    if (done.entries && start <= now && now < end) {
      const entries = remember(start, end, data.entries, true);
      idbSet(`entries:${start}`, { entries, timer: data.timer, at: now }).catch(() => {});
    }
    idbSet("base", { user, projects, tasks, clients, tags: state.tags, signoff: state.signoff, attendance: state.attendance }).catch(() => {});
    setConn(state.conn === "offline" ? "connecting" : state.conn);
  } catch (err) {
    if (!(err instanceof Offline)) throw err;
    const cached = await idbGet("base");
    if (!cached) throw err;
    Object.assign(state, cached);
    setConn("offline");
  }
  state.queue = (await idbGet("queue")) || [];
}

