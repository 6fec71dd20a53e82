// Administration · Training (HQ): the course catalogue, each position's training plan, and
// which courses an interview dimension scored below its line adds to a new hire's plan.
// The API refuses everyone but HQ (training.edit) whatever the URL.
import { api } from "/shared/auth.js";
import { dimensionName, locale, placeName, t } from "../i18n.js";
import { confirmDialog, empty, failure, h, load } from "../ui.js";

// The line when a position's competency model sets none (assessment.model.DEFAULT_PASS_LINE).
export const DEFAULT_LINE = 60;
const ANY = "*";
const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const courseTitle = (c) => (locale === "zh" && c.title_zh) || c.title;
const done = (text) => h("p", { class: "ok", role: "status" }, text);

export function trainingAdminScreen(body) {
  const flash = h("div", { "aria-live": "polite" });
  const content = h("div");
  body.append(flash, content);
  const reload = (text = "") => {
    flash.replaceChildren(text ? done(text) : "");
    load(content, render);
  };
  async function render() {
    const [courses, plans, mappings, positions, branches] = await Promise.all([
      api("/training/courses"), api("/training/position-plans"), api("/training/dimension-map"),
      api("/positions"), api("/branches")]);
    const context = { courses, plans, mappings, positions, branches, reload, flash };
    return [coursesCard(context), plansCard(context), mapCard(context)];
  }
  reload();
}

// ------------------------------------------------------------------ courses
function courseForm(course, { reload }) {
  const message = h("div", { "aria-live": "polite" });
  const field = (name, attrs = {}) => h("input", { name, value: course[name] ?? "", ...attrs });
  const form = h("form", { class: "card", id: "course-form", onsubmit: async (event) => {
    event.preventDefault();
    const value = (name) => form.querySelector(`[name=${name}]`).value.trim();
    const passing = value("exam_passing_score");
    const fields = { title: value("title"), title_zh: value("title_zh") || null, provider: value("provider"),
      hours: Number(value("hours")), exam_passing_score: passing === "" ? null : Number(passing),
      active: form.querySelector("[name=active]").checked };
    try {
      if (course.id) await api(`/training/courses/${encodeURIComponent(course.id)}`, json("PUT", { ...fields, revision: course.revision }));
      else await api("/training/courses", json("POST", { id: value("id"), ...fields }));
      reload(t("trCourseSaved"));
    } catch (error) { message.replaceChildren(failure(error)); }
  } },
    h("h3", {}, course.id ? `${t("trEditCourse")} · ${course.id}` : t("trAddCourse")),
    h("div", { class: "form-grid" },
      h("label", {}, t("trCourseId"), field("id", { required: true, maxlength: 64, readonly: Boolean(course.id) })),
      h("label", {}, t("trTitleEn"), field("title", { required: true, maxlength: 120 })),
      h("label", {}, t("trTitleZh"), field("title_zh", { maxlength: 120 })),
      h("label", {}, t("trProvider"), field("provider", { required: true, maxlength: 120 })),
      h("label", {}, t("trHours"), field("hours", { type: "number", min: 0.5, max: 1000, step: 0.5, required: true })),
      h("label", {}, t("trExamPassing"), field("exam_passing_score", { type: "number", min: 0, max: 100, step: 1 }))),
    h("p", { class: "hint" }, t("trCourseIdHint")),
    h("label", { class: "inline" }, h("input", { type: "checkbox", name: "active", checked: course.active !== false }), ` ${t("trActiveCol")}`),
    h("div", { class: "actions" }, h("button", { type: "submit" }, t("save"))), message);
  return form;
}

function coursesCard(context) {
  const { courses } = context;
  const editor = h("div", { id: "course-editor" }, courseForm({}, context));
  const table = courses.length ? h("div", { class: "scroll" }, h("table", { class: "grid", id: "courses" },
    h("thead", {}, h("tr", {}, ...[t("trCourseId"), t("trCourse"), t("trProvider"), t("trHours"), t("trExam"), t("trActiveCol"), ""].map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, ...courses.map((c) => h("tr", { "data-course": c.id, class: c.active ? null : "retired" },
      h("td", {}, c.id), h("td", {}, courseTitle(c)), h("td", {}, c.provider), h("td", {}, c.hours),
      h("td", {}, c.exam_passing_score == null ? t("trNoExam") : t("trPasses", c.exam_passing_score)),
      h("td", {}, c.active ? t("yes") : t("trRetired")),
      h("td", {}, h("button", { type: "button", class: "link", onclick: () => {
        editor.replaceChildren(courseForm(c, context));
        editor.scrollIntoView({ block: "start" });
      } }, t("trEditCourse"))))))))
    : empty(t("trNoCourses"));
  return h("section", { class: "card wide", id: "training-courses" },
    h("h2", {}, t("trCourses")), h("p", { class: "hint" }, t("trCourseHelp")), table, editor);
}

// ------------------------------------------------------------------ position plans
function positionLabel(position, branches) {
  const branch = branches.find((b) => b.id === position.branch_id);
  return `${placeName(position.title, position.title_zh)} · ${branch ? placeName(branch.name, branch.name_zh) : position.branch_id}`;
}

function courseOptions(courses, chosen) {
  return courses.filter((c) => c.active || c.id === chosen).map((c) =>
    h("option", { value: c.id, selected: c.id === chosen }, `${courseTitle(c)} (${c.id})`));
}

function plannedRow(entry, courses) {
  const row = h("tr", { class: "planned-course" },
    h("td", {}, h("select", { name: "course_id", "aria-label": t("trCourse") }, ...courseOptions(courses, entry.course_id))),
    h("td", {}, h("input", { name: "due_offset_days", type: "number", min: -90, max: 365, step: 1, required: true, value: entry.due_offset_days ?? 7, "aria-label": t("trDueOffset") })),
    h("td", {}, h("button", { type: "button", class: "link", onclick: () => row.remove() }, t("trRemove"))));
  return row;
}

function plansCard({ courses, plans, positions, branches, reload }) {
  const message = h("div", { "aria-live": "polite" });
  const rows = h("tbody");
  const select = h("select", { id: "plan-position", name: "position" },
    ...positions.map((p) => h("option", { value: p.id }, positionLabel(p, branches))));
  const show = () => {
    const plan = plans.find((p) => p.position_id === select.value);
    rows.replaceChildren(...(plan ? plan.courses : []).map((entry) => plannedRow(entry, courses)));
    message.replaceChildren(plan && plan.courses.length ? "" : h("p", { class: "state" }, t("trEmptyPlan")));
  };
  select.addEventListener("change", show);
  const form = h("form", { id: "position-plan", onsubmit: async (event) => {
    event.preventDefault();
    const body = { courses: [...rows.children].map((row) => ({
      course_id: row.querySelector("[name=course_id]").value,
      due_offset_days: Number(row.querySelector("[name=due_offset_days]").value) })) };
    try {
      await api(`/training/position-plans/${encodeURIComponent(select.value)}`, json("PUT", body));
      reload(t("trPlanSaved"));
    } catch (error) { message.replaceChildren(failure(error)); }
  } },
    h("label", { for: "plan-position" }, t("trPosition")), select,
    h("div", { class: "scroll" }, h("table", { class: "grid" },
      h("thead", {}, h("tr", {}, ...[t("trCourse"), t("trDueOffset"), ""].map((x) => h("th", { scope: "col" }, x)))), rows)),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "secondary", disabled: !courses.length, onclick: () => rows.append(plannedRow({}, courses)) }, t("trAddPlannedCourse")),
      h("button", { type: "submit", disabled: !positions.length }, t("trSavePlan"))), message);
  show();
  return h("section", { class: "card wide", id: "training-plans" },
    h("h2", {}, t("trPositionPlans")), h("p", { class: "hint" }, t("trPositionPlanHelp")), form);
}

