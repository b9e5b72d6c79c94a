// An entry's history (GET /time-entries/{id}/history, newest first) in words: what each version
// did, who did it and through which path, each changed field as before → after, and which versions
// can be put back. Pure functions: unit-tested with node.

import { parseTags } from "./tags.js";
import { formatDuration, formatTime, relativeDay } from "./time.js";

const ACTIONS = {
  create: "Created",
  update: "Edited",
  delete: "Deleted",
  restore: "Brought back",
  revert: "Earlier version restored",
};
const VIA = { web: "web", rest: "the API", cli: "the terminal", sync: "TimeTagger sync", import: "an import" };
// The fields a person sees, in the dialog's order (the server's `changed` names them).
const FIELDS = [
  ["start_time", "Start"], ["end_time", "End"], ["notes", "Description"], ["tags", "Tags"],
  ["project_id", "Project"], ["task_id", "Task"], ["billable", "Billable"], ["break_seconds", "Break"],
];
const SAME = [...FIELDS.map(([key]) => key), "deleted"];

/** "Today 09:12", "Mon 16:40", "12 May 09:12": when, seen from `now`. */
export function whenWords(ms, { zone, clock = "24", now = Date.now() }) {
  return `${relativeDay(ms, now, zone)} ${formatTime(ms, zone, clock)}`;
}

const extra = (e) => (e.tag_list || []).filter((t) => !parseTags(e.notes).includes(t.toLowerCase()));

/** Tags that changed on their own, not only because the description's #tags did. */
function tagsMoved(before, after) {
  return JSON.stringify(extra(before)) !== JSON.stringify(extra(after));
}

/** A time, with its day when the other side of the change is on another day. */
function timeWords(iso, otherIso, opts) {
  if (!iso) return "running";
  const ms = Date.parse(iso);
  const day = (x) => relativeDay(Date.parse(x), opts.now ?? Date.now(), opts.zone);
  const time = formatTime(ms, opts.zone, opts.clock);
  return otherIso && day(otherIso) !== day(iso) ? `${day(iso)} ${time}` : time;
}

function valueWords(key, e, other, opts) {
  if (key === "start_time" || key === "end_time") return timeWords(e[key], other[key], opts);
  if (key === "notes") return e.notes ? e.notes : "(none)";
  if (key === "tags") return e.tag_list && e.tag_list.length ? e.tag_list.map((t) => `#${t}`).join(" ") : "none";
  if (key === "project_id") return e.project || (e.project_id ? `Project ${e.project_id}` : "No project");
  if (key === "task_id") return e.task || (e.task_id ? `Task ${e.task_id}` : "No task");
  if (key === "billable") return e.billable ? "Yes" : "No";
  if (key === "break_seconds") return e.break_seconds ? formatDuration(e.break_seconds, opts.duration) : "none";
  return String(e[key]);
}

/** The fields a version changed from the one before it, each as { key, label, before, after }.
 * The first version, a deletion and a bringing back change no field a person edits: []. */
export function changes(version, older, opts) {
  if (!older || ["create", "delete", "restore"].includes(version.action)) return [];
  const after = version.entry;
  const before = older.entry;
  const named = new Set(version.changed || []);
  return FIELDS.filter(([key]) => named.has(key))
    .filter(([key]) => key !== "tags" || !named.has("notes") || tagsMoved(before, after))
    .map(([key, label]) => ({ key, label, before: valueWords(key, before, after, opts), after: valueWords(key, after, before, opts) }))
    .filter((c) => c.before !== c.after);
}

/** What the entry was in a created version: "09:00–10:00 · Planning · Website". */
export function snapshotWords(e, opts) {
  const span = `${timeWords(e.start_time, null, opts)}–${e.end_time ? timeWords(e.end_time, e.start_time, opts) : "running"}`;
  return [span, e.notes, e.project].filter(Boolean).join(" · ");
}

/** One version as the history shows it: a title, who/when/how, the changes, and a one-line
 * summary ("Mon 09:12 · alice · via web · changed End 10:00 → 11:00, Description"). */
export function describe(versions, index, opts) {
  const v = versions[index];
  const older = versions[index + 1] || null;
  const title = ACTIONS[v.action] || v.action;
  const who = v.actor ? v.actor.username : "someone";
  const via = `via ${VIA[v.via] || v.via}`;
  const when = whenWords(Date.parse(v.at), opts);
  const changed = changes(v, older, opts);
  const first = changed[0];
  const what = changed.length
    ? `changed ${[`${first.label} ${first.before} → ${first.after}`, ...changed.slice(1).map((c) => c.label)].join(", ")}`
    : title.toLowerCase();
  return { id: v.id, title, who, via, when, changes: changed, summary: [when, who, via, what].join(" · ") };
}

/** Whether two versions hold the same entry (putting one back over the other changes nothing). */
export function sameEntry(a, b) {
  return SAME.every((key) => JSON.stringify(a[key] ?? null) === JSON.stringify(b[key] ?? null));
}

/** Whether a version can be put back from the entry dialog: an older one, not a deletion (Delete
 * does that), holding something other than the entry as it now is. */
export function restorable(versions, index) {
  const v = versions[index];
  return index > 0 && !v.entry.deleted && !sameEntry(v.entry, versions[0].entry);
}
