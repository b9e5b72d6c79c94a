// Report data: /reports/grouped when the server has it, else grouped here from the entries.
// Pure grouping code (groupEntries) is unit-tested with node.

import { ApiError, get, getAll, query } from "./api.js";
import { addDays, bucketLabel, bucketStart, dateFromIso, isoDate, nextBucket, spanEnd, workedSeconds } from "./time.js";

const round2 = (x) => Math.round(x * 100) / 100;

function keyOf(e, by, ctx) {
  const s = Date.parse(e.start_time);
  switch (by) {
    case "project": return [String(e.project_id ?? ""), e.project || "No project"];
    case "client": {
      const p = ctx.projects.get(e.project_id);
      return p && p.client_id ? [String(p.client_id), p.client || "Client"] : ["", "No client"];
    }
    case "task": return [String(e.task_id ?? ""), e.task || "No task"];
    case "user": return [String(e.user_id), e.user || `User ${e.user_id}`];
    case "tag": return null; // handled by the caller: one entry counts under each of its tags
    default: {
      const b = bucketStart(by, s, ctx.tz, ctx.weekStart);
      return [isoDate(b, ctx.tz), bucketLabel(by, b, ctx.tz)];
    }
  }
}

/** The rate a project's billable time is worth: its own, else its client's default (the server's
 * rule, effective_hourly_rate; this fallback has only the projects and clients the API lists). */
export function rateOf(project, clients) {
  if (!project) return null;
  if (project.hourly_rate != null) return Number(project.hourly_rate);
  const client = clients && project.client_id != null ? clients.get(project.client_id) : null;
  return client && client.default_hourly_rate != null ? Number(client.default_hourly_rate) : null;
}

/** Group entries the way /reports/grouped does: seconds, billable seconds, amount, entries per key. */
export function groupEntries(entries, by, ctx) {
  const groups = new Map();
  const totals = { seconds: 0, billable_seconds: 0, amount: 0, entries: 0 };
  const now = ctx.now ?? Date.now();
  for (const e of entries) {
    const s = Math.max(Date.parse(e.start_time), ctx.start);
    const f = Math.min(spanEnd(e, now), ctx.end);
    if (f <= s) continue;
    const secs = Math.round(workedSeconds(e, now, ctx.start, ctx.end));
    const bill = e.billable ? secs : 0;
    const p = ctx.projects.get(e.project_id);
    const rate = rateOf(p, ctx.clients);
    const amount = rate ? (bill / 3600) * rate : 0;
    totals.seconds += secs;
    totals.billable_seconds += bill;
    totals.amount += amount;
    totals.entries += 1;
    const keys = by === "tag" ? (e.tag_list.length ? e.tag_list.map((t) => [t, `#${t}`]) : [["", "No tag"]]) : [keyOf(e, by, ctx)];
    for (const [key, label] of keys) {
      const g = groups.get(key) || { key, label, seconds: 0, billable_seconds: 0, amount: 0, entries: 0 };
      g.seconds += secs;
      g.billable_seconds += bill;
      g.amount += amount;
      g.entries += 1;
      groups.set(key, g);
    }
  }
  const finish = (g) => ({ ...g, hours: round2(g.seconds / 3600), billable_hours: round2(g.billable_seconds / 3600), amount: round2(g.amount) });
  const list = [...groups.values()].map(finish);
  const timeBased = ["day", "week", "month", "year"].includes(by);
  list.sort((a, b) => (timeBased ? (a.key < b.key ? -1 : 1) : b.seconds - a.seconds));
  return { totals: finish(totals), groups: list };
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
    out.push({ key: isoDate(b, tz), label: bucketLabel(unit, b, tz), seconds: 0, billable_seconds: 0 });
  }
  return out;
}

let groupedMissing = false;

/** {totals, groups, series, source} for a range of ISO dates (inclusive) and a grouping. */
export async function loadReport({ startDate, endDate, groupBy, userId, tz, weekStart, projects, clients = [] }) {
  const start = dateFromIso(startDate, tz);
  const end = addDays(dateFromIso(endDate, tz), 1, tz);
  const days = Math.round((end - start) / 86400000);
  const unit = chartUnit(days);
  const params = { start_date: startDate, end_date: endDate, user_ids: userId || undefined };
  if (!groupedMissing) {
    try {
      const [main, overTime] = await Promise.all([
        get(`/reports/grouped?${query({ ...params, group_by: groupBy })}`),
        get(`/reports/grouped?${query({ ...params, group_by: unit })}`),
      ]);
      return { ...main.report, series: fill(overTime.report.groups, unit, start, end, tz, weekStart), unit, source: "grouped" };
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
      groupedMissing = true;
    }
  }
  const q = query({ start_date: startDate, end_date: endDate, include_active: true, user_id: userId || undefined });
  const entries = await getAll(`/time-entries?${q}`, "time_entries", 1000);
  const ctx = {
    tz, weekStart, start, end,
    projects: new Map(projects.map((p) => [p.id, p])), clients: new Map(clients.map((c) => [c.id, c])),
  };
  const main = groupEntries(entries, groupBy, ctx);
  const overTime = groupEntries(entries, unit, ctx);
  return { ...main, series: fill(overTime.groups, unit, start, end, tz, weekStart), unit, source: "entries" };
}

function fill(groups, unit, start, end, tz, weekStart) {
  const byKey = new Map(groups.map((g) => [g.key, g]));
  return emptyBuckets(unit, start, end, tz, weekStart).map((b) => ({ ...b, ...(byKey.get(b.key) || {}), label: b.label }));
}

/** CSV text (RFC 4180 quoting; cells starting with = + - @ are prefixed so spreadsheets show text). */
export function toCsv(rows) {
  const cell = (v) => {
    let s = v === null || v === undefined ? "" : String(v);
    if (/^[=+\-@]/.test(s) && typeof v === "string") s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
