// HQ's skill map (docs/talent.md): which interview dimensions a résumé skill is evidence
// for. HQ edits skills, their aliases (Chinese and English) and dimensions (picked from
// the dimension keys positions use, shown with their names) and saves the map whole with
// the revision read; HR see it read-only. A search box narrows the list as you type.
import { api } from "/shared/auth.js";
import { dimensionName } from "../i18n.js";
import { tt } from "../i18n-talent.js";
import { can, empty, failure, h, load, when } from "../ui.js";

const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const splitNames = (text) => text.split(/[,，、;；\n]/).map((n) => n.trim()).filter(Boolean);

function matches(skill, query, names) {
  if (!query) return true;
  const haystack = [skill.key, ...skill.names, ...skill.dimensions, ...skill.dimensions.map((d) => names[d] || "")].join(" ").toLowerCase();
  return haystack.includes(query.toLowerCase());
}

function skillRow(skill, choices, editable, onRemove) {
  const key = h("input", { class: "skill-key", value: skill.key, maxlength: 60, required: true, disabled: !editable, "aria-label": tt("key") });
  const aliases = h("input", { class: "skill-aliases", value: skill.names.join(", "), disabled: !editable, "aria-label": tt("aliases") });
  const known = new Set(choices.map((c) => c.key));
  const options = [...choices, ...skill.dimensions.filter((d) => !known.has(d)).map((d) => ({ key: d, name: d, positions: 0 }))];
  const boxes = options.map((c) => h("label", { class: "choice", title: tt("usedBy", c.positions) },
    h("input", { type: "checkbox", value: c.key, checked: skill.dimensions.includes(c.key), disabled: !editable }), " ", dimensionName(c) || c.key));
  const row = h("tr", { class: "skill" },
    h("td", {}, key), h("td", {}, aliases), h("td", {}, h("div", { class: "choices" }, ...boxes)),
    h("td", {}, editable ? h("button", { type: "button", class: "secondary", onclick: () => { row.remove(); onRemove(); } }, tt("remove")) : null));
  row.read = () => ({
    key: key.value.trim(),
    names: splitNames(aliases.value),
    dimensions: boxes.map((b) => b.querySelector("input")).filter((i) => i.checked).map((i) => i.value),
  });
  row.skill = skill;
  return row;
}

function editor(view, me, reload) {
  const editable = can(me, "skill_map.edit");
  const names = Object.fromEntries(view.dimensions.map((d) => [d.key, dimensionName(d)]));
  const message = h("div", { "aria-live": "polite" });
  const count = h("p", { class: "state" });
  const body = h("tbody");
  const rows = [];
  const search = h("input", { type: "search", id: "skill-search", placeholder: tt("search"), "aria-label": tt("search"), oninput: filter });
  function filter() {
    const query = search.value.trim();
    let shown = 0;
    for (const row of rows.filter((r) => r.isConnected)) {
      const visible = matches(row.read(), query, names);
      row.hidden = !visible;
      shown += visible ? 1 : 0;
    }
    const all = rows.filter((r) => r.isConnected).length;
    count.textContent = all ? tt("count", shown, all) : tt("noSkills");
  }
  function add(skill) {
    const row = skillRow(skill, view.dimensions, editable, filter);
    rows.push(row);
    body.append(row);
    return row;
  }
  view.skill_map.skills.forEach(add);
  filter();
  const save = async (event) => {
    event.preventDefault();
    message.replaceChildren();
    const skills = rows.filter((r) => r.isConnected).map((r) => r.read());
    try {
      await api("/skill-map", json("PUT", { skills, revision: view.skill_map.revision }));
      reload(tt("saved"));
    } catch (error) {
      message.replaceChildren(failure(error));
    }
  };
  const map = view.skill_map;
  return h("form", { id: "skill-map-form", onsubmit: save },
    h("p", {}, tt("skillMapIntro")),
    editable ? null : h("p", { class: "state", role: "note" }, tt("readOnly")),
    map.revision ? h("p", {}, h("small", {}, tt("updatedBy", map.updated_by || "–", when(map.updated_at)))) : null,
    view.unknown_dimensions.length ? h("p", { class: "warning", role: "note" }, tt("unknownDimensions", view.unknown_dimensions.join(", "))) : null,
    h("div", { class: "field" }, search), count,
    h("table", { class: "grid", id: "skill-map" },
      h("thead", {}, h("tr", {}, ...[tt("key"), tt("aliases"), tt("dimensions"), ""].map((x) => h("th", { scope: "col" }, x)))), body),
    editable ? h("div", { class: "actions" },
      h("button", { type: "button", class: "secondary", id: "skill-add", onclick: () => { search.value = ""; add({ key: "", names: [], dimensions: [] }).querySelector("input").focus(); filter(); } }, tt("addSkill")),
      h("button", { type: "submit", id: "skill-map-save" }, tt("save"))) : null,
    message);
}

export function skillMapView(main, me) {
  let flash = "";
  async function render() {
    const view = await api("/skill-map");
    const parts = [h("h1", {}, tt("skillMapTitle"))];
    if (flash) parts.push(h("p", { class: "state ok", role: "status" }, flash));
    flash = "";
    parts.push(view ? editor(view, me, reload) : empty());
    return parts;
  }
  function reload(message = "") { flash = message; load(main, render); }
  reload();
}
