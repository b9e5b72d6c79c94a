// The Working time page (#/worktime): what a person worked against their target, as balances
// (running, today, this week, month and year) and the month day by day, with its downloads. Managers
// and admins pick among the people they see and have a Team tab (worktimeteam.js).
//
// Notes: a balance is positive when time is banked and negative when it is owed; the running
// balance counts through yesterday, so today shows what is worked so far, not a debt. A person
// without a work model has no target at all: the page says so and whom to ask, rather than show
// zeros that read like a balanced account. Every read goes through keep.js: a failure keeps what
// was shown, marked as a copy, and asks again by itself.

import { download, get, getAll, query } from "../api.js";
import { h, icon, select } from "../dom.js";
import { keepShown } from "../keep.js";
import { isAdmin, isManager, state, tz } from "../store.js";
import { formatDate, isoDate } from "../time.js";
import { showError } from "../ui.js";
import { monthBounds, monthName, monthOf, shiftMonth } from "../worktime.js";
import { balanceCards, monthTable } from "./worktimemonth.js";
import { teamPanel } from "./worktimeteam.js";

export function mount(main) {
  const today = isoDate(Date.now(), tz());
  let month = monthOf(today); // the month asked for
  let current = month; // the month shown
  const names = new Map([[state.user.id, state.user.display_name || state.user.username]]);
  const person = select([[state.user.id, "Me"]], state.user.id, { name: "person", "aria-label": "Person" });
  const head = h("div", { class: "page-head" }, h("h1", { text: "Working time" }), h("span", { class: "spacer" }));
  main.append(head);

  const label = h("h2", { class: "wt-month-label", "aria-live": "polite" });
  const back = h("button", { type: "button", class: "icon-btn", "aria-label": "Previous month", title: "Previous month" }, icon("left"));
  const on = h("button", { type: "button", class: "icon-btn", "aria-label": "Next month", title: "Next month" }, icon("right"));
  const now = h("button", { type: "button", class: "btn small", text: "This month" });
  const exports = h("span", { class: "wt-exports" }, h("span", { class: "muted", text: "Download" }),
    ["csv", "xlsx", "pdf"].map((fmt) => h("button", { type: "button", class: "btn small", "data-format": fmt, text: fmt.toUpperCase(),
      "aria-label": `Download the month as ${fmt.toUpperCase()}`, onclick: (ev) => save(ev.currentTarget, fmt) })));
  const bar = h("div", { class: "wt-monthbar" }, h("span", { class: "wt-nav" }, back, label, on), now, h("span", { class: "spacer" }), exports);
  const body = h("div", { class: "wt-body" });
  const mine = h("section", { class: "wt-mine", "aria-label": "Balance" }, body);

  const whose = () => Number(person.value) || state.user.id;
  // The month label is the month shown: after a failed read it stays with the copy kept.
  const draw = ({ balance, days, shown }) => {
    const who = whose() === state.user.id ? null : names.get(whose());
    current = shown;
    label.textContent = monthName(shown);
    now.disabled = shown === monthOf(today);
    if (!balance.since) {
      bar.hidden = true;
      return emptyState(who);
    }
    bar.hidden = false;
    const running = h("p", { class: "wt-since muted", text: `Counted since ${formatDate(Date.parse(`${balance.since}T12:00:00Z`), "UTC", state.prefs.date)}, through yesterday; positive is time banked, negative time owed.` });
    return [balanceCards(balance), running, h("div", { class: "card wt-month" }, bar, monthTable(days.days, today))];
  };
  const load = keepShown(body, async () => {
    const shown = month;
    const [start, end] = monthBounds(shown);
    const user = whose();
    const [balance, days] = await Promise.all([
      get(`/worktime/balance?${query({ user_id: user })}`),
      get(`/worktime/days?${query({ user_id: user, start_date: start, end_date: end })}`),
    ]);
    return { balance, days, shown };
  }, draw, "The working time");

  const go = (next) => {
    month = next;
    load();
  };
  back.addEventListener("click", () => go(shiftMonth(current, -1)));
  on.addEventListener("click", () => go(shiftMonth(current, 1)));
  now.addEventListener("click", () => go(monthOf(today)));
  person.addEventListener("change", load);

  async function save(button, fmt) {
    button.disabled = true;
    try {
      const who = names.get(whose()) || "me";
      await download(`/worktime/report?${query({ user_id: whose(), month: current, format: fmt })}`, `worktime-${who}-${current}.${fmt}`);
    } catch (err) {
      showError(err);
    }
    button.disabled = false;
  }

  if (!isManager()) {
    main.append(mine);
    load();
    return null;
  }
  // Managers and admins: the people they see, and the team's year.
  head.append(person);
  getAll("/users", "users", 20).then((users) => {
    const others = users.filter((u) => u.id !== state.user.id && u.is_active !== false);
    for (const u of others) names.set(u.id, u.display_name || u.username);
    others.sort((a, b) => names.get(a.id).localeCompare(names.get(b.id)));
    person.append(...others.map((u) => h("option", { value: String(u.id), text: names.get(u.id) })));
  }).catch(() => {});
  const team = teamPanel(month, (id) => {
    if (![...person.options].some((o) => o.value === String(id))) person.append(h("option", { value: String(id), text: names.get(id) || `User ${id}` }));
    person.value = String(id);
    pick("mine");
    load();
  });
  const tabs = h("div", { class: "tabs", role: "tablist", "aria-label": "Working time" });
  const panels = { mine, team: team.node };
  const tab = (key, text) => h("button", { type: "button", role: "tab", id: `wt-tab-${key}`, "aria-controls": `wt-panel-${key}`, text, onclick: () => pick(key) });
  tabs.append(tab("mine", "Balance"), tab("team", "Team"));
  for (const [key, node] of Object.entries(panels)) {
    node.id = `wt-panel-${key}`;
    node.setAttribute("role", "tabpanel");
    node.setAttribute("aria-labelledby", `wt-tab-${key}`);
  }
  let teamLoaded = false;
  function pick(key) {
    for (const b of tabs.children) b.setAttribute("aria-selected", String(b.id === `wt-tab-${key}`));
    mine.hidden = key !== "mine";
    team.node.hidden = key !== "team";
    person.hidden = key !== "mine";
    if (key === "team" && !teamLoaded) {
      teamLoaded = true;
      team.load();
    }
  }
  main.append(tabs, mine, team.node);
  pick("mine");
  load();
  return null;
}

function emptyState(who) {
  const text = who
    ? `No work model yet for ${who}. An admin sets their weekly hours in Users.`
    : "No work model yet — an admin sets your weekly hours in Users.";
  return h("div", { class: "card wt-empty" },
    h("h2", { text: "No work model yet" }), h("p", { text }),
    h("p", { class: "muted", text: "Until then there is no target to count against, so there is no balance: the time you track is kept as always." }),
    isAdmin() ? h("a", { class: "btn", href: "#/users", text: "Open Users" }) : null);
}
