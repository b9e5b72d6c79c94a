// A holiday calendar picker: a country, then its whole country or one subdivision ("DE", "DE-BY"),
// or none (`empty`: "Workspace default" in a work model, "No public holidays" in Settings).

import { get } from "../api.js";
import { h } from "../dom.js";

let known = null; // the calendars, read once a session (they change only with the server's package)

function calendars() {
  if (!known) known = get("/holidays/calendars").then((d) => d.countries).catch((err) => {
    known = null;
    throw err;
  });
  return known;
}

/** `{ node, value() }`: `value()` is "DE-BY", "DE" or null. */
export function calendarPicker(current, empty, label = "Holiday calendar") {
  const [country0, sub0] = current ? current.split("-") : ["", ""];
  const country = h("select", { name: "calendar_country", "aria-label": `${label}: country`, disabled: true },
    h("option", { value: "", text: empty }), current ? h("option", { value: country0, text: country0, selected: true }) : null);
  const sub = h("select", { name: "calendar_subdivision", "aria-label": `${label}: region`, disabled: true },
    h("option", { value: "", text: "Whole country" }), sub0 ? h("option", { value: sub0, text: sub0, selected: true }) : null);
  const node = h("div", { class: "wm-cal" }, country, sub);
  let list = [];
  const fill = (keep) => {
    const found = list.find((c) => c.code === country.value);
    sub.replaceChildren(h("option", { value: "", text: "Whole country" }),
      ...(found ? found.subdivisions.map((s) => h("option", { value: s, text: s, selected: s === keep })) : []));
    sub.disabled = !found || !found.subdivisions.length;
  };
  calendars().then((countries) => {
    list = countries;
    country.replaceChildren(h("option", { value: "", text: empty }),
      ...countries.map((c) => h("option", { value: c.code, text: `${c.name} (${c.code})`, selected: c.code === country0 })));
    country.disabled = false;
    fill(sub0);
  }).catch(() => {
    // Without the list the stored calendar stays as it is (and is saved unchanged).
    country.title = "The list of calendars could not be loaded";
  });
  country.addEventListener("change", () => fill(""));
  return { node, value: () => (country.value ? (sub.value ? `${country.value}-${sub.value}` : country.value) : null) };
}
