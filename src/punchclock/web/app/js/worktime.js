// Working time's small pure helpers: signed balances, months as ISO dates, hours typed into a work
// model. Pure (no DOM, no store): unit-tested with node (tests/web/js/worktime.test.mjs).

const pad = (n) => String(n).padStart(2, "0");

/** A balance in seconds as "+1:30", "−0:45" or "0:00" (a real minus sign, so columns line up). */
export function signed(seconds) {
  const s = Math.round(seconds || 0);
  const abs = Math.abs(s);
  const text = `${Math.floor(abs / 3600)}:${pad(Math.floor((abs % 3600) / 60))}`;
  if (abs < 60) return "0:00";
  return s > 0 ? `+${text}` : `\u2212${text}`;
}

/** "plus", "minus" or "zero": the class a balance is coloured by. */
export function tone(seconds) {
  if (Math.abs(seconds || 0) < 60) return "zero";
  return seconds > 0 ? "plus" : "minus";
}

/** Seconds as "7:30" (never negative), "" for none when `blank`. */
export function hm(seconds, blank = false) {
  const s = Math.max(0, Math.round(seconds || 0));
  if (blank && s < 60) return "";
  return `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}`;
}

/** "2026-11" of an ISO date. */
export const monthOf = (iso) => iso.slice(0, 7);

/** The first and last ISO dates of a month "YYYY-MM". */
export function monthBounds(month) {
  const [y, m] = month.split("-").map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return [`${month}-01`, `${month}-${pad(last)}`];
}

/** The month `steps` months from "YYYY-MM". */
export function shiftMonth(month, steps) {
  const [y, m] = month.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + steps, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** "November 2026". */
export function monthName(month) {
  const [y, m] = month.split("-").map(Number);
  return `${MONTHS[m - 1]} ${y}`;
}

/** Monday 0 … Sunday 6 of an ISO date. */
export function weekday(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** "Mon 3" of an ISO date. */
export function dayName(iso) {
  return `${DAYS[weekday(iso)]} ${Number(iso.slice(8, 10))}`;
}

function hours(t) {
  const clock = /^(\d{1,4}):([0-5]\d)$/.exec(t);
  if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60;
  if (/^\d+(\.\d*)?$|^\.\d+$/.test(t)) return Math.round(parseFloat(t) * 60) * 60;
  return null;
}

/** Hours as typed into a weekday box ("8", "7.5", "7,5", "7:30") as seconds; null when not hours
 * from 0 to 24. */
export function hoursInput(text) {
  const t = String(text ?? "").trim().replace(",", ".");
  if (t === "") return 0;
  const secs = hours(t);
  return secs !== null && secs <= 86400 ? secs : null;
}

/** Seconds as the hours a weekday box shows: "8", "7.5", "7.25" (up to two decimals). */
export function hoursText(seconds) {
  return String(Math.round((seconds / 3600) * 100) / 100);
}

/** A signed amount of hours typed for an adjustment ("+2", "-1:30", "−0.5", "120") as seconds;
 * null when it is none. */
export function signedHours(text) {
  const m = /^([+\-−]?)\s*(.+)$/.exec(String(text ?? "").trim().replace(",", "."));
  const secs = m ? hours(m[2]) : null;
  if (secs === null) return null;
  return m[1] === "" || m[1] === "+" ? secs : -secs;
}
