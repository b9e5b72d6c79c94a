// Earlier descriptions to pick from as one types: each with the project, task and tags it had, so
// one pick fills them all. The server has the whole history (GET /users/me/suggestions); the
// periods already loaded answer at once and when it cannot be reached. Pure: unit-tested with node.

import { extraTags } from "./tags.js";

/** The text an entry's description box shows: its notes, then its tags as #words. */
export function described(e) {
  return [e.notes || "", ...extraTags(e).map((t) => `#${t}`)].filter(Boolean).join(" ");
}

/** Up to `limit` earlier entries whose description contains `typed` (two characters at least),
 * one per distinct description + project + task, the most recent first. */
export function earlier(entries, typed, limit = 6) {
  const q = typed.trim().toLowerCase();
  if (q.length < 2) return [];
  const seen = new Set();
  const out = [];
  const newest = [...entries].sort((a, b) => (a.start_time < b.start_time ? 1 : -1));
  for (const e of newest) {
    const text = described(e);
    if (!text || text.toLowerCase() === q || !text.toLowerCase().includes(q)) continue;
    const key = `${text.toLowerCase()}|${e.project_id}|${e.task_id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
    if (out.length === limit) break;
  }
  return out;
}

/** What to offer: the server's suggestions (the whole history) first, then local ones it lacks,
 * never the text already typed, at most `limit`. */
export function merged(server, local, typed, limit = 6) {
  const q = typed.trim().toLowerCase();
  const seen = new Set([q]);
  const out = [];
  for (const e of [...server, ...local]) {
    const key = described(e).toLowerCase();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(e);
    if (out.length === limit) break;
  }
  return out;
}

/** `fn` called once typing pauses for `ms`, with the latest arguments only. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
