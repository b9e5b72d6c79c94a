// #tags inside a description, as TimeTagger writes them; the server keeps them in `tags` too.

const TAG = /(^|\s)#([^\s,#]+)/g;

export function parseTags(text) {
  const seen = new Map();
  for (const m of (text || "").matchAll(TAG)) {
    const tag = m[2].replace(/[.]+$/, "");
    if (tag && !seen.has(tag.toLowerCase())) seen.set(tag.toLowerCase(), tag);
  }
  return [...seen.values()];
}

/** The partial #tag being typed at the caret, or null. */
export function tagAtCaret(text, caret) {
  const before = text.slice(0, caret);
  const m = /(^|\s)#([^\s,#]*)$/.exec(before);
  return m ? { prefix: m[2], start: caret - m[2].length - 1 } : null;
}

export function completeTag(text, caret, tag) {
  const at = tagAtCaret(text, caret);
  if (!at) return { text, caret };
  const next = `${text.slice(0, at.start)}#${tag} ${text.slice(caret).replace(/^\s+/, "")}`;
  return { text: next, caret: at.start + tag.length + 2 };
}

/** Tags ranked by how often (then how recently) they were used. */
export function tagHistory(entries) {
  const score = new Map();
  for (const e of entries) {
    const tags = new Set([...(e.tag_list || []), ...parseTags(e.notes)].map((t) => t.toLowerCase()));
    for (const t of tags) {
      const s = score.get(t) || { n: 0, last: "" };
      s.n += 1;
      if (e.start_time > s.last) s.last = e.start_time;
      score.set(t, s);
    }
  }
  return [...score.entries()].sort((a, b) => b[1].n - a[1].n || (a[1].last < b[1].last ? 1 : -1)).map(([t]) => t);
}

/** The project whose tag appears in the text (a project's tag implies the project). */
export function impliedProject(text, projects) {
  const tags = new Set(parseTags(text).map((t) => t.toLowerCase()));
  return projects.find((p) => p.tag && tags.has(p.tag.replace(/^#/, "").toLowerCase())) || null;
}
