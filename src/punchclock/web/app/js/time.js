// Time in the user's zone (not the browser's), with Intl only. Pure functions: unit-tested with node.

const formatters = new Map();

function formatter(tz) {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit", weekday: "short",
    });
    formatters.set(tz, f);
  }
  return f;
}

const WEEKDAYS = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** Wall-clock parts of an instant in a zone, straight from Intl (slow: see parts). */
function intlParts(ms, tz) {
  const out = {};
  for (const p of formatter(tz).formatToParts(new Date(ms))) out[p.type] = p.value;
  return {
    y: Number(out.year), m: Number(out.month), d: Number(out.day),
    hh: Number(out.hour), mm: Number(out.minute), ss: Number(out.second), wd: WEEKDAYS[out.weekday],
  };
}

// Notes: formatToParts costs tens of microseconds, and a week of entries needs thousands of dates.
// A zone's offset only changes at a quarter hour (UTC), so it is looked up once per quarter hour
// and the parts are then plain arithmetic on a shifted UTC date.
const QUARTER = 15 * 60 * 1000;
const offsets = new Map();

function quarterOffset(ms, tz) {
  const q = Math.floor(ms / QUARTER) * QUARTER;
  const key = `${tz}|${q}`;
  let off = offsets.get(key);
  if (off === undefined) {
    const p = intlParts(q, tz);
    off = Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm, p.ss) - q;
    if (offsets.size > 20000) offsets.clear();
    offsets.set(key, off);
  }
  return off;
}

/** Wall-clock parts of an instant (ms) in a zone; wd is 0 for Monday. */
export function parts(ms, tz) {
  const d = new Date(ms + quarterOffset(ms, tz));
  return {
    y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), hh: d.getUTCHours(),
    mm: d.getUTCMinutes(), ss: d.getUTCSeconds(), wd: (d.getUTCDay() + 6) % 7,
  };
}

function offset(ms, tz) {
  const p = parts(ms, tz);
  return Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm, p.ss) - Math.floor(ms / 1000) * 1000;
}

/** The instant (ms) of a wall-clock time in a zone. In a DST gap, the time after the gap. */
export function zoned(y, m, d, hh = 0, mm = 0, tz = "UTC") {
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = offset(guess, tz);
  const second = offset(guess - first, tz);
  return guess - (second === first ? first : second);
}

export function startOfDay(ms, tz) {
  const p = parts(ms, tz);
  return zoned(p.y, p.m, p.d, 0, 0, tz);
}

export function addDays(ms, days, tz) {
  const p = parts(ms, tz);
  return zoned(p.y, p.m, p.d + days, p.hh, p.mm, tz);
}

/** weekStart: 0 = Monday ... 6 = Sunday (the server's convention). */
export function startOfWeek(ms, tz, weekStart = 0) {
  const p = parts(ms, tz);
  const back = (p.wd - weekStart + 7) % 7;
  return zoned(p.y, p.m, p.d - back, 0, 0, tz);
}

export function startOfMonth(ms, tz) {
  const p = parts(ms, tz);
  return zoned(p.y, p.m, 1, 0, 0, tz);
}

/** [start, end) of the day or week around ms. */
export function period(kind, ms, tz, weekStart = 0) {
  const start = kind === "day" ? startOfDay(ms, tz) : startOfWeek(ms, tz, weekStart);
  return [start, addDays(start, kind === "day" ? 1 : 7, tz)];
}

export function shiftPeriod(kind, ms, steps, tz) {
  return addDays(ms, steps * (kind === "day" ? 1 : 7), tz);
}

const pad = (n) => String(n).padStart(2, "0");

export function isoDate(ms, tz) {
  const p = parts(ms, tz);
  return `${p.y}-${pad(p.m)}-${pad(p.d)}`;
}

/** "YYYY-MM-DDTHH:MM" for <input type=datetime-local>, in the zone. */
export function localInput(ms, tz) {
  const p = parts(ms, tz);
  return `${p.y}-${pad(p.m)}-${pad(p.d)}T${pad(p.hh)}:${pad(p.mm)}`;
}

export function fromLocalInput(text, tz) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(text || "");
  if (!m) return null;
  return zoned(+m[1], +m[2], +m[3], +m[4], +m[5], tz);
}

export function dateFromIso(text, tz) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
  return m ? zoned(+m[1], +m[2], +m[3], 0, 0, tz) : null;
}

/** Durations: "hm" 1:05, "decimal" 1.08, "text" 1h 05m. */
/** Where an entry's span ends (ms): its end, or when its running timer was paused, or now. */
export function spanEnd(e, now = Date.now()) {
  if (e.end_time) return Date.parse(e.end_time);
  return e.paused_at ? Date.parse(e.paused_at) : now;
}

/**
 * The worked seconds of an entry (its span less its break), or of the part of it in [from, to)
 * when given: a break's share is taken from each part (as the server's reports do).
 */
export function workedSeconds(e, now = Date.now(), from = -Infinity, to = Infinity) {
  const s = Date.parse(e.start_time);
  const f = spanEnd(e, now);
  const part = (Math.min(f, to) - Math.max(s, from)) / 1000;
  if (part <= 0) return 0;
  const span = (f - s) / 1000;
  const pause = e.break_seconds || 0;
  return pause > 0 && span > 0 ? (part * Math.max(span - pause, 0)) / span : part;
}

