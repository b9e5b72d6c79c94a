// The Timesheet page: the week as a grid (a row per project and task, a column per day of the
// user's week) where hours typed into a cell are saved on Enter or on leaving it, with undo.
//
// Notes:
// The grid reads GET /reports/timesheet (one request per week) and changes one cell at a time with
// PUT /timesheet/cells: the server extends, adds, shortens or removes entries in one transaction
// (punchclock.timesheet.service), so the page never juggles entries itself. A change needs the
// server: what it does depends on the day's entries as they are then, which an offline queue cannot
// know, so offline the grid shows its last copy read-only and says so. A typed value that failed to
// save stays in its cell, marked, until it is saved or Esc drops it.

import { api, get, query } from "../api.js";
import { h, icon } from "../dom.js";
import { MAX_DAY, parseHours } from "../hours.js";
import { arrange, rowKey, totals, withCell } from "../sheet.js";
import { onShortcut } from "../shortcuts.js";
import { reason, retrier, retryable } from "../stale.js";
import { forgetPeriods, state, subscribe, tz, weekStart } from "../store.js";
import { addDays, dateFromIso, formatDuration, isoDate, periodLabel, shortDay, startOfWeek } from "../time.js";
import { confirmDialog, showError, toast } from "../ui.js";
import { cellKey, dayName, fixedCell, moveFocus, names, pickRow, rowName, runningCells, undoCell } from "./sheetparts.js";
import { staleNotice } from "../keep.js";
import { lockNote } from "../locks.js";

const weeks = new Map(); // week (its first day, ISO) -> { sheet, at }: shown at once when coming back
const unsaved = new Map(); // cell key -> { text, message, retry }: typed values not saved yet
const saving = new Map(); // cell key -> the text on its way to the server
let weekAt = Date.now();
let phoneDay = null; // the day (0-6) a phone shows
let added = []; // rows added by hand to the week shown: [{ project_id, task_id }]
let order = []; // row keys in the order shown this week
let orderWeek = null;

const fmt = (s) => formatDuration(s, state.prefs.duration);
const offline = () => state.conn === "offline";

