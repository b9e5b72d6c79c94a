// Lists on the other pages (users, sessions, tokens, invitations, two-factor) load like the Track
// page's period: a failed read keeps what the list showed, marked as a copy, says why once, and asks
// again by itself (after the server's Retry-After, else 2 s, 4 s, ... up to a minute). A failure
// never empties a list or shows it as having nothing.

import { h } from "./dom.js";
import { reason, retrier, retryable } from "./stale.js";
import { state, tz } from "./store.js";
import { formatTime } from "./time.js";
import { showError } from "./ui.js";

/** The load function of a list drawn in `node`: `fetch()` reads, `draw(data, reload)` draws. */
export function keepShown(node, fetch, draw, what = "This list") {
  let shownAt = null;
  const retry = retrier();
  const notice = h("p", { class: "stale-notice", role: "status" });
  const load = async () => {
    try {
      const data = await fetch();
      retry.succeeded();
      shownAt = Date.now();
      node.classList.remove("stale");
      node.replaceChildren(...[draw(data, load)].flat().filter(Boolean));
    } catch (err) {
      if (!retryable(err)) {
        // A refusal that asking again will not change: said once; what was shown stays.
        if (shownAt === null) node.replaceChildren(h("p", { class: "form-error", text: `${what} could not be loaded: ${err.message}` }));
        else showError(err);
        return;
      }
      const at = retry.later(err, () => node.isConnected && load());
      const pause = at - Date.now();
      const again = pause < 60000 ? `in ${Math.round(pause / 1000)} s` : `at ${formatTime(at, tz(), state.prefs.clock)}`;
      notice.textContent = shownAt === null
        ? `${what} could not be loaded: ${reason(err)}. Trying again ${again}.`
        : `Showing the copy from ${formatTime(shownAt, tz(), state.prefs.clock)}, which may be out of date: ${reason(err)}. Trying again ${again}.`;
      if (shownAt === null) node.replaceChildren(notice);
      else {
        node.classList.add("stale");
        if (!notice.isConnected) node.prepend(notice);
      }
    }
  };
  return load;
}
