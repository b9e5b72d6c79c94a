// Presets under the timer: one click starts a timer from one (through the timer bar's own start, so
// it queues offline like any start); × removes it, with Undo. "Make preset" comes from an entry
// (views/savepreset.js).

import { h, icon } from "../dom.js";
import { Offline } from "../api.js";
import { loadPresets, onPresets, presetFields, presets, removePreset, savePreset } from "../presets.js";
import { described } from "../suggest.js";
import { showError, toast } from "../ui.js";
import { resume } from "./timerbar.js";

export function presetBar() {
  const root = h("div", { class: "presets", role: "group", "aria-label": "Presets", hidden: true });
  const render = () => {
    const list = presets();
    root.hidden = !list.length;
    root.replaceChildren(h("span", { class: "presets-label muted", text: "Presets" }), ...list.map(chip));
  };
  const off = onPresets(render);
  render();
  // The copy kept in this browser at once, then the server's: one request, made with the start-up
  // ones, never later in the middle of paging through weeks.
  loadPresets().catch(() => {});
  return { node: root, destroy: off };
}

function chip(p) {
  const what = [described(p), p.project, p.task].filter(Boolean).join(" · ");
  return h("span", { class: "chip", "data-preset": String(p.id) },
    h("button", { type: "button", class: "chip-start", title: what ? `Start: ${what}` : "Start a timer from this preset",
      "aria-label": `Start preset ${p.name}`, onclick: () => resume(p) }, icon("play"), h("span", { text: p.name })),
    h("button", { type: "button", class: "chip-remove", "aria-label": `Remove preset ${p.name}`, title: "Remove this preset", text: "×",
      onclick: () => remove(p) }));
}

async function remove(p) {
  try {
    await removePreset(p);
  } catch (err) {
    return showError(err instanceof Offline ? new Error("Removing a preset needs a connection to the server.") : err);
  }
  toast(`Preset "${p.name}" removed.`, { action: "Undo", timeout: 8000,
    onAction: () => savePreset(p.name, presetFields(p)).catch(showError) });
}
