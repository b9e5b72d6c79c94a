// Building DOM nodes. User text only ever becomes text nodes or attribute values, never markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "value") el.value = value;
    else if (key === "checked" || key === "selected" || key === "disabled") el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

const SVG = "http://www.w3.org/2000/svg";

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") el.textContent = value;
    else if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) if (child) el.append(child);
  return el;
}

export function icon(name) {
  const el = svg("svg", { class: "icon", "aria-hidden": "true", viewBox: "0 0 24 24" });
  el.append(svg("use", { href: `#i-${name}` }));
  return el;
}

export function field(label, input, hint) {
  const target = input.matches("input, select, textarea") ? input : input.querySelector("input, select, textarea");
  const id = target.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  target.id = id;
  return h("div", { class: "field" }, h("label", { for: id, text: label }), input, hint ? h("small", { text: hint }) : null);
}

export function select(options, value, attrs = {}) {
  const el = h("select", attrs);
  for (const [val, label] of options) {
    el.append(h("option", { value: String(val), text: label, selected: String(val) === String(value ?? "") }));
  }
  return el;
}

export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
