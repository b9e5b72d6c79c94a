// Sign-off for managers and admins: the periods of the people they see, those waiting for approval
// first. Approve (with an optional comment), reject (with a reason their owner reads), approve
// several at once; admins also close any period and reopen an approved or closed one.

import { api, get, getAll, query } from "../api.js";
import { h, select } from "../dom.js";
import { keepShown } from "../keep.js";
import { refreshLocks } from "../locks.js";
import { isAdmin, state } from "../store.js";
import { setBusy, showError, toast } from "../ui.js";
import { askText, details, fmt, label, periodRow, said } from "./signoffparts.js";

const FILTERS = [["submitted", "Waiting for approval"], ["rejected", "Rejected"], ["approved", "Approved"],
  ["closed", "Closed"], ["draft", "Not submitted"], ["", "Any state"]];
const PAGE = 50;
const DOING = { approve: "Approving", reject: "Rejecting", close: "Closing", reopen: "Reopening" };
const VERB = { approve: "Approve", reject: "Reject", close: "Close", reopen: "Reopen" };
const DONE = { approve: "approved", reject: "rejected", close: "closed", reopen: "reopened" };

/** What each decision asks for before it is sent. */
function question(step, who, p, detail) {
  const total = detail ? `${fmt(detail.totals.seconds)} tracked. ` : "";
  const locks = "its time is locked: nobody can change it unless an admin reopens it.";
  return {
    approve: { text: `${total}Once approved, ${locks}`, label: "Comment", ok: "Approve" },
    reject: { text: `${who} reads your reason, fixes the period and submits it again.`, label: "Reason", required: true, ok: "Reject", danger: true },
    close: { text: `Closing skips approval: ${locks}`, label: "Reason", ok: "Close period", danger: true },
    reopen: { text: "Reopening makes it a draft again: its time can be edited, and it needs submitting and approving again.", label: "Reason", required: true, ok: "Reopen" },
  }[step];
}

function notes(p) {
  if (p.status === "rejected" && p.rejection_reason) return [{ class: "warn", text: `Rejected: “${p.rejection_reason}”` }];
  if (p.status === "approved" && p.approval_comment) return [{ text: `Approved with a comment: “${p.approval_comment}”` }];
  if (p.status === "closed" && p.close_reason) return [{ text: `Closed: “${p.close_reason}”` }];
  if (p.status === "draft" && p.reopen_reason) return [{ text: `Reopened: “${p.reopen_reason}”` }];
  return [];
}

