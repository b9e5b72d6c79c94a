// Settings → Sessions and devices: where this account is signed in, and a way to end any of it.

import { api } from "../api.js";
import { h } from "../dom.js";
import { confirmDialog, showError, toast } from "../ui.js";
import { keepShown } from "../keep.js";

const METHODS = { password: "password", totp: "password and code", recovery: "recovery code", oidc: "single sign-on", proxy: "sign-in proxy" };

export function sessionsCard(signOutEverywhere) {
  const list = h("div", { class: "session-list" }, h("p", { class: "muted", text: "Loading…" }));
  const load = keepShown(list, () => api("GET", "/auth/sessions"), ({ sessions }, reload) => sessionTable(sessions, reload), "Sessions");
  load();
  return h("section", { class: "card", "aria-labelledby": "s-sessions" },
    h("h2", { id: "s-sessions", text: "Sessions and devices" }),
    h("p", { class: "muted", text: "Browsers and apps signed in to your account. Sign out any you do not recognise." }), list,
    h("hr", { class: "sep" }),
    h("p", { class: "muted", text: "Lost a device? Sign out of every browser and app at once (API tokens keep working)." }),
    h("button", { type: "button", class: "btn danger ghost", text: "Sign out everywhere", onclick: signOutEverywhere }));
}

function when(iso) {
  if (!iso) return "never";
  const d = new Date(iso);
  const mins = Math.round((Date.now() - d.getTime()) / 60000);
  if (mins < 2) return "just now";
  if (mins < 60) return `${mins} min ago`;
  if (mins < 48 * 60) return `${Math.round(mins / 60)} h ago`;
  return d.toLocaleDateString();
}

function sessionTable(items, reload) {
  if (!items.length) return h("p", { class: "muted", text: "No other sessions." });
  return h("ul", { class: "sessions", "aria-label": "Sessions and devices" }, items.map((s) => {
    const detail = [s.kind === "device" ? "app" : `signed in with ${METHODS[s.method] || s.method}`, s.address, `last seen ${when(s.last_seen_at)}`]
      .filter(Boolean).join(" · ");
    const end = s.current
      ? h("span", { class: "badge", text: "This browser" })
      : h("button", { type: "button", class: "btn small danger ghost", text: "Sign out", "aria-label": `Sign out ${s.client}`,
        onclick: async () => {
          if (!(await confirmDialog("Sign out", `Sign "${s.client}" out? It has to sign in again to get back in.`, "Sign out"))) return;
          try {
            await api("DELETE", `/auth/sessions/${s.id}`);
            toast("Signed out.");
            reload();
          } catch (err) {
            showError(err);
          }
        } });
    return h("li", { class: "session", "data-session": s.id },
      h("div", { class: "session-text" }, h("strong", { text: s.client }), h("div", { class: "muted", text: detail })), end);
  }));
}
