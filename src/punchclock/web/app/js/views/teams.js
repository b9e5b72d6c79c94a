// Teams (admins): make teams, add and remove members, name leads, and set a team's overlap rule.
// Once a workspace has a team, a manager sees and reports on only themselves and the members of the
// teams they lead. A person's overlap rule is the strictest their teams set, else the workspace's.

import { api, get, getAll } from "../api.js";
import { field, h, icon, select } from "../dom.js";
import { keepShown } from "../keep.js";
import { RULES } from "../overlaprule.js";
import { confirmDialog, emptyState, modal, showError, toast } from "../ui.js";

const LEADS = new Set(["manager", "admin"]); // the roles that may lead a team (the server says so too)

export function mount(main) {
  const body = h("div", { class: "teams" });
  const add = h("button", { type: "button", class: "btn primary" }, icon("plus"), h("span", { text: "New team" }));
  main.append(
    h("div", { class: "page-head" }, h("h1", { text: "Teams" }), h("span", { class: "spacer" }), add),
    h("p", { class: "muted page-note", text: "Without teams, managers see everyone's time. Once there is a team, a manager sees only their own and that of the members of the teams they lead." }),
    body);
  // The workspace's rule only names the first choice of each team's rule: a team without one follows it.
  const workspaceRule = () => get("/signoff").then((s) => s.overlap_rule, () => null);
  const load = keepShown(body, () => Promise.all([getAll("/teams", "teams"), getAll("/users?active=true", "users", 20), workspaceRule()]),
    ([teams, users, rule], reload) => (teams.length ? teams.map((t) => teamCard(t, users, rule, reload)) : emptyState("No teams yet: managers see everyone.")),
    "The teams");
  add.addEventListener("click", () => nameForm(null).then((done) => done && load()));
  load();
}

/** Run a change, say so, and redraw (also after a refusal: the list shows what the server has). */
async function change(work, done, reload) {
  try {
    await work();
    toast(done);
  } catch (err) {
    showError(err);
  }
  reload();
}

function teamCard(team, users, workspaceRule, reload) {
  const url = `/teams/${team.id}`;
  const rename = h("button", { type: "button", class: "btn small ghost", text: "Rename", "aria-label": `Rename ${team.name}`,
    onclick: () => nameForm(team).then((done) => done && reload()) });
  const remove = h("button", { type: "button", class: "btn small danger ghost", text: "Delete", "aria-label": `Delete ${team.name}`,
    onclick: async () => {
      const gone = "Its members keep their accounts and time; its leads no longer see them through this team.";
      if (await confirmDialog(`Delete ${team.name}?`, gone, "Delete")) change(() => api("DELETE", url), "Team deleted.", reload);
    } });
  const rows = team.members.map((m) => {
    const person = users.find((u) => u.id === m.user_id);
    const lead = h("input", { type: "checkbox", checked: m.is_lead, disabled: !m.is_lead && !(person && LEADS.has(person.role)),
      "aria-label": `${m.username} leads ${team.name}` });
    lead.addEventListener("change", () => change(() => api("PUT", `${url}/members/${m.user_id}`, { is_lead: lead.checked }),
      lead.checked ? `${m.username} leads ${team.name} now.` : `${m.username} no longer leads ${team.name}.`, reload));
    const out = h("button", { type: "button", class: "btn small ghost", text: "Remove", "aria-label": `Remove ${m.username} from ${team.name}`,
      onclick: () => change(() => api("DELETE", `${url}/members/${m.user_id}`), `${m.username} left ${team.name}.`, reload) });
    return h("tr", {},
      h("td", {}, h("strong", { text: m.display_name || m.username }), m.display_name !== m.username ? h("div", { class: "muted", text: m.username }) : null),
      h("td", {}, person ? h("span", { class: "badge muted", text: person.role }) : null),
      h("td", {}, h("label", { class: "check lead" }, lead, " Lead")),
      h("td", { class: "num" }, out));
  });
  return h("section", { class: "card team", "aria-label": team.name },
    h("header", { class: "team-head" }, h("h2", { text: team.name }),
      h("span", { class: "muted", text: count(team.members) }), h("span", { class: "spacer" }), rename, remove),
    ruleRow(team, workspaceRule, reload),
    rows.length ? h("table", { class: "data stack-phone", "aria-label": `Members of ${team.name}` }, h("tbody", {}, rows)) : null,
    addMember(team, users, reload));
}

/** The team's overlap rule: the workspace's (null) or one of its own, saved when picked. */
function ruleRow(team, workspaceRule, reload) {
  const named = RULES.find(([value]) => value === workspaceRule);
  const follow = named ? `Workspace rule (${named[1].toLowerCase()})` : "Workspace rule";
  const id = `team-rule-${team.id}`;
  const pick = select([["", follow], ...RULES.map(([value, label]) => [value, label])], team.overlap_rule, { id });
  pick.addEventListener("change", () => {
    const rule = pick.value || null;
    const label = rule ? RULES.find(([value]) => value === rule)[1].toLowerCase() : "the workspace's rule";
    change(() => api("PATCH", `/teams/${team.id}`, { overlap_rule: rule }), `${team.name}: overlapping entries, ${label}.`, reload);
  });
  return h("div", { class: "team-rule", title: "A member of several teams gets the strictest of their rules" },
    h("label", { for: id, text: "Overlapping entries" }), pick);
}

function count(members) {
  const leads = members.filter((m) => m.is_lead).length;
  const people = `${members.length} ${members.length === 1 ? "member" : "members"}`;
  return leads ? `${people}, ${leads} ${leads === 1 ? "lead" : "leads"}` : people;
}

/** The row that adds someone: the active users not in the team, and whether they lead it. */
function addMember(team, users, reload) {
  const inside = new Set(team.members.map((m) => m.user_id));
  const free = users.filter((u) => !inside.has(u.id));
  if (!free.length) return null;
  const who = select([["", "Add a person…"], ...free.map((u) => [u.id, `${u.display_name || u.username} (${u.role})`])], "",
    { "aria-label": `Person to add to ${team.name}` });
  const lead = h("input", { type: "checkbox", disabled: true });
  const add = h("button", { type: "button", class: "btn small", text: "Add", disabled: true });
  who.addEventListener("change", () => {
    const person = free.find((u) => String(u.id) === who.value);
    lead.disabled = !(person && LEADS.has(person.role));
    if (lead.disabled) lead.checked = false;
    add.disabled = !person;
  });
  add.addEventListener("click", () => {
    const person = free.find((u) => String(u.id) === who.value);
    if (person) change(() => api("PUT", `/teams/${team.id}/members/${person.id}`, { is_lead: lead.checked }), `${person.username} joined ${team.name}.`, reload);
  });
  return h("div", { class: "team-add" }, who, h("label", { class: "check", title: "Managers and admins can lead a team" }, lead, " as lead"), add);
}

function nameForm(team) {
  return modal(team ? `Rename ${team.name}` : "New team", (close) => {
    const name = h("input", { required: true, maxlength: 100, value: team ? team.name : "", autocomplete: "off" });
    const error = h("p", { class: "form-error", role: "alert" });
    const form = h("form", {}, field("Name", name), error,
      h("div", { class: "actions" }, h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => close(false) }),
        h("button", { type: "submit", class: "btn primary", text: team ? "Rename" : "Create" })));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        if (team) await api("PATCH", `/teams/${team.id}`, { name: name.value.trim() });
        else await api("POST", "/teams", { name: name.value.trim() });
        toast(team ? "Team renamed." : "Team created.");
        close(true);
      } catch (err) {
        error.textContent = err.message;
      }
    });
    return form;
  });
}
