// Dragging on the timeline: on empty time to draw a new entry, on an entry to move it (to another
// time, or another day of the week), on its top or bottom edge to change its start or end.
// Notes: mouse and pen only. On a touch screen a drag scrolls the day, and a tap opens the editor,
// which is where times change on a phone. Times snap to 5 minutes; a move keeps the entry's length
// to the second. Nothing is saved while dragging: the drop makes one change, which can be undone.
// Locked time (geo.locked, from js/locks.js) takes no drop: a drag into it snaps back and says why
// (geo.onLocked); a press on it starts no drag, so its click says why instead.

import { h } from "../dom.js";
import { addDays } from "../time.js";

const SNAP = 300000;
const SLOP = 4; // pixels a press moves before it counts as a drag
let active = false;
let suppressClick = false;

/** A drag is under way: redrawing now would pull the entry out from under the pointer. */
export const dragging = () => active;

const snap = (ms) => Math.round(ms / SNAP) * SNAP;

/** Track one press from pointerdown to pointerup, in the timeline body's content coordinates so
 * that scrolling during the drag (near the top or bottom edge) keeps the mapping right. */
function track(ev, el, body, { onMove, onDrop }) {
  const y = (e) => e.clientY - body.getBoundingClientRect().top + body.scrollTop;
  const x0 = ev.clientX;
  const y0 = y(ev);
  let moved = false;
  el.setPointerCapture(ev.pointerId);
  const move = (e) => {
    if (!moved && Math.abs(y(e) - y0) < SLOP && Math.abs(e.clientX - x0) < SLOP) return;
    moved = true;
    active = true;
    const rect = body.getBoundingClientRect();
    if (e.clientY < rect.top + 24) body.scrollTop -= 12;
    else if (e.clientY > rect.bottom - 24) body.scrollTop += 12;
    onMove(y(e) - y0, e.clientX - x0);
  };
  const end = (e) => {
    el.removeEventListener("pointermove", move);
    el.removeEventListener("pointerup", end);
    el.removeEventListener("pointercancel", end);
    active = false;
    if (!moved) return;
    // The click that follows this pointerup is the end of a drag, not a click.
    suppressClick = true;
    setTimeout(() => (suppressClick = false), 0);
    onDrop(e.type === "pointerup" ? y(e) - y0 : null, e.clientX - x0);
  };
  el.addEventListener("pointermove", move);
  el.addEventListener("pointerup", end);
  el.addEventListener("pointercancel", end);
}

/** Why a drop on [s, f) is refused (its time is locked), or null. */
function refusal(geo, s, f) {
  return geo.locked && geo.onLocked ? geo.locked(s, f) : null;
}

/** True when a click is the tail of a drag and must not open anything. */
export function afterDrag() {
  return suppressClick;
}

/** Drag on empty time in a day's column: a ghost follows the pointer; the drop opens the editor
 * for that span. */
export function drawToCreate(col, d0, geo, onCreate) {
  col.addEventListener("pointerdown", (ev) => {
    if (ev.target !== col || ev.button !== 0 || ev.pointerType === "touch" || !onCreate) return;
    const top = ev.clientY - col.getBoundingClientRect().top;
    const from = d0 + Math.floor(((top / geo.hourPx) * 3600000) / SNAP) * SNAP; // the slot pressed
    if (geo.locked && geo.locked(from, from + SNAP)) return;
    const ghost = h("div", { class: "tl-ghost", "aria-hidden": "true" });
    const span = (dy) => {
      const to = snap(from + (dy / geo.hourPx) * 3600000);
      return from <= to ? [from, Math.max(to, from + SNAP)] : [to, from];
    };
    track(ev, col, geo.body, {
      onMove: (dy) => {
        const [s, f] = span(dy);
        if (!ghost.isConnected) col.append(ghost);
        ghost.style.top = `${geo.px(s - d0)}px`;
        ghost.style.height = `${geo.px(f - s)}px`;
        ghost.dataset.drag = `${geo.label(s)}–${geo.label(f)}`;
      },
      onDrop: (dy) => {
        ghost.remove();
        if (dy === null) return;
        const [s, f] = span(dy);
        const lock = refusal(geo, s, f);
        if (lock) geo.onLocked(lock);
        else onCreate(s, f);
      },
    });
  });
}

