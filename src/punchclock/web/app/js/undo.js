// Undo for edits: every change made from the web app (a dialog save, a drag on the timeline) says
// what it did in a toast whose "Undo" puts the changed fields back as they were.

import { withOverlapNote } from "./overlap.js";
import { state, updateEntry } from "./store.js";
import { extraTags } from "./tags.js";
import { showError, toast } from "./ui.js";

/** The entry's values of the fields a change sets: the change that reverses it, or null when it
 * cannot be reversed (a running timer stopped by the edit cannot be made to run again). */
export function reverse(entry, body) {
  const before = {};
  for (const key of Object.keys(body)) {
    if (key === "tags") before.tags = extraTags(entry);
    else if (key === "end_time" && !entry.end_time) return null;
    else if (key in entry) before[key] = entry[key];
  }
  return Object.keys(before).length ? before : null;
}

/** Apply `body` to the entry, then offer to undo it for a few seconds. */
export async function changeWithUndo(entry, body, message) {
  const before = reverse(entry, body);
  const text = withOverlapNote(message, await updateEntry(entry.id, body), state.entries);
  if (!before) return toast(text);
  return toast(text, {
    action: "Undo",
    timeout: 8000,
    onAction: () => updateEntry(entry.id, before).then(() => toast("Change undone.")).catch(showError),
  });
}
