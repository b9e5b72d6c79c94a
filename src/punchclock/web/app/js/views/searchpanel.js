// Search across all of one's entries, answered by the server (GET /time-entries?search=): once
// typing pauses, the newest matches show with their dates, "More" pages on, and a click opens the
// entry in its week. A failed request says so and keeps the results shown (as js/stale.js does for
// periods). One or two characters only filter the period below, as before.

import { get, query } from "../api.js";
import { h } from "../dom.js";
import { reason } from "../stale.js";
import { state, tz } from "../store.js";
import { debounce } from "../suggest.js";
import { formatDate, formatDuration, formatTime, workedSeconds } from "../time.js";
import { notesNodes } from "./entrylist.js";

const MIN = 3; // the server's search_too_short below this
const PER_PAGE = 20;

export function searchPanel(input, onOpen) {
  const status = h("p", { class: "search-status", role: "status", "aria-live": "polite" });
  const list = h("ul", { class: "search-results" });
  const more = h("button", { type: "button", class: "btn small search-more", text: "More", hidden: true });
  const root = h("section", { class: "search-panel card", "aria-label": "Search results", hidden: true }, status, list, more);
  let shown = { q: "", items: [], page: 0, hasNext: false, total: 0, exact: true };
  let asked = 0;

  const render = (note = null) => {
    root.hidden = false;
    const { q, items, exact, total } = shown;
    status.textContent = note || (!items.length ? `No entries match “${q}”.`
      : exact ? `${total} ${total === 1 ? "entry matches" : "entries match"} “${q}”, newest first.`
        : `The newest entries matching “${q}”.`);
    status.classList.toggle("error", Boolean(note) && note.startsWith("Search failed"));
    list.replaceChildren(...items.map(row));
    more.hidden = !shown.hasNext;
  };
  const row = (e) => {
    const zone = tz();
    const start = Date.parse(e.start_time);
    const when = `${formatDate(start, zone, state.prefs.date)} · ${formatTime(start, zone, state.prefs.clock)}`;
    const open = h("button", { type: "button", class: "row-main", "aria-label": `Open entry: ${e.notes || "no description"}, ${when}`, onclick: () => onOpen(e) },
      h("span", { class: "row-when", text: when }),
      h("span", { class: "row-notes" }, ...notesNodes(e)),
      e.project ? h("span", { class: "row-project", text: e.task ? `${e.project} · ${e.task}` : e.project }) : null,
      h("span", { class: "row-dur", text: e.end_time ? formatDuration(workedSeconds(e), state.prefs.duration) : "running" }));
    return h("li", { class: "row", "data-id": String(e.id) }, open);
  };
  const fetchPage = async (q, page) => {
    const ask = ++asked;
    const params = { search: q, page, per_page: PER_PAGE, include_active: true, user_id: state.user ? state.user.id : undefined };
    try {
      const data = await get(`/time-entries?${query(params)}`);
      if (ask !== asked) return;
      const items = page === 1 ? data.time_entries : [...shown.items, ...data.time_entries];
      shown = { q, items, page, hasNext: data.pagination.has_next, total: data.pagination.total, exact: data.total_exact !== false };
      render();
    } catch (err) {
      if (ask !== asked) return;
      const why = err.status ? err.message : reason(err);
      render(`Search failed: ${why}.${shown.items.length ? ` Still showing the results for “${shown.q}”.` : ""}`);
    }
  };
  const later = debounce((q) => fetchPage(q, 1), 300);
  const onInput = () => {
    const q = input.value.trim();
    asked += 1; // an answer to what was typed before is no longer wanted
    if (!q) {
      root.hidden = true;
      shown = { ...shown, q: "", items: [] };
      return;
    }
    if (q.length < MIN) {
      root.hidden = false;
      status.textContent = `Type ${MIN} or more characters to search all your entries; the period below is filtered already.`;
      status.classList.remove("error");
      list.replaceChildren();
      more.hidden = true;
      return;
    }
    root.hidden = false;
    status.textContent = "Searching…";
    later(q);
  };
  more.addEventListener("click", () => fetchPage(shown.q, shown.page + 1));
  input.addEventListener("input", onInput);
  return { node: root, destroy: () => input.removeEventListener("input", onInput) };
}
