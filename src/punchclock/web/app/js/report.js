// The Reports page's data: filters to query parameters, the grouped report and its series over
// time, the entries behind a figure, server-made exports, saved reports. The screen and every
// export send the same parameters, so the figures downloaded are the figures shown.
// Pure pieces (reportParams, stackSeries, chartUnit, emptyBuckets) are unit-tested with node.

import { api, download, get, query } from "./api.js";
import { addDays, bucketLabel, bucketStart, dateFromIso, isoDate, nextBucket, preset } from "./time.js";

export const PERIODS = ["day", "week", "month", "year"];
export const RANGES = ["today", "this-week", "last-week", "this-month", "last-month", "this-year", "custom"];

/** What a saved report keeps (the server's ReportFilters); a relative range stays relative. */
export const DEFAULT_FILTERS = Object.freeze({
  period: "this-week", start_date: null, end_date: null, group_by: "project", sub_group_by: null,
  user_ids: null, project_ids: null, client_ids: null, task_ids: null, tags: [], billable: null,
  rounding: "none", rounding_minutes: 15,
});

/** Filters as they arrive from storage or a saved report, with every field present and sane. */
export function normalFilters(f) {
  const out = { ...DEFAULT_FILTERS, ...(f || {}) };
  if (!RANGES.includes(out.period)) out.period = DEFAULT_FILTERS.period;
  for (const k of ["user_ids", "project_ids", "client_ids", "task_ids"]) if (!Array.isArray(out[k]) || !out[k].length) out[k] = null;
  if (!Array.isArray(out.tags)) out.tags = [];
  return out;
}

/** The first and last day (ISO dates) the filters cover, in the reader's calendar. */
export function rangeOf(f, now, tz, weekStart) {
  if (f.period === "custom") return [f.start_date, f.end_date];
  return preset(f.period, now, tz, weekStart);
}

/** The query of /reports/grouped, /reports/entries and /exports/report for some filters. */
export function reportParams(f, [startDate, endDate]) {
  const ids = (list) => (list && list.length ? list.join(",") : undefined);
  return {
    start_date: startDate, end_date: endDate, group_by: f.group_by, sub_group_by: f.sub_group_by || undefined,
    user_ids: ids(f.user_ids), project_ids: ids(f.project_ids), client_ids: ids(f.client_ids), task_ids: ids(f.task_ids),
    tags: f.tags.length ? f.tags.join(",") : undefined,
    billable: f.billable === null || f.billable === undefined ? undefined : String(f.billable),
    rounding: f.rounding !== "none" ? f.rounding : undefined,
    rounding_minutes: f.rounding !== "none" ? f.rounding_minutes : undefined,
  };
}

/** The time unit for the bar chart over a range of days. */
export function chartUnit(days) {
  if (days <= 31) return "day";
  if (days <= 190) return "week";
  return "month";
}

/** Buckets covering [start, end) with zero seconds, for a bar chart without holes. */
export function emptyBuckets(unit, start, end, tz, weekStart) {
  const out = [];
  for (let b = bucketStart(unit, start, tz, weekStart); b < end; b = nextBucket(unit, b, tz)) {
    out.push({ key: isoDate(b, tz), label: bucketLabel(unit, b, tz), seconds: 0, stack: [] });
  }
  return out;
}

/** A period-grouped report's groups as the chart's bars, each stacked by its sub-groups, every
 * bucket of the range present. */
export function stackSeries(groups, buckets) {
  const byKey = new Map(groups.map((g) => [g.key, g]));
  return buckets.map((b) => {
    const g = byKey.get(b.key);
    if (!g) return b;
    const stack = g.groups.length ? g.groups.map((s) => ({ key: s.key, label: s.label, seconds: s.seconds })) : [];
    return { ...b, seconds: g.seconds, stack };
  });
}

/** The report for some parameters, and its series over time: the report's own groups when it is
 * grouped by period, else a second report by period, sub-grouped by the report's grouping (so the
 * bars stack by the groups of the table). `series.params` is what the bars' entries are asked with. */
export async function loadReport(params, tz, weekStart) {
  const start = dateFromIso(params.start_date, tz);
  const end = addDays(dateFromIso(params.end_date, tz), 1, tz);
  if (PERIODS.includes(params.group_by)) {
    const { report } = await get(`/reports/grouped?${query(params)}`);
    const buckets = emptyBuckets(params.group_by, start, end, tz, weekStart);
    return { report, series: { unit: params.group_by, params, bars: stackSeries(report.groups, buckets) } };
  }
  const unit = chartUnit(Math.round((end - start) / 86400000));
  const seriesParams = { ...params, group_by: unit, sub_group_by: params.group_by };
  const [main, overTime] = await Promise.all([
    get(`/reports/grouped?${query(params)}`),
    get(`/reports/grouped?${query(seriesParams)}`),
  ]);
  const buckets = emptyBuckets(unit, start, end, tz, weekStart);
  return { report: main.report, series: { unit, params: seriesParams, bars: stackSeries(overTime.report.groups, buckets) } };
}

export const ENTRIES_PER_PAGE = 50;

/** One page of the entries behind a figure: `group` and `subGroup` are keys of the report that
 * `params` asks for (none: the whole report). */
export function loadEntries(params, group, subGroup, page = 1) {
  const q = query({ ...params, group, sub_group: subGroup, page, per_page: ENTRIES_PER_PAGE });
  return get(`/reports/entries?${q}`);
}

/** Download the report, made by the server from the same parameters: CSV, XLSX or PDF. */
export function downloadExport(params, format) {
  return download(`/exports/report?${query({ ...params, format })}`, `report.${format}`);
}

export const savedReports = {
  list: () => get("/saved-reports").then((d) => d.saved_reports),
  create: (name, filters) => api("POST", "/saved-reports", { name, filters }).then((d) => d.saved_report),
  update: (id, changes) => api("PATCH", `/saved-reports/${id}`, changes).then((d) => d.saved_report),
  remove: (id) => api("DELETE", `/saved-reports/${id}`),
};

/** Filters as a saved report keeps them (no dates unless the range is custom). */
export function savedForm(f) {
  const out = normalFilters(f);
  if (out.period !== "custom") out.start_date = out.end_date = null;
  return out;
}
