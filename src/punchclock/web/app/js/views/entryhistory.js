// The entry dialog's History tab: every version of the entry, newest first (js/versions.js says
// them in words), each older one with "Restore this version" and an Undo toast. The history lives on
// the server only, so offline the tab says it needs a connection instead of failing. A locked entry
// shows its history without restoring (a restore is an edit, refused in locked time).

import { Offline, api, get } from "../api.js";
import { h } from "../dom.js";
import { lockAt, lockSentence } from "../locks.js";
import { isTmp } from "../outbox.js";
import { withOverlapNote } from "../overlap.js";
import { refreshPeriod, state, tz } from "../store.js";
import { midSentence } from "../time.js";
import { confirmDialog, setBusy, showError, toast } from "../ui.js";
import { describe, restorable, snapshotWords, whenWords } from "../versions.js";

const words = () => ({ zone: tz(), clock: state.prefs.clock, duration: state.prefs.duration, now: Date.now() });

/** Make the entry as it was in a version (online only: the server keeps the versions). */
async function restoreVersion(entryId, versionId) {
  try {
    const answer = await api("POST", `/time-entries/${entryId}/history/${versionId}/restore`);
    await refreshPeriod();
    return answer;
  } catch (err) {
    if (err instanceof Offline) throw new Error("Restoring a version needs a connection to the server.");
    throw err;
  }
}

/** Put `version` back and close the dialog; Undo puts back the version that was current before. */
async function restore(e, versions, version, button, { close, typed }) {
  const was = version.entry;
  const end = was.end_time || e.end_time; // a version of a running timer leaves the end as it is
  const lock = lockAt(Date.parse(was.start_time), end ? Date.parse(end) : null);
  if (lock) return showError(lockSentence(lock));
  if (typed() && !(await confirmDialog("Discard changes?", "What you typed under Details is not saved: the restored version replaces it.", "Restore"))) return;
  setBusy(button, true);
  let answer;
  try {
    answer = await restoreVersion(e.id, version.id);
  } catch (err) {
    setBusy(button, false);
    return showError(err);
  }
  close(true);
  const message = withOverlapNote(`Restored the version of ${midSentence(whenWords(Date.parse(version.at), words()))}.`, answer, state.entries);
  const current = versions[0].id;
  toast(message, {
    action: "Undo",
    timeout: 8000,
    onAction: () => restoreVersion(e.id, current).then(() => toast("Change undone.")).catch(showError),
  });
}

function versionItem(versions, i, e, ctx) {
  const v = describe(versions, i, words());
  const restoreBtn = !ctx.locked && restorable(versions, i)
    ? h("button", { type: "button", class: "btn small hist-restore", text: "Restore this version", "aria-label": `Restore the version of ${v.when}`,
      onclick: (ev) => restore(e, versions, versions[i], ev.currentTarget, ctx) })
    : null;
  const created = versions[i].action === "create" ? h("p", { class: "hist-snap", text: snapshotWords(versions[i].entry, words()) }) : null;
  return h("li", { class: "hist-v", "data-version": String(v.id), "data-summary": v.summary },
    h("div", { class: "hist-head" },
      h("div", { class: "hist-what" },
        h("strong", { text: v.title }),
        i === 0 ? h("span", { class: "badge", text: "Current" }) : null),
      h("span", { class: "hist-meta", text: [v.when, v.who, v.via].join(" · ") })),
    v.changes.length
      ? h("dl", { class: "hist-changes" }, v.changes.map((c) => h("div", { class: "hist-change", "data-field": c.key },
        h("dt", { text: c.label }),
        h("dd", {}, h("del", { text: c.before }), h("span", { class: "hist-arrow", "aria-label": "changed to", text: "→" }), h("ins", { text: c.after })))))
      : null,
    created,
    restoreBtn);
}

/** The History panel of the entry `e`; show() loads it the first time (and after a failure). */
export function historyPanel(e, ctx) {
  const panel = h("div", { class: "hist", role: "tabpanel", id: "entry-history", "aria-labelledby": "tab-history", tabindex: "-1" });
  let loaded = false;
  const notice = (text, retry) => panel.replaceChildren(h("p", { class: "hist-note", role: "status" }, text,
    retry ? h("button", { type: "button", class: "btn small", text: "Try again", onclick: load }) : null));
  async function load() {
    if (isTmp(e.id)) return notice("This entry is not on the server yet: its history starts once it has synced.");
    loaded = true;
    panel.replaceChildren(h("p", { class: "loading", "aria-busy": "true", text: "Loading history…" }));
    let versions;
    try {
      versions = (await get(`/time-entries/${e.id}/history`)).versions;
    } catch (err) {
      loaded = false;
      if (!(err instanceof Offline)) return notice(`The history could not be loaded: ${err.message}`, true);
      addEventListener("online", () => panel.isConnected && !loaded && load(), { once: true });
      return notice("History needs a connection to the server: it shows once you are back online.", true);
    }
    const lockedNote = h("p", { class: "hist-note", text: "This entry is locked: its versions can be read, not restored." });
    panel.replaceChildren(...(ctx.locked ? [lockedNote] : []),
      h("ol", { class: "hist-list", "aria-label": "Versions, newest first" }, versions.map((_, i) => versionItem(versions, i, e, ctx))));
  }
  return { node: panel, show: () => loaded || load() };
}

/** Details | History tabs over the entry form: [tab list, form, history panel]. */
export function withHistory(form, e, ctx) {
  const history = historyPanel(e, ctx);
  form.id = "entry-details";
  form.setAttribute("role", "tabpanel");
  const tabs = [["details", "Details", form], ["history", "History", history.node]];
  const buttons = tabs.map(([key, label, panel]) => h("button", { type: "button", role: "tab", id: `tab-${key}`, "aria-controls": panel.id, text: label }));
  form.setAttribute("aria-labelledby", "tab-details");
  const pick = (index, focus = false) => {
    if (index === 1) {
      // The panel keeps the form's height: the dialog does not jump when the tab changes.
      history.node.style.minHeight = `${Math.min(form.offsetHeight, innerHeight * 0.6)}px`;
      history.show();
    }
    tabs.forEach(([, , panel], i) => {
      panel.hidden = i !== index;
      buttons[i].setAttribute("aria-selected", String(i === index));
      buttons[i].tabIndex = i === index ? 0 : -1;
    });
    if (focus) buttons[index].focus();
  };
  buttons.forEach((b, i) => b.addEventListener("click", () => pick(i)));
  const list = h("div", { class: "tabs", role: "tablist", "aria-label": "Entry" }, buttons);
  list.addEventListener("keydown", (ev) => {
    if (ev.key !== "ArrowLeft" && ev.key !== "ArrowRight") return;
    pick(buttons.indexOf(document.activeElement) === 0 ? 1 : 0, true);
  });
  pick(0);
  return [list, form, history.node];
}
