// Keyboard shortcuts. Pages register handlers by action name; "?" shows them all.

import { h } from "./dom.js";
import { modal } from "./ui.js";

export const SHORTCUTS = [
  ["s", "start", "Start a timer (focus the description) or stop the running one"],
  ["n", "new", "Add a finished entry"],
  ["/", "search", "Search the entries shown"],
  ["ArrowLeft", "prev", "Previous day or week"],
  ["ArrowRight", "next", "Next day or week"],
  ["t", "today", "Go to today"],
  ["d", "day", "Day view"],
  ["w", "week", "Week view"],
  ["g t", "go-track", "Go to Track"],
  ["g r", "go-reports", "Go to Reports"],
  ["g s", "go-settings", "Go to Settings"],
  ["?", "help", "Show this help"],
];

const handlers = new Map();
let pendingG = false;

export function onShortcut(action, fn) {
  handlers.set(action, fn);
  return () => handlers.get(action) === fn && handlers.delete(action);
}

function typing(target) {
  return target.closest && target.closest("input, textarea, select, [contenteditable], dialog");
}

export function showHelp() {
  return modal("Keyboard shortcuts", () =>
    h("table", { class: "shortcuts" },
      h("tbody", {}, SHORTCUTS.map(([key, , text]) =>
        h("tr", {}, h("td", {}, key.split(" ").map((k) => h("kbd", { text: k.replace("Arrow", "") === "Left" ? "←" : k.replace("Arrow", "") === "Right" ? "→" : k }))), h("td", { text })))),
    ));
}

export function installShortcuts() {
  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) return;
    let action = null;
    if (pendingG) {
      pendingG = false;
      action = { t: "go-track", r: "go-reports", s: "go-settings" }[ev.key] || null;
    } else if (ev.key === "g") {
      pendingG = true;
      setTimeout(() => (pendingG = false), 1200);
      return;
    } else {
      const found = SHORTCUTS.find(([key]) => key === ev.key);
      action = found ? found[1] : null;
    }
    if (!action) return;
    if (action === "help") showHelp();
    else if (action.startsWith("go-")) location.hash = { "go-track": "#/", "go-reports": "#/reports", "go-settings": "#/settings" }[action];
    else if (handlers.has(action)) handlers.get(action)();
    else return;
    ev.preventDefault();
  });
}
