// The Reports page's filter controls: range, grouping, rounding, and multi-selects for projects,
// clients, tasks, tags and people. Each writes into the filters object it is given and calls
// `changed()`; the page decides when to ask the server.

import { field, h, select } from "../dom.js";
import { isManager, tz, weekStart } from "../store.js";
import { preset } from "../time.js";

const RANGE_LABELS = [["today", "Today"], ["this-week", "This week"], ["last-week", "Last week"], ["this-month", "This month"],
  ["last-month", "Last month"], ["this-year", "This year"], ["custom", "Custom"]];
export const DIMENSIONS = [["project", "Project"], ["client", "Client"], ["task", "Task"], ["tag", "Tag"], ["user", "User"],
  ["day", "Day"], ["week", "Week"], ["month", "Month"], ["year", "Year"]];
const ROUNDING = [["none", "No rounding"], ["up", "Round up"], ["nearest", "Round to nearest"], ["down", "Round down"]];
const STEPS = [1, 5, 6, 10, 15, 30, 60].map((m) => [m, `${m} min`]);

export const dimensionLabel = (dim) => (DIMENSIONS.find(([k]) => k === dim) || [dim, dim])[1];

// One open multi-select at a time; a click elsewhere or Esc closes it.
let openOne = null;
document.addEventListener("click", (ev) => {
  if (openOne && !openOne.contains(ev.target)) openOne.open = false;
});
document.addEventListener("keydown", (ev) => {
  if (ev.key === "Escape" && openOne && openOne.open) {
    openOne.open = false;
    openOne.querySelector("summary").focus();
  }
});

/** A drop-down list of checkboxes, with a search box; nothing ticked means "all". `free`: text
 * typed in the search box can be added as a value of its own (tags). */
export function multiSelect(name, options, selected, onChange, { free = false } = {}) {
  const chosen = new Set((selected || []).map(String));
  const value = h("span", { class: "ms-value" });
  const summary = h("summary", { "aria-label": name }, h("span", { class: "ms-name", text: name }), value);
  const search = h("input", { type: "search", "aria-label": `Find ${name.toLowerCase()}`, placeholder: free ? "Find or add…" : "Find…" });
  const list = h("div", { class: "ms-list", role: "group", "aria-label": name });
  const all = h("button", { type: "button", class: "btn small ghost", text: "All" });
  const el = h("details", { class: "multi" }, summary, h("div", { class: "ms-panel" }, h("div", { class: "ms-tools" }, search, all), list));
  let items = [...options];

  const label = () => {
    const picked = items.filter((o) => chosen.has(String(o.value)));
    value.textContent = !chosen.size ? "All" : picked.length === 1 && chosen.size === 1 ? picked[0].label : `${chosen.size} selected`;
    el.classList.toggle("active", chosen.size > 0);
  };
  const draw = () => {
    const needle = search.value.trim().toLowerCase();
    const shown = items.filter((o) => !needle || o.label.toLowerCase().includes(needle) || (o.hint || "").toLowerCase().includes(needle));
    list.replaceChildren(...shown.slice(0, 300).map((o) => {
      const box = h("input", { type: "checkbox", value: String(o.value), checked: chosen.has(String(o.value)) });
      box.addEventListener("change", () => {
        if (box.checked) chosen.add(String(o.value));
        else chosen.delete(String(o.value));
        label();
        onChange([...chosen]);
      });
      return h("label", { class: "ms-item" }, box, h("span", { text: o.label }), o.hint ? h("small", { text: o.hint }) : null);
    }));
    if (!shown.length) list.append(h("p", { class: "muted", text: free && needle ? "Press Enter to add it." : "Nothing matches." }));
  };
  search.addEventListener("input", draw);
  search.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    const typed = search.value.trim().replace(/^#/, "");
    if (!free || !typed) return;
    if (!items.some((o) => String(o.value).toLowerCase() === typed.toLowerCase())) items.unshift({ value: typed, label: `#${typed}` });
    chosen.add(typed);
    search.value = "";
    label();
    draw();
    onChange([...chosen]);
  });
  all.addEventListener("click", () => {
    chosen.clear();
    label();
    draw();
    onChange([]);
  });
  el.addEventListener("toggle", () => {
    if (el.open) {
      if (openOne && openOne !== el) openOne.open = false;
      openOne = el;
      draw();
    }
  });
  label();
  // The list may come later (the people, read once the page is up).
  el.setOptions = (list) => {
    items = [...list];
    label();
    if (el.open) draw();
  };
  return el;
}