// ------------------------------------------------------------------ dimension -> courses
function mapCard({ courses, mappings, positions, branches, reload, flash }) {
  const dimensions = new Map();
  for (const position of positions) {
    for (const d of position.competency_model.dimensions) if (!dimensions.has(d.key)) dimensions.set(d.key, d);
  }
  const dimensionLabel = (key) => (dimensions.has(key) ? dimensionName(dimensions.get(key)) : key);
  const positionName = (id) => {
    if (id === ANY) return t("trEveryPosition");
    const position = positions.find((p) => p.id === id);
    return position ? positionLabel(position, branches) : id;
  };
  const titleOf = (id) => { const c = courses.find((x) => x.id === id); return c ? courseTitle(c) : id; };
  const table = mappings.length ? h("div", { class: "scroll" }, h("table", { class: "grid", id: "dimension-map" },
    h("thead", {}, h("tr", {}, ...[t("trDimension"), t("trForPosition"), t("trCourses"), ""].map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, ...mappings.map((m) => h("tr", { "data-mapping": `${m.dimension}/${m.position_id}` },
      h("td", {}, dimensionLabel(m.dimension)), h("td", {}, positionName(m.position_id)),
      h("td", {}, m.course_ids.map(titleOf).join(locale === "zh" ? "、" : ", ")),
      h("td", {}, h("button", { type: "button", class: "link", onclick: async () => {
        if (!await confirmDialog(t("trRemoveConfirm"))) return;
        try {
          await api(`/training/dimension-map/${encodeURIComponent(m.dimension)}/${encodeURIComponent(m.position_id)}`, { method: "DELETE" });
          reload(t("trMapRemoved"));
        } catch (error) { flash.replaceChildren(failure(error)); }
      } }, t("trRemove"))))))))
    : empty(t("trNoMappings"));
  const message = h("div", { "aria-live": "polite" });
  const dimension = h("select", { name: "dimension", id: "map-dimension" },
    ...[...dimensions.values()].map((d) => h("option", { value: d.key }, `${dimensionName(d)} (${d.key})`)));
  const position = h("select", { name: "position_id", id: "map-position" },
    h("option", { value: ANY }, t("trEveryPosition")), ...positions.map((p) => h("option", { value: p.id }, positionLabel(p, branches))));
  const chosen = h("select", { name: "course_ids", id: "map-courses", multiple: true, size: Math.min(8, Math.max(3, courses.length)), required: true },
    ...courseOptions(courses, null));
  const form = h("form", { id: "mapping-form", onsubmit: async (event) => {
    event.preventDefault();
    const body = { course_ids: [...chosen.selectedOptions].map((o) => o.value) };
    try {
      await api(`/training/dimension-map/${encodeURIComponent(dimension.value)}/${encodeURIComponent(position.value)}`, json("PUT", body));
      reload(t("trMapSaved"));
    } catch (error) { message.replaceChildren(failure(error)); }
  } },
    h("div", { class: "form-grid" },
      h("div", {}, h("label", { for: "map-dimension" }, t("trDimension")), dimension),
      h("div", {}, h("label", { for: "map-position" }, t("trForPosition")), position),
      h("div", {}, h("label", { for: "map-courses" }, t("trPickCourses")), chosen)),
    h("div", { class: "actions" }, h("button", { type: "submit", disabled: !courses.length || !dimensions.size }, t("trAddMapping"))), message);
  return h("section", { class: "card wide", id: "training-map" },
    h("h2", {}, t("trDimensionMap")), h("p", { class: "hint" }, t("trMapHelp", DEFAULT_LINE)), table, form);
}
