// #tags inside a description, read by the server's one tag rule (TimeTagger's; see the README's
// "Tags"): '#' followed by letters, digits, '-', '_', '/' or characters above U+007F, lower-cased.
// An entry's tags (`tag_list`) are its explicit tags and the #tags written in its notes; the server
// stores that union, so the web app sends the description as notes and lets the server read it.

const CHARS = "0-9A-Za-z\\-_/\\u0080-\\u{10FFFF}";
const TAG = new RegExp(`#([${CHARS}]+)`, "gu");
const AT_CARET = new RegExp(`#([${CHARS}]*)$`, "u");
/** For String.split: each #tag at an odd index, the text between at even ones. */
export const TAG_SPLIT = new RegExp(`(#[${CHARS}]+)`, "u");

export function parseTags(text) {
  const seen = new Set();
  for (const m of (text || "").matchAll(TAG)) seen.add(m[1].toLowerCase());
  return [...seen];
}

/** The entry's tags that its notes do not write (explicit ones: shown after the notes). */
export function extraTags(entry) {
  const inline = new Set(parseTags(entry.notes));
  return (entry.tag_list || []).filter((t) => !inline.has(t.toLowerCase()));
}

/** The tags of an entry with these explicit tags and notes: the explicit ones, then those the notes
 * write (each once, without regard to case). */
export function entryTags(explicit, notes) {
  const have = new Set(explicit.map((t) => t.toLowerCase()));
  return [...explicit, ...parseTags(notes).filter((t) => !have.has(t))];
}

/** The tags an entry has after an edit, as the server decides them: tags sent replace the explicit
 * ones; notes sent alone keep them, while the tags only the old notes wrote go. */
export function retag(entry, { notes, tags }) {
  return entryTags(tags !== undefined ? tags || [] : extraTags(entry), notes !== undefined ? notes : entry.notes);
}

/** The partial #tag being typed at the caret, or null. */
export function tagAtCaret(text, caret) {
  const m = AT_CARET.exec(text.slice(0, caret));
  return m ? { prefix: m[1], start: caret - m[1].length - 1 } : null;
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
  const tags = new Set(parseTags(text));
  return projects.find((p) => p.tag && tags.has(p.tag.replace(/^#/, "").toLowerCase())) || null;
}
