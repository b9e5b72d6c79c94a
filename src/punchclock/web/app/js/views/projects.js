// Projects, clients and tasks (managers and admins), with tracked hours against the estimates.

import { api, get, getAll } from "../api.js";
import { field, h, icon, select } from "../dom.js";
import { currency, money } from "../money.js";
import { loadBase } from "../startup.js";
import { emit, isManager, state } from "../store.js";
import { emptyState, modal, showError, toast } from "../ui.js";
import { membersDialog } from "./projectmembers.js";

const TABS = [["projects", "Projects"], ["clients", "Clients"], ["tasks", "Tasks"]];
// A priority sent through the API as its number (1-4) comes back as that number.
const PRIORITY_NAMES = { 1: "low", 2: "medium", 3: "high", 4: "urgent" };
const priorityName = (p) => PRIORITY_NAMES[p] || p;

export function mount(main) {
  let tab = sessionStorage.getItem("pc_tab") || "projects";
  const tabs = h("div", { class: "tabs", role: "tablist" });
  const panel = h("div", { role: "tabpanel" });
  const addBtn = h("button", { type: "button", class: "btn primary" }, icon("plus"), h("span", { text: "New" }));
  main.append(h("div", { class: "page-head" }, h("h1", { text: "Projects" }), h("span", { class: "spacer" }), addBtn), tabs, panel);

  const refresh = async () => {
    await loadBase();
    emit("base");
    draw();
  };
  const draw = async () => {
    tabs.replaceChildren(...TABS.map(([key, label]) =>
      h("button", { type: "button", role: "tab", "aria-selected": String(key === tab), text: label, onclick: () => {
        tab = key;
        sessionStorage.setItem("pc_tab", key);
        draw();
      } })));
    addBtn.lastChild.textContent = { projects: "New project", clients: "New client", tasks: "New task" }[tab];
    if (tab === "projects") panel.replaceChildren(await projectTable(refresh));
    else if (tab === "clients") panel.replaceChildren(clientTable(refresh));
    else panel.replaceChildren(await taskTable(refresh));
  };
  addBtn.addEventListener("click", () => {
    const forms = { projects: projectForm, clients: clientForm, tasks: taskForm };
    forms[tab](null).then((done) => done && refresh());
  });
  draw();
}

/** Everyone's hours on each project and task (the budgets report, one request), for managers; a
 * member's own hours would misstate a budget, so members see none. `null` when it failed. */
async function usage() {
  if (!isManager()) return { projects: new Map(), tasks: new Map(), shown: false };
  try {
    const data = await get("/reports/budgets?include_tasks=true");
    return {
      projects: new Map(data.budgets.map((b) => [b.project_id, b.used_seconds / 3600])),
      tasks: new Map(data.tasks.map((t) => [t.task_id, t.used_seconds / 3600])),
      shown: true,
    };
  } catch {
    return null;
  }
}

function budgetCell(used, estimate, known) {
  if (!known) return h("span", { class: "muted", title: "Hours used could not be loaded", text: estimate ? `${estimate} h estimate` : "—" });
  return meter(used, estimate);
}

function meter(used, estimate) {
  if (!estimate) return h("span", { class: "muted", text: `${used.toFixed(1)} h` });
  const ratio = used / estimate;
  const bar = h("span");
  bar.style.width = `${Math.min(100, ratio * 100)}%`;
  return h("div", { class: "budget" },
    h("div", { class: ratio > 1 ? "meter over" : "meter", role: "meter", "aria-valuemin": "0", "aria-valuemax": String(estimate), "aria-valuenow": used.toFixed(1), "aria-label": "Hours used of the estimate" }, bar),
    h("small", { class: "muted", text: `${used.toFixed(1)} of ${estimate} h` }));
}

