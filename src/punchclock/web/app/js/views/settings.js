// Settings: profile, time zone, week start, formats, theme, password, API tokens, sign out everywhere,
// two-factor sign-in.

import { api, getAll } from "../api.js";
import { field, h, select } from "../dom.js";
import { emit, setPrefs, state } from "../store.js";
import { formatDate, formatDuration, formatTime } from "../time.js";
import { confirmDialog, modal, showError, toast } from "../ui.js";
import { signOutEverywhere } from "../app.js";
import { twoFactorCard } from "./twofactor.js";

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export function mount(main) {
  const grid = h("div", { class: "settings-grid" }, preferences(), profile(), tokens(), account(), twoFactorCard());
  main.append(h("div", { class: "page-head" }, h("h1", { text: "Settings" })), grid);
}

function zones() {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["UTC"];
  }
}

function preferences() {
  const u = state.user;
  const now = Date.now();
  const tzList = zones();
  if (!tzList.includes(u.timezone)) tzList.unshift(u.timezone);
  const zone = select(tzList.map((z) => [z, z.replace(/_/g, " ")]), u.timezone, { name: "timezone" });
  const week = select(DAYS.map((d, i) => [i, d]), u.week_start, { name: "week_start" });
  const dateFmt = select(["text", "iso", "dmy", "mdy"].map((s) => [s, formatDate(now, u.timezone, s)]), state.prefs.date, { name: "date" });
  const clock = select([["24", `24-hour (${formatTime(now, u.timezone, "24")})`], ["12", `12-hour (${formatTime(now, u.timezone, "12")})`]], state.prefs.clock, { name: "clock" });
  const dur = select([["hm", formatDuration(5400 + 300, "hm")], ["text", formatDuration(5700, "text")], ["decimal", `${formatDuration(5700, "decimal")} h`]], state.prefs.duration, { name: "duration" });
  const theme = select([["auto", "Like the system"], ["light", "Light"], ["dark", "Dark"]], state.prefs.theme, { name: "theme" });
  for (const [el, key] of [[dateFmt, "date"], [clock, "clock"], [dur, "duration"], [theme, "theme"]]) {
    el.addEventListener("change", () => setPrefs({ [key]: el.value }));
  }
  const saveUser = async (changes) => {
    try {
      const data = await api("PATCH", "/users/me", changes);
      state.user = data.user;
      emit("prefs");
      toast("Saved.");
    } catch (err) {
      showError(err);
    }
  };
  zone.addEventListener("change", () => saveUser({ timezone: zone.value }));
  week.addEventListener("change", () => saveUser({ week_start: Number(week.value) }));
  return h("section", { class: "card", "aria-labelledby": "s-prefs" }, h("h2", { id: "s-prefs", text: "Time and display" }),
    field("Time zone", zone), field("First day of the week", week), field("Date format", dateFmt),
    field("Time format", clock), field("Duration format", dur), field("Theme", theme));
}

function profile() {
  const u = state.user;
  const name = h("input", { name: "display_name", value: u.display_name, maxlength: 200 });
  const email = h("input", { type: "email", name: "email", value: u.email || "" });
  const form = h("form", {}, field("Display name", name), field("Email", email),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "btn primary", text: "Save profile" })));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      const data = await api("PATCH", "/users/me", { display_name: name.value.trim(), email: email.value.trim() || null });
      state.user = data.user;
      toast("Profile saved.");
    } catch (err) {
      showError(err);
    }
  });
  return h("section", { class: "card", "aria-labelledby": "s-profile" }, h("h2", { id: "s-profile", text: `Profile · ${u.username} (${u.role})` }), form);
}

function account() {
  const current = h("input", { type: "password", autocomplete: "current-password", required: true });
  const next = h("input", { type: "password", autocomplete: "new-password", minlength: 8, required: true });
  const form = h("form", {}, field("Current password", current), field("New password", next, "At least 8 characters"),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "btn", text: "Change password" })));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      await api("POST", "/users/me/password", { current_password: current.value, new_password: next.value });
      toast("Password changed; sign in again.");
    } catch (err) {
      showError(err);
    }
  });
  return h("section", { class: "card", "aria-labelledby": "s-account" }, h("h2", { id: "s-account", text: "Password and sessions" }), form,
    h("hr", { class: "sep" }),
    h("p", { class: "muted", text: "Signed in on a device you no longer use? Sign out of every browser at once (API tokens keep working)." }),
    h("button", { type: "button", class: "btn danger ghost", text: "Sign out everywhere", onclick: signOutEverywhere }));
}

