// The Track page: the timer, the period (day or week) as a timeline and as a list, navigation.

import { h, icon } from "../dom.js";
import { onShortcut } from "../shortcuts.js";
import { isManager, range, runningTimer, setPrefs, state, subscribe, tz, viewKind, visibleEntries, loadPeriod } from "../store.js";
import { firstOverlap, sharedSeconds } from "../overlap.js";
import { formatDuration, formatTime, isoDate, periodLabel, shiftPeriod, workedSeconds } from "../time.js";
import { showError } from "../ui.js";
import { changeWithUndo } from "../undo.js";
import { entryDialog } from "./entrydialog.js";
import { entryList } from "./entrylist.js";
import { presetBar } from "./presetbar.js";
import { searchPanel } from "./searchpanel.js";
import { timeline } from "./timeline.js";
import { dragging } from "./tldrag.js";
import { resume, timerBar } from "./timerbar.js";
import { weekDays } from "./weekdays.js";
import { workdayCard } from "./workday.js";
import { stripDays } from "./wtstrip.js";
import { staleNotice } from "../keep.js";
import { lockAt, lockNote, lockSentence, locksKey } from "../locks.js";
import { dayMarks, forgetMarks } from "../absencedays.js";

// Below this width a week is a list of days (weekdays.js), not seven columns.
const PHONE = matchMedia("(max-width: 600px)");

/** Save a drag on the timeline, saying what changed (and what it now overlaps), with Undo. */
function saveDrag(e, body, mode, [s, f]) {
  const zone = tz();
  const at = (ms) => formatTime(ms, zone, state.prefs.clock);
  const mine = state.entries.filter((x) => x.user_id === e.user_id);
  const clash = firstOverlap(s, f ?? Date.now(), mine, e.id);
  const verb = mode === "move" ? "moved" : mode === "start" ? "now starts" : "now ends";
  const text = `Entry ${verb} ${mode === "move" ? `to ${at(s)}–${f === null ? "now" : at(f)}` : `at ${at(mode === "start" ? s : f)}`}.`;
  const warning = clash ? ` It overlaps "${clash.notes || clash.project || "an entry"}".` : "";
  return changeWithUndo(e, body, text + warning).catch((err) => {
    showError(err);
    throw err;
  });
}

/** What a new user sees first, right under the timer: how to start. */
function welcomeCard() {
  const steps = [
    "Type what you are working on in the box above (add #tags if you like) and press Start. Press Stop when you are done.",
    "Forgot to start it? Use Add for time already worked, or Earlier… to start the timer in the past.",
    isManager()
      ? "Group your time by project: Projects → New project. A project's tag (#website) picks it as you type."
      : "Projects are set up by a manager; pick one next to the description, or type its #tag.",
  ];
  return h("section", { class: "card welcome", "aria-label": "Getting started", hidden: true },
    h("h2", { text: "Welcome to Punchclock" }),
    h("ol", {}, steps.map((text) => h("li", { text }))));
}

