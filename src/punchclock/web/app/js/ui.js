// Shared widgets: toasts (with undo), modal dialogs, confirmations, the connection badge.

import { clear, h } from "./dom.js";

let toastRegion = null;

export function toast(message, { action, onAction, timeout = 6000, error = false } = {}) {
  if (!toastRegion) {
    toastRegion = h("div", { class: "toasts", role: "status", "aria-live": "polite" });
    document.body.append(toastRegion);
  }
  const el = h("div", { class: error ? "toast error" : "toast" }, h("span", { text: message }));
  if (action) {
    el.append(
      h("button", {
        class: "link", type: "button", text: action,
        onclick: () => {
          el.remove();
          onAction();
        },
      }),
    );
  }
  toastRegion.append(el);
  setTimeout(() => el.remove(), timeout);
  return el;
}

export function showError(err) {
  toast(err && err.message ? err.message : String(err), { error: true });
}

/** A modal <dialog>; resolves when it closes. build(close, dismiss) returns the body nodes.
 * With `dirty` (a function), Esc, × and dismiss() ask before throwing away what was typed. */
export function modal(title, build, { wide = false, dirty = null } = {}) {
  return new Promise((resolve) => {
    const dlg = h("dialog", { class: wide ? "modal wide" : "modal", "aria-label": title });
    const close = (value) => {
      dlg.close();
      dlg.remove();
      resolve(value);
    };
    const dismiss = async () => {
      if (dirty && dirty() && !(await confirmDialog("Discard changes?", "What you typed here is not saved yet.", "Discard"))) return;
      close(null);
    };
    dlg.append(
      h("header", {},
        h("h2", { text: title }),
        h("button", { class: "icon-btn", type: "button", "aria-label": "Close", text: "×", onclick: dismiss }),
      ),
      ...[].concat(build(close, dismiss)),
    );
    dlg.addEventListener("cancel", (ev) => {
      ev.preventDefault();
      dismiss();
    });
    document.body.append(dlg);
    dlg.showModal();
    const first = dlg.querySelector("[autofocus]") || dlg.querySelector("input, select, textarea");
    if (first) first.focus();
  });
}

export function confirmDialog(title, text, okLabel = "OK") {
  return modal(title, (close) => [
    h("p", { text }),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => close(false) }),
      h("button", { type: "button", class: "btn danger", text: okLabel, onclick: () => close(true) }),
    ),
  ]);
}

export function setBusy(button, busy) {
  button.disabled = busy;
  button.setAttribute("aria-busy", busy ? "true" : "false");
}

export function emptyState(text) {
  return h("p", { class: "empty", text });
}

export function replace(el, ...children) {
  clear(el).append(...children.flat().filter(Boolean));
}

/** The nodes of a list's pager: "1–50 of 230" and buttons to the pages before and after, which
 * call go(page). `labels`: what the list holds when empty, and the two buttons' names. */
export function pagerNodes(p, perPage, go, { empty = "", back = "Previous", on = "Next" } = {}) {
  const first = p.total ? (p.page - 1) * perPage + 1 : 0;
  const last = Math.min(p.total, p.page * perPage);
  return [
    h("span", { class: "muted", text: p.total ? `${first}–${last} of ${p.total}` : empty }),
    h("span", { class: "spacer" }),
    h("button", { type: "button", class: "btn small", text: back, disabled: !p.has_prev, onclick: () => go(p.page - 1) }),
    h("button", { type: "button", class: "btn small", text: on, disabled: !p.has_next, onclick: () => go(p.page + 1) }),
  ];
}
