// Settings → API tokens: the caller's tokens (and devices signed in with one), made and revoked here.

import { api, getAll } from "../api.js";
import { field, h } from "../dom.js";
import { confirmDialog, modal, showError, toast } from "../ui.js";
import { keepShown } from "../keep.js";

const CALENDAR = "read:calendar";

export function tokensCard() {
  const list = h("div", { class: "token-list" });
  const load = keepShown(list, () => getAll("/tokens", "api_tokens", 5),
    (items, reload) => (items.length ? tokenTable(items, reload) : h("p", { class: "muted", text: "No API tokens yet." })), "Tokens");
  const create = h("button", { type: "button", class: "btn primary", text: "New token", onclick: () => newToken().then((d) => d && load()) });
  load();
  return h("section", { class: "card", "aria-labelledby": "s-tokens" },
    h("div", { class: "page-head" }, h("h2", { id: "s-tokens", text: "API tokens" }), h("span", { class: "spacer" }), create),
    h("p", { class: "muted", text: "For scripts and the command line: send as Authorization: Bearer <token>." }), list);
}

function tokenTable(items, reload) {
  return h("table", { class: "data stack-phone", "aria-label": "API tokens" },
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

async function newToken() {
  let offered;
  try {
    offered = (await api("GET", "/tokens/scopes")).scopes;
  } catch (err) {
    showError(err);
    return false;
  }
  return modal("New API token", (close) => {
    const name = h("input", { required: true, maxlength: 200, placeholder: "e.g. laptop CLI" });
    const days = h("input", { type: "number", min: 1, max: 3650, placeholder: "never" });
    const boxes = offered.map((s) => h("input", { type: "checkbox", value: s.scope, checked: s.scope.endsWith(":time_entries") }));
    const hint = h("p", { class: "muted", hidden: true,
      text: "A calendar feed token holds read:calendar only: it travels in the feed's address, so it can do nothing else." });
    // A calendar token must hold that one scope; choosing it clears and locks the others.
    const calendar = boxes.find((b) => b.value === CALENDAR);
    if (calendar) {
      calendar.addEventListener("change", () => {
        for (const b of boxes) {
          if (b === calendar) continue;
          if (calendar.checked) b.checked = false;
          b.disabled = calendar.checked;
        }
        hint.hidden = !calendar.checked;
      });
    }
    const error = h("p", { class: "form-error", role: "alert" });
    const form = h("form", {}, field("Name", name),
      h("fieldset", { class: "plain" }, h("legend", { class: "field-legend", text: "Scopes" }),
        h("div", { class: "scope-list" }, boxes.map((b, i) => h("label", { class: "check", title: offered[i].description }, b, ` ${b.value}`))), hint),
      field("Expires after (days)", days), error,
      h("div", { class: "actions" }, h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => close(false) }),
        h("button", { type: "submit", class: "btn primary", text: "Create token" })));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const scopes = boxes.filter((b) => b.checked).map((b) => b.value);
      try {
        const data = await api("POST", "/tokens", { name: name.value.trim(), scopes, expires_in_days: days.value ? Number(days.value) : null });
        const feed = scopes.length === 1 && scopes[0] === CALENDAR
          ? `${location.origin}/api/v1/calendar/feed.ics?token=${encodeURIComponent(data.token)}` : null;
        form.replaceChildren(
          h("p", { text: "Copy the token now: it is shown only this once." }),
          h("p", { class: "secret", "data-secret": "", text: data.token }),
          ...(feed ? [h("p", { class: "muted", text: "Subscribe to this address in your calendar app:" }),
            h("p", { class: "secret", "data-feed": "", text: feed })] : []),
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