export function mount(main) {
  const offs = [];
  const retry = retrier();
  const label = h("h2", { class: "period-label", "aria-live": "polite" });
  const total = h("span", { class: "period-total ts-week-total" });
  const nav = h("div", { class: "period-nav" },
    h("button", { type: "button", class: "icon-btn", "aria-label": "Previous week", title: "Previous week (←)", onclick: () => go(-1) }, icon("left")),
    h("button", { type: "button", class: "btn small", text: "This week", onclick: () => go(0) }),
    h("button", { type: "button", class: "icon-btn", "aria-label": "Next week", title: "Next week (→)", onclick: () => go(1) }, icon("right")));
  const addButton = h("button", { type: "button", class: "btn small", onclick: () => addRow() }, icon("plus"), h("span", { text: "Add row" }));
  const notice = h("p", { class: "stale-notice", role: "status", hidden: true });
  const locked = h("div", { class: "period-lock" }); // why the week's locked days are locked
  const dayPicker = h("div", { class: "ts-days", role: "group", "aria-label": "Day shown" });
  const grid = h("div", { class: "card ts-wrap" });
  const message = h("div", { class: "ts-msg", role: "alert", hidden: true });
  const hint = h("p", { class: "muted ts-hint", text: "Type 1:30, 1.5 or 90m into a day and press Enter (0 clears it). New time goes after the day's last entry, or from 09:00 on an empty day." });
  main.append(h("div", { class: "page-head" }, h("h1", { text: "Timesheet" })),
    h("div", { class: "period" }, nav, label, total, h("span", { class: "spacer" }), addButton),
    notice, locked, dayPicker, grid, message, hint);

  let shown = null; // { week, entry } on screen
  let stale = null; // { reason, retryAt } or { error } when the week's last read failed
  let seq = 0;
  let inputs = []; // [row][day] -> <input>
  let paint = null; // repaints the totals in place after a saved cell
  let deferred = false; // a reload came while a cell was being typed into

  const weekIso = () => isoDate(startOfWeek(weekAt, tz(), weekStart()), tz());

  async function load() {
    const week = weekIso();
    const mine = ++seq;
    const seen = weeks.get(week);
    if (seen && (!shown || shown.week !== week)) show(week, seen, null);
    try {
      const data = await get(`/reports/timesheet?${query({ week })}`);
      if (mine !== seq) return;
      retry.succeeded();
      const entry = { sheet: data.timesheet, at: Date.now() };
      weeks.set(week, entry);
      if (weeks.size > 12) weeks.delete(weeks.keys().next().value);
      show(week, entry, null);
    } catch (err) {
      if (mine !== seq) return;
      const copy = seen || (shown && shown.week === week ? shown.entry : null);
      if (!retryable(err)) return show(week, copy, { error: err.message });
      const retryAt = retry.later(err, () => weekIso() === week && load());
      show(week, copy, { reason: reason(err), retryAt });
    }
  }

  function show(week, entry, failure) {
    if (orderWeek !== week) {
      orderWeek = week;
      order = [];
      added = [];
      phoneDay = null;
    }
    shown = { week, entry, rows: shown && shown.week === week ? shown.rows : [] };
    stale = failure;
    const editing = document.activeElement && document.activeElement.classList.contains("ts-cell")
      && document.activeElement.value !== document.activeElement.dataset.shown;
    if (editing && grid.contains(document.activeElement) && entry && !failure) {
      deferred = true; // redrawn once the typing is saved or dropped
      return;
    }
    render();
  }

  function render() {
    deferred = false;
    const { week, entry } = shown;
    label.textContent = periodLabel("week", dateFromIso(week, tz()), tz());
    notice.hidden = !stale && !offline();
    notice.textContent = stale && stale.error ? `This week could not be loaded: ${stale.error}`
      : stale ? staleNotice("This week", stale.reason, stale.retryAt, entry && entry.at)
        : offline() ? "You are offline: the timesheet shows its last copy and can be changed once the connection returns." : "";
    if (!entry) {
      total.textContent = "";
      dayPicker.replaceChildren();
      grid.replaceChildren(h("p", { class: "loading", "aria-busy": stale ? "false" : "true", text: stale ? "Not loaded yet." : "Loading…" }));
      return;
    }
    const sheet = entry.sheet;
    locked.replaceChildren(lockNote(dateFromIso(week, tz()), addDays(dateFromIso(week, tz()), 7, tz())) || "");
    const arranged = arrange(order, sheet.rows, added, names);
    order = arranged.order;
    const rows = arranged.rows;
    const today = isoDate(Date.now(), tz());
    if (phoneDay === null) phoneDay = Math.max(0, sheet.days.indexOf(today));
    const focused = document.activeElement && grid.contains(document.activeElement) ? document.activeElement : null;
    const keep = focused && focused.dataset.key ? { key: focused.dataset.key, start: focused.selectionStart, end: focused.selectionEnd } : null;
    const running = runningCells(sheet.days);
    shown.rows = rows;
    const off = (i) => (i === phoneDay ? null : "off");

    const head = h("tr", {}, h("th", { scope: "col", class: "ts-name", text: "Project / task" }),
      sheet.days.map((d, i) => {
        const s = shortDay(dateFromIso(d, tz()), tz());
        return h("th", { scope: "col", class: ["ts-day", d === today ? "today" : null, off(i)].filter(Boolean).join(" "), "aria-label": dayName(d) },
          h("span", { class: "tl-wd", text: s.weekday }), " ", h("span", { class: "tl-dn", text: String(s.day) }));
      }),
      h("th", { scope: "col", class: "ts-total" }, h("span", { class: "wide", text: "Total" }), h("span", { class: "narrow", text: "Week" })));
    inputs = [];
    const rowTotals = [];
    const body = rows.map((row, r) => {
      const swatch = h("span", { class: "swatch" });
      const project = state.projects.find((p) => p.id === row.project_id);
      swatch.style.setProperty("--c", (project && project.color) || "var(--muted)");
      const cells = sheet.days.map((d, i) => {
        const input = cellInput(row, r, i, d, running.has(cellKey(d, row.key)));
        (inputs[r] ||= [])[i] = input;
        return h("td", { class: ["ts-cell-td", d > today ? "future" : null, d === today ? "today" : null, off(i)].filter(Boolean).join(" ") }, input);
      });
      const rowTotal = h("td", { class: "ts-total num" });
      rowTotals.push(rowTotal);
      return h("tr", { "data-row": row.key },
        h("th", { scope: "row", class: row.project_id ? "ts-name" : "ts-name none" }, swatch,
          h("span", { class: "ts-project", text: row.project }), row.task ? h("span", { class: "ts-task", text: row.task }) : null),
        cells, rowTotal);
    });
    if (!rows.length) {
      body.push(h("tr", {}, h("td", { colspan: "9", class: "empty" },
        "Nothing tracked this week. ", h("button", { type: "button", class: "link", text: "Add a row", onclick: () => addRow() }), " to type hours into it.")));
    }
    const dayTotals = sheet.days.map((d, i) => h("td", { class: `num ${off(i) || ""}` }));
    const weekTotal = h("td", { class: "num ts-total" });
    const table = h("table", { class: "ts", "aria-label": `Timesheet, ${label.textContent}` },
      h("thead", {}, head), h("tbody", {}, body),
      h("tfoot", {}, h("tr", {}, h("th", { scope: "row", class: "ts-name", text: "Total" }), dayTotals, weekTotal)));
    const pickerButtons = sheet.days.map((d, i) => {
      const s = shortDay(dateFromIso(d, tz()), tz());
      return h("button", { type: "button", "aria-pressed": i === phoneDay ? "true" : "false", class: d === today ? "today" : null,
        onclick: () => { phoneDay = i; render(); } },
      h("span", { class: "tl-wd", text: s.weekday }), h("span", { class: "tl-dn", text: String(s.day) }), h("small", {}));
    });
    dayPicker.replaceChildren(...pickerButtons);
    paint = () => {
      const t = totals(rows);
      rows.forEach((row, r) => (rowTotals[r].textContent = fmt(row.days.reduce((a, b) => a + b, 0))));
      t.days.forEach((s, i) => {
        dayTotals[i].textContent = fmt(s);
        pickerButtons[i].lastChild.textContent = s ? fmt(s) : "";
      });
      weekTotal.textContent = fmt(t.seconds);
      total.textContent = `${fmt(t.seconds)} this week`;
    };
    paint();
    grid.replaceChildren(table);
    say();
    if (keep) {
      const again = grid.querySelector(`input[data-key="${CSS.escape(keep.key)}"]`);
      if (again) {
        again.focus({ preventScroll: true });
        again.setSelectionRange(keep.start, keep.end);
      }
    }
  }

  function cellInput(row, r, i, date, running) {
    const key = cellKey(date, row.key);
    const seconds = row.days[i];
    const text = seconds ? fmt(seconds) : "";
    const failed = unsaved.get(key);
    const typed = saving.has(key) ? saving.get(key) : failed && failed.text;
    const fixed = fixedCell(date, running); // a locked day, or the running timer's row
    const input = h("input", { type: "text", class: "ts-cell", autocomplete: "off", spellcheck: "false", enterkeyhint: "done",
      "aria-label": `${rowName(row)}, ${dayName(date)}`, value: typed ?? text, readonly: fixed || offline() ? "" : null,
      "aria-busy": saving.has(key) ? "true" : null, title: fixed && fixed.why });
    Object.assign(input.dataset, { key, shown: text, seconds: String(seconds), r: String(r), c: String(i), date, row: row.key });
    if (fixed) input.classList.add(fixed.class);
    if (seconds) input.classList.add("has");
    if (failed) mark(input, failed.message);
    return input;
  }

  function mark(input, text) {
    input.classList.add("failed");
    input.setAttribute("aria-invalid", "true");
    input.title = text;
    say(input.dataset.key);
  }

  function unmark(input) {
    input.classList.remove("failed");
    input.removeAttribute("aria-invalid");
    input.removeAttribute("title");
    say();
  }

  /** The line under the grid: why the cell `key` was not saved, else the latest such cell's why. */
  function say(key = null) {
    const days = shown && shown.entry ? shown.entry.sheet.days : [];
    const mine = [...unsaved.keys()].filter((k) => days.includes(k.split("|")[0]));
    const about = key && unsaved.has(key) ? key : mine[mine.length - 1];
    message.hidden = !about;
    if (!about) return;
    const [date, rk] = about.split("|");
    const row = (shown.rows || []).find((x) => x.key === rk);
    message.replaceChildren(h("span", { text: `${dayName(date)} · ${row ? rowName(row) : ""}: ${unsaved.get(about).message}` }));
    if (mine.some((k) => unsaved.get(k).retry)) {
      message.append(h("button", { type: "button", class: "btn small", text: "Try again", onclick: () => retryUnsaved() }));
    }
  }

  function revert(input) {
    unsaved.delete(input.dataset.key);
    input.value = input.dataset.shown;
    unmark(input);
    input.select();
    if (deferred) render();
  }

  // The cell's input now: a reload may have drawn the grid again while a save was on its way.
  const live = (key, fallback) => grid.querySelector(`input[data-key="${CSS.escape(key)}"]`) || fallback;

  async function commit(input, force = false) {
    const key = input.dataset.key;
    if (saving.has(key) || input.readOnly) return;
    const text = input.value.trim();
    if (!force && text === input.dataset.shown && !unsaved.has(key)) return;
    const seconds = parseHours(text);
    const current = Number(input.dataset.seconds);
    if (seconds === null || seconds > MAX_DAY) {
      const why = seconds === null ? `"${text}" is not a duration: type 1:30, 1.5, 90m or 2h` : "A day holds at most 24:00";
      unsaved.set(key, { text, message: why, retry: false });
      return mark(input, why);
    }
    if (seconds === current && !force) return revert(input);
    const row = shown.rows[Number(input.dataset.r)];
    const { week } = shown;
    const day = Number(input.dataset.c);
    saving.set(key, text);
    if (seconds === 0 && current > 0) {
      const ok = await confirmDialog("Clear this day", `Delete the ${fmt(current)} tracked on ${dayName(input.dataset.date)} for ${rowName(row)}?`, "Clear");
      saving.delete(key);
      if (!ok) return revert(live(key, input));
      saving.set(key, text);
      live(key, input).focus();
    }
    live(key, input).setAttribute("aria-busy", "true");
    const body = { date: input.dataset.date, project_id: row.project_id, task_id: row.task_id, seconds };
    try {
      const res = await api("PUT", "/timesheet/cells", body);
      saving.delete(key);
      unsaved.delete(key);
      saved(week, row, day, res.cell.seconds);
      const now = res.cell.seconds ? fmt(res.cell.seconds) : "";
      const cell = live(key, input);
      if (cell.value.trim() === text) cell.value = now;
      Object.assign(cell.dataset, { shown: now, seconds: String(res.cell.seconds) });
      cell.classList.toggle("has", res.cell.seconds > 0);
      unmark(cell);
      if (document.activeElement === cell) cell.select();
      forgetPeriods(); // the Track page's copies hold the old entries
      if (res.undo) {
        toast(`${now ? `${now} on` : "Cleared"} ${dayName(body.date)} · ${rowName(row)}`,
          { action: "Undo", onAction: () => undoCell(res.undo).then(load), timeout: 10000 });
      }
    } catch (err) {
      saving.delete(key);
      if (err.code === "period_locked" || err.code === "overlap") {
        showError(err); // a lock: the day is drawn read-only once js/locks.js has heard of it
        return revert(live(key, input));
      }
      const again = retryable(err);
      const why = again ? `Not saved: ${reason(err)}. What you typed stays here; press Enter or Try again.` : err.message;
      unsaved.set(key, { text, message: why, retry: again });
      mark(live(key, input), why);
    } finally {
      live(key, input).removeAttribute("aria-busy");
      const active = document.activeElement;
      if (deferred && !(active && active.classList.contains("ts-cell") && active.value !== active.dataset.shown)) render();
    }
  }

  /** Keep a saved cell in the week's copy and, if on screen, in the totals. */
  function saved(week, row, day, seconds) {
    const entry = weeks.get(week);
    if (entry) entry.sheet.rows = withCell(entry.sheet.rows, row, day, seconds);
    const now = shown.week === week && shown.rows.find((r) => r.key === row.key);
    if (!now) return;
    now.days[day] = seconds;
    paint();
  }

  function retryUnsaved() {
    for (const input of grid.querySelectorAll("input.ts-cell.failed")) {
      const u = unsaved.get(input.dataset.key);
      if (u && u.retry) commit(input, true);
    }
  }

  grid.addEventListener("keydown", (ev) => {
    const input = ev.target;
    if (!input.classList.contains("ts-cell")) return;
    const all = input.selectionStart === 0 && input.selectionEnd === input.value.length;
    if (ev.key === "Enter") commit(input, unsaved.has(input.dataset.key));
    else if (ev.key === "Escape") revert(input);
    else if (ev.key === "ArrowUp") moveFocus(inputs, input, -1, 0);
    else if (ev.key === "ArrowDown") moveFocus(inputs, input, 1, 0);
    else if (ev.key === "ArrowLeft" && (all || input.selectionEnd === 0)) moveFocus(inputs, input, 0, -1);
    else if (ev.key === "ArrowRight" && (all || input.selectionStart === input.value.length)) moveFocus(inputs, input, 0, 1);
    else return;
    ev.preventDefault();
    ev.stopPropagation();
  });
  grid.addEventListener("focusin", (ev) => {
    if (!ev.target.classList.contains("ts-cell")) return;
    ev.target.select();
    const u = unsaved.get(ev.target.dataset.key);
    if (u) mark(ev.target, u.message);
  });
  grid.addEventListener("focusout", (ev) => {
    if (ev.target.classList.contains("ts-cell") && ev.target.isConnected) commit(ev.target);
  });

  function go(steps) {
    weekAt = steps ? addDays(weekAt, 7 * steps, tz()) : Date.now();
    load();
  }

  async function addRow() {
    const picked = await pickRow();
    if (!picked || !shown) return;
    const key = rowKey(picked.project_id, picked.task_id);
    if (!order.includes(key)) added.push(picked);
    render();
    const r = order.indexOf(key);
    const target = inputs[r] && (inputs[r][phoneDay] || inputs[r][0]);
    if (target) target.focus();
  }

  let timer = null;
  const reloadSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(load, 250);
  };
  offs.push(subscribe((what) => {
    if (what === "entries") reloadSoon();
    else if (["conn", "prefs", "base", "locks"].includes(what) && shown) render();
  }));
  offs.push(onShortcut("prev", () => go(-1)), onShortcut("next", () => go(1)), onShortcut("today", () => go(0)));
  const online = () => retryUnsaved();
  window.addEventListener("online", online);
  load();
  return {
    destroy: () => {
      offs.forEach((off) => off());
      clearTimeout(timer);
      retry.succeeded();
      window.removeEventListener("online", online);
      seq += 1; // answers still on their way are for a page no longer shown
    },
  };
}

// A typed value the server could not be reached to save is not lost by closing the tab unasked.
window.addEventListener("beforeunload", (ev) => {
  if ([...unsaved.values()].some((u) => u.retry)) ev.preventDefault();
});
