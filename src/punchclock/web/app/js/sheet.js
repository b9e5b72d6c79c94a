// The timesheet grid's rows: the week's project/task rows in a stable order, with totals. Pure:
// unit-tested with node (tests/web/js/sheet.test.mjs).

/** A row's key: its project and task ("" for none). */
export function rowKey(projectId, taskId) {
  return `${projectId ?? ""}/${taskId ?? ""}`;
}

/**
 * The rows to show, in `order` (keys already shown this week, kept in place so that a row never
 * jumps while hours are typed), then rows new to the week in the report's order, then rows added
 * by hand. A row that lost all its time stays (with zeros) until the week changes. Returns the
 * rows and the order to keep.
 */
export function arrange(order, reportRows, added, names) {
  const byKey = new Map(reportRows.map((r) => [rowKey(r.project_id, r.task_id), r]));
  const keys = [...order];
  for (const key of [...byKey.keys(), ...added.map((a) => rowKey(a.project_id, a.task_id))]) {
    if (!keys.includes(key)) keys.push(key);
  }
  const rows = keys.map((key) => {
    const found = byKey.get(key);
    if (found) return { key, ...found, days: [...found.days] };
    const [p, t] = key.split("/").map((x) => (x ? Number(x) : null));
    return { key, project_id: p, task_id: t, ...names(p, t), days: [0, 0, 0, 0, 0, 0, 0], seconds: 0 };
  });
  return { rows, order: keys };
}

/** Day totals and the week's total of the rows. */
export function totals(rows) {
  const days = [0, 0, 0, 0, 0, 0, 0];
  for (const r of rows) r.days.forEach((s, i) => (days[i] += s));
  return { days, seconds: days.reduce((a, b) => a + b, 0) };
}

/** The report's rows with one cell set (the row is made when the report had none). */
export function withCell(reportRows, row, day, seconds) {
  const key = rowKey(row.project_id, row.task_id);
  const found = reportRows.find((r) => rowKey(r.project_id, r.task_id) === key);
  const target = found || { project_id: row.project_id, project: row.project, task_id: row.task_id,
    task: row.task, days: [0, 0, 0, 0, 0, 0, 0], seconds: 0 };
  target.days[day] = seconds;
  target.seconds = target.days.reduce((a, b) => a + b, 0);
  return found ? reportRows : [...reportRows, target];
}
