// Audit log (admins): who signed in or failed to, and what was done to accounts, tokens and the
// workspace, newest first; filtered by who acted, whom it concerned, what and when; downloadable as
// CSV or JSON with the same filters. The filters live in the address (#/audit?action=auth.), so a
// reload or a shared link shows the same rows.

import { download, get, getAll, query } from "../api.js";
import { field, h, icon, select } from "../dom.js";
import { keepShown } from "../keep.js";
import { state, tz } from "../store.js";
import { formatDate, formatTime } from "../time.js";
import { pagerNodes, setBusy, showError } from "../ui.js";

const PER_PAGE = 50;
const FILTERS = ["actor_id", "user_id", "action", "since", "until"];
// What the log holds, by the prefix of its actions (a name ending in "." matches all under it).
const ACTIONS = [
  ["", "Everything"],
  ["auth.", "Sign-ins and sessions"],
  ["auth.sign_in_failed", "Failed sign-ins"],
  ["user.", "Accounts and invitations"],
  ["invitation.", "Invitations answered"],
  ["token.", "API tokens"],
  ["password.", "Password resets"],
  ["totp.", "Two-factor sign-in"],
  ["sso.", "Single sign-on"],
  ["workspace.", "Workspace settings"],
  ["team.", "Teams"],
  ["webhooks.", "Webhook sending"],
  ["export.", "Exports of others' data"],
  ["period.", "Sign-off"],
];

function fromAddress() {
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  return Object.fromEntries(FILTERS.map((k) => [k, params.get(k) || ""]));
}

export function mount(main) {
  const filters = fromAddress();
  let page = 1;
  const body = h("div", { class: "card table-wrap audit-log" });
  const pager = h("div", { class: "pager" });
  const exports = ["csv", "json"].map((fmt) => h("button", { type: "button", class: "btn small", "data-format": fmt,
    onclick: (ev) => exportAs(ev.currentTarget, fmt) }, icon("download"), h("span", { text: fmt.toUpperCase() })));
  const who = select([["", "Anyone"]], filters.actor_id, { name: "actor_id" });
  const whom = select([["", "Anyone"]], filters.user_id, { name: "user_id" });
  const what = select(ACTIONS, filters.action, { name: "action" });
  const since = h("input", { type: "date", name: "since", value: filters.since });
  const until = h("input", { type: "date", name: "until", value: filters.until });
  const bar = h("div", { class: "filters audit-filters" },
    field("What", what), field("Who", who), field("Concerning", whom), field("From", since), field("To", until));
  main.append(
    h("div", { class: "page-head" }, h("h1", { text: "Audit log" }), h("span", { class: "spacer" }),
      h("div", { class: "export-bar" }, h("span", { class: "muted", text: "Download:" }), ...exports)),
    bar, body, pager);

  const params = () => query({ ...filters, page, per_page: PER_PAGE });
  const load = keepShown(body, () => get(`/audit?${params()}`), (data) => {
    drawPager(data.pagination);
    return table(data.events);
  }, "The audit log");
  const go = (to) => {
    page = to;
    load();
  };
  const drawPager = (p) => pager.replaceChildren(...pagerNodes(p, PER_PAGE, go, { back: "Newer", on: "Older" }));
  for (const input of [who, whom, what, since, until]) {
    input.addEventListener("change", () => {
      filters[input.name] = input.value;
      page = 1;
      const q = query(filters);
      history.replaceState(null, "", `#/audit${q ? `?${q}` : ""}`); // no hashchange: the page stays
      load();
    });
  }
  const exportAs = async (button, fmt) => {
    setBusy(button, true);
    try {
      await download(`/audit/export?${query({ ...filters, format: fmt })}`, `audit-log.${fmt}`);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(button, false);
    }
  };
  // The people to pick from; the log loads meanwhile (a failure here leaves "Anyone" alone).
  getAll("/users", "users", 20).then((users) => {
    const people = users.map((u) => [u.id, u.display_name && u.display_name !== u.username ? `${u.display_name} (${u.username})` : u.username]);
    for (const [el, value] of [[who, filters.actor_id], [whom, filters.user_id]]) {
      el.append(...people.map(([id, label]) => h("option", { value: String(id), text: label })));
      el.value = value;
    }
  }).catch(() => {});
  load();
}

function table(events) {
  if (!events.length) return h("p", { class: "empty", text: "Nothing in the log matches these filters." });
  const when = (iso) => {
    const ms = Date.parse(iso);
    return `${formatDate(ms, tz(), state.prefs.date)} ${formatTime(ms, tz(), state.prefs.clock)}`;
  };
  return h("table", { class: "data stack-phone", "aria-label": "Audit log" },
    h("thead", {}, h("tr", {}, h("th", { text: "What" }), h("th", { text: "When" }), h("th", { text: "Who" }), h("th", { class: "hide-phone", text: "Address" }))),
    h("tbody", {}, events.map((e) => h("tr", { "data-action": e.action, class: e.action === "auth.sign_in_failed" ? "failed" : null },
      h("td", {}, h("div", { text: e.summary }), h("small", { class: "muted action", text: e.action })),
      h("td", { class: "muted nowrap", text: when(e.at) }),
      h("td", { class: e.actor ? null : "muted", text: e.actor || "—" }),
      h("td", { class: "hide-phone muted", text: e.address || "" })))));
}
