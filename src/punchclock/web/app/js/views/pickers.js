// Inputs shared by the timer and the entry dialog: description with #tag completion, project, task.

import { h } from "../dom.js";
import { state } from "../store.js";
import { completeTag, impliedProject, tagAtCaret } from "../tags.js";

let counter = 0;

/** A text input that offers #tags from the user's history as they type. */
export function describeInput(attrs, onProjectImplied) {
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
  const pick = (tag) => {
    const next = completeTag(input.value, input.selectionStart, tag);
    input.value = next.text;
    input.setSelectionRange(next.caret, next.caret);
    close();
    input.dispatchEvent(new Event("input"));
  };
  const highlight = (i) => {
    active = i;
    list.querySelectorAll("li").forEach((li, j) => li.setAttribute("aria-selected", j === i ? "true" : "false"));
    if (i >= 0) input.setAttribute("aria-activedescendant", `${id}-${i}`);
  };
  const suggest = () => {
    const at = tagAtCaret(input.value, input.selectionStart);
    if (!at) return close();
    const prefix = at.prefix.toLowerCase();
    const pool = [...state.tags, ...state.projects.map((p) => p.tag).filter(Boolean)];
    items = [...new Set(pool)].filter((t) => t.toLowerCase().startsWith(prefix) && t.toLowerCase() !== prefix).slice(0, 8);
    if (!items.length) return close();
    list.replaceChildren(...items.map((tag, i) =>
      h("li", { id: `${id}-${i}`, role: "option", text: `#${tag}`,
        onmousedown: (ev) => {
          ev.preventDefault();
          pick(tag);
        } })));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    highlight(0);
  };
  input.addEventListener("input", () => {
    suggest();
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

export function projectSelect(value, attrs = {}) {
  const el = h("select", attrs);
  el.append(h("option", { value: "", text: "No project" }));
  const active = state.projects.filter((p) => p.status !== "archived" || p.id === value);
  for (const p of active) {
    const label = p.client ? `${p.name} · ${p.client}` : p.name;
    el.append(h("option", { value: String(p.id), text: label, selected: p.id === value }));
  }
  return el;
}

export function fillTasks(select, projectId, value) {
  select.replaceChildren(h("option", { value: "", text: "No task" }));
  const tasks = state.tasks.filter((t) => t.project_id === projectId && (!["done", "cancelled"].includes(t.status) || t.id === value));
  for (const t of tasks) select.append(h("option", { value: String(t.id), text: t.name, selected: t.id === value }));
  select.disabled = !projectId || !tasks.length;
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
