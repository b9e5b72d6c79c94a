// A week on a phone: one row per day (its date, a strip of the day with the tracked time drawn in,
// its total), instead of seven columns too narrow to read. A tap opens that day's timeline.

import { h, icon } from "../dom.js";
import { allLocked } from "../locks.js";
import { sharedSeconds } from "../overlap.js";
import { projectOf, state, tz } from "../store.js";
import { addDays, formatDuration, shortDay, spanEnd, workedSeconds } from "../time.js";

import { offLabel } from "./timeline.js";

export function weekDays(start, entries, { onDay, marks }) {
  const zone = tz();
  const now = Date.now();
  const list = h("ol", { class: "week-days", "aria-label": "Days of the week" });
  for (let i = 0; i < 7; i++) {
    const d0 = i ? addDays(start, i, zone) : start;
    const d1 = addDays(start, i + 1, zone);
    const span = d1 - d0;
    const strip = h("span", { class: "wd-strip", "aria-hidden": "true" });
    let total = 0;
    let count = 0;
    for (const e of entries) {
      const s = Math.max(Date.parse(e.start_time), d0);
      const f = Math.min(spanEnd(e, now), d1);
      if (f <= s) continue;
      count += 1;
      total += workedSeconds(e, now, d0, d1);
      const bar = h("span", { class: "wd-bar" });
      bar.style.left = `${((s - d0) / span) * 100}%`;
      bar.style.width = `max(2px, ${((f - s) / span) * 100}%)`;
      const project = projectOf(e);
      if (project && project.color) bar.style.setProperty("--c", project.color);
      strip.append(bar);
    }
    const day = shortDay(d0, zone);
    const today = now >= d0 && now < d1;
    const twice = sharedSeconds(entries, now, d0, d1);
    const what = count ? `${count} ${count === 1 ? "entry" : "entries"}` : "Nothing tracked";
    list.append(h("li", {},
      h("button", {
        type: "button", class: today ? "wd-row today" : "wd-row",
        "aria-label": `${day.weekday} ${day.day} ${day.month}: ${what}${total ? `, ${formatDuration(total, state.prefs.duration)}` : ""}. Open the day`,
        onclick: () => onDay(d0),
      },
      h("span", { class: "wd-date" }, h("span", { class: "tl-wd", text: day.weekday }), h("span", { class: "tl-dn", text: String(day.day) })),
      h("span", { class: "wd-mid" }, strip, h("span", { class: "wd-what" }, allLocked(d0, d1) ? [icon("lock"), " Locked · "] : null, what), offLabel(marks, d0, zone)),
      h("span", { class: total ? "wd-total" : "wd-total none", text: total ? formatDuration(total, state.prefs.duration) : "–",
        title: twice ? "Entries overlap this day: the total counts their shared time twice" : "" }))));
  }
  return list;
}