const SCOPES = ["read:time_entries", "write:time_entries", "read:projects", "write:projects", "read:tasks", "write:tasks",
  "read:clients", "write:clients", "read:reports", "read:users", "write:users", "admin:all"];

function tokens() {
  const list = h("div", { class: "token-list" });
  const load = async () => {
    try {
      const items = await getAll("/tokens", "api_tokens", 5);
      list.replaceChildren(items.length ? tokenTable(items, load) : h("p", { class: "muted", text: "No API tokens yet." }));
    } catch (err) {
      list.replaceChildren(h("p", { class: "form-error", text: err.message }));
    }
  };
  const create = h("button", { type: "button", class: "btn primary", text: "New token", onclick: () => newToken().then((d) => d && load()) });
  load();
  return h("section", { class: "card", "aria-labelledby": "s-tokens" },
    h("div", { class: "page-head" }, h("h2", { id: "s-tokens", text: "API tokens" }), h("span", { class: "spacer" }), create),
    h("p", { class: "muted", text: "For scripts and the command line: send as Authorization: Bearer <token>." }), list);
}

function tokenTable(items, reload) {
  return h("table", { class: "data", "aria-label": "API tokens" },
    h("thead", {}, h("tr", {}, h("th", { text: "Name" }), h("th", { text: "Scopes" }), h("th", { class: "hide-phone", text: "Last used" }), h("th", {}))),
    h("tbody", {}, items.map((t) => h("tr", {},
      h("td", {}, h("strong", { text: t.name }), h("div", { class: "muted", text: `${t.prefix}…` })),
      h("td", { class: "muted", text: t.scopes.join(", ") }),
      h("td", { class: "hide-phone muted", text: t.last_used_at ? t.last_used_at.slice(0, 10) : "never" }),
      h("td", {}, h("button", { type: "button", class: "btn small danger ghost", text: "Revoke", "aria-label": `Revoke ${t.name}`,
        onclick: async () => {
          if (!(await confirmDialog("Revoke token", `Revoke "${t.name}"? Programs using it stop working at once.`, "Revoke"))) return;
          try {
            await api("DELETE", `/tokens/${t.id}`);
            toast("Token revoked.");
            reload();
          } catch (err) {
            showError(err);
          }
        } }))))));
}

function newToken() {
  return modal("New API token", (close) => {
    const name = h("input", { required: true, maxlength: 200, placeholder: "e.g. laptop CLI" });
    const days = h("input", { type: "number", min: 1, max: 3650, placeholder: "never" });
    const boxes = SCOPES.map((s) => h("input", { type: "checkbox", value: s, checked: s.endsWith(":time_entries") }));
    const error = h("p", { class: "form-error", role: "alert" });
    const form = h("form", {}, field("Name", name),
      h("fieldset", { class: "plain" }, h("legend", { class: "field-legend", text: "Scopes" }),
        h("div", { class: "scope-list" }, boxes.map((b) => h("label", { class: "check" }, b, ` ${b.value}`)))),
      field("Expires after (days)", days), error,
      h("div", { class: "actions" }, h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => close(false) }),
        h("button", { type: "submit", class: "btn primary", text: "Create token" })));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const scopes = boxes.filter((b) => b.checked).map((b) => b.value);
      try {
        const data = await api("POST", "/tokens", { name: name.value.trim(), scopes, expires_in_days: days.value ? Number(days.value) : null });
        form.replaceChildren(
          h("p", { text: "Copy the token now: it is shown only this once." }),
          h("p", { class: "secret", "data-secret": "", text: data.token }),
          h("div", { class: "actions" },
            h("button", { type: "button", class: "btn", text: "Copy", onclick: () => navigator.clipboard.writeText(data.token).then(() => toast("Copied.")) }),
            h("button", { type: "button", class: "btn primary", text: "Done", onclick: () => close(true) })));
      } catch (err) {
        error.textContent = err.message;
      }
    });
    return form;
  }, { wide: true });
}
