// Inputs shared by the timer and the entry dialog: the description (completing #tags, and offering
// earlier descriptions with their project, task and tags), project, task.

import { get, query } from "../api.js";
import { h } from "../dom.js";
import { state } from "../store.js";
import { debounce, described, earlier, merged } from "../suggest.js";
import { completeTag, impliedProject, tagAtCaret } from "../tags.js";

let counter = 0;

/** A text input that offers #tags from the user's history as they type, and earlier entries whose
 * description contains what was typed (the loaded ones at once, then the server's whole history);
 * picking one of those calls onPickEntry(entry). */
export function describeInput(attrs, onProjectImplied, onPickEntry = null) {
  const id = `ac-${++counter}`;
  const input = h("input", { type: "text", autocomplete: "off", role: "combobox", "aria-autocomplete": "list",
    "aria-expanded": "false", "aria-controls": id, ...attrs });
  const list = h("ul", { class: "suggest", id, role: "listbox", hidden: true });
  let items = [];
  let active = -1;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const pick = (item) => {
    if (item.entry) {
      input.value = described(item.entry);
      if (onPickEntry) onPickEntry(item.entry);
    } else {
      const next = completeTag(input.value, input.selectionStart, item.tag);
      input.value = next.text;
      input.setSelectionRange(next.caret, next.caret);
    }
    close();
    picked = true;
    input.dispatchEvent(new Event("input"));
    picked = false;
  };
  let picked = false;
  const highlight = (i) => {
    active = i;
    list.querySelectorAll("li").forEach((li, j) => li.setAttribute("aria-selected", j === i ? "true" : "false"));
    if (i >= 0) input.setAttribute("aria-activedescendant", `${id}-${i}`);
  };
  const loaded = () => earlier([...state.entries, ...state.recent], input.value);
  // The server's suggestions for what is typed once typing pauses; offline (or refused) the loaded
  // periods' stay. An answer to older text than the box now holds is dropped.
  let asked = 0;
  const askServer = debounce(async (typed) => {
    const ask = ++asked;
    try {
      const data = await get(`/users/me/suggestions?${query({ q: typed.trim(), limit: 6 })}`);
      if (ask !== asked || input.value !== typed || document.activeElement !== input) return;
      items = merged(data.suggestions, loaded(), typed).map((entry) => ({ entry }));
      show();
    } catch {
      // The local suggestions already shown stay.
    }
  }, 150);
  const suggest = () => {
    const at = tagAtCaret(input.value, input.selectionStart);
    if (at) {
      asked += 1;
      const prefix = at.prefix.toLowerCase();
      const pool = [...state.tags, ...state.projects.map((p) => p.tag).filter(Boolean)];
      items = [...new Set(pool)].filter((t) => t.toLowerCase().startsWith(prefix) && t.toLowerCase() !== prefix).slice(0, 8)
        .map((tag) => ({ tag }));
    } else {
      items = onPickEntry ? loaded().map((entry) => ({ entry })) : [];
      if (onPickEntry && input.value.trim()) askServer(input.value);
    }
    show();
  };
  const show = () => {
    if (!items.length) return close();
    list.replaceChildren(...items.map((item, i) =>
      h("li", { id: `${id}-${i}`, role: "option", class: item.entry ? "earlier" : null,
        onmousedown: (ev) => {
          ev.preventDefault();
          pick(item);
        } },
      item.entry ? [h("span", { text: described(item.entry) }), whereOf(item.entry)] : `#${item.tag}`)));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    highlight(0);
  };
  input.addEventListener("input", () => {
    if (!picked) suggest();
    const p = impliedProject(input.value, state.projects);
    if (p && onProjectImplied) onProjectImplied(p);
  });
  input.addEventListener("blur", close);
  input.addEventListener("keydown", (ev) => {
    if (list.hidden) return;
    if (ev.key === "ArrowDown") highlight((active + 1) % items.length);
    else if (ev.key === "ArrowUp") highlight((active - 1 + items.length) % items.length);
    else if ((ev.key === "Enter" || ev.key === "Tab") && active >= 0) pick(items[active]);
    else if (ev.key === "Escape") close();
    else return;
    ev.preventDefault();
    ev.stopPropagation();
  });
  return { input, node: h("div", { class: "combo" }, input, list) };
}

function whereOf(e) {
  const project = e.project_id && state.projects.find((p) => p.id === e.project_id);
  const task = e.task_id && state.tasks.find((t) => t.id === e.task_id);
  const text = [project ? project.name : e.project, task ? task.name : e.task].filter(Boolean).join(" · ");
  return text ? h("small", { class: "muted", text }) : null;
}

/** What picking an earlier entry does to the pickers: its project and task. */
export function followEntry(project, task) {
  return (e) => {
    project.value = e.project_id ? String(e.project_id) : "";
    fillTasks(task, e.project_id || null, e.task_id || null);
  };
}

/** ``own``: the entry's own project ({ id, name }) when it is not in the lists (a private project
 * its owner was removed from): kept as it is, so saving the entry never drops it. */
export function projectSelect(value, attrs = {}, own = null) {
  const el = h("select", attrs);
  el.append(h("option", { value: "", text: "No project" }));
  const active = state.projects.filter((p) => p.status !== "archived" || p.id === value);
  for (const p of active) {
    const label = p.client ? `${p.name} · ${p.client}` : p.name;
    el.append(h("option", { value: String(p.id), text: label, selected: p.id === value }));
  }
  if (own && own.id === value && !active.some((p) => p.id === value)) {
    el.append(h("option", { value: String(own.id), text: own.name || `Project ${own.id}`, selected: true }));
  }
  return el;
}

/** ``own``: the entry's own task ({ id, name }) when it is not in the lists (see projectSelect). */
export function fillTasks(select, projectId, value, own = null) {
  select.replaceChildren(h("option", { value: "", text: "No task" }));
  const tasks = state.tasks.filter((t) => t.project_id === projectId && (!["done", "cancelled"].includes(t.status) || t.id === value));
  for (const t of tasks) select.append(h("option", { value: String(t.id), text: t.name, selected: t.id === value }));
  const kept = own && own.id === value && !tasks.some((t) => t.id === value);
  if (kept) select.append(h("option", { value: String(own.id), text: own.name || `Task ${own.id}`, selected: true }));
  select.disabled = !projectId || (!tasks.length && !kept);
}

export const idOf = (select) => (select.value ? Number(select.value) : null);

/** What a description's project #tag does to the pickers: select that project, with no task yet,
 * unless it is the project already selected, whose chosen task then stays. */
export function followProject(project, task) {
  return (p) => {
    if (idOf(project) === p.id) return;
    project.value = String(p.id);
    fillTasks(task, p.id, null);
  };
}
