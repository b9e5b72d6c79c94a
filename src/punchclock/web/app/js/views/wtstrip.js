// The timeline's working-time strip: under each day's name, a slim line of worked against target
// (from /worktime/days), a dot when the day missed a break rule, and the holiday's name on hover.
//
// Notes: the strip is an addition to the Track page, drawn after the timeline: the days of a range
// are read once and kept, read again a moment after the entries change (the server counts them);
// a failed read keeps the strip it had (or draws none), and the timeline itself never waits for
// it. A person without a work model gets no strip at all, and costs no request but the one that
// found that out (paging through weeks stays one request a move for them); for the others, weeks
// paged through quickly are not read.

import { get, query } from "../api.js";
import { h } from "../dom.js";
import { state, subscribe } from "../store.js";
import { hm, signed } from "../worktime.js";

const kept = new Map(); // "user:start:end" -> days
let stale = new Set();
let timer = null;
let asking = null;
let modelled = null; // whether this user has a work model: asked once a session

subscribe((what) => {
  if (what !== "entries") return;
  stale = new Set(kept.keys());
});

function key(start, end) {
  return `${state.user.id}:${start}:${end}`;
}

/** Add the strip to the timeline in `host` (its `.tl-day` headers), for ISO days start..end. */
export function stripDays(host, start, end) {
  if (!modelled) {
    modelled = get(`/work-models?${query({ user_id: state.user.id })}`).then((d) => d.work_models.length > 0).catch(() => {
      modelled = null; // asked again on the next draw
      return false;
    });
  }
  modelled.then((yes) => yes && host.isConnected && strip(host, start, end));
}

function strip(host, start, end) {
  const k = key(start, end);
  host.dataset.wtRange = k; // what a late answer must match to be drawn
  const days = kept.get(k);
  if (days) draw(host, days);
  if (days && !stale.has(k)) return;
  clearTimeout(timer);
  timer = setTimeout(() => host.isConnected && fetchDays(host, start, end, k), days ? 1500 : 250);
}

async function fetchDays(host, start, end, k) {
  if (asking === k) return;
  asking = k;
  try {
    const data = await get(`/worktime/days?${query({ start_date: start, end_date: end })}`);
    kept.set(k, data.days);
    stale.delete(k);
    if (host.isConnected && host.dataset.wtRange === k) draw(host, data.days);
  } catch {
    // Kept as it was: the strip is a hint, the Working time page says why a read failed.
  } finally {
    asking = null;
  }
}

function draw(host, days) {
  if (!days.some((d) => d.target > 0 || d.credited > 0)) return;
  const heads = host.querySelectorAll(".tl-day");
  if (heads.length !== days.length) return;
  heads.forEach((head, i) => {
    const d = days[i];
    head.querySelector(".tl-wt")?.remove();
    const done = d.worked + d.credited;
    const share = d.target ? Math.min(1, done / d.target) : done ? 1 : 0;
    const words = [d.target ? `${hm(done)} of ${hm(d.target)}` : `${hm(done)}, no target`];
    if (d.holiday) words.push(d.holiday.name);
    if (d.violation === "break_short") words.push(`break short: ${hm(d.breaks)} of ${hm(d.required_break)}`);
    if (d.counted) words.push(`balance ${signed(d.balance)}`);
    const bar = h("span", { class: "tl-wt-bar" });
    bar.style.width = `${Math.round(share * 100)}%`;
    head.append(h("span", {
      class: `tl-wt${d.target ? "" : " off"}${done > d.target && d.target ? " over" : ""}`,
      title: words.join(" · "), "data-date": d.date, role: "img", "aria-label": `Working time: ${words.join(", ")}`,
    }, bar, d.violation ? h("span", { class: "tl-wt-dot" }) : null));
  });
}
