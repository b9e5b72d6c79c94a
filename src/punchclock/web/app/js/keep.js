// Lists on the other pages (users, sessions, tokens, invitations, two-factor) load like the Track
// page's period: a failed read keeps what the list showed, marked as a copy, says why once, and asks
// again by itself (after the server's Retry-After, else 2 s, 4 s, ... up to a minute). A failure
// never empties a list or shows it as having nothing.

import { h } from "./dom.js";
import { reason, retrier, retryable } from "./stale.js";
import { state, tz } from "./store.js";
import { formatTime } from "./time.js";
import { showError } from "./ui.js";

/** What a page says while it shows a copy (`copyAt`: when it was fetched, or true when unknown) or
 * nothing (`copyAt` null) after a failed read: why, and when it asks again. */
export function staleNotice(what, why, retryAt, copyAt) {
  const at = (ms) => formatTime(ms, tz(), state.prefs.clock);
  const secs = Math.max(1, Math.round((retryAt - Date.now()) / 1000));
  const again = secs < 60 ? `in ${secs} s` : `at ${at(retryAt)}`;
  const copy = copyAt
    ? `Showing the copy from ${copyAt === true ? "earlier" : at(copyAt)}, which may be out of date`
    : `${what} could not be loaded`;
  return `${copy}: ${why}. Trying again ${again}.`;
}

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
      notice.textContent = staleNotice(what, reason(err), at, shownAt);
      if (shownAt === null) node.replaceChildren(notice);
      else {
        node.classList.add("stale");
        if (!notice.isConnected) node.prepend(notice);
      }
    }
  };
  return load;
}
