// Settings: profile, time zone, week start, formats, theme, reminders, password, two-factor sign-in,
// sessions, API tokens, sign out everywhere; for admins the workspace and its working time
// (worktimesettings.js).

import { api, setToken } from "../api.js";
import { field, h, select } from "../dom.js";
import { emit, isAdmin, setPrefs, state } from "../store.js";
import { formatDate, formatDuration, formatTime } from "../time.js";
import { showError, toast } from "../ui.js";
import { remindersCard } from "./remindersettings.js";
import { sessionsCard } from "./sessions.js";
import { tokensCard } from "./tokens.js";
import { twoFactorCard } from "./twofactor.js";
import { workspaceCard } from "./workspace.js";
import { worktimeCard } from "./worktimesettings.js";

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** ``shell``: what the app around the page offers it (signOutEverywhere), so that the page need
 * not import the app. */
export function mount(main, shell) {
  const grid = h("div", { class: "settings-grid" }, preferences(), profile(), remindersCard(), account(), twoFactorCard(), sessionsCard(shell.signOutEverywhere), tokensCard(),
    isAdmin() ? workspaceCard() : null, isAdmin() ? worktimeCard() : null);
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
  const workday = h("input", { type: "time", name: "workday", value: state.prefs.workday || "08:00", step: 900 });
  workday.addEventListener("change", () => workday.value && setPrefs({ workday: workday.value }));
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
    field("Time format", clock), field("Duration format", dur), field("Theme", theme),
    field("Day starts at", workday, "The timeline opens here"));
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
      const data = await api("POST", "/users/me/password", { current_password: current.value, new_password: next.value });
      setToken(data.token, data.expires_at);
      current.value = next.value = "";
      toast("Password changed. Other browsers and devices were signed out.");
    } catch (err) {
      showError(err);
    }
  });
  return h("section", { class: "card", "aria-labelledby": "s-account" }, h("h2", { id: "s-account", text: "Password" }), form);
}
