// Sign-off for managers and admins: absence requests waiting for a decision, of the people they
// decide for (never their own). Approve (with an optional comment) or reject with a comment the
// requester reads. Live absence.* events reload it (signoff.js).

import { api, get, query } from "../api.js";
import { h } from "../dom.js";
import { keepShown } from "../keep.js";
import { state } from "../store.js";
import { setBusy, showError, toast } from "../ui.js";
import { daysText, spanText, swatch } from "./absences.js";
import { askText } from "./signoffparts.js";

export function absenceQueue() {
  const waiting = h("span", { class: "badge", hidden: true });
  const body = h("div", { class: "so-body" });
  const node = h("section", { class: "card so-card", "aria-labelledby": "so-absences" },
    h("h2", { id: "so-absences" }, "Absence requests ", waiting,
      h("a", { class: "so-cal-link", href: "#/absences?team", text: "Team calendar" })), body);

  const decide = async (button, a, step) => {
    const who = a.username || `User ${a.user_id}`;
    const ask = step === "approve"
      ? { text: `${a.type_name}, ${spanText(a)} (${daysText(a.days)}).`, label: "Comment", ok: "Approve" }
      : { text: `${who} reads your comment.`, label: "Comment", required: true, ok: "Reject", danger: true };
    const text = await askText(`${step === "approve" ? "Approve" : "Reject"} ${who}'s ${a.type_name.toLowerCase()}`, ask);
    if (text === null) return;
    setBusy(button, true);
    try {
      await api("POST", `/absences/${a.id}/${step}`, { comment: text || null });
      toast(`${who}'s ${a.type_name.toLowerCase()} ${step === "approve" ? "approved" : "rejected"}.`);
    } catch (err) {
      setBusy(button, false);
      showError(err);
    }
    load();
  };

  const draw = ({ absences }) => {
    const list = absences.filter((a) => a.user_id !== state.user.id);
    waiting.hidden = !list.length;
    waiting.textContent = `${list.length} waiting`;
    if (!list.length) return h("p", { class: "empty", text: "No absence request is waiting for a decision." });
    list.sort((x, y) => x.start_date.localeCompare(y.start_date));
    return h("ul", { class: "ab-list", "aria-label": "Absence requests waiting" }, list.map((a) => {
      const b = (text, cls, step) => h("button", { type: "button", class: `btn small ${cls}`, text, "data-step": step, onclick: (ev) => decide(ev.currentTarget, a, step) });
      return h("li", { class: "ab-item", "data-id": String(a.id), "data-status": a.status },
        h("span", { class: "ab-what" }, swatch(a.color), h("strong", { text: a.username }),
          h("span", { class: "ab-when", text: `${a.type_name} · ${spanText(a)}` })),
        h("span", { class: "ab-days", text: daysText(a.days) }),
        h("span", { class: "ab-actions" }, b("Approve", "primary", "approve"), b("Reject", "danger ghost", "reject")),
        a.comment ? h("p", { class: "ab-note", text: `“${a.comment}”` }) : null);
    }));
  };
  const load = keepShown(body, () => get(`/absences?${query({ status: "submitted" })}`), draw, "The absence requests");
  return { node, load };
}
