// Working time's Team tab (managers and admins): a year's balance for every person they see (or one
// team's), with break-rule misses, and the team's month to download.

import { download, get, getAll, query } from "../api.js";
import { h, select } from "../dom.js";
import { keepShown } from "../keep.js";
import { showError } from "../ui.js";
import { hm, signed, tone } from "../worktime.js";

export function teamPanel(month, open) {
  const thisYear = Number(month.slice(0, 4));
  const year = select(Array.from({ length: 6 }, (_, i) => [thisYear - i, String(thisYear - i)]), thisYear, { name: "year", "aria-label": "Year" });
  const team = select([["", "Everyone I see"]], "", { name: "team", "aria-label": "Team" });
  const which = h("input", { type: "month", name: "month", value: month, "aria-label": "Month to download", required: true });
  const exports = h("span", { class: "wt-exports" }, h("span", { class: "muted", text: "Download" }), which,
    ["csv", "xlsx", "pdf"].map((fmt) => h("button", { type: "button", class: "btn small", text: fmt.toUpperCase(),
      "aria-label": `Download the team's month as ${fmt.toUpperCase()}`, onclick: (ev) => save(ev.currentTarget, fmt) })));
  const body = h("div", { class: "wt-team-body" });
  const node = h("section", { class: "card wt-team", "aria-label": "Team" },
    h("div", { class: "wt-monthbar" }, year, team, h("span", { class: "spacer" }), exports), body);

  const draw = (data) => {
    if (!data.users.length) return h("p", { class: "empty", text: "Nobody to show: people you see, or the team's members, appear here." });
    const rows = data.users.map((u) => {
      const amount = (s) => h("strong", { class: `wt-amount ${tone(s)}`, text: signed(s) });
      const name = u.since
        ? h("button", { type: "button", class: "link wt-person", text: u.username, title: `Open ${u.username}'s month`, onclick: () => open(u.user_id) })
        : h("span", { text: u.username });
      return h("tr", { "data-user": u.username },
        h("td", {}, name, u.since ? null : h("div", { class: "muted", text: "No work model yet" })),
        h("td", { class: "num hide-phone", "data-label": "Worked", text: u.since ? `${hm(u.worked + u.credited)} / ${hm(u.target)}` : "–" }),
        h("td", { class: "num", "data-label": "Year" }, u.since ? amount(u.balance) : "–"),
        h("td", { class: "num", "data-label": "Running" }, u.since ? amount(u.running) : "–"),
        h("td", { class: "num", "data-label": "Break misses" }, u.violations ? h("span", { class: "badge warn", text: String(u.violations) }) : h("span", { class: "muted", text: "0" })));
    });
    return h("div", { class: "table-wrap" }, h("table", { class: "data stack-phone wt-team-table", "aria-label": "Balances of the year" },
      h("thead", {}, h("tr", {}, h("th", { text: "Person" }), h("th", { class: "num hide-phone", text: "Worked / target" }),
        h("th", { class: "num", text: "Year" }), h("th", { class: "num", text: "Running" }), h("th", { class: "num", text: "Break misses" }))),
      h("tbody", {}, rows)));
  };
  const load = keepShown(body, () => get(`/worktime/balances?${query({ year: year.value, team_id: team.value })}`), draw, "The team's balances");
  year.addEventListener("change", load);
  team.addEventListener("change", load);
  // Teams to narrow to, when the caller may list them (a failure leaves "Everyone I see").
  getAll("/teams", "teams", 5).then((teams) => {
    team.append(...teams.map((t) => h("option", { value: String(t.id), text: t.name })));
    team.hidden = !teams.length;
  }).catch(() => (team.hidden = true));

  async function save(button, fmt) {
    if (!which.value) return showError("Choose a month to download.");
    button.disabled = true;
    try {
      await download(`/worktime/report/team?${query({ month: which.value, team_id: team.value, format: fmt })}`, `worktime-team-${which.value}.${fmt}`);
    } catch (err) {
      showError(err);
    }
    button.disabled = false;
  }
  return { node, load };
}
