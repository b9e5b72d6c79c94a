// The timeline: a column per day, entries drawn to scale, a line at "now", gaps left visible.
// Drags on it create, move and resize entries (tldrag.js). Locked time (sign-off) is striped, its
// entries carry a lock and cannot be dragged; nothing is drawn or dropped into it.

import { h, icon } from "../dom.js";
import { allLocked, entryLock, lockAt, lockedIn } from "../locks.js";
import { overlapIds, sharedSeconds } from "../overlap.js";
import { projectOf, state, tz } from "../store.js";
import { addDays, formatDuration, formatTime, isoDate, shortDay, spanEnd, startOfDay, workedSeconds } from "../time.js";
import { afterDrag, dragEntry, drawToCreate } from "./tldrag.js";

const HOUR_PX = 44;
const DAY_MS = 86400000;
// A short entry is drawn at least this tall, so its text can be read; its neighbours make room.
const MIN_PX = 20;
const MIN_MS = (MIN_PX / HOUR_PX) * 3600000;

/** Lay entries of one day out in lanes so overlapping ones sit side by side. An entry drawn taller
 * than its time (MIN_PX) counts as that tall, so it never covers the next one. */
export function lanes(items) {
  const ends = [];
  for (const it of items) {
    let lane = ends.findIndex((end) => end <= it.start);
    if (lane < 0) lane = ends.length;
    ends[lane] = Math.max(it.end, it.start + MIN_MS);
    it.lane = lane;
  }
  for (const it of items) it.lanes = ends.length;
  return items;
}

/** The hour the day opens at (the user's working day, Settings → "Day starts at"). */
function openingHour() {
  const [hh, mm] = String(state.prefs.workday || "08:00").split(":").map(Number);
  return Number.isFinite(hh) ? Math.min(20, Math.max(0, hh + (mm || 0) / 60)) : 8;
}

/** A day's absences and holiday (absencedays.js) as a label: [node, colour] or null. */
export function offLabel(marks, d0, zone) {
  const list = marks ? marks.get(isoDate(d0, zone)) || [] : [];
  if (!list.length) return null;
  const text = list.map((m) => `${m.text}${m.waiting ? " (requested)" : ""}`).join(" · ");
  const first = list.find((m) => m.kind === "absence") || list[0];
  const el = h("span", { class: `tl-off ${first.kind}${first.waiting ? " waiting" : ""}`, title: text, text });
  if (first.color) el.style.setProperty("--c", first.color);
  return el;
}

