// Single sign-on on the sign-in page: the "Sign in with ..." button, the provider's answer coming
// back in the address's fragment (#sso=<one-time code> or #sso_error=<code>), and the password
// form hidden when password sign-in is off (an administrator may still reveal it).

import { ApiError, Offline, api } from "../api.js";
import { h } from "../dom.js";

const MESSAGES = {
  oidc_denied: "Single sign-on worked, but your account there has no access to Punchclock. Ask your administrator.",
  oidc_cancelled: "Single sign-on was cancelled.",
  oidc_unavailable: "The sign-in provider cannot be reached right now. Please try again later.",
  oidc_handoff_invalid: "That sign-in has expired. Please sign in again.",
  oidc_not_configured: "Single sign-on is not set up on this server.",
  oidc_failed: "Single sign-on did not complete. Please try again.",
};

export function ssoMessage(code) {
  return MESSAGES[code] || MESSAGES.oidc_failed;
}

function describe(err, fallback) {
  if (err instanceof Offline) return MESSAGES.oidc_unavailable;
  return ssoMessage(err instanceof ApiError ? err.code : fallback);
}

/** The provider's answer in the fragment, if any, taken out of the address bar (and history). */
function takeAnswer() {
  const params = new URLSearchParams(location.hash.replace(/^#\/?/, ""));
  const code = params.get("sso");
  const failure = params.get("sso_error");
  if (!code && !failure) return null;
  history.replaceState(null, "", location.pathname + location.search);
  return { code, failure };
}

/** Complete a sign-in that came back from the provider, and offer single sign-on on the form. */
export async function offerSingleSignOn(form, passwordPart, error, onSignedIn) {
  const answer = takeAnswer();
  if (answer && answer.code) {
    error.textContent = "Signing in…";
    try {
      onSignedIn(await api("POST", "/auth/oidc/handoff", { code: answer.code }));
      return;
    } catch (err) {
      error.textContent = describe(err, "oidc_handoff_invalid");
    }
  } else if (answer) {
    error.textContent = ssoMessage(answer.failure);
  }
  let methods;
  try {
    methods = await api("GET", "/auth/methods");
  } catch {
    return; // offline, or a server without it: the password form as it is
  }
  if (methods.oidc) {
    const go = h("button", { type: "button", class: "btn primary wide", text: `Sign in with ${methods.oidc_label}` });
    go.addEventListener("click", async () => {
      go.disabled = true;
      error.textContent = "";
      try {
        const { authorization_url: url } = await api("POST", "/auth/oidc/start");
        location.assign(url);
      } catch (err) {
        error.textContent = describe(err, "oidc_failed");
        go.disabled = false;
      }
    });
    const part = h("div", { class: "login-sso" }, go);
    if (methods.password) part.append(h("p", { class: "login-or", text: "or" }));
    form.insertBefore(part, passwordPart);
    const submit = passwordPart.querySelector("button[type=submit]");
    if (submit) submit.classList.remove("primary");
    go.focus();
  }
  if (!methods.password) {
    passwordPart.hidden = true;
    if (methods.break_glass) {
      const reveal = h("button", { type: "button", class: "btn ghost small login-admin", text: "Administrator sign-in" });
      reveal.addEventListener("click", () => {
        passwordPart.hidden = false;
        reveal.remove();
        passwordPart.querySelector("input").focus();
      });
      form.append(reveal);
    }
  }
}

/** End this session at the server; for a single sign-on session, the provider's sign-out address. */
export async function endSession() {
  try {
    const answer = await api("POST", "/auth/logout");
    return answer.end_session_url || null;
  } catch {
    return null; // offline or already ended: signing out here goes on regardless
  }
}
