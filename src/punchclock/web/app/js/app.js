// Boot: theme, service worker, sign-in gate, the shell with its pages, live updates, the tab title.

import { ApiError, BASE, Offline, api, onSignedOut, refreshSoon, setToken, token } from "./api.js";
import { clear, h, icon } from "./dom.js";
import { idbClear } from "./idb.js";
import { connectLive } from "./live.js";
import { refreshLocks } from "./locks.js";
import "./overlaprule.js"; // says every refusal of an overlap in words (api.js onRefused)
import { installShortcuts } from "./shortcuts.js";
import { loadBase } from "./startup.js";
import { emit, flush, isAdmin, isManager, loadPeriod, loadPrefs, refreshPeriod, runningTimer, setConn, state, subscribe } from "./store.js";
import { formatDuration, workedSeconds } from "./time.js";
import { confirmDialog, showError, toast } from "./ui.js";
import { renderLogin } from "./views/login.js";
import { isLink, openLink } from "./views/recover.js";
import { bellButton, refreshUnread } from "./views/notifications.js";
import { endSession } from "./views/sso.js";

const PAGES = {
  "": { label: "Track", icon: "clock", load: () => import("./views/track.js") },
  timesheet: { label: "Timesheet", icon: "grid", load: () => import("./views/timesheet.js") },
  worktime: { label: "Working time", short: "Balance", icon: "balance", load: () => import("./views/worktime.js") },
  signoff: { label: "Sign-off", icon: "signoff", load: () => import("./views/signoff.js") },
  // A manager's or admin's phone bar has no room left: Sign-off's absence requests link it there.
  absences: { label: "Time off", icon: "away", load: () => import("./views/absences.js"), wideOnly: isManager },
  reports: { label: "Reports", icon: "chart", load: () => import("./views/reports.js") },
  projects: { label: "Projects", icon: "folder", load: () => import("./views/projects.js"), when: isManager },
  settings: { label: "Settings", icon: "gear", load: () => import("./views/settings.js") },
  users: { label: "Users", icon: "users", load: () => import("./views/users.js"), when: isAdmin },
  // Not in a phone's bottom bar, which has no room left: the Users page links them there.
  teams: { label: "Teams", icon: "team", load: () => import("./views/teams.js"), when: isAdmin, wideOnly: true },
  audit: { label: "Audit log", icon: "log", load: () => import("./views/audit.js"), when: isAdmin, wideOnly: true },
};

const root = document.getElementById("app");
let stopLive = null;
let current = null;

