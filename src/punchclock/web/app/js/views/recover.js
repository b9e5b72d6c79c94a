// Links from e-mails (a password reset, an invitation) and "Forgot password?" on the sign-in page.
// The link's secret arrives in the address's fragment (#/reset/<secret>), which browsers never send
// to a server; it is taken out of the address bar and the history at once.

import { ApiError, Offline, api, token } from "../api.js";
import { clear, field, h, icon } from "../dom.js";
import { idbClear } from "../idb.js";
import { toast } from "../ui.js";

const LINK = /^#\/(reset|invite)\/([A-Za-z0-9_-]{16,128})$/;
let info = null;

/** What the server offers (mail, password reset), asked once. */
export function serverInfo() {
  if (!info) info = api("GET", "/info").catch(() => ({}));
  return info;
}

function explain(err, error) {
  if (err instanceof Offline && err.code === "mail_unavailable") error.textContent = err.detail || "E-mail cannot be sent right now.";
  else if (err instanceof Offline) error.textContent = "The server cannot be reached. Check your connection.";
  else if (err instanceof ApiError && (err.code === "link_used" || err.code === "link_expired" || err.code === "link_invalid")) {
    error.textContent = `${err.message}.`;
  } else error.textContent = err.message;
}

function page(root, title, lead, ...body) {
  const card = h("div", { class: "login card recover", role: "region", "aria-label": title },
    h("div", { class: "login-brand" }, icon("logo"), h("h1", { text: "Punchclock" })),
    h("h2", { text: title }), lead ? h("p", { class: "muted", text: lead }) : null, ...body);
  clear(root).append(h("div", { class: "login-page" }, card));
  const first = card.querySelector("input");
  if (first) first.focus();
}

function submitting(form, button, error, work) {
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    error.textContent = "";
    button.disabled = true;
    try {
      await work();
    } catch (err) {
      explain(err, error);
      button.disabled = false;
    }
  });
}

function backButton(back) {
  return h("button", { type: "button", class: "link back", text: "Back to sign in", onclick: back });
}

export const isLink = () => LINK.test(location.hash);

/** If the address is a link from an e-mail, show its form and say so. */
export function openLink(root, onSignedIn, backToLogin) {
  const found = LINK.exec(location.hash);
  if (!found) return false;
  history.replaceState(null, "", location.pathname + location.search);
  const [, kind, secret] = found;
  if (kind === "reset") resetForm(root, secret, backToLogin);
  else inviteForm(root, secret, onSignedIn, backToLogin);
  return true;
}

function resetForm(root, secret, back) {
  const password = h("input", { type: "password", autocomplete: "new-password", minlength: 8, required: true });
  const again = h("input", { type: "password", autocomplete: "new-password", minlength: 8, required: true });
  const error = h("p", { class: "form-error", role: "alert" });
  const button = h("button", { class: "btn primary wide", type: "submit", text: "Set new password" });
  const form = h("form", { "aria-label": "Set a new password" },
    field("New password", password, "At least 8 characters"), field("New password again", again), error, button);
  submitting(form, button, error, async () => {
    if (password.value !== again.value) throw new Error("The two passwords differ.");
    await api("POST", "/auth/password-reset/complete", { token: secret, new_password: password.value });
    toast("Password changed. Sign in with your new password; other devices were signed out.");
    back();
  });
  page(root, "Choose a new password", "Setting it signs your account out of every browser and device.", form, backButton(back));
}

function inviteForm(root, secret, onSignedIn, back) {
  const username = h("input", { autocomplete: "username", required: true, maxlength: 64, pattern: "[A-Za-z0-9][A-Za-z0-9_.@\\-]{0,63}" });
  const name = h("input", { autocomplete: "name", maxlength: 200 });
  const password = h("input", { type: "password", autocomplete: "new-password", minlength: 8, required: true });
  const error = h("p", { class: "form-error", role: "alert" });
  const button = h("button", { class: "btn primary wide", type: "submit", text: "Create account" });
  const form = h("form", { "aria-label": "Create account" },
    field("Username", username, "Letters, digits, '.', '_', '@' or '-'"),
    field("Display name", name, "Leave empty to use the name in the invitation"),
    field("Password", password, "At least 8 characters"), error, button);
  submitting(form, button, error, async () => {
    const body = { token: secret, username: username.value.trim(), password: password.value };
    if (name.value.trim()) body.display_name = name.value.trim();
    const result = await api("POST", "/invitations/accept", body);
    // Another account's copy (entries, changes made offline) must not carry over to the new one.
    if (token()) await idbClear().catch(() => {});
    onSignedIn(result);
  });
  page(root, "Welcome to Punchclock", "You were invited. Choose how you sign in.", form, backButton(back));
}

/** "Forgot password?" for the sign-in form: shown only when the server can mail a reset link. */
export function forgotPassword(root, back) {
  const slot = h("p", { class: "forgot" });
  serverInfo().then((i) => {
    if (i.password_reset) slot.append(h("button", { type: "button", class: "link", text: "Forgot password?", onclick: () => requestForm(root, back) }));
  });
  return slot;
}

function requestForm(root, back) {
  const login = h("input", { name: "login", autocomplete: "username", required: true, maxlength: 254 });
  const error = h("p", { class: "form-error", role: "alert" });
  const button = h("button", { class: "btn primary wide", type: "submit", text: "Send reset link" });
  const form = h("form", { "aria-label": "Reset password" }, field("Username or e-mail address", login), error, button);
  submitting(form, button, error, async () => {
    const value = login.value.trim();
    const res = await api("POST", "/auth/password-reset", value.includes("@") && value.includes(".") ? { email: value } : { username: value });
    page(root, "Check your e-mail", res.message + ". The link works once, for a short time.", backButton(back));
  });
  page(root, "Forgot your password?", "We will e-mail a link to choose a new one to the address of your account.", form, backButton(back));
}
