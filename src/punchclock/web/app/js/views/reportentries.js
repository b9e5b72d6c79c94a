// The entries behind a figure of a report, in a dialog, a page at a time: each with the time it
// counts in that figure (which may be less than the entry: cut at the range's or the day's edge).

import { h } from "../dom.js";
import { ENTRIES_PER_PAGE, loadEntries } from "../report.js";
import { isManager, state, tz } from "../store.js";
import { formatDate, formatDuration, formatTime } from "../time.js";
import { modal, pagerNodes } from "../ui.js";

/** Show the entries of `params`' report behind `group` (and `subGroup`); `title` names the figure. */
export function showEntries(title, params, group, subGroup) {
  return modal(title, () => {
    const body = h("div", { class: "figure-entries", "aria-live": "polite" });
    const pager = h("div", { class: "pager" });
    let page = 1;
    const load = async () => {
      body.setAttribute("aria-busy", "true");
      try {
        const data = await loadEntries(params, group, subGroup, page);
        body.replaceChildren(list(data.time_entries));
        drawPager(data.pagination);
      } catch (err) {
        body.prepend(h("p", { class: "form-error", role: "alert", text: `Could not load the entries: ${err.message}` }));
      } finally {
        body.removeAttribute("aria-busy");
      }
    };
    const go = (to) => {
      page = to;
      load();
    };
    const drawPager = (p) => pager.replaceChildren(...pagerNodes(p, ENTRIES_PER_PAGE, go, { empty: "No entries" }));
    body.append(h("p", { class: "loading", text: "Loading…" }));
    load();
    return [body, pager];
  }, { wide: true });
}

function list(entries) {
  if (!entries.length) return h("p", { class: "empty", text: "No entries." });
  const dur = (s) => formatDuration(s, state.prefs.duration);
  const when = (e) => {
    const start = Date.parse(e.start_time);
    const end = e.end_time ? formatTime(Date.parse(e.end_time), tz(), state.prefs.clock) : "now";
    return `${formatDate(start, tz(), state.prefs.date)} · ${formatTime(start, tz(), state.prefs.clock)}–${end}`;
  };
  const rows = entries.map((e) => {
    const where = [e.project || "No project", e.task].filter(Boolean).join(" · ");
    const part = e.duration_seconds !== null && e.duration_seconds !== e.seconds ? ` of ${dur(e.duration_seconds)}` : "";
    return h("tr", {},
      h("td", {},
        h("div", { class: "fe-what", text: e.notes || "(no description)" }),
        h("small", { class: "muted" }, `${when(e)} · ${where}`, isManager() ? ` · ${e.user}` : "",
          e.tag_list.length ? ` · ${e.tag_list.map((t) => `#${t}`).join(" ")}` : "", e.billable ? "" : " · non-billable")),
      h("td", { class: "num" }, h("strong", { text: dur(e.seconds) }), part ? h("small", { class: "muted", text: part }) : null));
  });
  return h("table", { class: "data", "aria-label": "Entries" }, h("tbody", {}, rows));
}
