// The bell in the app bar: how many reminders are unread (from /startup, refreshed when a
// reminder.* event arrives), and the list of them (GET /notifications), each marked read when
// opened, which then leads to the place it is about.

import { api, get } from "../api.js";
import { h, icon } from "../dom.js";
import { emit, state, subscribe, tz } from "../store.js";
import { formatDate, formatTime } from "../time.js";
import { emptyState, modal, replace, setBusy, showError } from "../ui.js";

function setUnread(n) {
  state.unread = n;
  emit("notifications");
}

/** Ask the server how many are unread (after a reminder event, or a poll without the socket). */
export async function refreshUnread() {
  try {
    setUnread((await get("/notifications?unread=true")).unread);
  } catch {
    // Offline or refused: the count stays as it was until the next event or reload.
  }
}

export function bellButton() {
  const badge = h("span", { class: "bell-count", hidden: true });
  const button = h("button", { type: "button", class: "bell", "aria-haspopup": "dialog", onclick: () => openList() }, icon("bell"), badge);
  const render = () => {
    const n = state.unread || 0;
    badge.hidden = n === 0;
    badge.textContent = n > 99 ? "99+" : String(n);
    button.setAttribute("aria-label", n ? `Notifications, ${n} unread` : "Notifications");
    button.title = button.getAttribute("aria-label");
  };
  subscribe((what) => {
    if (what === "notifications" || what === "all") render();
  });
  render();
  return button;
}

function when(iso) {
  const ms = Date.parse(iso);
  return `${formatDate(ms, tz(), state.prefs.date)} ${formatTime(ms, tz(), state.prefs.clock)}`;
}

function openList() {
  return modal("Notifications", (close) => {
    const list = h("ul", { class: "notes", "aria-label": "Notifications" }, h("li", { class: "muted", text: "Loading…" }));
    const all = h("button", { type: "button", class: "btn small", text: "Mark all read", disabled: true });
    const show = (data) => {
      setUnread(data.unread);
      all.disabled = data.unread === 0;
      if (!data.items.length) return replace(list, emptyState("No reminders yet. Turn them on in Settings, Reminders."));
      replace(list, data.items.map((n) => item(n, close)));
    };
    const load = () => get("/notifications").then(show).catch((err) => {
      replace(list, emptyState("The notifications could not be loaded."));
      showError(err);
    });
    all.addEventListener("click", async () => {
      setBusy(all, true);
      try {
        await api("POST", "/notifications/read-all");
        await load();
      } catch (err) {
        showError(err);
      } finally {
        setBusy(all, false);
      }
    });
    load();
    return [
      h("div", { class: "notes-head" }, h("a", { href: "#/settings", class: "link", text: "Reminder settings", onclick: () => close() }), all),
      list,
    ];
  }, { wide: false });
}

function item(n, close) {
  const unread = !n.read_at;
  const open = async () => {
    if (unread) {
      try {
        setUnread((await api("POST", `/notifications/${n.id}/read`)).unread);
      } catch (err) {
        showError(err);
      }
    }
    close();
    location.hash = n.link || "#/";
  };
  return h("li", { class: unread ? "note unread" : "note" },
    h("button", { type: "button", class: "note-open", onclick: open, "aria-label": `${unread ? "Unread: " : ""}${n.title}` },
      h("span", { class: "note-title", text: n.title }),
      h("span", { class: "note-body", text: n.body }),
      h("span", { class: "note-when muted", text: when(n.at) })));
}
