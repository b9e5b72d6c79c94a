// Edit an entry (or add a finished one): times, description, tags, project, task, billable; delete.
// An entry in locked time (sign-off) opens read-only, saying why; new times are checked the same way.

import { field, h, icon } from "../dom.js";
import { entryLock, lockAt, lockSentence } from "../locks.js";
import { createEntry, deleteEntry, entryBody, state, tz } from "../store.js";
import { firstOverlap, flaggedIds, withOverlapNote } from "../overlap.js";
import { overlapRule } from "../overlaprule.js";
import { formatTime, fromLocalInput, localInput } from "../time.js";
import { modal, showError, toast } from "../ui.js";
import { changeWithUndo } from "../undo.js";
import { describeInput, fillTasks, followEntry, followProject, idOf, projectSelect } from "./pickers.js";
import { extraTags } from "../tags.js";
import { savePresetDialog } from "./savepreset.js";
import { withHistory } from "./entryhistory.js";

/** Where a new entry goes by default: from the end of the latest entry today (the work since
 * then) to now; with none today, the hour up to now. */
export function suggestedSpan(entries, now = Date.now(), zone = tz()) {
  const today = localInput(now, zone).slice(0, 10);
  let from = null;
  for (const e of entries) {
    const end = e.end_time ? Date.parse(e.end_time) : null;
    if (end !== null && end < now && localInput(end, zone).slice(0, 10) === today && (from === null || end > from)) from = end;
  }
  return from !== null && now - from >= 60000 ? { start: from, end: now } : { start: now - 3600000, end: now };
}

