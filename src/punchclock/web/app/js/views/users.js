// Users (admins): create accounts, change roles, disable and enable, reset passwords and two-factor sign-in,
// set working time (work models and adjustments, workmodels.js).

import { api, getAll } from "../api.js";
import { field, h, icon, select } from "../dom.js";
import { state } from "../store.js";
import { modal, showError, toast } from "../ui.js";
import { invitations } from "./invitations.js";
import { policyControl, resetButton, twoFactorState } from "./twofactor-admin.js";
import { keepShown } from "../keep.js";
import { workTimeDialog } from "./workmodels.js";

const ROLES = [["member", "Member"], ["manager", "Manager"], ["admin", "Admin"]];

export function mount(main) {
  const body = h("div", { class: "card table-wrap" });
  const add = h("button", { type: "button", class: "btn primary" }, icon("plus"), h("span", { text: "New user" }));
  const invite = invitations();
  const policy = h("div", {});
  // On a phone the bottom bar has no room for the Teams and the Audit log: this is the way there.
  const log = h("a", { class: "btn ghost phone-only", href: "#/audit" }, icon("log"), h("span", { text: "Audit log" }));
  const teams = h("a", { class: "btn ghost phone-only", href: "#/teams" }, icon("team"), h("span", { text: "Teams" }));
  main.append(h("div", { class: "page-head" }, h("h1", { text: "Users" }), h("span", { class: "spacer" }), policy, teams, log, invite.button, add), body, invite.panel);
  const load = keepShown(body, () => Promise.all([getAll("/users", "users", 20), twoFactorState()]), ([users, twoFactor], reload) => {
    policy.replaceChildren(policyControl(twoFactor.policy) || "");
    return table(users, reload, twoFactor.enrolled);
  }, "The users");
  add.addEventListener("click", () => userForm().then((d) => d && load()));
  load();
}

function table(users, reload, enrolled) {
  const patch = async (u, changes, done) => {
    try {
      await api("PATCH", `/users/${u.id}`, changes);
      toast(done);
      reload();
    } catch (err) {
      showError(err);
      reload();
    }
  };
  return h("table", { class: "data stack-phone", "aria-label": "Users" },
    h("thead", {}, h("tr", {}, h("th", { text: "User" }), h("th", { text: "Role" }), h("th", { class: "hide-phone", text: "Time zone" }), h("th", { text: "Status" }), h("th", {}))),
    h("tbody", {}, users.map((u) => {
      const role = select(ROLES, u.role, { "aria-label": `Role of ${u.username}`, disabled: u.id === state.user.id });
      role.addEventListener("change", () => patch(u, { role: role.value }, "Role changed."));
      const toggle = h("button", { type: "button", class: u.is_active ? "btn small danger ghost" : "btn small", text: u.is_active ? "Disable" : "Enable",
        disabled: u.id === state.user.id, onclick: () => patch(u, { is_active: !u.is_active }, u.is_active ? "Account disabled." : "Account enabled.") });
      const hours = h("button", { type: "button", class: "btn small ghost", text: "Working time", "aria-label": `Working time of ${u.username}`, onclick: () => workTimeDialog(u) });
      const reset = h("button", { type: "button", class: "btn small ghost", text: "Password", "aria-label": `Set password of ${u.username}`, onclick: () => passwordForm(u) });
      return h("tr", {},
        h("td", {}, h("strong", { text: u.display_name || u.username }), u.display_name || u.email ? h("div", { class: "muted", text: [u.display_name ? u.username : null, u.email].filter(Boolean).join(" · ") }) : null),
        h("td", {}, role), h("td", { class: "hide-phone muted", text: u.timezone }),
        h("td", {}, h("span", { class: u.is_active ? "badge" : "badge muted", text: u.is_active ? "active" : "disabled" }),
          enrolled.has(u.id) ? [" ", h("span", { class: "badge", title: "Two-factor sign-in on", text: "2FA" })] : null),
        h("td", { class: "num" }, enrolled.has(u.id) ? resetButton(u, reload) : null, hours, reset, toggle));
    })));
}

function userForm() {
  return modal("New user", (close) => {
    const username = h("input", { required: true, pattern: "[A-Za-z0-9][A-Za-z0-9_.@\\-]{0,63}", autocomplete: "off" });
    const name = h("input", { maxlength: 200 });
    const password = h("input", { type: "password", minlength: 8, required: true, autocomplete: "new-password" });
    const role = select(ROLES, "member");
    const error = h("p", { class: "form-error", role: "alert" });
    const form = h("form", {}, field("Username", username), field("Display name", name), field("Password", password, "At least 8 characters"), field("Role", role), error,
      h("div", { class: "actions" }, h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => close(false) }),
        h("button", { type: "submit", class: "btn primary", text: "Create" })));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        await api("POST", "/users", { username: username.value.trim(), display_name: name.value.trim(), password: password.value, role: role.value });
        toast("User created.");
        close(true);
      } catch (err) {
        error.textContent = err.message;
      }
    });
    return form;
  });
}

function passwordForm(u) {
  return modal(`Password of ${u.username}`, (close) => {
    const password = h("input", { type: "password", minlength: 8, required: true, autocomplete: "new-password" });
    const error = h("p", { class: "form-error", role: "alert" });
    const form = h("form", {}, field("New password", password, "Signs the user out of every browser"), error,
      h("div", { class: "actions" }, h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => close(false) }),
        h("button", { type: "submit", class: "btn primary", text: "Set password" })));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        await api("PATCH", `/users/${u.id}`, { password: password.value });
        toast("Password set.");
        close(true);
      } catch (err) {
        error.textContent = err.message;
      }
    });
    return form;
  });
}
