// Two-factor sign-in on the Users page (admins): the workspace policy, who has it on, and a reset
// for someone who lost their phone.

import { api } from "../api.js";
import { h, select } from "../dom.js";
import { confirmDialog, showError, toast } from "../ui.js";

const POLICIES = [["off", "Optional"], ["admins", "Required for admins"], ["everyone", "Required for everyone"]];

/** {policy, enrolled: Set of user ids}; an older server without two-factor sign-in: off, nobody. */
export async function twoFactorState() {
  try {
    const data = await api("GET", "/auth/2fa/policy");
    return { policy: data.policy, enrolled: new Set(data.enrolled_user_ids) };
  } catch {
    return { policy: null, enrolled: new Set() };
  }
}

export function policyControl(policy) {
  if (!policy) return null;
  const sel = select(POLICIES, policy, { "aria-label": "Two-factor sign-in policy" });
  sel.addEventListener("change", async () => {
    try {
      await api("PUT", "/auth/2fa/policy", { policy: sel.value });
      toast(sel.value === "off" ? "Two-factor sign-in is optional." : "Saved: those it covers set it up at their next sign-in.");
    } catch (err) {
      showError(err);
      sel.value = policy;
    }
  });
  return h("div", { class: "policy-bar" }, h("span", { class: "muted", text: "Two-factor sign-in" }), sel);
}

export function resetButton(u, reload) {
  const reset = async () => {
    const sure = await confirmDialog("Reset two-factor sign-in", `Turn off two-factor sign-in for ${u.username}? They sign in with their password alone and can set it up again.`, "Reset");
    if (!sure) return;
    try {
      await api("DELETE", `/users/${u.id}/2fa`);
      toast("Two-factor sign-in reset.");
      reload();
    } catch (err) {
      showError(err);
    }
  };
  return h("button", { type: "button", class: "btn small ghost", text: "Reset 2FA", "aria-label": `Reset two-factor sign-in of ${u.username}`, onclick: reset });
}
