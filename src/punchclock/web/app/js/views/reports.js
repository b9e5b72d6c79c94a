// Reports: a range (presets or custom), a grouping, totals, two charts, a table, CSV export.

import { getAll } from "../api.js";
import { field, h, icon, select } from "../dom.js";
import { loadReport, toCsv } from "../report.js";
import { isManager, state, tz, weekStart } from "../store.js";
import { formatDuration, preset } from "../time.js";
import { emptyState } from "../ui.js";
import { barChart, breakdownChart, colorAt } from "./charts.js";

const PRESETS = [["today", "Today"], ["this-week", "This week"], ["last-week", "Last week"], ["this-month", "This month"],
  ["last-month", "Last month"], ["this-year", "This year"], ["custom", "Custom"]];
const GROUPS = [["project", "Project"], ["client", "Client"], ["tag", "Tag"], ["task", "Task"], ["user", "User"],
  ["day", "Day"], ["week", "Week"], ["month", "Month"]];

export function mount(main) {
  const saved = JSON.parse(sessionStorage.getItem("pc_report") || "{}");
  const presetSel = select(PRESETS, saved.preset || "this-week", { name: "preset" });
  const groupSel = select(GROUPS.filter(([k]) => k !== "user" || isManager()), saved.group || "project", { name: "group" });
  const from = h("input", { type: "date", name: "from" });
  const to = h("input", { type: "date", name: "to" });
  const userSel = h("select", { name: "user" }, h("option", { value: "", text: "Everyone" }));
  const out = h("div", { class: "report-out" });
  const exportBtn = h("button", { type: "button", class: "btn", disabled: true }, icon("download"), h("span", { text: "Export CSV" }));
  const filters = h("div", { class: "filters" },
    field("Range", presetSel), field("From", from), field("To", to), field("Group by", groupSel),
    isManager() ? field("User", userSel) : null, h("span", { class: "spacer" }), exportBtn);
  main.append(h("div", { class: "page-head" }, h("h1", { text: "Reports" })), filters, out);

  if (isManager()) {
    getAll("/users", "users").then((users) => {
      for (const u of users) userSel.append(h("option", { value: String(u.id), text: u.display_name || u.username }));
    }).catch(() => {});
  }
  let shown = null;
  let seq = 0;

  const setDates = () => {
    if (presetSel.value !== "custom") {
      const [a, b] = preset(presetSel.value, Date.now(), tz(), weekStart());
      from.value = a;
      to.value = b;
    } else if (saved.from && !from.value) {
      from.value = saved.from;
      to.value = saved.to;
    }
    from.disabled = to.disabled = presetSel.value !== "custom";
  };

  const run = async () => {
    if (!from.value || !to.value || to.value < from.value) {
      out.replaceChildren(emptyState("Pick a start and an end date."));
      return;
    }
    sessionStorage.setItem("pc_report", JSON.stringify({ preset: presetSel.value, group: groupSel.value, from: from.value, to: to.value }));
    const mine = ++seq;
    out.setAttribute("aria-busy", "true");
    try {
      const report = await loadReport({ startDate: from.value, endDate: to.value, groupBy: groupSel.value,
        userId: userSel.value || null, tz: tz(), weekStart: weekStart(), projects: state.projects,
        clients: state.clients });
      if (mine !== seq) return;
      shown = report;
      render(report);
    } catch (err) {
      out.replaceChildren(h("p", { class: "form-error", text: err.message }));
    } finally {
      out.removeAttribute("aria-busy");
    }
  };

  const render = (r) => {
    const dur = (s) => formatDuration(s, state.prefs.duration);
    const t = r.totals;
    const groupLabel = GROUPS.find(([k]) => k === groupSel.value)[1];
    exportBtn.disabled = !r.groups.length;
    const stats = h("div", { class: "stats" },
      stat("Total", dur(t.seconds), "total"), stat("Billable", dur(t.billable_seconds), "billable"),
      stat("Amount", money(t.amount), "amount"), stat("Entries", String(t.entries), "entries"));
    if (!r.groups.length) {
      out.replaceChildren(stats, emptyState("No time tracked in this range."));
      return;
    }
    const colors = r.groups.map((g, i) => {
      const p = groupSel.value === "project" && state.projects.find((x) => String(x.id) === g.key);
      return (p && p.color) || colorAt(i);
    });
    const narrow = matchMedia("(max-width: 760px)").matches;
    const charts = h("div", { class: "charts" },
      h("section", { class: "card chart" }, h("h2", { text: "Hours over time" }), barChart(r.series, { width: narrow ? 360 : 640, height: narrow ? 180 : 200, fmt: dur })),
      h("section", { class: "card chart" }, h("h2", { text: `By ${groupLabel.toLowerCase()}` }), breakdownChart(r.groups, { colors, fmt: dur })));
    const rows = r.groups.map((g, i) => {
      const sw = h("span", { class: "swatch" });
      sw.style.setProperty("--c", colors[i]);
      return h("tr", {},
        h("td", {}, i < 8 ? sw : null, g.label),
        h("td", { class: "num", text: dur(g.seconds) }),
        h("td", { class: "num hide-phone", text: dur(g.billable_seconds) }),
        h("td", { class: "num", text: money(g.amount) }),
        h("td", { class: "num hide-phone", text: String(g.entries) }));
    });
    const table = h("div", { class: "card table-wrap" }, h("table", { class: "data", "aria-label": "Report" },
      h("thead", {}, h("tr", {}, h("th", { text: groupLabel }), h("th", { class: "num", text: "Hours" }),
        h("th", { class: "num hide-phone", text: "Billable" }), h("th", { class: "num", text: "Amount" }), h("th", { class: "num hide-phone", text: "Entries" }))),
      h("tbody", {}, rows),
      h("tfoot", {}, h("tr", {}, h("td", {}, h("strong", { text: "Total" })), h("td", { class: "num", text: dur(t.seconds) }),
        h("td", { class: "num hide-phone", text: dur(t.billable_seconds) }), h("td", { class: "num", text: money(t.amount) }), h("td", { class: "num hide-phone", text: String(t.entries) })))));
    out.replaceChildren(stats, charts, table);
  };

  exportBtn.addEventListener("click", () => {
    if (!shown) return;
    const groupLabel = GROUPS.find(([k]) => k === groupSel.value)[1];
    const rows = [[groupLabel, "Hours", "Billable hours", "Amount", "Entries"]];
    for (const g of shown.groups) rows.push([g.label, (g.seconds / 3600).toFixed(2), (g.billable_seconds / 3600).toFixed(2), g.amount.toFixed(2), g.entries]);
    const t = shown.totals;
    rows.push(["Total", (t.seconds / 3600).toFixed(2), (t.billable_seconds / 3600).toFixed(2), t.amount.toFixed(2), t.entries]);
    const url = URL.createObjectURL(new Blob([toCsv(rows)], { type: "text/csv" }));
    const a = h("a", { href: url, download: `punchclock-${groupSel.value}-${from.value}-${to.value}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  presetSel.addEventListener("change", () => {
    setDates();
    run();
  });
  for (const el of [groupSel, from, to, userSel]) el.addEventListener("change", run);
  setDates();
  run();
}

function stat(label, value, key) {
  return h("div", { class: "card stat", "data-stat": key }, h("span", { text: label }), h("strong", { text: value }));
}

function money(x) {
  return (x || 0).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
