// The Timesheet page's pieces that need no page state: names of rows and days, the running
// timer's cells and the locked days (read-only), moving between cells, undo, the "Add row" dialog.

import { ApiError, api } from "../api.js";
import { field, h } from "../dom.js";
import { rowKey } from "../sheet.js";
import { allLocked, lockAt, lockSentence } from "../locks.js";
import { forgetPeriods, runningTimer, state, tz } from "../store.js";
import { addDays, dateFromIso, isoDate, shortDay } from "../time.js";
import { modal, showError, toast } from "../ui.js";
import { fillTasks, idOf, projectSelect } from "./pickers.js";

export const cellKey = (date, key) => `${date}|${key}`;

export function rowName(row) {
  return row.task ? `${row.project} · ${row.task}` : row.project;
}

export function names(projectId, taskId) {
  const p = state.projects.find((x) => x.id === projectId);
  const t = state.tasks.find((x) => x.id === taskId);
  return { project: p ? p.name : "No project", task: t ? t.name : "" };
}

export function dayName(date) {
  const d = shortDay(dateFromIso(date, tz()), tz());
  return `${d.weekday} ${d.day} ${d.month}`;
}

/** The days (from its start to today) on which the running timer's row cannot be typed into. */
export function runningCells(days) {
  const t = runningTimer();
  if (!t) return new Set();
  const first = isoDate(Date.parse(t.start_time), tz());
  const today = isoDate(Date.now(), tz());
  return new Set(days.filter((d) => d >= first && d <= today).map((d) => cellKey(d, rowKey(t.project_id, t.task_id))));
}

/** Why a cell cannot be typed into ({ why, class }), or null: its day is locked (sign-off), or the
 * running timer is on its row. */
export function fixedCell(date, running) {
  const d0 = dateFromIso(date, tz());
  const d1 = addDays(d0, 1, tz());
  const lock = allLocked(d0, d1) && lockAt(d0, d1);
  if (lock) return { why: lockSentence(lock), class: "locked" };
  return running ? { why: "The timer is running on this row: stop it to change this day", class: "running" } : null;
}

/** Move the focus from a cell by rows and columns of the grid `inputs` ([row][day]), to a cell shown. */
export function moveFocus(inputs, input, dr, dc) {
  const r = Number(input.dataset.r) + dr;
  const c = Number(input.dataset.c) + dc;
  const target = inputs[r] && inputs[r][c];
  if (target && target.offsetParent !== null) {
    target.focus();
    target.select();
  }
}

/** A cell's change undone (the server puts back the entries as they were). */
export async function undoCell(body) {
  try {
    await api("POST", "/timesheet/cells/undo", body);
    forgetPeriods(); // the Track page's copies hold the changed entries
    toast("Undone");
  } catch (err) {
    showError(err instanceof ApiError ? err : new Error(`Could not undo: ${err.message}`));
  }
}

/** Ask for a project and a task; { project_id, task_id } or null. */
export function pickRow() {
  const project = projectSelect(null, { name: "project" });
  const task = h("select", { name: "task" });
  fillTasks(task, null, null);
  project.addEventListener("change", () => fillTasks(task, idOf(project), null));
  return modal("Add a row", (close) => h("form", {
    onsubmit: (ev) => {
      ev.preventDefault();
      close({ project_id: idOf(project), task_id: idOf(task) });
    } },
  field("Project", project), field("Task", task),
  h("div", { class: "actions" },
    h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => close(null) }),
    h("button", { type: "submit", class: "btn primary", text: "Add row" }))));
}
