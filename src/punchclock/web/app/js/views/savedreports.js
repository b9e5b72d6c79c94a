// "Saved reports" on the Reports page: pick one to apply its filters, save the current ones under
// a name ("Save as…"), update, rename or delete the one picked. Kept on the server, per user.

import { field, h } from "../dom.js";
import { savedForm, savedReports } from "../report.js";
import { confirmDialog, modal, showError, toast } from "../ui.js";

const same = (a, b) => JSON.stringify(savedForm(a)) === JSON.stringify(savedForm(b));

function askName(title, value = "") {
  return modal(title, (close) => {
    const name = h("input", { name: "name", maxlength: 100, required: true, value, autofocus: true });
    const form = h("form", {}, field("Name", name),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "btn", text: "Cancel", onclick: () => close(null) }),
        h("button", { type: "submit", class: "btn primary", text: "Save" })));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      if (name.value.trim()) close(name.value.trim());
    });
    return form;
  });
}

/** The picker. `filters()` reads the page's filters; `apply(filters)` sets them. */
export function savedPicker(filters, apply, chosenId = null) {
  let saved = [];
  let chosen = chosenId;
  const picker = h("select", { "aria-label": "Saved reports", class: "saved-picker" });
  const saveAs = h("button", { type: "button", class: "btn small", text: "Save as…" });
  const update = h("button", { type: "button", class: "btn small", text: "Update" });
  const rename = h("button", { type: "button", class: "btn small ghost", text: "Rename" });
  const remove = h("button", { type: "button", class: "btn small ghost danger", text: "Delete" });
  const el = h("div", { class: "saved-reports" }, picker, saveAs, update, rename, remove);
  const current = () => saved.find((r) => r.id === chosen) || null;

  const draw = () => {
    if (!current()) chosen = null;
    picker.replaceChildren(h("option", { value: "", text: saved.length ? "Saved reports…" : "No saved reports" }),
      ...saved.map((r) => h("option", { value: String(r.id), text: r.name, selected: r.id === chosen })));
    changed();
  };
  const changed = () => {
    const r = current();
    update.hidden = rename.hidden = remove.hidden = !r;
    update.disabled = !r || same(r.filters, filters());
    update.title = r ? `Save the current filters as "${r.name}"` : "";
  };
  const run = async (work, message) => {
    try {
      await work();
      if (message) toast(message);
    } catch (err) {
      showError(err);
    }
    draw();
  };
  const load = () => run(async () => {
    saved = await savedReports.list();
  });

  picker.addEventListener("change", () => {
    chosen = picker.value ? Number(picker.value) : null;
    const r = current();
    if (r) apply(r.filters, r.id);
    changed();
  });
  saveAs.addEventListener("click", async () => {
    const name = await askName("Save report as");
    if (!name) return;
    run(async () => {
      const made = await savedReports.create(name, savedForm(filters()));
      saved = await savedReports.list();
      chosen = made.id;
      apply(made.filters, made.id);
    }, `Saved as "${name}".`);
  });
  update.addEventListener("click", () => {
    const r = current();
    run(async () => {
      const done = await savedReports.update(r.id, { filters: savedForm(filters()) });
      saved = saved.map((x) => (x.id === done.id ? done : x));
    }, `"${r.name}" updated.`);
  });
  rename.addEventListener("click", async () => {
    const r = current();
    const name = await askName("Rename saved report", r.name);
    if (!name || name === r.name) return;
    run(async () => {
      await savedReports.update(r.id, { name });
      saved = await savedReports.list();
    }, `Renamed to "${name}".`);
  });
  remove.addEventListener("click", async () => {
    const r = current();
    if (!(await confirmDialog("Delete saved report", `Delete "${r.name}"? The entries stay as they are.`, "Delete"))) return;
    run(async () => {
      await savedReports.remove(r.id);
      saved = saved.filter((x) => x.id !== r.id);
      chosen = null;
    }, `"${r.name}" deleted.`);
  });
  draw();
  load();
  return { el, changed, chosen: () => chosen };
}