export function mount(main) {
  const offs = [];
  const workday = workdayCard();
  const timer = timerBar(() => entryDialog(null), workday.node);
  const label = h("h2", { class: "period-label", "aria-live": "polite" });
  const total = h("span", { class: "period-total" });
  const search = h("input", { type: "search", placeholder: "Search all entries", "aria-label": "Search entries", class: "search" });
  const kinds = h("div", { class: "seg", role: "group", "aria-label": "View" });
  for (const kind of ["day", "week"]) {
    kinds.append(h("button", { type: "button", "data-kind": kind, text: kind === "day" ? "Day" : "Week", onclick: () => setKind(kind) }));
  }
  const nav = h("div", { class: "period-nav" },
    h("button", { type: "button", class: "icon-btn", "aria-label": "Previous period", title: "Previous (←)", onclick: () => go(-1) }, icon("left")),
    h("button", { type: "button", class: "btn small", text: "Today", onclick: () => go(0) }),
    h("button", { type: "button", class: "icon-btn", "aria-label": "Next period", title: "Next (→)", onclick: () => go(1) }, icon("right")));
  const bar = h("div", { class: "period" }, nav, label, total, h("span", { class: "spacer" }), search, kinds);
  const tl = h("div", { class: "tl-wrap card" });
  const list = h("div", { class: "list-wrap" });
  const notice = h("p", { class: "stale-notice", role: "status", hidden: true });
  const locked = h("div", { class: "period-lock" }); // why this period's time is locked, if it is
  const welcome = welcomeCard();
  const presets = presetBar();
  const found = searchPanel(search, (e) => {
    // A result opens in its own week (fetched if need be), in the entry dialog.
    state.view.at = Date.parse(e.start_time);
    loadPeriod().catch(showError);
    if (state.shown !== range()[0]) draw();
    entryDialog(e);
  });
  main.append(timer.node, presets.node, welcome, bar, found.node, notice, locked, tl, h("h2", { class: "section-title", text: "Entries" }), list);

  // New time goes nowhere locked: a click or a drag there says why instead (the server decides too).
  const onLocked = (lock) => showError(lockSentence(lock));
  const create = (start, end, asked = end) => {
    const lock = lockAt(start, asked);
    return lock ? onLocked(lock) : entryDialog(null, { start, end });
  };
  const handlers = {
    onEdit: (e) => entryDialog(e),
    onResume: (e) => resume(e),
    onCreateAt: (at) => create(at, at + 3600000, at + 1), // the slot clicked; the dialog checks the hour
    onCreateSpan: (start, end) => create(start, end),
    onChange: saveDrag,
    onLocked,
    onDay: (at) => {
      state.view.kind = "day";
      state.view.at = at;
      loadPeriod().catch(showError);
      draw();
    },
  };
  let lastTimer = "";
  let lastDrawn = "";
  const draw = (force = false) => {
    const [start] = range();
    const kind = viewKind() === "day" ? "day" : "week";
    const q = search.value.trim().toLowerCase();
    let entries = visibleEntries();
    if (q) entries = entries.filter((e) => `${e.notes} ${e.project || ""} ${e.task || ""}`.toLowerCase().includes(q));
    // A refetch mostly brings the same entries again: then there is nothing to redraw.
    const loaded = state.shown === start;
    const stale = state.stale && state.stale.start === start ? state.stale : null;
    const drawn = [kind, start, q, loaded, stale && stale.retryAt, JSON.stringify(state.prefs), tz(), locksKey(), ...entries.map((e) => `${e.id}/${e.updated_at}/${e.end_time}/${e.paused_at}/${e.break_seconds}/${e.pending}`)].join("|");
    const key = JSON.stringify(timerKey());
    if (key !== lastTimer) {
      lastTimer = key;
      timer.render();
      workday.refresh(); // a timer started, stopped or paused anywhere is a workday change
    }
    if (!force && drawn === lastDrawn) return;
    // Mid-drag the entry stays under the pointer; the drop redraws (its change emits "entries").
    if (dragging()) return;
    lastDrawn = drawn;
    label.textContent = periodLabel(kind, start, tz());
    for (const b of kinds.children) b.setAttribute("aria-pressed", b.dataset.kind === kind ? "true" : "false");
    notice.hidden = !stale;
    notice.textContent = stale ? staleNotice("This period", stale.reason, stale.retryAt, loaded && (stale.copyAt || true)) : "";
    if (!loaded) {
      // Not fetched yet (or it failed with no copy to show): never an empty period and "0:00 total".
      total.textContent = "";
      tl.replaceChildren(h("p", { class: "loading", "aria-busy": stale ? "false" : "true", text: stale ? "Not loaded yet." : "Loading…" }));
      list.replaceChildren();
      return;
    }
    // The total adds the entries up; time they share is named, not hidden (README: overlaps).
    const twice = sharedSeconds(entries, Date.now(), start, range()[1]);
    total.textContent = `${formatDuration(entries.reduce((s, e) => s + workedSeconds(e, Date.now(), start, range()[1]), 0), state.prefs.duration)} total`
      + (twice ? ` · incl. ${formatDuration(twice, state.prefs.duration)} overlapping` : "");
    locked.replaceChildren(lockNote(start, range()[1]) || "");
    if (state.newcomer && entries.length) state.newcomer = false;
    welcome.hidden = !state.newcomer;
    handlers.marks = dayMarks(start, range()[1], () => draw(true)); // days off: a label on the day
    const days = kind === "week" && PHONE.matches ? weekDays(start, entries, handlers) : null;
    tl.classList.toggle("as-list", Boolean(days));
    tl.replaceChildren(days || timeline(start, kind === "day" ? 1 : 7, entries, handlers));
    if (!days) stripDays(tl, isoDate(start, tz()), isoDate(range()[1] - 1, tz()));
    list.replaceChildren(entryList(entries, handlers));
  };
  const go = (steps) => {
    state.view.at = steps ? shiftPeriod(viewKind(), state.view.at, steps, tz()) : Date.now();
    loadPeriod().catch(showError); // shows a period it has seen at once, before fetching it again
    if (state.shown !== range()[0]) draw();
  };
  const setKind = (kind) => {
    state.view.kind = kind;
    setPrefs({ view: kind });
    go(0);
  };
  search.addEventListener("input", () => draw());
  offs.push(subscribe((what) => ["entries", "prefs", "base", "locks"].includes(what) && draw(what !== "entries")));
  offs.push(subscribe((what) => what === "absences" && (forgetMarks(), draw(true))));
  offs.push(onShortcut("prev", () => go(-1)), onShortcut("next", () => go(1)), onShortcut("today", () => go(0)));
  offs.push(onShortcut("day", () => setKind("day")), onShortcut("week", () => setKind("week")));
  offs.push(onShortcut("new", () => entryDialog(null)), onShortcut("search", () => search.focus()));
  swipe(tl, go);
  const resized = () => draw(true);
  PHONE.addEventListener("change", resized);
  offs.push(() => PHONE.removeEventListener("change", resized));
  const minute = setInterval(() => draw(true), 60000); // moves the "now" line
  lastTimer = JSON.stringify(timerKey());
  draw(true);
  loadPeriod().catch(showError);
  return { destroy: () => { offs.forEach((off) => off()); timer.destroy(); workday.destroy(); presets.destroy(); found.destroy(); clearInterval(minute); } };
}

function timerKey() {
  const t = runningTimer();
  return t ? [t.id, t.notes, t.start_time, t.project, t.paused_at, t.break_seconds, t.pending] : null;
}

/** A horizontal swipe on the timeline moves to the previous or next period. */
function swipe(el, go) {
  let x0 = null;
  let y0 = null;
  el.addEventListener("touchstart", (ev) => {
    x0 = ev.touches[0].clientX;
    y0 = ev.touches[0].clientY;
  }, { passive: true });
  el.addEventListener("touchend", (ev) => {
    if (x0 === null) return;
    const dx = ev.changedTouches[0].clientX - x0;
    const dy = ev.changedTouches[0].clientY - y0;
    x0 = null;
    if (Math.abs(dx) > 60 && Math.abs(dx) > 2 * Math.abs(dy)) go(dx < 0 ? 1 : -1);
  }, { passive: true });
}