export function applyTheme() {
  const theme = state.prefs.theme;
  const dark = theme === "dark" || (theme === "auto" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
}

function routeName() {
  const name = location.hash.replace(/^#\/?/, "").split("?")[0];
  const page = PAGES[name];
  return page && (!page.when || page.when()) ? name : "";
}

function shell() {
  const nav = h("nav", { class: "nav", "aria-label": "Main" });
  for (const [name, page] of Object.entries(PAGES)) {
    if (page.when && !page.when()) continue;
    nav.append(h("a", { href: `#/${name}`, "data-page": name, title: page.label, class: (typeof page.wideOnly === "function" ? page.wideOnly() : page.wideOnly) ? "wide-only" : null }, icon(page.icon), h("span", { text: page.label, "data-short": page.short })));
  }
  const conn = h("span", { class: "conn", id: "conn", role: "status", "aria-live": "polite" });
  const menu = h("div", { class: "user-menu" },
    h("span", { class: "who", text: state.user.display_name || state.user.username }),
    h("button", { type: "button", class: "btn ghost small", text: "Sign out", onclick: () => signOut() }),
  );
  const header = h("header", { class: "top" },
    h("a", { class: "brand", href: "#/", "aria-label": "Punchclock home" }, icon("logo"), h("span", { text: "Punchclock" })),
    nav, conn, bellButton(), menu);
  const main = h("main", { id: "main", tabindex: "-1" });
  clear(root).append(header, main);
  renderConn();
}

function renderConn() {
  const el = document.getElementById("conn");
  if (!el) return;
  const queued = state.queue.length;
  const labels = { live: "Live", polling: "Synced", offline: "Offline", connecting: "Syncing…" };
  el.textContent = labels[state.conn] + (queued ? ` · ${queued} waiting` : "");
  el.dataset.state = state.conn;
  el.title = state.conn === "polling" ? "Live updates unavailable; checking for changes every few seconds" : "";
}

let routing = 0;

async function route() {
  const name = routeName();
  const mine = ++routing;
  for (const a of document.querySelectorAll(".nav a")) {
    if (a.dataset.page === name) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  const main = document.getElementById("main");
  if (!main) return;
  if (current && current.destroy) current.destroy();
  const mod = await PAGES[name].load();
  if (mine !== routing || !main.isConnected) return; // moved on, or signed out, while it loaded
  clear(main);
  current = mod.mount(main, SHELL) || null;
  main.focus({ preventScroll: true });
}

async function signOut(ask = true) {
  const waiting = state.queue.length;
  if (ask && waiting && !(await confirmDialog("Sign out", `${waiting} change(s) made offline are not synced yet and will be lost.`, "Sign out anyway"))) {
    return;
  }
  // The session ends on the server too (its token stops working at once), when the server is
  // reachable; a single sign-on session also learns where to sign out at the provider.
  const provider = token() ? await endSession() : null;
  // Nothing of this account stays behind on the device: the token, the cached data, the queue.
  setToken(null);
  if (stopLive) stopLive();
  await idbClear().catch(() => {});
  const away = provider || localStorage.getItem("pc_logout_url");
  localStorage.removeItem("pc_logout_url");
  if (away) return location.assign(away); // signed in with single sign-on or a sign-in proxy: sign out there too
  location.hash = "";
  location.reload();
}

async function signOutEverywhere() {
  if (!(await confirmDialog("Sign out everywhere", "Sign out of every browser and device?", "Sign out"))) return;
  try {
    await api("POST", "/auth/logout-all");
  } catch (err) {
    showError(err);
    return;
  }
  signOut(false);
}

// What the app offers its pages (they never import app.js: it imports them).
const SHELL = { signOutEverywhere };

function tickTitle() {
  const t = runningTimer();
  if (t) {
    const secs = workedSeconds(t);
    const text = t.notes || t.project || "Timer running";
    document.title = `${formatDuration(secs, "hms")} · ${text} — Punchclock`;
  } else {
    document.title = "Punchclock";
  }
  for (const el of document.querySelectorAll("[data-elapsed]")) {
    el.textContent = formatDuration((Date.now() - Number(el.dataset.elapsed)) / 1000, "hms");
  }
}

function applyEvent(ev) {
  // An absence requested, decided or taken back (one's own, or of someone a manager decides for).
  // Its owner's pages also refetch as before (a decided absence moves the working-time figures).
  if (ev.event && ev.event.startsWith("absence.")) emit("absences");
  // A manager's socket hears the people they see too: only their periods matter here (the Sign-off
  // queue); their entries are not on this user's pages.
  if (state.user && ev.user_id != null && ev.user_id !== state.user.id) {
    if (ev.event && ev.event.startsWith("period.")) emit("periods");
    return;
  }
  // A reminder was delivered: the bell's count (the list itself loads when opened).
  if (ev.event && ev.event.startsWith("reminder.")) return refreshUnread();
  // Any change the server tells us about: refetch the visible period (cheap: one or two pages).
  if (ev.event && ev.event.startsWith("settings.")) return loadPrefs();
  // A period submitted, approved, rejected, closed or reopened changes no entry, only what is locked.
  if (ev.event && ev.event.startsWith("period.")) {
    if (state.user && ev.user_id === state.user.id) refreshLocks();
    return emit("periods");
  }
  if (ev.event && /^(project|client|task)\./.test(ev.event)) loadBase().then(() => emit("base"));
  refreshPeriod().catch(() => {});
}

async function start() {
  applyTheme();
  const signedIn = (result) => {
    setToken(result.token, result.expires_at);
    start();
  };
  // A link from an e-mail (password reset, invitation) comes first, signed in or not.
  if (openLink(root, signedIn, () => renderLogin(root, signedIn))) return;
  if (!token()) {
    // Behind a forward-auth proxy the proxy has signed the user in already: no form to show.
    const viaProxy = await api("POST", "/auth/proxy").catch(() => null);
    if (viaProxy) {
      if (viaProxy.logout_url) localStorage.setItem("pc_logout_url", viaProxy.logout_url);
      return signedIn(viaProxy);
    }
    renderLogin(root, signedIn);
    return;
  }
  try {
    await loadBase();
  } catch (err) {
    if (!token()) return start();
    if (err instanceof ApiError && err.code === "totp_enrolment_required") {
      return import("./views/twofactor.js").then((m) => m.renderEnrolment(root, () => location.reload(), signOut));
    }
    const offline = err instanceof Offline;
    const text = offline
      ? "You are offline, and this device has no copy of your data yet. Punchclock loads when the connection returns."
      : `Punchclock could not load: ${err.message}`;
    clear(root).append(h("div", { class: "fatal" }, h("p", { text })));
    if (offline) window.addEventListener("online", start, { once: true });
    return;
  }
  shell();
  await route();
  refreshSoon();
  const refetch = () => {
    refreshUnread();
    // Without live events the pages showing absences ask again too (while polling, or reconnected).
    if (/^#\/(absences|signoff)\b/.test(location.hash)) emit("absences");
    return flush().then(() => (state.queue.length ? null : refreshPeriod())).catch(() => {});
  };
  stopLive = connectLive({
    onEvent: applyEvent,
    // Also when which projects this user sees changed (a project made private, a membership).
    onResync: () => loadBase().then(() => emit("base")).catch(() => {}).then(refetch),
    refetch,
    scope: isManager() ? "team" : "own",
    setConn: (c) => setConn(state.conn === "offline" && !navigator.onLine ? "offline" : c),
  });
  flush().catch(() => {});
}

onSignedOut(() => {
  if (stopLive) stopLive();
  toast("Your session ended; please sign in again.");
  start();
});
subscribe((what) => {
  if (what === "conn" || what === "entries") renderConn();
  if (what === "prefs") applyTheme();
  if (what && what.failed) showError(`A change made offline was refused: ${what.failed.error}`);
});
// A link from an e-mail opened in a tab that runs the app already: boot afresh with it.
window.addEventListener("hashchange", () => (isLink() ? location.reload() : route()));
window.addEventListener("online", () => {
  setConn("connecting");
  flush().catch(() => {});
});
window.addEventListener("offline", () => setConn("offline"));
matchMedia("(prefers-color-scheme: dark)").addEventListener("change", applyTheme);
setInterval(tickTitle, 1000);
subscribe(tickTitle);
installShortcuts();
if ("serviceWorker" in navigator && location.protocol !== "file:") {
  // A new release's worker takes over at once; a page started by the old one reloads so that it
  // does not mix old and new modules. (The very first worker taking control needs no reload.)
  const hadWorker = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (hadWorker && !document.querySelector("dialog[open]")) location.reload();
  });
  navigator.serviceWorker.register(new URL("sw.js", BASE)).catch(() => {});
}
start();
