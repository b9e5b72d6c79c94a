// Two-factor sign-in: the Settings card (set up, recovery codes, turn off), and the screen of a
// session that the workspace policy holds back until it has set one up.

import { api } from "../api.js";
import { clear, field, h, icon } from "../dom.js";
import { modal, showError, toast } from "../ui.js";
import { keepShown } from "../keep.js";

export const codeInput = (attrs = {}) => h("input", { inputmode: "numeric", autocomplete: "one-time-code", maxlength: 64, required: true, spellcheck: "false", ...attrs });

/** The card in Settings. */
export function twoFactorCard() {
  const body = h("div", {});
  const load = keepShown(body, () => api("GET", "/auth/2fa"), (s, reload) => (s.enrolled ? onView(s, reload) : offView(s, body, reload)), "Two-factor sign-in");
  load();
  return h("section", { class: "card", "aria-labelledby": "s-2fa" }, h("h2", { id: "s-2fa", text: "Two-factor authentication" }), body);
}

function offView(s, body, load) {
  const setUp = () => body.replaceChildren(enrolFlow(load, load));
  return [
    h("p", { class: "muted", text: "Sign in with your password and a code from an authenticator app on your phone, so a stolen password alone is not enough." }),
    s.required ? h("p", {}, h("span", { class: "badge", text: "Required by your workspace" })) : null,
    h("div", { class: "actions" }, h("button", { type: "button", class: "btn primary", text: "Set up two-factor sign-in", onclick: setUp })),
  ];
}

function onView(s, load) {
  const left = s.recovery_codes_left;
  return [
    h("p", {}, h("span", { class: "badge", text: "On" }), ` since ${s.enrolled_at.slice(0, 10)}. `,
      h("span", { class: left < 3 ? "form-error" : "muted", text: `${left} recovery code${left === 1 ? "" : "s"} left.` })),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "btn", text: "New recovery codes", onclick: () => newCodes().then((done) => done && load()) }),
      // Turned off where the workspace requires it, the session may only set it up again: reload to that.
      h("button", { type: "button", class: "btn danger ghost", text: "Turn off", onclick: () => turnOff().then((done) => done && (s.required ? location.reload() : load())) })),
  ];
}

/** Scan, type a code, see the recovery codes: the whole set-up, in one element. */
export function enrolFlow(onDone, onCancel) {
  const box = h("div", { class: "enrol-flow" }, h("p", { class: "muted", text: "Preparing…" }));
  api("POST", "/auth/2fa/enrol").then((data) => box.replaceChildren(...scanStep(data, box, onDone, onCancel)))
    .catch((err) => box.replaceChildren(h("p", { class: "form-error", text: err.message })));
  return box;
}

function scanStep(data, box, onDone, onCancel) {
  const qr = h("img", { class: "qr", alt: "QR code to scan with an authenticator app", src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(data.svg)}` });
  const key = data.secret.replace(/(.{4})/g, "$1 ").trim();
  const code = codeInput({ name: "code", pattern: "[0-9 ]{6,7}", maxlength: 7 });
  const error = h("p", { class: "form-error", role: "alert" });
  const form = h("form", {}, field("Code from the app", code, "Six digits; a new one every 30 seconds"), error,
    h("div", { class: "actions" },
      onCancel ? h("button", { type: "button", class: "btn", text: "Cancel", onclick: onCancel }) : null,
      h("button", { type: "submit", class: "btn primary", text: "Turn on" })));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    error.textContent = "";
    try {
      const res = await api("POST", "/auth/2fa/confirm", { code: code.value });
      box.replaceChildren(...codesView(res.recovery_codes, onDone));
    } catch (err) {
      error.textContent = err.code === "bad_totp_code" ? "That code is not right. Type the newest code the app shows." : err.message;
      code.select();
    }
  });
  return [
    h("div", { class: "enrol" }, qr, h("div", {},
      h("p", { text: "Scan this code with an authenticator app (such as Aegis, Google Authenticator or 1Password), then type the code it shows." }),
      h("p", { class: "muted", text: "Cannot scan? Enter this key in the app instead:" }),
      h("p", { class: "secret", "data-secret": "", text: key }))),
    form,
  ];
}

/** The recovery codes, shown once: copy, download, then done. */
export function codesView(codes, onDone) {
  const text = `Punchclock recovery codes (each works once)\n\n${codes.join("\n")}\n`;
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const a = h("a", { href: url, download: "punchclock-recovery-codes.txt" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return [
    h("p", { text: "Save these recovery codes somewhere safe. Each signs you in once if you lose your phone. They are shown only now." }),
    h("ul", { class: "codes", "aria-label": "Recovery codes" }, codes.map((c) => h("li", { text: c }))),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "btn", text: "Copy", onclick: () => navigator.clipboard.writeText(text).then(() => toast("Copied.")) }),
      h("button", { type: "button", class: "btn", onclick: download }, icon("download"), h("span", { text: "Download" })),
      h("button", { type: "button", class: "btn primary", text: "Done", onclick: onDone })),
  ];
}

function newCodes() {
  return modal("New recovery codes", (close) => {
    const code = codeInput({ pattern: "[0-9 ]{6,7}", maxlength: 7 });
    const error = h("p", { class: "form-error", role: "alert" });
    const form = h("form", {}, h("p", { class: "muted", text: "Your old recovery codes stop working." }),
      field("Code from the app", code), error,
      h("div", { class: "actions" }, h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => close(false) }),
        h("button", { type: "submit", class: "btn primary", text: "Make new codes" })));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        const res = await api("POST", "/auth/2fa/recovery-codes", { code: code.value });
        form.replaceChildren(...codesView(res.recovery_codes, () => close(true)));
      } catch (err) {
        error.textContent = err.message;
      }
    });
    return form;
  });
}

function turnOff() {
  return modal("Turn off two-factor sign-in", (close) => {
    const password = h("input", { type: "password", autocomplete: "current-password", required: true });
    const code = codeInput();
    const error = h("p", { class: "form-error", role: "alert" });
    const form = h("form", {}, field("Password", password), field("Code from the app, or a recovery code", code), error,
      h("div", { class: "actions" }, h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => close(false) }),
        h("button", { type: "submit", class: "btn danger", text: "Turn off" })));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        await api("DELETE", "/auth/2fa", { password: password.value, code: code.value });
        toast("Two-factor sign-in is off.");
        close(true);
      } catch (err) {
        error.textContent = err.message;
      }
    });
    return form;
  });
}

/** A session the workspace policy holds back: it can set up two-factor sign-in, or sign out. */
export function renderEnrolment(root, onDone, signOut) {
  const card = h("section", { class: "login card enrol-card", "aria-labelledby": "enrol-title" },
    h("div", { class: "login-brand" }, icon("logo"), h("h1", { id: "enrol-title", text: "Set up two-factor sign-in" })),
    h("p", { text: "Your workspace requires a code from an authenticator app at sign-in. Set it up to continue." }),
    enrolFlow(onDone, null),
    h("hr", { class: "sep" }),
    h("button", { type: "button", class: "btn ghost small", text: "Sign out", onclick: () => signOut(false) }));
  clear(root).append(h("div", { class: "login-page" }, card));
}