export function formatDuration(seconds, style = "hm") {
  const s = Math.max(0, Math.round(seconds));
  if (style === "decimal") return (s / 3600).toFixed(2);
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (style === "text") return hours ? `${hours}h ${pad(minutes)}m` : `${minutes}m`;
  if (style === "hms") return `${hours}:${pad(minutes)}:${pad(s % 60)}`;
  return `${hours}:${pad(minutes)}`;
}

export function formatTime(ms, tz, clock = "24") {
  const p = parts(ms, tz);
  if (clock === "12") {
    const h = p.hh % 12 || 12;
    return `${h}:${pad(p.mm)} ${p.hh < 12 ? "am" : "pm"}`;
  }
  return `${pad(p.hh)}:${pad(p.mm)}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** Dates: "iso" 2026-11-22, "dmy" 22/11/2026, "mdy" 11/22/2026, "text" Sun 22 Nov 2026. */
export function formatDate(ms, tz, style = "text") {
  const p = parts(ms, tz);
  if (style === "iso") return `${p.y}-${pad(p.m)}-${pad(p.d)}`;
  if (style === "dmy") return `${pad(p.d)}/${pad(p.m)}/${p.y}`;
  if (style === "mdy") return `${pad(p.m)}/${pad(p.d)}/${p.y}`;
  return `${DAYS[p.wd]} ${p.d} ${MONTHS[p.m - 1]} ${p.y}`;
}

/** The day of an instant as a person says it, seen from `now`: "Today", "Yesterday", a weekday
 * within the last week, else "12 May" (with the year when it is not this one). */
export function relativeDay(ms, now, tz) {
  const back = Math.round((startOfDay(now, tz) - startOfDay(ms, tz)) / 86400000);
  if (back === 0) return "Today";
  if (back === 1) return "Yesterday";
  const p = parts(ms, tz);
  if (back > 1 && back < 7) return DAYS[p.wd];
  return p.y === parts(now, tz).y ? `${p.d} ${MONTHS[p.m - 1]}` : `${p.d} ${MONTHS[p.m - 1]} ${p.y}`;
}

/** Words starting with a relative day, for the middle of a sentence ("… of today 09:12"). */
export const midSentence = (words) => words.replace(/^(Today|Yesterday)\b/, (d) => d.toLowerCase());

export function shortDay(ms, tz) {
  const p = parts(ms, tz);
  return { weekday: DAYS[p.wd], day: p.d, month: MONTHS[p.m - 1] };
}

export function periodLabel(kind, start, tz) {
  const a = parts(start, tz);
  if (kind === "day") return formatDate(start, tz, "text");
  const b = parts(addDays(start, 6, tz), tz);
  if (a.m === b.m) return `${a.d} – ${b.d} ${MONTHS[b.m - 1]} ${b.y}`;
  if (a.y === b.y) return `${a.d} ${MONTHS[a.m - 1]} – ${b.d} ${MONTHS[b.m - 1]} ${b.y}`;
  return `${a.d} ${MONTHS[a.m - 1]} ${a.y} – ${b.d} ${MONTHS[b.m - 1]} ${b.y}`;
}

/** Report presets as inclusive [start_date, end_date] ISO dates in the zone. */
export function preset(name, now, tz, weekStart = 0) {
  const day = startOfDay(now, tz);
  const week = startOfWeek(now, tz, weekStart);
  const p = parts(now, tz);
  const span = (a, bExclusive) => [isoDate(a, tz), isoDate(addDays(bExclusive, -1, tz), tz)];
  switch (name) {
    case "today": return span(day, addDays(day, 1, tz));
    case "this-week": return span(week, addDays(week, 7, tz));
    case "last-week": return span(addDays(week, -7, tz), week);
    case "this-month": return span(zoned(p.y, p.m, 1, 0, 0, tz), zoned(p.y, p.m + 1, 1, 0, 0, tz));
    case "last-month": return span(zoned(p.y, p.m - 1, 1, 0, 0, tz), zoned(p.y, p.m, 1, 0, 0, tz));
    case "this-year": return span(zoned(p.y, 1, 1, 0, 0, tz), zoned(p.y + 1, 1, 1, 0, 0, tz));
    default: throw new Error(`unknown preset ${name}`);
  }
}

/** The start (ms) of the bucket (day/week/month/year) an instant falls in. */
export function bucketStart(unit, ms, tz, weekStart = 0) {
  if (unit === "day") return startOfDay(ms, tz);
  if (unit === "week") return startOfWeek(ms, tz, weekStart);
  const p = parts(ms, tz);
  return unit === "month" ? zoned(p.y, p.m, 1, 0, 0, tz) : zoned(p.y, 1, 1, 0, 0, tz);
}

export function nextBucket(unit, ms, tz) {
  if (unit === "day") return addDays(ms, 1, tz);
  if (unit === "week") return addDays(ms, 7, tz);
  const p = parts(ms, tz);
  return unit === "month" ? zoned(p.y, p.m + 1, 1, 0, 0, tz) : zoned(p.y + 1, 1, 1, 0, 0, tz);
}

export function bucketLabel(unit, ms, tz) {
  const p = parts(ms, tz);
  if (unit === "day") return `${p.d} ${MONTHS[p.m - 1]}`;
  if (unit === "week") return `wk ${p.d} ${MONTHS[p.m - 1]}`;
  if (unit === "month") return `${MONTHS[p.m - 1]} ${p.y}`;
  return String(p.y);
}
