// A private project's members (managers and admins): who besides managers and admins sees it and
// may track on it. Removing someone hides the project from their lists; their own entries on it keep
// its name.

import { api, get, getAll } from "../api.js";
import { h, select } from "../dom.js";
import { modal, showError, toast } from "../ui.js";

export function membersDialog(project) {
  const url = `/projects/${project.id}/members`;
  return modal(`Members of ${project.name}`, (close) => {
    const body = h("div", { class: "project-members", "aria-busy": "true" }, h("p", { class: "muted", text: "Loading…" }));
    const draw = (members, users) => {
      body.setAttribute("aria-busy", "false");
      const inside = new Set(members.map((m) => m.user_id));
      // Managers and admins see every project: only members need to be added.
      const free = users.filter((u) => u.role === "member" && !inside.has(u.id));
      const rows = members.map((m) => h("tr", {},
        h("td", {}, h("strong", { text: m.display_name || m.username }), m.display_name !== m.username ? h("div", { class: "muted", text: m.username }) : null),
        h("td", {}, h("span", { class: "badge muted", text: m.role })),
        h("td", { class: "num" }, h("button", { type: "button", class: "btn small ghost", text: "Remove", "aria-label": `Remove ${m.username} from ${project.name}`,
          onclick: () => change(() => api("DELETE", `${url}/${m.user_id}`), `${m.username} no longer sees ${project.name}.`) }))));
      const who = select([["", "Add a person…"], ...free.map((u) => [u.id, u.display_name || u.username])], "", { "aria-label": `Person to add to ${project.name}` });
      const add = h("button", { type: "button", class: "btn small", text: "Add", disabled: true });
      who.addEventListener("change", () => (add.disabled = !who.value));
      add.addEventListener("click", () => {
        const person = free.find((u) => String(u.id) === who.value);
        if (person) change(() => api("PUT", `${url}/${person.id}`), `${person.username} sees ${project.name} now.`);
      });
      body.replaceChildren(
        h("p", { class: "muted", text: "Managers and admins see every project. Members of the workspace see this one only when listed here." }),
        rows.length
          ? h("table", { class: "data", "aria-label": `Members of ${project.name}` }, h("tbody", {}, rows))
          : h("p", { class: "empty-note", text: "No members yet: only managers and admins see it." }),
        free.length ? h("div", { class: "member-add" }, who, add) : null,
        h("div", { class: "actions" }, h("button", { type: "button", class: "btn", text: "Done", onclick: () => close(true) })));
    };
    const load = () => Promise.all([get(url), getAll("/users?active=true", "users", 20)])
      .then(([found, users]) => draw(found.members, users))
      .catch((err) => {
        body.setAttribute("aria-busy", "false");
        body.replaceChildren(h("p", { class: "form-error", role: "alert", text: `The members could not be loaded: ${err.message}` }),
          h("div", { class: "actions" }, h("button", { type: "button", class: "btn", text: "Close", onclick: () => close(false) })));
      });
    // A change says so and redraws from the server (after a refusal too: it shows what is stored).
    const change = async (work, done) => {
      try {
        await work();
        toast(done);
      } catch (err) {
        showError(err);
      }
      load();
    };
    load();
    return body;
  });
}
