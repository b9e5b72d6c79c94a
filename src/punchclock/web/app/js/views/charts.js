// Two small SVG charts, drawn by hand: hours over time (bars) and the breakdown (horizontal bars).

import { svg } from "../dom.js";

const PALETTE = ["#0f766e", "#2563eb", "#d97706", "#9333ea", "#dc2626", "#059669", "#db2777", "#4b5563"];
export const colorAt = (i) => PALETTE[i % PALETTE.length];

// `fmt` writes a duration (in seconds) the way the user set durations to be written, so a chart says
// what the table beside it says ("19:35", not "19.6h").
const hoursText = (secs) => `${(secs / 3600).toFixed(2)} h`;

export function barChart(series, { height = 200, width = 640, fmt = hoursText } = {}) {
  const pad = { l: 34, r: 6, t: 8, b: 22 };
  const max = Math.max(1, ...series.map((s) => s.seconds / 3600));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const w = (width - pad.l - pad.r) / Math.max(1, series.length);
  const y = (hours) => pad.t + (height - pad.t - pad.b) * (1 - hours / top);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Hours over time" });
  for (let v = 0; v <= top + 1e-9; v += step) {
    root.append(svg("line", { class: "axis", x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v) }));
    root.append(svg("text", { x: pad.l - 6, y: y(v) + 4, "text-anchor": "end", text: `${+v.toFixed(1)}h` }));
  }
  const every = Math.ceil(series.length / (width < 500 ? 6 : 12));
  series.forEach((s, i) => {
    const hours = s.seconds / 3600;
    const x = pad.l + i * w + w * 0.15;
    const bar = svg("rect", { class: "bar", x, y: y(hours), width: w * 0.7, height: Math.max(0, y(0) - y(hours)), rx: 2 });
    bar.append(svg("title", { text: `${s.label}: ${fmt(s.seconds)}` }));
    root.append(bar);
    if (i % every === 0) root.append(svg("text", { x: x + w * 0.35, y: height - 6, "text-anchor": "middle", text: s.label }));
  });
  return root;
}

export function breakdownChart(groups, { max = 8, colors = [], fmt = hoursText } = {}) {
  const shown = groups.slice(0, max);
  const rest = groups.slice(max).reduce((sum, g) => sum + g.seconds, 0);
  if (rest) shown.push({ label: "Other", seconds: rest });
  const width = 400;
  const row = 26;
  const height = Math.max(row, shown.length * row);
  const total = Math.max(1, ...shown.map((g) => g.seconds));
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Breakdown" });
  shown.forEach((g, i) => {
    const bw = ((width - 190) * g.seconds) / total;
    const label = g.label.length > 20 ? `${g.label.slice(0, 19)}…` : g.label;
    root.append(svg("text", { x: 0, y: i * row + 17, text: label }));
    const bar = svg("rect", { x: 130, y: i * row + 6, width: Math.max(2, bw), height: 14, rx: 3, fill: colors[i] || colorAt(i) });
    bar.append(svg("title", { text: `${g.label}: ${fmt(g.seconds)}` }));
    root.append(bar);
    root.append(svg("text", { x: 136 + bw, y: i * row + 17, text: fmt(g.seconds) }));
  });
  return root;
}

function niceStep(max) {
  for (const s of [0.5, 1, 2, 4, 5, 10, 20, 25, 50, 100, 200, 500, 1000]) if (max / s <= 5) return s;
  return 2000;
}