export function timeline(start, days, entries, { onEdit, onCreateAt, onCreateSpan, onChange, onLocked, marks }) {
  const zone = tz();
  const now = Date.now();
  const dayStarts = Array.from({ length: days }, (_, i) => (i ? addDays(start, i, zone) : start));
  const head = h("div", { class: "tl-head" }, h("div", { class: "tl-gutter" }));
  const body = h("div", { class: "tl-body", tabindex: "0", role: "region", "aria-label": "Timeline" });
  const hours = h("div", { class: "tl-hours", "aria-hidden": "true" });
  for (let hr = 0; hr < 24; hr++) hours.append(h("span", { text: `${String(hr).padStart(2, "0")}:00` }));
  body.append(hours);
  const cols = h("div", { class: "tl-cols" });
  body.append(cols);
  const label = (ms) => formatTime(ms, zone, state.prefs.clock);
  const geo = { hourPx: HOUR_PX, zone, days, body, cols, label, px: (ms) => (ms / 3600000) * HOUR_PX, locked: lockAt, onLocked };
  let nowHour = null;
  const shared = overlapIds(entries, now);

  dayStarts.forEach((d0, i) => {
    const d1 = i + 1 < days ? dayStarts[i + 1] : addDays(start, days, zone);
    const span = d1 - d0; // 23 or 25 hours on DST days
    const items = [];
    let total = 0;
    for (const e of entries) {
      const s = Date.parse(e.start_time);
      const f = spanEnd(e, now);
      if (s >= d1 || f <= d0) continue;
      const a = Math.max(s, d0);
      const b = Math.min(f, d1);
      total += workedSeconds(e, now, d0, d1);
      items.push({ e, start: a, end: b });
    }
    lanes(items);
    const day = shortDay(d0, zone);
    const isToday = now >= d0 && now < d1;
    // A locked day says so on hover; its stripes and the note above the week say it at a glance.
    const shut = allLocked(d0, d1);
    const off = offLabel(marks, d0, zone);
    head.append(h("div", { class: `${isToday ? "tl-day today" : "tl-day"}${off ? " has-off" : ""}`, title: shut ? "Locked: nothing on this day can change" : null },
      h("span", { class: "tl-wd", text: day.weekday }), h("span", { class: "tl-dn", text: String(day.day) }), off,
      h("span", { class: "tl-total", text: total ? formatDuration(total, state.prefs.duration) : "",
        title: sharedSeconds(entries, now, d0, d1) ? "Entries overlap this day: the total counts their shared time twice" : "" })));
    const col = h("div", { class: `${isToday ? "tl-col today" : "tl-col"}${off ? ` off ${off.className.replace("tl-off ", "")}` : ""}`, "aria-label": `${day.weekday} ${day.day} ${day.month}${off ? `: ${off.title}` : ""}` });
    if (off && off.style.getPropertyValue("--c")) col.style.setProperty("--c-off", off.style.getPropertyValue("--c"));
    col.style.height = `${(span / 3600000) * HOUR_PX}px`;
    for (const [a, b] of lockedIn(d0, d1)) {
      const band = h("div", { class: "tl-locked", "aria-hidden": "true" });
      band.style.top = `${((a - d0) / 3600000) * HOUR_PX}px`;
      band.style.height = `${((b - a) / 3600000) * HOUR_PX}px`;
      col.append(band);
    }
    drawToCreate(col, d0, geo, onCreateSpan);
    col.addEventListener("click", (ev) => {
      if (ev.target !== col || !onCreateAt || afterDrag()) return;
      const rect = col.getBoundingClientRect();
      const at = d0 + ((ev.clientY - rect.top) / HOUR_PX) * 3600000;
      onCreateAt(Math.floor(at / 900000) * 900000);
    });
    for (const it of items) {
      const e = it.e;
      const project = projectOf(e);
      const top = ((it.start - d0) / 3600000) * HOUR_PX;
      const height = Math.max(((it.end - it.start) / 3600000) * HOUR_PX, MIN_PX);
      const when = `${label(Date.parse(e.start_time))}–${e.end_time ? label(Date.parse(e.end_time)) : "now"}`;
      const locked = entryLock(e);
      const block = h("button", {
        type: "button",
        class: `tl-entry${e.end_time ? "" : " running"}${e.pending ? " pending" : ""}${height < 22 ? " thin" : ""}${shared.has(e.id) ? " overlap" : ""}${locked ? " locked" : ""}`,
        "aria-label": `${e.notes || "No description"}, ${when}${e.project ? `, ${e.project}` : ""}${shared.has(e.id) ? ", overlaps another entry" : ""}${locked ? ", locked" : ""}`,
        "data-id": String(e.id),
      }, h("span", { class: "tl-text", text: e.notes || e.project || "(no description)" }), height >= 36 ? h("span", { class: "tl-when", text: when }) : null,
      locked ? h("span", { class: "tl-lock", "aria-hidden": "true" }, icon("lock")) : null);
      block.style.top = `${top}px`;
      block.style.height = `${height}px`;
      block.style.left = `calc(${(it.lane / it.lanes) * 100}% + 2px)`;
      block.style.width = `calc(${100 / it.lanes}% - 4px)`;
      if (project && project.color) block.style.setProperty("--c", project.color);
      block.addEventListener("click", () => afterDrag() || onEdit(e));
      if (onChange && !locked) dragEntry(block, it, i, geo, onChange);
      col.append(block);
    }
    if (isToday) {
      const line = h("div", { class: "tl-now", "aria-hidden": "true" });
      line.style.top = `${((now - d0) / 3600000) * HOUR_PX}px`;
      col.append(line);
      nowHour = (now - d0) / 3600000;
    }
    cols.append(col);
  });
  const node = h("div", { class: `timeline days-${days}` }, head, body);
  // The day opens at the start of the working day, whatever an early entry says; on today, late
  // in the evening, far enough down that "now" shows. Earlier and later hours are a scroll away.
  const visibleHours = 520 / HOUR_PX;
  let top = openingHour() - 0.5;
  if (nowHour !== null && nowHour > top + visibleHours - 1) top = nowHour - visibleHours + 2;
  requestAnimationFrame(() => (body.scrollTop = Math.max(0, top) * HOUR_PX));
  return node;
}

export const dayMs = DAY_MS;
export { startOfDay };
