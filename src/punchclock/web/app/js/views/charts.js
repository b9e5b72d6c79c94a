// Two small SVG charts, drawn by hand: hours over time (bars, stacked by group) and the breakdown
// (horizontal bars). Every bar and segment can be picked (click, or Enter on a focused bar) to see
// the entries behind it.

import { svg } from "../dom.js";

const PALETTE = ["#0f766e", "#2563eb", "#d97706", "#9333ea", "#dc2626", "#059669", "#db2777", "#4b5563"];
export const colorAt = (i) => PALETTE[i % PALETTE.length];
export const OTHER = "#94a3b8";

// `fmt` writes a duration (in seconds) the way the user set durations to be written, so a chart says
// what the table beside it says ("19:35", not "19.6h").
const hoursText = (secs) => `${(secs / 3600).toFixed(2)} h`;

function pickable(el, label, onPick) {
  el.setAttribute("tabindex", "0");
  el.setAttribute("role", "button");
  el.setAttribute("aria-label", label);
  el.addEventListener("click", (ev) => {
    ev.stopPropagation();
    onPick();
  });
  el.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === " ") {
      ev.preventDefault();
      onPick();
    }
  });
}

/** Bars over time, each stacked by its groups. `bars`: [{key, label, seconds, stack: [{key, label,
 * seconds}]}]; `colorOf(key)` colours a stack's segment; `onPick(bar, segment | null)`. */
export function stackedBarChart(bars, { height = 200, width = 640, fmt = hoursText, colorOf = () => PALETTE[0], onPick = null } = {}) {
  const pad = { l: 34, r: 6, t: 8, b: 22 };
  const max = Math.max(1, ...bars.map((b) => b.seconds / 3600));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const w = (width - pad.l - pad.r) / Math.max(1, bars.length);
  const y = (hours) => pad.t + (height - pad.t - pad.b) * (1 - hours / top);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Hours over time" });
  for (let v = 0; v <= top + 1e-9; v += step) {
    root.append(svg("line", { class: "axis", x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v) }));
    root.append(svg("text", { x: pad.l - 6, y: y(v) + 4, "text-anchor": "end", text: `${+v.toFixed(1)}h` }));
  }
  const every = Math.ceil(bars.length / (width < 500 ? 6 : 12));
  bars.forEach((b, i) => {
    const x = pad.l + i * w + w * 0.15;
    const g = svg("g", { class: "bar-group" });
    g.append(svg("title", { text: `${b.label}: ${fmt(b.seconds)}` }));
    // The whole column answers a pick, so a short bar is as easy to hit as a tall one.
    g.append(svg("rect", { class: "hit", x: pad.l + i * w, y: pad.t, width: w, height: height - pad.t - pad.b, fill: "transparent" }));
    const segments = b.stack.length ? b.stack : [{ key: null, label: b.label, seconds: b.seconds }];
    let base = 0;
    for (const s of segments) {
      const hours = s.seconds / 3600;
      if (hours <= 0) continue;
      const rect = svg("rect", { class: "bar", x, y: y(base + hours), width: w * 0.7, height: Math.max(0, y(base) - y(base + hours)) });
      if (s.key !== null) {
        rect.style.fill = colorOf(s.key); // a style, not the attribute: the stylesheet colours plain bars
        rect.append(svg("title", { text: `${b.label} · ${s.label}: ${fmt(s.seconds)}` }));
        if (onPick) rect.addEventListener("click", (ev) => {
          ev.stopPropagation();
          onPick(b, s);
        });
      }
      g.append(rect);
      base += hours;
    }
    if (onPick && b.seconds > 0) pickable(g, `${b.label}: ${fmt(b.seconds)}`, () => onPick(b, null));
    root.append(g);
    if (i % every === 0) root.append(svg("text", { x: x + w * 0.35, y: height - 6, "text-anchor": "middle", text: b.label }));
  });
  return root;
}

/** Horizontal bars, one per group (the first `max`, then "Other"); `onPick(group)`. */
export function breakdownChart(groups, { max = 8, colors = [], fmt = hoursText, onPick = null } = {}) {
  const shown = groups.slice(0, max);
  const rest = groups.slice(max).reduce((sum, g) => sum + g.seconds, 0);
  if (rest) shown.push({ key: null, label: "Other", seconds: rest });
  const width = 400;
  const row = 26;
  const height = Math.max(row, shown.length * row);
  const total = Math.max(1, ...shown.map((g) => g.seconds));
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Breakdown" });
  shown.forEach((g, i) => {
    const bw = ((width - 190) * g.seconds) / total;
    const label = g.label.length > 20 ? `${g.label.slice(0, 19)}…` : g.label;
    const item = svg("g", { class: "bar-group" });
    item.append(svg("text", { x: 0, y: i * row + 17, text: label }));
    const bar = svg("rect", { x: 130, y: i * row + 6, width: Math.max(2, bw), height: 14, rx: 3, fill: g.key === null ? OTHER : colors[i] || colorAt(i) });
    bar.append(svg("title", { text: `${g.label}: ${fmt(g.seconds)}` }));
    item.append(bar, svg("text", { x: 136 + bw, y: i * row + 17, text: fmt(g.seconds) }));
    if (onPick && g.key !== null) pickable(item, `${g.label}: ${fmt(g.seconds)}`, () => onPick(g));
    root.append(item);
  });
  return root;
}

function niceStep(max) {
  for (const s of [0.5, 1, 2, 4, 5, 10, 20, 25, 50, 100, 200, 500, 1000]) if (max / s <= 5) return s;
  return 2000;
}
