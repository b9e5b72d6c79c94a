// The overlap rule (README: overlaps) that holds for this person (the strictest of their teams',
// else the workspace's), as the web app knows it from the startup answer
// (state.signoff.overlap_rule): "allow" and "warn" save overlapping entries ("warn" flags them in
// the answer, js/overlap.js withOverlapNote), "forbid" has the server refuse them with 409 overlap.
// Every refusal passes here first (api.js onRefused), whichever page made the save: its message is
// told in the person's zone and clock, and an entry in the way that the app has no copy of (made on
// another device) is fetched, so the page shows what the save ran into.

import { onRefused } from "./api.js";
import { refusalWords } from "./overlap.js";
import { refreshPeriod, state, tz } from "./store.js";

export const RULES = [
  ["allow", "Allow", "Overlapping entries are saved and marked on the timeline."],
  ["warn", "Warn", "Overlapping entries are saved, and the person saving is told which entry it overlaps."],
  ["forbid", "Forbid", "A save that would overlap another of the person's entries is refused."],
];

/** This person's rule as this app last heard it (the server decides every save). */
export const overlapRule = () => (state.signoff && state.signoff.overlap_rule) || "allow";

onRefused((err) => {
  if (err.code !== "overlap") return;
  err.message = refusalWords(err.conflict, { zone: tz(), clock: state.prefs.clock, now: Date.now() });
  if (err.conflict && !state.entries.some((e) => e.id === err.conflict.id)) refreshPeriod().catch(() => {});
});