/** What a drag of `mode` ("move", "start" or "end") by dy pixels and `days` columns makes of the
 * entry [s, f): the new [start, end], or null when nothing changes. Never past now. */
export function dragged(mode, s, f, dy, days, { hourPx, zone, now = Date.now() }) {
  const dt = (dy / hourPx) * 3600000;
  if (mode === "start") {
    const start = Math.min(snap(s + dt), (f ?? now) - 60000);
    return start === s ? null : [start, f];
  }
  if (mode === "end") {
    const end = Math.min(Math.max(snap(f + dt), s + SNAP), now);
    return end === f ? null : [s, end];
  }
  // A move shifts both ends by the same amount: whole days (by the calendar, so a move across a
  // daylight-saving change keeps the wall-clock time) plus the snapped vertical distance.
  const dayShift = days ? addDays(s, days, zone) - (s - (s % 60000)) : 0;
  let shift = dayShift + snap(dt);
  if (f + shift > now) shift = now - f;
  return shift ? [s + shift, f + shift] : null;
}

/** Press on an entry: its grips resize, its body moves it (a running timer only by its start). */
export function dragEntry(block, piece, dayIndex, geo, onChange) {
  const e = piece.e;
  const s = Date.parse(e.start_time);
  const f = e.end_time ? Date.parse(e.end_time) : null;
  if (piece.start === s) block.append(h("span", { class: "tl-grip grip-start", "data-grip": "start", "aria-hidden": "true" }));
  if (f !== null && piece.end === f) block.append(h("span", { class: "tl-grip grip-end", "data-grip": "end", "aria-hidden": "true" }));
  block.addEventListener("pointerdown", (ev) => {
    if (ev.button !== 0 || ev.pointerType === "touch") return;
    const mode = ev.target.dataset.grip || (f === null ? null : "move");
    if (!mode) return;
    const top = block.offsetTop;
    const height = block.offsetHeight;
    const colWidth = geo.cols.getBoundingClientRect().width / geo.days;
    const daysOf = (dx) => (mode === "move" ? Math.max(-dayIndex, Math.min(geo.days - 1 - dayIndex, Math.round(dx / colWidth))) : 0);
    const reset = () => {
      block.classList.remove("dragging");
      block.style.transform = "";
      block.style.top = `${top}px`;
      block.style.height = `${height}px`;
      delete block.dataset.drag;
    };
    track(ev, block, geo.body, {
      onMove: (dy, dx) => {
        const days = daysOf(dx);
        const next = dragged(mode, s, f, dy, days, geo) || [s, f];
        block.classList.add("dragging");
        block.dataset.drag = `${geo.label(next[0])}–${next[1] === null ? "now" : geo.label(next[1])}`;
        if (mode === "move") {
          const base = days ? addDays(s, days, geo.zone) + (s % 60000) : s; // same time, other day
          const dyPx = geo.px(next[0] - base);
          block.style.transform = `translate(${days * colWidth}px, ${dyPx}px)`;
        } else if (mode === "start") {
          block.style.top = `${top + geo.px(next[0] - s)}px`;
          block.style.height = `${Math.max(height - geo.px(next[0] - s), 6)}px`;
        } else {
          block.style.height = `${Math.max(height + geo.px(next[1] - f), 6)}px`;
        }
      },
      onDrop: (dy, dx) => {
        const next = dy === null ? null : dragged(mode, s, f, dy, daysOf(dx), geo);
        if (!next) return reset();
        const lock = refusal(geo, next[0], next[1]);
        if (lock) {
          reset();
          return geo.onLocked(lock);
        }
        const body = { start_time: new Date(next[0]).toISOString() };
        if (next[1] !== null) body.end_time = new Date(next[1]).toISOString();
        if (mode === "end") delete body.start_time;
        if (mode === "start") delete body.end_time;
        Promise.resolve(onChange(e, body, mode, next)).catch(reset);
      },
    });
  });
}
