// Reports: saved reports, a range, a grouping and sub-grouping, filters, rounding; totals, bars over
// time stacked by group, the breakdown, a table of groups and sub-groups. Any row or bar opens the
// entries behind it; the export buttons download what is shown, made by the server from the same
// query. A failed load keeps the figures shown, marked as a copy, and tries again (never zeros).

import { getAll } from "../api.js";
import { h, icon } from "../dom.js";
import { money } from "../money.js";
import { PERIODS, downloadExport, loadReport, normalFilters, rangeOf, reportParams } from "../report.js";
import { reason, retryable } from "../stale.js";
import { isManager, state, tz, weekStart } from "../store.js";
import { formatDuration, formatTime } from "../time.js";
import { emptyState, setBusy, showError } from "../ui.js";
import { OTHER, breakdownChart, colorAt, stackedBarChart } from "./charts.js";
import { showEntries } from "./reportentries.js";
import { dimensionLabel, filterBar } from "./reportfilters.js";
import { savedPicker } from "./savedreports.js";

const KEY = "pc_report";
const COLOURS = 7; // groups with a colour of their own in the charts; the rest are "Other"

export function mount(main) {
  const stored = JSON.parse(sessionStorage.getItem(KEY) || "{}");
  let f = normalFilters(stored.filters);
  const lists = { projects: state.projects, clients: state.clients, tasks: state.tasks, tags: state.tags, users: [] };
  const filtersHost = h("div", { class: "report-filters-host" });
  const notice = h("p", { class: "stale-notice", role: "status", hidden: true });
  const out = h("div", { class: "report-out" });
  const exportButtons = ["csv", "xlsx", "pdf"].map((fmt) =>
    h("button", { type: "button", class: "btn small", disabled: true, "data-format": fmt }, icon("download"), h("span", { text: fmt.toUpperCase() })));
  const picker = savedPicker(() => f, (filters) => apply(filters), stored.saved || null);
  main.append(
    h("div", { class: "page-head" }, h("h1", { text: "Reports" }), h("span", { class: "spacer" }), picker.el),
    filtersHost,
    h("div", { class: "export-bar" }, h("span", { class: "muted", text: "Export what is shown:" }), ...exportButtons),
    notice, out);

  let shown = null; // { report, series, params, at }
  let seq = 0;
  let debounce = null;
  let retry = null;
  let attempts = 0;

  const save = () => sessionStorage.setItem(KEY, JSON.stringify({ filters: f, saved: picker.chosen() }));
  let bar = null;
  const buildFilters = () => {
    bar = filterBar(f, lists, changed);
    filtersHost.replaceChildren(bar);
  };
  function changed() {
    save();
    picker.changed();
    clearTimeout(debounce);
    debounce = setTimeout(run, 250);
  }
  function apply(filters) {
    f = normalFilters(filters);
    buildFilters();
    save();
    run();
  }

  const showNotice = (text) => {
    notice.hidden = !text;
    notice.textContent = text || "";
  };

  async function run() {
    clearTimeout(debounce);
    clearTimeout(retry);
    const dates = rangeOf(f, Date.now(), tz(), weekStart());
    if (!dates[0] || !dates[1] || dates[1] < dates[0]) {
      out.replaceChildren(emptyState("Pick a start and an end date."));
      shown = null;
      exportButtons.forEach((b) => { b.disabled = true; });
      return;
    }
    const params = reportParams(f, dates);
    const mine = ++seq;
    out.setAttribute("aria-busy", "true");
    try {
      const loaded = await loadReport(params, tz(), weekStart());
      if (mine !== seq) return;
      attempts = 0;
      shown = { ...loaded, params, at: Date.now() };
      showNotice(null);
      render();
    } catch (err) {
      if (mine !== seq) return;
      failed(err, params);
    } finally {
      if (mine === seq) out.removeAttribute("aria-busy");
    }
  }

  // What was shown stays, marked as a copy; a refusal that will not change by itself is said. The
  // pause is stale.js's rule, on a timer of the page's own: stale.js keeps one, the Track page's.
  function failed(err, params) {
    out.classList.toggle("stale", !!shown);
    if (!retryable(err)) {
      showNotice(`The report could not be loaded: ${err.message}`);
      if (!shown) out.replaceChildren(emptyState("No report to show yet."));
      return;
    }
    const pause = err.retryAfter ? err.retryAfter * 1000 : Math.min(60000, 2000 * 2 ** attempts);
    attempts += 1;
    retry = setTimeout(run, pause);
    const when = pause < 60000 ? `in ${Math.round(pause / 1000)} s` : `at ${formatTime(Date.now() + pause, tz(), state.prefs.clock)}`;
    const copy = !shown ? "Not loaded yet"
      : JSON.stringify(shown.params) === JSON.stringify(params)
        ? `Showing the figures loaded at ${formatTime(shown.at, tz(), state.prefs.clock)}, which may be out of date`
        : "Still showing the report for the previous filters";
    showNotice(`${copy}: ${reason(err)}. Trying again ${when}.`);
    if (!shown) out.replaceChildren(h("p", { class: "loading", text: "Not loaded yet." }));
  }

  function render() {
    const { report: r, series, params } = shown;
    out.classList.remove("stale");
    exportButtons.forEach((b) => { b.disabled = false; });
    const dur = (s) => formatDuration(s, state.prefs.duration);
    const cash = (x) => money(x, r.currency);
    const t = r.totals;
    // The cards open the entries behind them too: all of the report's, or its billable ones.
    const all = () => showEntries("All entries", params);
    const billable = () => showEntries("Billable entries", { ...params, billable: "true" });
    const stats = h("div", { class: "stats" },
      stat("Total", dur(t.seconds), "total", all), stat("Billable", dur(t.billable_seconds), "billable", billable),
      stat("Amount", cash(t.amount), "amount", billable), stat("Entries", String(t.entries), "entries", all));
    if (!r.groups.length) {
      out.replaceChildren(stats, emptyState("No time tracked in this range with these filters."));
      return;
    }
    const colors = r.groups.map((g, i) => groupColor(r.group_by, g.key, i));
    const periodic = PERIODS.includes(r.group_by);
    const stackKeys = periodic ? subKeys(r.groups) : r.groups.map((g) => g.key);
    const stackColor = new Map(stackKeys.map((k, i) => [k, periodic ? (i < COLOURS ? colorAt(i) : OTHER) : colors[i]]));
    const stackBy = periodic ? r.sub_group_by : r.group_by;
    const narrow = matchMedia("(max-width: 760px)").matches;
    const open = (title, p, group, sub) => showEntries(title, p, group, sub);
    const bars = stackedBarChart(series.bars, {
      width: narrow ? 360 : 640, height: narrow ? 180 : 200, fmt: dur, colorOf: (k) => stackColor.get(k) || OTHER,
      onPick: (bar, seg) => open(seg ? `${bar.label} · ${seg.label}` : bar.label, series.params, bar.key, seg ? seg.key : undefined),
    });
    const legend = stackBy ? h("ul", { class: "legend", "aria-label": `Bars stacked by ${dimensionLabel(stackBy).toLowerCase()}` },
      stackKeys.slice(0, COLOURS).map((k) => swatchItem(labelOf(r, k, periodic), stackColor.get(k))),
      stackKeys.length > COLOURS ? swatchItem("Other", OTHER) : null) : null;
    const charts = h("div", { class: "charts" },
      h("section", { class: "card chart" }, h("h2", { text: "Hours over time" }), bars, legend),
      h("section", { class: "card chart" }, h("h2", { text: `By ${dimensionLabel(r.group_by).toLowerCase()}` }),
        breakdownChart(r.groups, { colors, fmt: dur, onPick: (g) => open(g.label, params, g.key) })));
    out.replaceChildren(stats, charts, table(r, colors, dur, cash, (title, group, sub) => open(title, params, group, sub)));
  }

  for (const button of exportButtons) {
    button.addEventListener("click", async () => {
      if (!shown) return;
      setBusy(button, true);
      try {
        await downloadExport(shown.params, button.dataset.format);
      } catch (err) {
        showError(err);
      } finally {
        setBusy(button, false);
      }
    });
  }
  if (isManager()) {
    getAll("/users", "users").then((users) => {
      lists.users = users;
      bar.setPeople(users);
    }).catch(() => {});
  }
  buildFilters();
  run();
  return {
    destroy() {
      seq += 1;
      clearTimeout(debounce);
      clearTimeout(retry);
    },
  };
}

