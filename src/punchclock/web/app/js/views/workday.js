// The workday card in the timer bar (when the workspace has attendance on): clock in, take a break,
// clock out, and today's worked and break time, ticking like the timer. A workday is the timer
// without a project (README: Clock in and out), so every change here is a timer change too.

import { Offline, api } from "../api.js";
import { h } from "../dom.js";
import { refreshPeriod, state, tz } from "../store.js";
import { formatDuration, formatTime } from "../time.js";
import { showError } from "../ui.js";

const REFETCH = 5 * 60000; // today's totals again now and then (a new day starts at midnight)

export function workdayCard() {
  const root = h("div", { class: "workday", role: "group", "aria-label": "Workday" });
  let status = null;
  let fetchedAt = 0;
  let busy = false;
  let asked = 0;

  const refresh = async () => {
    if (!state.attendance) return draw();
    const mine = ++asked;
    try {
      const answer = await api("GET", "/attendance/status");
      if (mine !== asked) return;
      status = answer.data;
      fetchedAt = Date.now();
    } catch (err) {
      // Switched off meanwhile: the card says so; offline: it keeps what it last knew.
      if (mine === asked && !(err instanceof Offline)) status = null;
    }
    draw();
  };

  const act = async (method, path, body) => {
    busy = true;
    draw();
    try {
      await api(method, path, body);
      await refreshPeriod(); // the timer bar and the entries show the change too
    } catch (err) {
      showError(err);
    } finally {
      busy = false;
      await refresh();
    }
  };

  // A figure that ticks: counts on from when it was fetched (app.js updates [data-elapsed] each second).
  const figure = (label, seconds, ticking) => {
    const value = ticking
      ? h("span", { class: "wd-num", "data-elapsed": String(fetchedAt - seconds * 1000) })
      : h("span", { class: "wd-num", text: formatDuration(seconds, "hms") });
    if (ticking) value.textContent = formatDuration(seconds + (Date.now() - fetchedAt) / 1000, "hms");
    return h("span", { class: "wd-figure" }, h("span", { class: "muted", text: label }), value);
  };

  const button = (text, cls, onclick) => h("button", { type: "button", class: `btn small ${cls}`, text, disabled: busy, onclick });

  const draw = () => {
    root.hidden = !state.attendance;
    if (!state.attendance) return root.replaceChildren();
    if (!status) {
      return root.replaceChildren(h("span", { class: "wd-title", text: "Workday" }), h("span", { class: "muted", text: "Attendance unavailable" }));
    }
    const clock = state.prefs.clock;
    const today = status.today || {};
    const working = status.work_active;
    const onBreak = status.break_active;
    const since = (iso) => formatTime(Date.parse(iso), tz(), clock);
    const said = !working ? "Not clocked in"
      : onBreak ? `On a break since ${since(status.break.start_time)}`
        : `At work since ${since(status.work_period.start_time)}`;
    const buttons = !working
      ? [button("Start day", "primary", () => act("POST", "/workday/start", { source: "web" }))]
      : [
        onBreak
          ? button("End break", "primary", () => act("POST", "/attendance/break/end"))
          : button("Break", "", () => act("POST", "/attendance/break/start", { break_type: "rest" })),
        button("End day", "danger ghost", () => act("POST", "/workday/end", {})),
      ];
    root.classList.toggle("on-break", Boolean(onBreak));
    root.classList.toggle("at-work", Boolean(working && !onBreak));
    root.replaceChildren(
      h("span", { class: "wd-title", text: "Workday" }),
      h("span", { class: "wd-state", role: "status", text: said }),
      h("span", { class: "wd-figures" },
        figure("Worked today", today.total_work_seconds || 0, working && !onBreak),
        figure("Break", today.total_break_seconds || 0, Boolean(onBreak))),
      h("span", { class: "wd-buttons" }, ...buttons));
  };

  const timer = setInterval(() => refresh(), REFETCH);
  draw();
  refresh();
  return { node: root, refresh, destroy: () => clearInterval(timer) };
}
