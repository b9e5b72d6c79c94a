// The entries of the period as a list, grouped by day, each day with its total.

import { h, icon } from "../dom.js";
import { overlapIds, sharedSeconds } from "../overlap.js";
import { state, tz } from "../store.js";
import { formatDate, formatDuration, formatTime, startOfDay, workedSeconds } from "../time.js";
import { emptyState } from "../ui.js";
import { TAG_SPLIT, extraTags } from "../tags.js";
import { entryLock, lockSentence } from "../locks.js";

// A #tag as the server reads one (punchclock.kit.tags), kept whole by split().

/** What a ticking "elapsed" counts from: the start, moved on by the break so far (see app.js). */
export function elapsedFrom(e) {
  return String(Date.parse(e.start_time) + (e.break_seconds || 0) * 1000);
}

/** The description with its #tags set apart (as text nodes: user text is never markup), then the
 * entry's tags that the description does not write: every tag of the entry shows, once. */
export function notesNodes(e) {
  // split() with a capturing group puts each tag at an odd index, the text between at even ones.
  const out = (e.notes || "").split(TAG_SPLIT)
    .map((part, i) => (i % 2 ? h("span", { class: "tag", text: part }) : part))
    .filter((part) => part !== "");
  const extra = extraTags(e).flatMap((t) => [" ", h("span", { class: "tag", text: `#${t}` })]);
  if (!out.length && !extra.length) return [h("span", { class: "muted", text: "(no description)" })];
  return out.length ? [...out, ...extra] : extra.slice(1);
}

export function entryList(entries, { onEdit, onResume }) {
  const zone = tz();
  if (!entries.length) return emptyState("Nothing tracked in this period yet.");
  const days = new Map();
  for (const e of [...entries].sort((a, b) => (a.start_time < b.start_time ? 1 : -1))) {
    const key = startOfDay(Date.parse(e.start_time), zone);
    if (!days.has(key)) days.set(key, []);
    days.get(key).push(e);
  }
  const root = h("div", { class: "entry-list" });
  const shared = overlapIds(entries);
  for (const [day, list] of days) {
    const total = list.reduce((sum, e) => sum + workedSeconds(e), 0);
    const twice = sharedSeconds(list);
    const rows = list.map((e) => {
      const when = `${formatTime(Date.parse(e.start_time), zone, state.prefs.clock)} – ${e.end_time ? formatTime(Date.parse(e.end_time), zone, state.prefs.clock) : "now"}`;
      const locked = entryLock(e);
      const edit = h("button", { type: "button", class: "row-main", "aria-label": `${locked ? "Locked entry" : "Edit entry"}: ${e.notes || "no description"}, ${when}` },
        h("span", { class: "row-when", text: when }),
        h("span", { class: "row-notes" }, ...notesNodes(e)),
        e.project ? h("span", { class: "row-project", text: e.task ? `${e.project} · ${e.task}` : e.project }) : null,
        e.pending ? h("span", { class: "badge", text: "waiting to sync" }) : null,
        shared.has(e.id) ? h("span", { class: "badge warn", title: "Shares time with another of your entries", text: "overlaps" }) : null,
        e.billable ? null : h("span", { class: "badge muted", text: "non-billable" }),
        locked ? h("span", { class: "row-locked", title: lockSentence(locked) }, icon("lock")) : null);
      edit.addEventListener("click", () => onEdit(e));
      const resume = h("button", { type: "button", class: "icon-btn", "aria-label": `Resume: ${e.notes || "entry"}`, title: "Resume" }, icon("play"));
      resume.addEventListener("click", () => onResume(e));
      return h("li", { class: e.end_time ? "row" : "row running", "data-id": String(e.id) }, edit,
        e.end_time || e.paused_at ? h("span", { class: "row-dur", text: formatDuration(workedSeconds(e), state.prefs.duration) }) : h("span", { class: "row-dur", "data-elapsed": elapsedFrom(e) }),
        resume);
    });
    root.append(h("section", { class: "day" },
      h("h3", {}, h("span", { text: formatDate(day, zone, state.prefs.date) }),
        h("span", { class: "day-total", text: formatDuration(total, state.prefs.duration) },
          twice ? h("small", { class: "muted", text: ` incl. ${formatDuration(twice, state.prefs.duration)} overlapping` }) : null)),
      h("ul", {}, rows)));
  }
  return root;
}

