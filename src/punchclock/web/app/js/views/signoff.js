// The Sign-off page (#/signoff): your own periods (weeks, or months) to submit for approval, and
// for managers and admins the periods of the people they see, to approve or reject (signoffteam.js).
//
// Notes: the lists load through keep.js, so a failed read keeps what was shown and says why; an
// action that fails leaves the list as it was and says why in words (signoffparts.said). Acting on
// a period, or a live period.* event about one, refreshes the locked time every page draws
// (js/locks.js), since an approval or a reopening changes what may be edited.

import { api, get, query } from "../api.js";
import { h, icon } from "../dom.js";
import { keepShown } from "../keep.js";
import { currentLocks, refreshLocks } from "../locks.js";
import { dayLabel } from "../lockspan.js";
import { isAdmin, isManager, runningTimer, state, subscribe, tz } from "../store.js";
import { formatDate, isoDate } from "../time.js";
import { confirmDialog, setBusy, showError, toast } from "../ui.js";
import { details, label, periodRow, said } from "./signoffparts.js";
import { teamSection } from "./signoffteam.js";
import { absenceQueue } from "./absencequeue.js";

const STEP = 6; // own periods shown at first, and added by "Show older"

export function mount(main) {
  const offs = [];
  const mine = mineSection();
  const team = isManager() ? teamSection(() => mine.load()) : null;
  const absences = isManager() ? absenceQueue() : null;
  main.append(h("div", { class: "page-head" }, h("h1", { text: "Sign-off" })), mine.node);
  if (team) main.append(team.node);
  if (absences) main.append(absences.node);
  // A period changed (a live event): both lists again. The locked time changed: only what the
  // page says of the lock date (the periods' states come with their own event).
  offs.push(subscribe((what) => {
    if (what === "locks") mine.explain();
    if (what === "absences" && absences) absences.load();
    if (what !== "periods") return;
    mine.load();
    if (team) team.load();
  }));
  mine.load();
  if (team) team.load();
  if (absences) absences.load();
  return { destroy: () => offs.forEach((off) => off()) };
}

function explanation() {
  const locks = currentLocks();
  const unit = locks.periodType === "monthly" ? "month" : "week";
  const out = [h("p", { class: "so-intro", text:
    `Submit a ${unit} once its time is complete. Your manager approves it, or rejects it with a reason for you to fix. ` +
    `Once approved, the ${unit} is locked: nothing in it can change unless an admin reopens it.` })];
  if (locks.lockDate) {
    out.push(h("p", { class: "so-lockdate" }, icon("lock"),
      h("span", { text: `Everything before ${dayLabel(locks.lockDate)} is locked for everyone (the workspace's lock date).` }),
      isAdmin() ? h("a", { href: "#/settings", text: "Change" }) : null));
  }
  return out;
}

/** "This week", "Last week" (or month) for the two periods people submit most. */
function when(p, list) {
  const today = isoDate(Date.now(), tz());
  const unit = p.period_type === "monthly" ? "month" : "week";
  if (p.period_start <= today && today <= p.period_end) return `This ${unit}`;
  const current = list.findIndex((x) => x.period_start <= today && today <= x.period_end);
  return current >= 0 && list[current + 1] === p ? `Last ${unit}` : "";
}

function notes(p, detail) {
  const d = detail || p;
  if (p.status === "rejected") {
    return [{ class: "warn", text: `Rejected: “${d.rejection_reason || "no reason given"}”. Fix what it says, then submit again.` }];
  }
  if (p.status === "approved" && d.approval_comment) return [{ text: `Approved with a comment: “${d.approval_comment}”` }];
  if (p.status === "closed" && d.close_reason) return [{ text: `Closed by an admin: “${d.close_reason}”` }];
  if (p.status === "submitted" && d.submitted_at) {
    return [{ text: `Submitted ${formatDate(Date.parse(d.submitted_at), tz(), state.prefs.date)}. You can withdraw it until it is approved.` }];
  }
  if (p.status === "draft" && d.reopen_reason) return [{ class: "warn", text: `Reopened by an admin: “${d.reopen_reason}”. Submit it again when it is right.` }];
  return [];
}

function mineSection() {
  const body = h("div", { class: "so-body" });
  const node = h("section", { class: "card so-card", "aria-labelledby": "so-mine" },
    h("h2", { id: "so-mine", text: "Your timesheets" }), h("div", { class: "so-explain" }), body);
  const open = new Set();
  let shown = STEP;

  const act = async (button, p, step) => {
    const doing = { submit: "Submitting", withdraw: "Withdrawing" }[step];
    if (step === "submit" && !(await early(p))) return;
    setBusy(button, true);
    try {
      await api("POST", `/timesheet-periods/${p.id}/${step}`);
      toast(step === "submit" ? `${label(p)} submitted for approval.` : `${label(p)} withdrawn: you can edit it again.`);
      refreshLocks();
      load();
    } catch (err) {
      setBusy(button, false);
      showError(said(err, doing, true));
      if (err.code === "invalid_state") load();
    }
  };

  const explain = () => node.querySelector(".so-explain").replaceChildren(...explanation());
  const draw = ({ list, found }) => {
    explain();
    if (!list.length) return h("p", { class: "empty", text: "No periods yet." });
    const rows = list.slice(0, shown).map((p) => {
      const detail = found.get(p.id);
      const actions = [];
      if (p.status === "draft" || p.status === "rejected") {
        // A period still running is submitted early only now and then: its button does not shout.
        const over = isoDate(Date.now(), tz()) > p.period_end;
        const b = h("button", { type: "button", class: over ? "btn small primary" : "btn small", text: p.status === "rejected" ? "Submit again" : "Submit" });
        b.addEventListener("click", () => act(b, p, "submit"));
        actions.push(b);
      } else if (p.status === "submitted") {
        const b = h("button", { type: "button", class: "btn small", text: "Withdraw" });
        b.addEventListener("click", () => act(b, p, "withdraw"));
        actions.push(b);
      }
      return periodRow(p, detail, { title: label(p), sub: when(p, list), actions, notes: notes(p, detail), open });
    });
    const older = list.length > shown
      ? h("button", { type: "button", class: "btn small ghost so-more", text: "Show older", onclick: () => { shown += STEP; load(); } })
      : null;
    return [h("ul", { class: "so-list", "aria-label": "Your periods" }, rows), older];
  };

  const load = keepShown(body, async () => {
    const data = await get(`/timesheet-periods?${query({ user_id: state.user.id })}`);
    const list = data.timesheet_periods;
    return { list, found: await details(list.slice(0, shown).map((p) => p.id)) };
  }, draw, "Your periods");
  return { node, load, explain };
}

/** Submitting a period before it ends (or with the timer running in it) asks first: once approved,
 * time tracked later in it would be refused. */
async function early(p) {
  const today = isoDate(Date.now(), tz());
  const running = runningTimer();
  if (running && isoDate(Date.parse(running.start_time), tz()) <= p.period_end) {
    showError("Stop your running timer first: a timer still runs in this period, so its time is not final.");
    return false;
  }
  if (today > p.period_end) return true;
  const unit = p.period_type === "monthly" ? "month" : "week";
  return confirmDialog(`Submit this ${unit} early?`,
    `It runs until ${dayLabel(p.period_end)}. Once it is approved, nothing in it can change, so time you track later this ${unit} would be refused.`,
    "Submit early");
}
