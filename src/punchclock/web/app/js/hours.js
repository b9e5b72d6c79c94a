// Hours as people type them into a timesheet cell: "1:30", "1.5", "1,5", "90m", "2h", "1h 30m".
// Pure: unit-tested with node (tests/web/js/hours.test.mjs).

export const MAX_DAY = 24 * 3600;

const FORMS = [
  [/^(\d{0,2}):([0-5]?\d)$/, (m) => Number(m[1] || 0) * 60 + Number(m[2])], // 1:30, :45
  [/^(\d+(?:[.,]\d*)?|[.,]\d+)h?$/, (m) => decimal(m[1]) * 60], // 1.5, 1,5, 2, 2h, 1.5h
  [/^(\d+)(?:m|min)$/, (m) => Number(m[1])], // 90m, 90min
  [/^(\d+)h(\d{1,2})(?:m|min)?$/, (m) => Number(m[1]) * 60 + Number(m[2])], // 1h30m, 1h30
];

function decimal(text) {
  return parseFloat(text.replace(",", ".").replace(/^\./, "0."));
}

/** Seconds, in whole minutes, for what was typed (0 for nothing); null when it is no duration. */
export function parseHours(text) {
  const t = String(text ?? "").trim().toLowerCase().replace(/\s+/g, "");
  if (!t) return 0;
  for (const [form, minutes] of FORMS) {
    const m = form.exec(t);
    if (!m) continue;
    const value = minutes(m);
    return Number.isFinite(value) ? Math.round(value) * 60 : null;
  }
  return null;
}