async function projectTable(refresh) {
  if (!state.projects.length) return emptyState("No projects yet.");
  const tracked = await usage();
  const showBudget = !tracked || tracked.shown;
  const rows = state.projects.map((p) => {
    const sw = h("span", { class: "swatch" });
    if (p.color) sw.style.setProperty("--c", p.color);
    const edit = h("button", { type: "button", class: "btn small ghost", text: "Edit", "aria-label": `Edit ${p.name}` });
    edit.addEventListener("click", () => projectForm(p).then((d) => d && refresh()));
    // Who sees a private project is managed here; managers and admins see every project anyway.
    const people = isManager() && p.is_private
      ? h("button", { type: "button", class: "btn small ghost", text: "Members", "aria-label": `Members of ${p.name}`, onclick: () => membersDialog(p) })
      : null;
    const lock = p.is_private
      ? h("span", { class: "badge muted private", title: "Private: only its members, managers and admins see it" }, icon("lock"), " Private")
      : null;
    return h("tr", {},
      h("td", {}, sw, h("strong", { text: p.name }), p.tag ? h("span", { class: "tag", text: ` #${p.tag}` }) : null, lock ? " " : null, lock),
      h("td", { class: "hide-phone", text: p.client || "—" }),
      h("td", { class: "hide-phone", text: p.status.replace("_", " ") }),
      h("td", { class: "num hide-phone", text: p.hourly_rate != null ? money(p.hourly_rate) : "—" }),
      showBudget ? h("td", {}, budgetCell(tracked ? tracked.projects.get(p.id) || 0 : 0, p.estimated_hours, !!tracked)) : null,
      h("td", { class: "num" }, people, edit));
  });
  return h("div", { class: "card table-wrap" }, h("table", { class: "data", "aria-label": "Projects" },
    h("thead", {}, h("tr", {}, h("th", { text: "Project" }), h("th", { class: "hide-phone", text: "Client" }), h("th", { class: "hide-phone", text: "Status" }),
      h("th", { class: "num hide-phone", text: "Rate" }), showBudget ? h("th", { text: "Budget" }) : null, h("th", {}))),
    h("tbody", {}, rows)));
}

function clientTable(refresh) {
  if (!state.clients.length) return emptyState("No clients yet.");
  const rows = state.clients.map((c) => {
    const edit = h("button", { type: "button", class: "btn small ghost", text: "Edit", "aria-label": `Edit ${c.name}` });
    edit.addEventListener("click", () => clientForm(c).then((d) => d && refresh()));
    return h("tr", {}, h("td", {}, h("strong", { text: c.name })), h("td", { class: "hide-phone", text: c.email || "—" }),
      h("td", { class: "num hide-phone", text: c.default_hourly_rate != null ? money(c.default_hourly_rate) : "—" }),
      h("td", { text: c.status }), h("td", { class: "num" }, edit));
  });
  return h("div", { class: "card table-wrap" }, h("table", { class: "data", "aria-label": "Clients" },
    h("thead", {}, h("tr", {}, h("th", { text: "Client" }), h("th", { class: "hide-phone", text: "Email" }), h("th", { class: "num hide-phone", text: "Rate" }), h("th", { text: "Status" }), h("th", {}))),
    h("tbody", {}, rows)));
}

async function taskTable(refresh) {
  if (!state.tasks.length) return emptyState("No tasks yet.");
  const tracked = await usage();
  const rows = state.tasks.map((t) => {
    const edit = h("button", { type: "button", class: "btn small ghost", text: "Edit", "aria-label": `Edit ${t.name}` });
    edit.addEventListener("click", () => taskForm(t).then((d) => d && refresh()));
    return h("tr", {}, h("td", {}, h("strong", { text: t.name })), h("td", { text: t.project || "—" }),
      h("td", { class: "hide-phone", text: t.status.replace("_", " ") }), h("td", { class: "hide-phone", text: priorityName(t.priority) }),
      h("td", {}, t.estimated_hours && (!tracked || tracked.shown)
        ? budgetCell(tracked ? tracked.tasks.get(t.id) || 0 : 0, t.estimated_hours, !!tracked)
        : h("span", { class: "muted", text: t.estimated_hours ? `${t.estimated_hours} h` : "—" })),
      h("td", { class: "num" }, edit));
  });
  return h("div", { class: "card table-wrap" }, h("table", { class: "data", "aria-label": "Tasks" },
    h("thead", {}, h("tr", {}, h("th", { text: "Task" }), h("th", { text: "Project" }), h("th", { class: "hide-phone", text: "Status" }), h("th", { class: "hide-phone", text: "Priority" }), h("th", { text: "Estimate" }), h("th", {}))),
    h("tbody", {}, rows)));
}

const num = (input) => (input.value === "" ? null : Number(input.value));

