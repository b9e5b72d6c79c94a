// The Time off page (#/absences): your vacation days this year, your absence requests and the
// dialog that makes one; for managers and admins a team calendar (absencecal.js), for admins the
// absence types (absencetypes.js).
//
// Notes: every list loads through keep.js, so a failed read keeps what was shown, marked as a copy,
// and asks again with back-off; an action the server refuses says the server's message (409
// absence_overlap, period_locked, ...) and changes nothing. A live absence.* event ("absences" in
// the store) reloads what is shown.

import { api, get, query } from "../api.js";
import { field, h, select } from "../dom.js";
import { keepShown } from "../keep.js";
import { isAdmin, isManager, state, subscribe, tz } from "../store.js";
import { isoDate } from "../time.js";
import { confirmDialog, modal, setBusy, showError, toast } from "../ui.js";
import { calendarSection } from "./absencecal.js";
import { typesCard } from "./absencetypes.js";

export const STATUS = {
  draft: { text: "Draft", class: "muted" },
  submitted: { text: "Waiting for approval", class: "wait" },
  approved: { text: "Approved", class: "ok" },
  rejected: { text: "Rejected", class: "warn" },
  cancelled: { text: "Cancelled", class: "muted" },
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** "Mon 3 Aug 2026" of an ISO date (no time zone: a date is a date). */
export function dayText(iso, year = true) {
  const d = new Date(`${iso}T00:00:00Z`);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${year ? ` ${d.getUTCFullYear()}` : ""}`;
}

/** "3–7 Aug 2026", "½ Mon 3 Aug 2026", "Mon 28 Dec 2026 (½) – Fri 8 Jan 2027". */
export function spanText(a) {
  const half = (on) => (on ? " (½)" : "");
  if (a.start_date === a.end_date) return `${a.start_half || a.end_half ? "½ " : ""}${dayText(a.start_date)}`;
  const sameYear = a.start_date.slice(0, 4) === a.end_date.slice(0, 4);
  return `${dayText(a.start_date, !sameYear)}${half(a.start_half)} – ${dayText(a.end_date)}${half(a.end_half)}`;
}

export const daysText = (n) => `${Number(n).toLocaleString("en", { maximumFractionDigits: 1 })} ${n === 1 ? "day" : "days"}`;

export function statusBadge(status) {
  const s = STATUS[status] || { text: status, class: "muted" };
  return h("span", { class: `badge so-badge ${s.class}`, "data-status": status, text: s.text });
}

export function swatch(color) {
  const el = h("span", { class: "swatch", "aria-hidden": "true" });
  if (color) el.style.setProperty("--c", color);
  return el;
}

export function mount(main) {
  const offs = [];
  const tabs = h("div", { class: "seg ab-tabs", role: "group", "aria-label": "Show" });
  const mine = h("div", { class: "ab-mine" });
  const team = isManager() ? calendarSection() : null;
  main.append(h("div", { class: "page-head" }, h("h1", { text: "Time off" }), team ? tabs : null), mine);
  const year = h("section", { class: "card ab-card", "aria-labelledby": "ab-year" });
  const requests = requestsSection();
  mine.append(year, requests.node);
  const types = isAdmin() ? typesCard() : null;
  if (types) mine.append(types.node);
  const figures = yearFigures(year);
  if (team) {
    main.append(team.node);
    const show = (which) => {
      mine.hidden = which !== "mine";
      team.node.hidden = which !== "team";
      for (const b of tabs.children) b.setAttribute("aria-pressed", b.dataset.tab === which ? "true" : "false");
      if (which === "team") team.load();
    };
    for (const [which, text] of [["mine", "My time off"], ["team", "Team calendar"]]) {
      tabs.append(h("button", { type: "button", "data-tab": which, text, onclick: () => show(which) }));
    }
    show(location.hash.includes("team") ? "team" : "mine");
  }
  const reload = () => {
    figures();
    requests.load();
  };
  requests.changed = reload;
  offs.push(subscribe((what) => {
    if (what !== "absences") return;
    reload();
    if (team && !team.node.hidden) team.load();
  }));
  reload();
  if (types) types.load();
  return { destroy: () => offs.forEach((off) => off()) };
}

/** Your vacation days this year: allowance, carried, taken, planned, remaining. */
function yearFigures(node) {
  const body = h("div", { class: "ab-figures" });
  const title = h("h2", { id: "ab-year", text: "Vacation this year" });
  node.append(title, body);
  const figure = (label, value, cls) => h("div", { class: `ab-figure ${cls || ""}` },
    h("span", { class: "ab-num", text: Number(value).toLocaleString("en", { maximumFractionDigits: 1 }) }),
    h("span", { class: "ab-label", text: label }));
  return keepShown(body, () => get("/worktime/balance"), (data) => {
    const v = data.vacation || {};
    title.textContent = `Vacation ${v.year || new Date().getFullYear()}`;
    const lapsed = v.lapsed_days ? [figure("lapsed", v.lapsed_days)] : [];
    return [
      h("div", { class: "ab-row" },
        figure("allowed", v.allowance_days || 0), figure("carried over", v.carried_days || 0),
        figure("taken", v.taken_days || 0), figure("planned", v.planned_days || 0), ...lapsed,
        figure("remaining", v.remaining_days || 0, `main${(v.remaining_days || 0) < 0 ? " over" : ""}`)),
      h("p", { class: "muted ab-hint", text: !v.allowance_days && !v.carried_days
        ? "No vacation days are set for you this year: an admin sets them in your work model (Users)."
        : "Planned days wait for approval and are not taken off yet. Weekends and holidays cost nothing." }),
    ];
  }, "Your vacation days");
}

function requestsSection() {
  const body = h("div", { class: "ab-body" });
  const add = h("button", { type: "button", class: "btn primary small", text: "Request time off" });
  const node = h("section", { class: "card ab-card", "aria-labelledby": "ab-requests" },
    h("div", { class: "ab-head" }, h("h2", { id: "ab-requests", text: "Your requests" }), h("span", { class: "spacer" }), add), body);
  const out = { node, load: null, changed: () => out.load() };
  add.addEventListener("click", async () => {
    if (await requestDialog()) out.changed();
  });

  const act = async (button, a, step) => {
    if (step === "delete" && !(await confirmDialog("Delete this request?", `${a.type_name}, ${spanText(a)}.`, "Delete"))) return;
    setBusy(button, true);
    try {
      if (step === "delete") await api("DELETE", `/absences/${a.id}`);
      else await api("POST", `/absences/${a.id}/${step}`);
      toast({ delete: "Request deleted.", submit: "Request sent for approval.", withdraw: "Request withdrawn: it is a draft again." }[step]);
    } catch (err) {
      setBusy(button, false);
      showError(err);
    }
    out.changed();
  };

  const draw = ({ absences }) => {
    if (!absences.length) return h("p", { class: "empty", text: "No requests yet. Request time off, and your manager approves it." });
    return h("ul", { class: "ab-list", "aria-label": "Your requests" }, absences.map((a) => {
      const b = (text, step, cls = "") => h("button", { type: "button", class: `btn small ${cls}`, text, "data-step": step, onclick: (ev) => act(ev.currentTarget, a, step) });
      const actions = [];
      if (a.status === "draft") actions.push(b("Submit", "submit", "primary"));
      if (a.status === "submitted") actions.push(b("Withdraw", "withdraw"));
      if (a.status !== "approved") actions.push(b("Delete", "delete", "ghost danger"));
      const notes = [];
      if (a.comment) notes.push(h("p", { class: "ab-note", text: `Your note: “${a.comment}”` }));
      if (a.review_comment) notes.push(h("p", { class: `ab-note ${a.status === "rejected" ? "warn" : ""}`, text: `${a.status === "rejected" ? "Rejected" : "Reviewer"}: “${a.review_comment}”` }));
      return h("li", { class: "ab-item", "data-id": String(a.id), "data-status": a.status },
        h("span", { class: "ab-what" }, swatch(a.color), h("strong", { text: a.type_name }),
          h("span", { class: "ab-when", text: spanText(a) })),
        h("span", { class: "ab-days", text: daysText(a.days) }),
        statusBadge(a.status),
        h("span", { class: "ab-actions" }, actions),
        notes);
    }));
  };
  out.load = keepShown(body, () => get(`/absences?${query({ user_id: state.user.id })}`), draw, "Your requests");
  return out;
}

let typesCache = null;

/** The enabled absence types (fetched once per page view of the dialog). */
async function enabledTypes() {
  const data = await get("/absence-types?enabled_only=true");
  typesCache = data.absence_types;
  return typesCache;
}

/** The "Request time off" dialog; resolves to the saved absence, or null. */
export async function requestDialog() {
  let types;
  try {
    types = await enabledTypes();
  } catch (err) {
    showError(err);
    return null;
  }
  const today = isoDate(Date.now(), tz());
  return modal("Request time off", (close) => {
    const type = select(types.map((t) => [t.id, t.name]), (types.find((t) => t.code === "vacation") || types[0] || {}).id, { name: "type_id", required: true });
    const first = h("input", { type: "date", name: "start_date", value: today, required: true });
    const last = h("input", { type: "date", name: "end_date", value: today, required: true });
    const halfFirst = h("input", { type: "checkbox", name: "start_half" });
    const halfLast = h("input", { type: "checkbox", name: "end_half" });
    const lastHalfLabel = h("label", { class: "check" }, halfLast, "Last day is a half day");
    const firstHalfLabel = h("label", { class: "check" }, halfFirst, h("span", { text: "First day is a half day" }));
    const comment = h("textarea", { name: "comment", rows: 2, maxlength: 2000, class: "so-text" });
    const error = h("p", { class: "form-error", role: "alert" });
    const hint = h("p", { class: "muted ab-hint" });
    const sync = () => {
      if (last.value && first.value && last.value < first.value) last.value = first.value;
      last.min = first.value;
      const one = first.value === last.value;
      lastHalfLabel.hidden = one;
      firstHalfLabel.lastChild.textContent = one ? "Half day" : "First day is a half day";
      const t = types.find((x) => String(x.id) === type.value);
      hint.textContent = t ? `${t.uses_allowance ? "Counts against your vacation days. " : ""}${t.needs_approval ? "Your manager approves it." : "Approved when you send it."}` : "";
    };
    for (const el of [first, last, type]) el.addEventListener("change", sync);
    sync();
    const draft = h("button", { type: "button", class: "btn", text: "Save as draft" });
    const send = h("button", { type: "submit", class: "btn primary", text: "Send request" });
    const form = h("form", { class: "ab-form" },
      field("Type", type), hint,
      h("div", { class: "grid2" }, field("First day", first), field("Last day", last)),
      h("div", { class: "ab-halves" }, firstHalfLabel, lastHalfLabel),
      field("Comment (optional)", comment), error,
      h("div", { class: "actions" },
        h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => close(null) }), draft, send));
    const save = async (submit, button) => {
      if (!first.value || !last.value) {
        error.textContent = "Pick the first and the last day.";
        return;
      }
      const one = first.value === last.value;
      const body = {
        type_id: Number(type.value), start_date: first.value, end_date: last.value,
        start_half: halfFirst.checked, end_half: !one && halfLast.checked,
        comment: comment.value.trim() || null, submit,
      };
      setBusy(button, true);
      error.textContent = "";
      try {
        const res = await api("POST", "/absences", body);
        toast(submit ? (res.absence.status === "approved" ? "Absence recorded." : "Request sent for approval.") : "Draft saved.");
        close(res.absence);
      } catch (err) {
        setBusy(button, false);
        error.textContent = err.message;
      }
    };
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      save(true, send);
    });
    draft.addEventListener("click", () => save(false, draft));
    return form;
  });
}
