// The sign-in page.

import { ApiError, Offline, api } from "../api.js";
import { clear, field, h, icon } from "../dom.js";
import { forgotPassword } from "./recover.js";
import { codeStep } from "./totpstep.js";
import { offerSingleSignOn } from "./sso.js";

export function renderLogin(root, onSignedIn) {
  const username = h("input", { name: "username", autocomplete: "username", required: true, autofocus: true });
  const password = h("input", { name: "password", type: "password", autocomplete: "current-password", required: true });
  const error = h("p", { class: "form-error", role: "alert" });
  const button = h("button", { class: "btn primary wide", type: "submit", text: "Sign in" });
  const passwordPart = h("div", { class: "login-password" }, field("Username", username), field("Password", password), button,
    forgotPassword(root, () => renderLogin(root, onSignedIn)));
  const form = h("form", { class: "login card", "aria-label": "Sign in" },
    h("div", { class: "login-brand" }, icon("logo"), h("h1", { text: "Punchclock" })), passwordPart, error);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    error.textContent = "";
    button.disabled = true;
    try {
      const result = await api("POST", "/auth/session", { username: username.value.trim(), password: password.value });
      onSignedIn(result);
    } catch (err) {
      if (err instanceof ApiError && err.code === "totp_required") {
        const credentials = { username: username.value.trim(), password: password.value };
        return codeStep(form, credentials, onSignedIn, () => renderLogin(root, onSignedIn));
      }
      if (err instanceof Offline) error.textContent = "The server cannot be reached. Check your connection.";
      else if (err instanceof ApiError && err.status === 401) error.textContent = "Wrong username or password.";
      else error.textContent = err.message;
      button.disabled = false;
    }
  });
  clear(root).append(h("div", { class: "login-page" }, form));
  username.focus();
  offerSingleSignOn(form, passwordPart, error, onSignedIn);
}