const ids = (values) => (values.length ? values.map(Number) : null);

/** The filter controls for `f` (changed in place); `lists` holds the projects, clients, tasks,
 * tags and (for managers) users to offer. Returns the bar's element. */
export function filterBar(f, lists, changed) {
  const range = select(RANGE_LABELS, f.period, { name: "range" });
  const from = h("input", { type: "date", name: "from" });
  const to = h("input", { type: "date", name: "to" });
  const dims = DIMENSIONS.filter(([k]) => k !== "user" || isManager());
  const group = select(dims, f.group_by, { name: "group" });
  const sub = h("select", { name: "sub_group" });
  const rounding = select(ROUNDING, f.rounding, { name: "rounding" });
  const step = select(STEPS, f.rounding_minutes, { name: "rounding_minutes", "aria-label": "Rounding step" });
  const billable = select([["", "All entries"], ["true", "Billable"], ["false", "Non-billable"]],
    f.billable === null ? "" : String(f.billable), { name: "billable" });

  const dates = () => {
    if (f.period !== "custom") [from.value, to.value] = preset(f.period, Date.now(), tz(), weekStart());
    else [from.value, to.value] = [f.start_date || from.value, f.end_date || to.value];
    from.disabled = to.disabled = f.period !== "custom";
  };
  const subs = () => {
    const options = [["", "None"], ...dims.filter(([k]) => k !== f.group_by)];
    if (f.sub_group_by === f.group_by) f.sub_group_by = null;
    sub.replaceChildren(...options.map(([k, l]) => h("option", { value: k, text: l, selected: k === (f.sub_group_by || "") })));
  };
  const steps = () => {
    step.hidden = f.rounding === "none";
  };
  range.addEventListener("change", () => {
    f.period = range.value;
    if (f.period === "custom") [f.start_date, f.end_date] = [from.value, to.value];
    dates();
    changed();
  });
  for (const [input, key] of [[from, "start_date"], [to, "end_date"]]) {
    input.addEventListener("change", () => {
      f[key] = input.value;
      changed();
    });
  }
  group.addEventListener("change", () => {
    f.group_by = group.value;
    subs();
    changed();
  });
  sub.addEventListener("change", () => {
    f.sub_group_by = sub.value || null;
    changed();
  });
  rounding.addEventListener("change", () => {
    f.rounding = rounding.value;
    steps();
    changed();
  });
  step.addEventListener("change", () => {
    f.rounding_minutes = Number(step.value);
    changed();
  });
  billable.addEventListener("change", () => {
    f.billable = billable.value === "" ? null : billable.value === "true";
    changed();
  });
  dates();
  subs();
  steps();

  const projectName = new Map(lists.projects.map((p) => [p.id, p.name]));
  const pick = (key) => (values) => {
    f[key] = key === "tags" ? values : ids(values);
    changed();
  };
  const multis = [
    multiSelect("Projects", lists.projects.map((p) => ({ value: p.id, label: p.name, hint: p.status === "archived" ? "archived" : p.client || "" })),
      f.project_ids, pick("project_ids")),
    multiSelect("Clients", lists.clients.map((c) => ({ value: c.id, label: c.name })), f.client_ids, pick("client_ids")),
    multiSelect("Tasks", lists.tasks.map((t) => ({ value: t.id, label: t.name, hint: projectName.get(t.project_id) || "" })),
      f.task_ids, pick("task_ids")),
    multiSelect("Tags", [...new Set([...lists.tags, ...f.tags])].map((t) => ({ value: t, label: `#${t}` })), f.tags, pick("tags"), { free: true }),
    isManager() ? multiSelect("People", people(lists.users), f.user_ids, pick("user_ids")) : null,
  ];
  const bar = h("div", { class: "report-filters" },
    h("div", { class: "filters" }, field("Range", range), field("From", from), field("To", to), field("Group by", group), field("Then by", sub)),
    h("div", { class: "filters" }, ...multis, field("Billable", billable), field("Rounding", h("div", { class: "inline" }, rounding, step))));
  bar.setPeople = (users) => multis[4] && multis[4].setOptions(people(users));
  return bar;
}

const people = (users) => users.map((u) => ({ value: u.id, label: u.display_name || u.username }));
