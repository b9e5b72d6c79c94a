// The user's presets (favourite entries): kept here and in IndexedDB, so the chips show offline and
// at once on the next visit. Saving and removing one needs the server; starting one does not (it
// goes through the timer's own start, which queues offline).

import { Offline, api, get } from "./api.js";
import { idbGet, idbSet } from "./idb.js";
import { extraTags } from "./tags.js";

let list = [];
const listeners = new Set();

export const presets = () => list;

export function onPresets(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function set(next, keep = true) {
  list = [...next].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  if (keep) idbSet("presets", list).catch(() => {});
  for (const fn of listeners) fn();
}

// When the startup request (store.js) brought them: the timer bar then asks no more.
let receivedAt = 0;

export function receivePresets(items) {
  receivedAt = Date.now();
  set(items);
}

/** The copy kept from last time, then the server's (left as it was when it cannot be reached). */
export async function loadPresets(fromServer = true) {
  const kept = await idbGet("presets").catch(() => null);
  if (kept && !list.length) set(kept, false);
  if (!fromServer || Date.now() - receivedAt < 10000) return;
  try {
    set((await get("/presets")).presets);
  } catch (err) {
    if (!(err instanceof Offline)) throw err;
  }
}

/** A preset's fields from an entry (or another preset): what a timer started from it gets. */
export function presetFields(e) {
  return { notes: e.notes || "", project_id: e.project_id ?? null, task_id: e.task_id ?? null, tags: extraTags(e), billable: e.billable ?? null };
}

export async function savePreset(name, fields) {
  const data = await api("POST", "/presets", { name, ...fields });
  set([...list.filter((p) => p.id !== data.preset.id), data.preset]);
  return data.preset;
}

export async function removePreset(preset) {
  await api("DELETE", `/presets/${preset.id}`);
  set(list.filter((p) => p.id !== preset.id));
}