/** A create/edit form in a dialog; `fields` maps API names to inputs, `read` turns them into a body. */
function formDialog(title, path, existing, fields, read) {
  return modal(title, (close) => {
    const error = h("p", { class: "form-error", role: "alert" });
    const form = h("form", {}, Object.entries(fields).map(([, [label, input]]) => (input.type === "checkbox" ? h("label", { class: "check" }, input, ` ${label}`) : field(label, input))),
      error, h("div", { class: "actions" }, h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => close(false) }),
        h("button", { type: "submit", class: "btn primary", text: existing ? "Save" : "Create" })));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        await api(existing ? "PATCH" : "POST", existing ? `${path}/${existing.id}` : path, read());
        toast(existing ? "Saved." : "Created.");
        close(true);
      } catch (err) {
        error.textContent = err.message;
      }
    });
    return form;
  });
}

function projectForm(p) {
  const f = {
    name: ["Name", h("input", { required: true, maxlength: 200, value: p ? p.name : "" })],
    client_id: ["Client", select([["", "No client"], ...state.clients.map((c) => [c.id, c.name])], p ? p.client_id : "")],
    tag: ["Tag (implies this project when typed as #tag)", h("input", { value: p && p.tag ? p.tag : "", pattern: "#?[\\w/.\\-]{1,64}" })],
    hourly_rate: [`Hourly rate (${currency()})`, h("input", { type: "number", min: 0, step: "0.01", value: p && p.hourly_rate != null ? p.hourly_rate : "" })],
    estimated_hours: ["Estimated hours (budget)", h("input", { type: "number", min: 0, step: "0.5", value: p && p.estimated_hours != null ? p.estimated_hours : "" })],
    color: ["Color", h("input", { type: "color", value: p && p.color ? p.color : "#0f766e" })],
    status: ["Status", select([["active", "Active"], ["on_hold", "On hold"], ["archived", "Archived"]], p ? p.status : "active")],
    billable: ["Billable", h("input", { type: "checkbox", checked: p ? p.billable : true })],
    is_private: ["Private: only its members (chosen under Members), managers and admins see it", h("input", { type: "checkbox", checked: p ? p.is_private : false })],
  };
  return formDialog(p ? "Edit project" : "New project", "/projects", p, f, () => ({
    name: f.name[1].value.trim(), client_id: f.client_id[1].value ? Number(f.client_id[1].value) : null,
    tag: f.tag[1].value.trim() || null, hourly_rate: num(f.hourly_rate[1]), estimated_hours: num(f.estimated_hours[1]),
    color: f.color[1].value, status: f.status[1].value, billable: f.billable[1].checked,
    is_private: f.is_private[1].checked,
  }));
}

function clientForm(c) {
  const f = {
    name: ["Name", h("input", { required: true, maxlength: 200, value: c ? c.name : "" })],
    email: ["Email", h("input", { type: "email", value: c && c.email ? c.email : "" })],
    default_hourly_rate: [`Default hourly rate (${currency()})`, h("input", { type: "number", min: 0, step: "0.01", value: c && c.default_hourly_rate != null ? c.default_hourly_rate : "" })],
    status: ["Status", select([["active", "Active"], ["archived", "Archived"]], c ? c.status : "active")],
  };
  return formDialog(c ? "Edit client" : "New client", "/clients", c, f, () => ({
    name: f.name[1].value.trim(), email: f.email[1].value.trim() || null,
    default_hourly_rate: num(f.default_hourly_rate[1]), status: f.status[1].value,
  }));
}

function taskForm(t) {
  if (!state.projects.length) {
    showError("Create a project first.");
    return Promise.resolve(false);
  }
  const f = {
    name: ["Name", h("input", { required: true, maxlength: 200, value: t ? t.name : "" })],
    project_id: ["Project", select(state.projects.map((p) => [p.id, p.name]), t ? t.project_id : state.projects[0].id)],
    status: ["Status", select([["todo", "To do"], ["in_progress", "In progress"], ["review", "Review"], ["done", "Done"], ["cancelled", "Cancelled"]], t ? t.status : "todo")],
    priority: ["Priority", select([["low", "Low"], ["medium", "Medium"], ["high", "High"], ["urgent", "Urgent"]], t ? priorityName(t.priority) : "medium")],
    estimated_hours: ["Estimated hours", h("input", { type: "number", min: 0, step: "0.5", value: t && t.estimated_hours != null ? t.estimated_hours : "" })],
  };
  return formDialog(t ? "Edit task" : "New task", "/tasks", t, f, () => ({
    name: f.name[1].value.trim(), project_id: Number(f.project_id[1].value), status: f.status[1].value,
    priority: f.priority[1].value, estimated_hours: num(f.estimated_hours[1]),
  }));
}

export { getAll };
