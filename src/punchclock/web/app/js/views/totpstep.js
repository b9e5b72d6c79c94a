// The sign-in page's second step, when the account has two-factor sign-in on: the app's code, or a
// recovery code. The username and password stay in memory to be sent again with it.

import { ApiError, Offline, api } from "../api.js";
import { h } from "../dom.js";
import { codeInput } from "./twofactor.js";

/** Replace the sign-in form with the code step; `back` returns to the password. */
export function codeStep(form, credentials, onSignedIn, back) {
  let recovery = false;
  const input = codeInput({ name: "code", autofocus: true });
  const label = h("label", { for: "f-code" });
  input.id = "f-code";
  const hint = h("p", { class: "muted" });
  const error = h("p", { class: "form-error", role: "alert" });
  const button = h("button", { class: "btn primary wide", type: "submit", text: "Verify" });
  const toggle = h("button", { type: "button", class: "link" });
  const show = () => {
    label.textContent = recovery ? "Recovery code" : "Code";
    hint.textContent = recovery ? "One of the codes you saved when you set up two-factor sign-in." : "Enter the 6-digit code from your authenticator app.";
    toggle.textContent = recovery ? "Use the app's code" : "Use a recovery code";
    input.setAttribute("inputmode", recovery ? "text" : "numeric");
    input.setAttribute("autocomplete", recovery ? "off" : "one-time-code");
    input.value = "";
    error.textContent = "";
  };
  toggle.addEventListener("click", () => {
    recovery = !recovery;
    show();
    input.focus();
  });
  show();
  const step = h("form", { class: "login card", "aria-label": "Two-factor sign-in" }, form.querySelector(".login-brand"),
    h("h2", { class: "step-title", text: "Two-factor sign-in" }), hint,
    h("div", { class: "field" }, label, input), error, button,
    h("p", { class: "step-links" }, toggle, h("button", { type: "button", class: "link", text: "Back", onclick: back })));
  form.replaceWith(step);
  step.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    error.textContent = "";
    button.disabled = true;
    try {
      const key = recovery ? "recovery_code" : "totp_code";
      onSignedIn(await api("POST", "/auth/session", { ...credentials, [key]: input.value.trim() }));
    } catch (err) {
      if (err instanceof Offline) error.textContent = "The server cannot be reached. Check your connection.";
      else if (err instanceof ApiError && err.code === "bad_totp_code") error.textContent = recovery ? "That recovery code is not right, or was used already." : "That code is not right. Type the newest code the app shows.";
      else error.textContent = err.message;
      button.disabled = false;
      input.select();
    }
  });
  input.focus();
}
