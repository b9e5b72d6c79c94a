// Users page (admins): invite someone by e-mail, and the invitations not yet accepted, to revoke.

import { api } from "../api.js";
import { field, h, icon, select } from "../dom.js";
import { confirmDialog, modal, showError, toast } from "../ui.js";
import { serverInfo } from "./recover.js";
import { keepShown } from "../keep.js";

const ROLES = [["member", "Member"], ["manager", "Manager"], ["admin", "Admin"]];

/** The "Invite by e-mail" button for the page head and the pending list below the users. */
export function invitations() {
  const button = h("button", { type: "button", class: "btn", hidden: true }, icon("plus"), h("span", { text: "Invite by e-mail" }));
  const panel = h("section", { class: "invitations", "aria-label": "Pending invitations" });
  const load = keepShown(panel, () => api("GET", "/invitations"), ({ invitations: pending }, reload) =>
    (pending.length ? [h("h2", { class: "section-title", text: "Pending invitations" }), list(pending, reload)] : []), "Invitations");
  serverInfo().then((info) => {
    if (info.mail) {
      button.hidden = false;
      load();
    } else {
      panel.replaceChildren(h("p", { class: "muted note", text: "Invitations by e-mail need an SMTP server: see PUNCHCLOCK_SMTP_HOST in the manual." }));
    }
  });
  button.addEventListener("click", () => inviteForm().then((sent) => sent && load()));
  return { button, panel };
}

function list(pending, reload) {
  const revoke = async (inv) => {
    if (!(await confirmDialog("Revoke invitation", `The link sent to ${inv.email} stops working.`, "Revoke"))) return;
    try {
      await api("DELETE", `/invitations/${inv.id}`);
      toast("Invitation revoked.");
    } catch (err) {
      showError(err);
    }
    reload();
  };
  return h("div", { class: "card table-wrap" }, h("table", { class: "data", "aria-label": "Pending invitations" },
    h("thead", {}, h("tr", {}, h("th", { text: "Invited" }), h("th", { text: "Role" }), h("th", { class: "hide-phone", text: "Expires" }), h("th", {}))),
    h("tbody", {}, pending.map((inv) => h("tr", {},
      h("td", {}, h("strong", { text: inv.email }), inv.name || inv.invited_by ? h("div", { class: "muted", text: [inv.name, inv.invited_by ? `by ${inv.invited_by}` : null].filter(Boolean).join(" · ") }) : null),
      h("td", { text: inv.role }),
      h("td", { class: "hide-phone muted", text: new Date(inv.expires_at).toLocaleDateString() }),
      h("td", { class: "num" }, h("button", { type: "button", class: "btn small danger ghost", text: "Revoke", "aria-label": `Revoke the invitation of ${inv.email}`, onclick: () => revoke(inv) })))))));
}

function inviteForm() {
  return modal("Invite by e-mail", (close) => {
    const email = h("input", { type: "email", required: true, maxlength: 254, autocomplete: "off" });
    const name = h("input", { maxlength: 200, autocomplete: "off" });
    const role = select(ROLES, "member");
    const error = h("p", { class: "form-error", role: "alert" });
    const send = h("button", { type: "submit", class: "btn primary", text: "Send invitation" });
    const form = h("form", {}, field("E-mail address", email), field("Name", name, "Optional: how the mail greets them"), field("Role", role), error,
      h("div", { class: "actions" }, h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => close(false) }), send));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      send.disabled = true;
      try {
        const body = { email: email.value.trim(), role: role.value };
        if (name.value.trim()) body.name = name.value.trim();
        const res = await api("POST", "/invitations", body);
        toast(`${res.message}.`);
        close(true);
      } catch (err) {
        error.textContent = err.detail || err.message;
        send.disabled = false;
      }
    });
    return form;
  });
}