function groupColor(dim, key, i) {
  const p = dim === "project" && state.projects.find((x) => String(x.id) === key);
  return (p && p.color) || (i < COLOURS ? colorAt(i) : OTHER);
}

/** The sub-groups' keys of a period-grouped report, most time first. */
function subKeys(groups) {
  const seconds = new Map();
  for (const g of groups) for (const s of g.groups) seconds.set(s.key, (seconds.get(s.key) || 0) + s.seconds);
  return [...seconds.keys()].sort((a, b) => seconds.get(b) - seconds.get(a));
}

function labelOf(r, key, periodic) {
  if (!periodic) return r.groups.find((g) => g.key === key).label;
  for (const g of r.groups) for (const s of g.groups) if (s.key === key) return s.label;
  return key;
}

function swatchItem(label, color) {
  const sw = h("span", { class: "swatch" });
  sw.style.setProperty("--c", color);
  return h("li", {}, sw, label);
}

function stat(label, value, key, open) {
  const card = h("button", { type: "button", class: "card stat", "data-stat": key, title: "Show the entries" },
    h("span", { text: label }), h("strong", { text: value }));
  card.addEventListener("click", open);
  return card;
}

function table(r, colors, dur, cash, open) {
  const row = (g, cls, title, group, sub, swatchColor) => {
    const sw = swatchColor ? h("span", { class: "swatch" }) : null;
    if (sw) sw.style.setProperty("--c", swatchColor);
    const pick = h("button", { type: "button", class: "link row-pick", text: g.label, title: "Show the entries" });
    const tr = h("tr", { class: cls },
      h("td", {}, sw, pick),
      h("td", { class: "num", text: dur(g.seconds) }),
      h("td", { class: "num hide-phone", text: dur(g.billable_seconds) }),
      h("td", { class: "num", text: cash(g.amount) }),
      h("td", { class: "num hide-phone", text: String(g.entries) }));
    tr.addEventListener("click", () => open(title, group, sub));
    return tr;
  };
  const rows = [];
  r.groups.forEach((g, i) => {
    rows.push(row(g, g.groups.length ? "group has-subs" : "group", g.label, g.key, undefined, colors[i]));
    for (const s of g.groups) rows.push(row(s, "sub", `${g.label} · ${s.label}`, g.key, s.key, null));
  });
  const head = dimensionLabel(r.group_by) + (r.sub_group_by ? ` › ${dimensionLabel(r.sub_group_by)}` : "");
  const t = r.totals;
  return h("div", { class: "card table-wrap" }, h("table", { class: "data report-table", "aria-label": "Report" },
    h("thead", {}, h("tr", {}, h("th", { text: head }), h("th", { class: "num", text: "Hours" }),
      h("th", { class: "num hide-phone", text: "Billable" }), h("th", { class: "num", text: "Amount" }), h("th", { class: "num hide-phone", text: "Entries" }))),
    h("tbody", {}, rows),
    h("tfoot", {}, h("tr", {}, h("td", {}, h("strong", { text: "Total" })), h("td", { class: "num", text: dur(t.seconds) }),
      h("td", { class: "num hide-phone", text: dur(t.billable_seconds) }), h("td", { class: "num", text: cash(t.amount) }),
      h("td", { class: "num hide-phone", text: String(t.entries) })))));
}
