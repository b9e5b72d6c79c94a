// The timer: what you are doing, on which project, since when; start, stop, start earlier, add.

import { h, icon } from "../dom.js";
import { onShortcut } from "../shortcuts.js";
import { entryBody, pauseTimer, runningTimer, startTimer, state, stopTimer, tz } from "../store.js";
import { formatDuration, formatTime, fromLocalInput, localInput, workedSeconds } from "../time.js";
import { showError, toast } from "../ui.js";
import { entryDialog } from "./entrydialog.js";
import { described } from "../suggest.js";
import { extraTags } from "../tags.js";
import { flaggedIds, withOverlapNote } from "../overlap.js";
import { elapsedFrom } from "./entrylist.js";
import { describeInput, fillTasks, followEntry, followProject, idOf, projectSelect } from "./pickers.js";

export function timerBar(onAdd, footer = null) {
  const root = h("section", { class: "timer card", "aria-label": "Timer" });
  const offs = [];

  const render = () => {
    const running = runningTimer();
    root.replaceChildren(running ? runningView(running) : idleView());
    if (footer) root.append(footer); // the workday card (js/views/workday.js), kept across renders
  };

  const runningView = (t) => {
    const stop = h("button", { class: "btn stop", type: "button", "aria-label": "Stop timer", "data-action": "stop" }, icon("stop"), h("span", { text: "Stop" }));
    stop.addEventListener("click", () => stopTimer().catch(showError));
    const paused = Boolean(t.paused_at);
    const clock = state.prefs.clock;
    // Pause and resume: the clock stops while paused, and the pause is never counted as worked time.
    const hold = h("button", { class: "btn ghost hold", type: "button", "aria-label": paused ? "Resume timer" : "Pause timer", "data-action": paused ? "resume" : "pause", disabled: Boolean(t.pending), title: paused ? "Resume (the pause is not counted)" : "Pause (for a break)" },
      icon(paused ? "play" : "pause"), h("span", { text: paused ? "Resume" : "Pause" }));
    hold.addEventListener("click", async () => {
      hold.disabled = true;
      try {
        await pauseTimer(paused);
      } catch (err) {
        hold.disabled = false;
        showError(err);
      }
    });
    const said = t.notes || (t.source === "workday" ? "Workday" : ""); // clocked in without a description
    const since = paused ? `paused at ${formatTime(Date.parse(t.paused_at), tz(), clock)}` : `since ${formatTime(Date.parse(t.start_time), tz(), clock)}`;
    const breakNote = t.break_seconds ? `${formatDuration(t.break_seconds, state.prefs.duration)} break` : null;
    const what = h("button", { type: "button", class: "timer-what editable", "aria-label": `Edit the running entry: ${said || "no description"}`, disabled: Boolean(t.pending) },
        h("strong", { class: "timer-notes", text: said || "(no description)" }),
        h("span", { class: "muted", text: [t.project, since, breakNote].filter(Boolean).join(" · ") }),
        t.pending ? h("span", { class: "badge", text: "waiting to sync" }) : null,
        paused ? h("span", { class: "badge paused", text: "Paused" }) : null);
    what.addEventListener("click", () => entryDialog(t));
    const elapsed = paused
      ? h("span", { class: "elapsed", text: formatDuration(workedSeconds(t), "hms"), "aria-label": "Worked time (paused)" })
      : h("span", { class: "elapsed", "data-elapsed": elapsedFrom(t), "aria-label": "Elapsed time" });
    return h("div", { class: paused ? "timer-row running paused" : "timer-row running" },
      h("span", { class: "pulse", "aria-hidden": "true" }),
      what,
      elapsed,
      h("div", { class: "timer-buttons" }, hold, stop));
  };

  const idleView = () => {
    const project = projectSelect(null, { "aria-label": "Project", class: "timer-project" });
    const task = h("select", { "aria-label": "Task", class: "timer-task" });
    fillTasks(task, null, null);
    project.addEventListener("change", () => fillTasks(task, idOf(project), null));
    // A picked earlier entry brings its billable too, while its description stays as picked.
    let picked = null;
    const follow = followEntry(project, task);
    const desc = describeInput({ placeholder: "What are you working on? #tags", "aria-label": "Description", class: "timer-desc" }, followProject(project, task), (e) => {
      picked = e;
      follow(e);
    });
    const earlier = h("input", { type: "datetime-local", "aria-label": "Started at", class: "timer-earlier", hidden: true });
    const earlierBtn = h("button", { type: "button", class: "btn ghost small", text: "Earlier…", title: "Start the timer at an earlier time" });
    earlierBtn.addEventListener("click", () => {
      earlier.hidden = !earlier.hidden;
      earlier.value = localInput(Date.now() - 15 * 60000, tz());
      if (!earlier.hidden) earlier.focus();
    });
    const start = h("button", { class: "btn primary start", type: "submit", "aria-label": "Start timer" }, icon("play"), h("span", { text: "Start" }));
    const add = h("button", { class: "btn ghost", type: "button", "aria-label": "Add a finished entry", title: "Add a finished entry (n)" }, icon("plus"), h("span", { text: "Add" }));
    add.addEventListener("click", () => onAdd());
    const form = h("form", { class: "timer-row" }, desc.node, project, task,
      h("div", { class: "timer-buttons" }, earlierBtn, earlier, start, add), continueLast());
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      let startAt = null;
      if (!earlier.hidden && earlier.value) {
        startAt = fromLocalInput(earlier.value, tz());
        if (startAt > Date.now()) return toast("The start time is in the future.", { error: true });
      }
      const body = entryBody({ notes: desc.input.value, project_id: idOf(project), task_id: idOf(task) });
      if (picked && desc.input.value === described(picked) && typeof picked.billable === "boolean") body.billable = picked.billable;
      if (startAt) body.start_time = new Date(startAt).toISOString();
      try {
        start.disabled = true;
        const answer = await startTimer(body);
        if (flaggedIds(answer).length) toast(withOverlapNote("Timer started.", answer, state.entries)); // the "warn" rule
      } catch (err) {
        start.disabled = false;
        showError(err);
      }
    });
    return form;
  };

  offs.push(onShortcut("start", () => {
    if (runningTimer()) stopTimer().catch(showError);
    else root.querySelector(".timer-desc")?.focus();
  }));
  render();
  return { node: root, render, destroy: () => offs.forEach((off) => off()) };
}

/** "Continue: <the latest entry>", one click from the idle timer bar (nothing when there is none). */
function continueLast() {
  const latest = [...state.entries, ...state.recent].filter((e) => e.end_time && (!state.user || e.user_id === state.user.id))
    .sort((a, b) => (a.end_time < b.end_time ? 1 : -1))[0];
  if (!latest) return null;
  const what = described(latest) || latest.project || "(no description)";
  return h("button", { type: "button", class: "link continue-last", title: "Start a new timer like your latest entry",
    "aria-label": `Continue: ${what}`, onclick: () => resume(latest) }, icon("play"), h("span", { text: `Continue: ${what}` }));
}

/** Resume: start a new timer like a past entry. */
export function resume(entry) {
  const body = { notes: entry.notes, tags: extraTags(entry), project_id: entry.project_id, task_id: entry.task_id, billable: entry.billable };
  return startTimer(body).catch(showError);
}
