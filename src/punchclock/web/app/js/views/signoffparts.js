// The Sign-off page's pieces: a period's state badge, its row (which opens to its totals by day
// and by project), the dialog asking for a comment or a reason, and the server's refusals in words.

import { get } from "../api.js";
import { field, h, icon } from "../dom.js";
import { spanLabel } from "../lockspan.js";
import { reason, retryable } from "../stale.js";
import { state } from "../store.js";
import { dateFromIso, formatDuration, shortDay } from "../time.js";
import { modal } from "../ui.js";

export const STATUS = {
  draft: { text: "Not submitted", class: "muted" },
  submitted: { text: "Waiting for approval", class: "wait" },
  approved: { text: "Approved", class: "ok", locked: true },
  rejected: { text: "Rejected", class: "warn" },
  closed: { text: "Closed", class: "muted", locked: true },
};

export const fmt = (seconds) => formatDuration(seconds, state.prefs.duration);

export function badge(status) {
  const s = STATUS[status] || { text: status, class: "muted" };
  return h("span", { class: `badge so-badge ${s.class}`, "data-status": status }, s.locked ? icon("lock") : null, s.text);
}

export const label = (p) => spanLabel(p.period_start, p.period_end);

/** The periods' details (owner's name, totals), six requests at a time: id -> period. */
export async function details(ids) {
  const out = new Map();
  for (let i = 0; i < ids.length; i += 6) {
    const batch = ids.slice(i, i + 6);
    const got = await Promise.all(batch.map((id) => get(`/timesheet-periods/${id}`)));
    got.forEach((data, j) => out.set(batch[j], data.timesheet_period));
  }
  return out;
}

/** What the server's refusal of `doing` ("Submitting", "Approving", ...) means, in words. `mine`:
 * the caller's own period (a running timer is then theirs to stop). */
export function said(err, doing, mine = false) {
  if (retryable(err)) return `${doing} did not go through: ${reason(err)}. Nothing changed; try again.`;
  switch (err.code) {
    case "timer_running":
      return mine
        ? "Stop your running timer first: a timer still runs in this period, so its time is not final."
        : "Its owner's timer is still running in this period: they need to stop it first.";
    case "own_period":
      return "Nobody approves or rejects their own period: another manager or an admin does.";
    case "invalid_state":
      return `${doing} is not possible any more: the period changed meanwhile. The list now shows it as it is.`;
    case "not_found":
      return "This period is gone (deleted meanwhile).";
    default:
      return err.message;
  }
}

/** Ask for a comment or a reason before acting; resolves to the text ("" when optional and left
 * empty) or null when cancelled. */
export function askText(title, { text, label: name, required = false, ok, danger = false }) {
  return modal(title, (close) => {
    const box = h("textarea", { name: "reason", rows: 3, maxlength: 2000, class: "so-text" });
    const error = h("p", { class: "form-error", role: "alert" });
    const form = h("form", {}, text ? h("p", { class: "so-ask", text }) : null,
      field(required ? name : `${name} (optional)`, box), error,
      h("div", { class: "actions" },
        h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => close(null) }),
        h("button", { type: "submit", class: danger ? "btn danger" : "btn primary", text: ok })));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const value = box.value.trim();
      if (required && !value) {
        error.textContent = `Write a ${name.toLowerCase()}: they will read it.`;
        return box.focus();
      }
      close(value);
    });
    return form;
  });
}

/** A period's totals: a bar per day, and the time per project. */
export function totalsPanel(detail) {
  const t = detail.totals;
  const most = Math.max(8 * 3600, ...t.by_day.map((d) => d.seconds));
  const days = h("ol", { class: "so-days", "aria-label": "Time by day" }, t.by_day.map((d) => {
    const day = shortDay(dateFromIso(d.date, "UTC"), "UTC");
    const bar = h("span", { class: "so-fill" });
    bar.style.width = `${(d.seconds / most) * 100}%`;
    return h("li", { class: d.seconds ? null : "none" },
      h("span", { class: "so-day", text: `${day.weekday} ${day.day}` }),
      h("span", { class: "so-bar", "aria-hidden": "true" }, bar),
      h("span", { class: "so-h", text: d.seconds ? fmt(d.seconds) : "–" }));
  }));
  const projects = t.by_project.map((p) => {
    const known = state.projects.find((x) => x.id === p.project_id);
    const swatch = h("span", { class: "swatch" });
    swatch.style.setProperty("--c", (known && known.color) || "var(--muted)");
    return h("li", {}, swatch, h("span", { class: "so-name", text: p.project_name || "No project" }),
      h("span", { class: "so-h", text: fmt(p.seconds) }));
  });
  return h("div", { class: "so-detail" },
    h("div", {}, h("h4", { text: "By day" }), days),
    h("div", {}, h("h4", { text: "By project" }),
      projects.length ? h("ul", { class: "so-projects", "aria-label": "Time by project" }, projects)
        : h("p", { class: "muted", text: "Nothing tracked in this period." })));
}

/**
 * One period as a row: what it is (a button that opens its totals), its state (unless `state` is
 * false: a list of one state says it once), its total and the buttons that act on it. `open` is the
 * set of opened period ids, kept across reloads.
 */
export function periodRow(p, detail, { title, sub, actions = [], pick = null, notes = [], open, state = true }) {
  const isOpen = open.has(p.id);
  const what = h("button", { type: "button", class: "so-what", "aria-expanded": isOpen ? "true" : "false" },
    icon("right"), h("span", { class: "so-title", text: title }), sub ? h("span", { class: "so-sub", text: sub }) : null);
  const total = h("span", { class: "so-total", text: detail ? fmt(detail.totals.seconds) : "" });
  const row = h("li", { class: isOpen ? "so-row open" : "so-row", "data-id": String(p.id), "data-status": p.status },
    pick ? h("span", { class: "so-pick" }, pick) : null, what, state ? badge(p.status) : null, total,
    h("span", { class: "so-actions" }, actions),
    notes.filter(Boolean).map((n) => h("p", { class: `so-note ${n.class || ""}`, text: n.text })));
  const panel = h("div", { class: "so-panel", hidden: !isOpen });
  const fill = () => panel.replaceChildren(detail ? totalsPanel(detail) : h("p", { class: "loading", text: "Loading…" }));
  if (isOpen) fill();
  what.addEventListener("click", () => {
    const now = !open.has(p.id);
    if (now) open.add(p.id);
    else open.delete(p.id);
    row.classList.toggle("open", now);
    what.setAttribute("aria-expanded", now ? "true" : "false");
    panel.hidden = !now;
    if (now) fill();
  });
  row.append(panel);
  return row;
}