export function teamSection(onOwnChanged) {
  const status = select(FILTERS, "submitted", { name: "status", "aria-label": "State" });
  const person = select([["", "Everyone"]], "", { name: "person", "aria-label": "Person" });
  const pickAll = h("input", { type: "checkbox", "aria-label": "Select every period waiting for approval" });
  const bulk = h("button", { type: "button", class: "btn small primary", text: "Approve selected", disabled: true });
  const tools = h("span", { class: "so-bulk" }, h("label", { class: "check" }, pickAll, "All"), bulk);
  const waiting = h("span", { class: "badge", hidden: true });
  const body = h("div", { class: "so-body" });
  const node = h("section", { class: "card so-card", "aria-labelledby": "so-team" },
    h("h2", { id: "so-team" }, "Your team's timesheets ", waiting),
    h("div", { class: "so-tools" }, tools, h("span", { class: "spacer" }), status, person), body);
  const names = new Map();
  const selected = new Set();
  const open = new Set();
  let limit = PAGE;
  let selectable = [];
  let shown = [];

  const who = (p) => names.get(p.user_id) || p.username || `User ${p.user_id}`;
  const sync = () => {
    bulk.disabled = !selected.size;
    bulk.textContent = selected.size ? `Approve selected (${selected.size})` : "Approve selected";
    pickAll.checked = selectable.length > 0 && selectable.every((id) => selected.has(id));
    tools.hidden = !selectable.length;
  };

  const decide = async (button, p, step, detail) => {
    const ask = question(step, who(p), p, detail);
    const text = await askText(`${VERB[step]} ${who(p)}'s ${label(p)}`, ask);
    if (text === null) return;
    setBusy(button, true);
    try {
      const body = step === "approve" ? { comment: text || null } : { reason: text || null };
      await api("POST", `/timesheet-periods/${p.id}/${step}`, body);
      toast(`${who(p)}'s ${label(p)} ${DONE[step]}.`);
      if (p.user_id === state.user.id) {
        refreshLocks();
        onOwnChanged();
      }
      load();
    } catch (err) {
      setBusy(button, false);
      showError(said(err, DOING[step], p.user_id === state.user.id));
      if (["invalid_state", "not_found"].includes(err.code)) load();
    }
  };

  const draw = ({ list, found }) => {
    const own = (p) => p.user_id === state.user.id;
    shown = list;
    selectable = list.slice(0, limit).filter((p) => p.status === "submitted" && !own(p)).map((p) => p.id);
    for (const id of [...selected]) if (!selectable.includes(id)) selected.delete(id);
    const count = list.filter((p) => p.status === "submitted" && !own(p)).length;
    waiting.hidden = status.value !== "submitted" || !count;
    waiting.textContent = `${count} waiting`;
    sync();
    if (!list.length) {
      const text = status.value === "submitted" ? "Nothing is waiting for approval. Periods your people submit show up here." : "No periods match.";
      return h("p", { class: "empty", text });
    }
    const rows = list.slice(0, limit).map((p) => {
      const detail = found.get(p.id);
      const button = (text, cls, step) => {
        const b = h("button", { type: "button", class: `btn small ${cls}`, text, "data-step": step });
        b.addEventListener("click", () => decide(b, p, step, detail));
        return b;
      };
      const actions = [];
      if (!own(p) && p.status === "submitted") actions.push(button("Approve", "primary", "approve"), button("Reject", "danger ghost", "reject"));
      if (!own(p) && p.status === "rejected") actions.push(button("Approve", "", "approve"));
      if (isAdmin() && (p.status === "approved" || p.status === "closed")) actions.push(button("Reopen", "ghost", "reopen"));
      if (isAdmin() && p.status !== "closed") actions.push(button("Close", "ghost", "close"));
      const pick = selectable.includes(p.id)
        ? h("input", { type: "checkbox", checked: selected.has(p.id), "aria-label": `Select ${who(p)}, ${label(p)}`,
          onchange: (ev) => {
            if (ev.target.checked) selected.add(p.id);
            else selected.delete(p.id);
            sync();
          } })
        : null;
      return periodRow(p, detail, { title: who(p), sub: label(p), actions, pick, notes: notes(p), open, state: !status.value });
    });
    const more = list.length > limit
      ? h("button", { type: "button", class: "btn small ghost so-more", text: `Show more (${list.length - limit})`, onclick: () => { limit += PAGE; load(); } })
      : null;
    return [h("ul", { class: "so-list", "aria-label": "The team's periods" }, rows), more];
  };

  const load = keepShown(body, async () => {
    await people;
    const data = await get(`/timesheet-periods?${query({ status: status.value, user_id: person.value })}`);
    // Your own periods are above; an admin's stay here too, to close one.
    const list = data.timesheet_periods.filter((p) => p.user_id !== state.user.id || isAdmin());
    return { list, found: await details(list.slice(0, limit).map((p) => p.id)) };
  }, draw, "The team's periods");

  for (const el of [status, person]) {
    el.addEventListener("change", () => {
      limit = PAGE;
      selected.clear();
      load();
    });
  }
  pickAll.addEventListener("change", () => {
    for (const id of selectable) {
      if (pickAll.checked) selected.add(id);
      else selected.delete(id);
    }
    for (const box of body.querySelectorAll(".so-pick input")) box.checked = pickAll.checked;
    sync();
  });
  bulk.addEventListener("click", () => approveSelected());

  async function approveSelected() {
    const ids = [...selected];
    const ask = question("approve", "", null, null);
    const text = await askText(`Approve ${ids.length} ${ids.length === 1 ? "period" : "periods"}`, { ...ask, ok: `Approve ${ids.length}` });
    if (text === null) return;
    setBusy(bulk, true);
    try {
      const res = await api("POST", "/timesheet-periods/bulk-approve", { period_ids: ids, comment: text || null });
      const failed = res.results.filter((r) => !r.success);
      const done = res.results.length - failed.length;
      if (done) toast(`Approved ${done} of ${res.results.length}.`);
      const name = (id) => {
        const p = shown.find((x) => x.id === id);
        return p ? `${who(p)}, ${label(p)}` : `Period ${id}`;
      };
      if (failed.length) showError(`Not approved: ${failed.map((r) => `${name(r.period_id)}: ${said(r, "Approving")}`).join("; ")}`);
      selected.clear();
    } catch (err) {
      showError(said(err, "Approving"));
    }
    setBusy(bulk, false);
    load();
  }

  // Names for the list and the person filter (shown once known; a failure leaves usernames).
  const people = getAll("/users", "users", 20).then((users) => {
    const others = users.filter((u) => u.id !== state.user.id);
    for (const u of users) names.set(u.id, u.display_name || u.username);
    others.sort((a, b) => names.get(a.id).localeCompare(names.get(b.id)));
    person.append(...others.map((u) => h("option", { value: String(u.id), text: names.get(u.id) })));
  }).catch(() => {});
  return { node, load };
}