export function entryDialog(entry, defaults = {}) {
  const zone = tz();
  const isNew = !entry;
  const span = defaults.start ? defaults : suggestedSpan(state.entries);
  const e = entry || {
    notes: "", project_id: null, task_id: null, billable: null,
    start_time: new Date(span.start).toISOString(),
    end_time: new Date(span.end).toISOString(),
  };
  let typed = () => false;
  const locked = isNew ? null : entryLock(e);
  return modal(isNew ? "Add entry" : locked ? "Locked entry" : "Edit entry", (close, dismiss) => {
    // The entry's own project and task stay choosable even when the lists no longer hold them.
    const ownProject = e.project_id ? { id: e.project_id, name: e.project } : null;
    const ownTask = e.task_id ? { id: e.task_id, name: e.task } : null;
    const project = projectSelect(e.project_id, { name: "project" }, ownProject);
    const task = h("select", { name: "task" });
    fillTasks(task, e.project_id, e.task_id, ownTask);
    const desc = describeInput({ name: "notes", value: e.notes, autofocus: !locked }, followProject(project, task), followEntry(project, task));
    project.addEventListener("change", () => fillTasks(task, idOf(project), null, idOf(project) === e.project_id ? ownTask : null));
    const start = h("input", { type: "datetime-local", name: "start", required: true, value: localInput(Date.parse(e.start_time), zone) });
    const running = !isNew && !e.end_time;
    const end = h("input", { type: "datetime-local", name: "end", required: !running, value: e.end_time ? localInput(Date.parse(e.end_time), zone) : "" });
    const startWas = start.value;
    const endWas = end.value;
    const billable = h("input", { type: "checkbox", name: "billable", checked: e.billable ?? true });
    const error = h("p", { class: "form-error", role: "alert" });
    const save = h("button", { type: "submit", class: "btn primary", text: isNew ? "Add" : "Save" });
    // Tags given apart from the description (over the API, by an import): shown, and removable here.
    const kept = isNew ? [] : extraTags(e);
    const chips = h("div", { class: "tag-chips", role: "group", "aria-label": "Other tags" });
    const drawChips = () => chips.replaceChildren(...kept.map((t, i) => h("span", { class: "chip" }, `#${t}`,
      h("button", { type: "button", class: "chip-x", "aria-label": `Remove tag ${t}`, text: "×", onclick: () => {
        kept.splice(i, 1);
        drawChips();
      } }))));
    drawChips();
    const lockNote = locked ? h("p", { class: "lock-note", role: "note" }, icon("lock"), h("span", { text: lockSentence(locked) })) : null;
    const form = h("form", { class: "entry-form" },
      field("Description", desc.node, "Use #tags; a project's tag picks the project"),
      kept.length ? h("div", { class: "field" }, h("span", { class: "field-legend", text: "Also tagged" }), chips) : null,
      h("div", { class: "grid2" }, field("Start", start), field(running ? "End (empty: still running)" : "End", end)),
      h("div", { class: "grid2" }, field("Project", project), field("Task", task)),
      h("label", { class: "check" }, billable, " Billable"),
      error,
      h("div", { class: "actions" },
        isNew || locked ? null : h("button", { type: "button", class: "btn danger ghost", text: "Delete", "data-action": "delete",
          onclick: async () => {
            close(null);
            await removeWithUndo(e);
          } }),
        isNew ? null : h("button", { type: "button", class: "btn ghost", text: "Make preset", title: "Keep this entry as a preset: one click under the timer starts it again", onclick: () => savePresetDialog(e) }),
        h("span", { class: "spacer" }),
        h("button", { type: "button", class: "btn", text: locked ? "Close" : "Cancel", autofocus: Boolean(locked), onclick: dismiss }),
        locked ? null : save));
    if (locked) {
      for (const el of form.querySelectorAll("input, select, .chip-x")) el.disabled = true;
    }
    let warned = null;
    const mine = () => state.entries.filter((x) => !state.user || x.user_id === state.user.id);
    const span = (x) => `${formatTime(Date.parse(x.start_time), zone, state.prefs.clock)}–${x.end_time ? formatTime(Date.parse(x.end_time), zone, state.prefs.clock) : "now"}`;
    const values = () => JSON.stringify([desc.input.value, start.value, end.value, project.value, task.value, billable.checked, kept]);
    const initial = values();
    typed = () => values() !== initial;
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const s = fromLocalInput(start.value, zone);
      const f = end.value ? fromLocalInput(end.value, zone) : null;
      if (s === null) return (error.textContent = "Enter a start time.");
      if (f !== null && f <= s) return (error.textContent = "The end must be after the start.");
      if (f === null && !running) return (error.textContent = "Enter an end time.");
      // Time that is locked now, or was before this edit: the server would refuse it (and decides).
      const lock = locked || lockAt(s, f);
      if (lock) return (error.textContent = lockSentence(lock));
      // Overlaps are allowed, but never by accident: the first save names the entry in the way.
      const clash = firstOverlap(s, f ?? Date.now(), mine(), isNew ? null : e.id);
      const clashKey = clash ? `${clash.id}/${s}/${f}` : null;
      if (clash && warned !== clashKey) {
        warned = clashKey;
        const forbidden = overlapRule() === "forbid"; // the server refuses it (and decides)
        error.textContent = `This overlaps "${clash.notes || clash.project || "an entry"}" (${span(clash)}). `
          + (forbidden ? "Overlapping entries are not allowed in this workspace: change the times." : "Save again to keep both.");
        if (!forbidden) save.textContent = "Save anyway";
        return;
      }
      const body = entryBody({ notes: desc.input.value, project_id: idOf(project), task_id: idOf(task), billable: billable.checked });
      if (!isNew && kept.length !== extraTags(e).length) body.tags = kept.slice();
      // Inputs hold whole minutes: a time left as it was keeps its seconds.
      if (isNew || start.value !== startWas) body.start_time = new Date(s).toISOString();
      if (f !== null && (isNew || end.value !== endWas)) body.end_time = new Date(f).toISOString();
      save.disabled = true;
      try {
        if (isNew) {
          const answer = await createEntry(body);
          if (flaggedIds(answer).length) toast(withOverlapNote("Entry added.", answer, state.entries)); // the "warn" rule
        } else await changeWithUndo(e, body, "Entry saved.");
        close(true);
      } catch (err) {
        save.disabled = false;
        error.textContent = err.message;
      }
    });
    return [lockNote, ...(isNew ? [form] : withHistory(form, e, { locked, close, typed }))].filter(Boolean);
  }, { wide: true, dirty: () => typed() });
}

/** Delete now; "Undo" brings the same entry back, with its id (the server restores it; a delete still
 * waiting offline is just dropped). */
export async function removeWithUndo(e) {
  let undo;
  try {
    undo = await deleteEntry(e.id, e);
  } catch (err) {
    showError(err);
    return;
  }
  toast("Entry deleted.", {
    action: "Undo",
    timeout: 8000,
    onAction: () => undo().then(() => toast("Entry restored.")).catch(showError),
  });
}

export { state };
