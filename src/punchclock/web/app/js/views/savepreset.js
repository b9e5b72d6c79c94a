// "Make preset" from an entry: a name for it (its description by default), then saved.

import { field, h } from "../dom.js";
import { Offline } from "../api.js";
import { presetFields, savePreset } from "../presets.js";
import { modal, toast } from "../ui.js";

/** "Make preset": a name for it (the description by default), then saved. */
export function savePresetDialog(entry) {
  return modal("New preset", (close, dismiss) => {
    const name = h("input", { name: "preset-name", required: true, maxlength: 100, autofocus: true,
      value: (entry.notes || entry.project || "").slice(0, 100) });
    const error = h("p", { class: "form-error", role: "alert" });
    const save = h("button", { type: "submit", class: "btn primary", text: "Save preset" });
    const form = h("form", { class: "entry-form" },
      field("Name", name, "One click on it under the timer starts a timer with this entry's description, project, task and tags."),
      error,
      h("div", { class: "actions" }, h("span", { class: "spacer" }),
        h("button", { type: "button", class: "btn", text: "Cancel", onclick: dismiss }), save));
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      save.disabled = true;
      try {
        const saved = await savePreset(name.value.trim(), presetFields(entry));
        close(saved);
        toast(`Saved preset "${saved.name}".`);
      } catch (err) {
        save.disabled = false;
        error.textContent = err instanceof Offline ? "Saving a preset needs a connection to the server." : err.message;
      }
    });
    return form;
  });
}
