// When the server refuses or fails a read (429, 5xx, no network), the page keeps what it showed,
// marked as a copy, says why once, and asks again later: after the server's Retry-After, else with
// a growing pause (2 s, 4 s, ... 1 min). A failure never shows as "no data".

import { ApiError, Offline } from "./api.js";

/** Whether a failed read is worth retrying (as opposed to a refusal that will not change). */
export function retryable(err) {
  return err instanceof Offline || (err instanceof ApiError && [408, 425, 429].includes(err.status));
}

export function reason(err) {
  if (err instanceof ApiError && err.status === 429) return "the server asked to slow down";
  if (err instanceof Offline && !navigator.onLine) return "you are offline";
  if (err instanceof Offline && /^HTTP \d/.test(err.message)) return `the server had a problem (${err.message})`;
  return "the server cannot be reached";
}

/** A retry schedule of its own (one pending retry at a time), for a page whose reads must not
 * cancel or be cancelled by another page's. */
export function retrier() {
  let attempts = 0;
  let timer = null;
  return {
    /** Run `again` after the pause this failure calls for; its time. */
    later(err, again) {
      clearTimeout(timer);
      const pause = err.retryAfter ? err.retryAfter * 1000 : Math.min(60000, 2000 * 2 ** attempts);
      attempts += 1;
      timer = setTimeout(again, pause);
      return Date.now() + pause;
    },
    succeeded() {
      attempts = 0;
      clearTimeout(timer);
      timer = null;
    },
  };
}

// The visible period's (store.js).
const shared = retrier();

/** Run `again` after the pause this failure calls for (one pending retry at a time); its time. */
export function retryLater(err, again) {
  return shared.later(err, again);
}

export function succeeded() {
  shared.succeeded();
}
