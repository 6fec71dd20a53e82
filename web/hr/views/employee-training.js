// An employee's training: each course of the onboarding plan, WHY it is there (a weak
// interview dimension: its score against the position's line and what the interview
// showed; or the position's plan, or the template), its result, and the form to record
// one when the server says the reader may (the mentor, HR of the branch, HQ).
// The employee page mounts trainingSection; the mentor's page lists courseList per mentee.
import { api } from "/shared/auth.js";
import { locale, placeName, t } from "../i18n.js";
import { empty, failure, h } from "../ui.js";

const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const number = (value) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
// Today in China time (the server refuses a completion after it).
const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

// The score against the line on a 0-100 scale (SVG attributes: the CSP allows no inline style).
function gap(score, line) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 100 8");
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("class", "gap");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `${number(score)} / ${number(line)}`);
  const clamp = (v) => String(Math.max(0, Math.min(100, v)));
  for (const [cls, x, width] of [["track", 0, 100], ["score", 0, clamp(score)], ["line", clamp(line - 0.6), 1.2]]) {
    const rect = document.createElementNS(svg.namespaceURI, "rect");
    rect.setAttribute("class", cls); rect.setAttribute("x", x); rect.setAttribute("y", cls === "line" ? 0 : 2);
    rect.setAttribute("width", width); rect.setAttribute("height", cls === "line" ? 8 : 4);
    svg.append(rect);
  }
  return svg;
}

function why(reason) {
  if (!reason) return null;
  if (reason.source === "dimension") {
    const dimension = placeName(reason.dimension_name || reason.dimension, reason.dimension_name_zh);
    return h("div", { class: "why dimension", "data-dimension": reason.dimension },
      h("p", { class: "why-line" }, h("strong", {}, t("trWhyDimension", dimension, number(reason.score), number(reason.threshold)))),
      gap(reason.score, reason.threshold),
      reason.evidence && reason.evidence.length ? h("div", { class: "evidence" },
        h("p", { class: "hint" }, t("trEvidence")),
        // The interview's own words, in its language (they are quoted, not translated).
        h("ul", { class: "plain" }, ...reason.evidence.map((line) => h("li", {}, line)))) : null);
  }
  return h("p", { class: "why hint" }, reason.source === "position" ? t("trWhyPosition") : t("trWhyTemplate"));
}

function resultText(course) {
  const result = course.result;
  if (!result) return null;
  const parts = [t("trCompleted", result.completed_on)];
  if (result.passed === true) parts.push(t("trPassed", number(result.exam_score), number(course.exam_passing_score)));
  else if (result.passed === false) parts.push(t("trFailed", number(result.exam_score), number(course.exam_passing_score)));
  else if (result.exam_score != null) parts.push(t("trScoreNoExam", number(result.exam_score)));
  const who = t("trRecorders")[result.recorded_by];
  if (who) parts.push(t("trRecordedBy", who));
  return h("p", { class: `result ${result.passed === false ? "error" : "ok"}` }, parts.join(" · "));
}

function resultForm(training, course, changed) {
  const message = h("div", { "aria-live": "polite" });
  const exam = course.exam_passing_score != null;
  const form = h("form", { class: "inline record-result", onsubmit: async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    const score = form.querySelector("[name=exam_score]").value;
    try {
      const path = `/employees/${encodeURIComponent(training.employee_id)}/training/${encodeURIComponent(course.task_id)}/result`;
      const updated = await api(path, json("POST", { completed_on: form.querySelector("[name=completed_on]").value,
        exam_score: score === "" ? null : Number(score) }));
      const now = updated.courses.find((c) => c.task_id === course.task_id);
      changed(updated, now && now.status === "done" ? t("trRecorded") : t("trRecordedFailed"));
    } catch (error) { message.replaceChildren(failure(error)); button.disabled = false; }
  } },
    h("label", {}, t("trCompletedOn"), h("input", { type: "date", name: "completed_on", required: true, max: today(), value: today() })),
    h("label", {}, t("trExamScore"), h("input", { type: "number", name: "exam_score", min: 0, max: 100, step: 0.5, required: exam, size: 5 })),
    h("button", { type: "submit" }, t("trRecordResult")), message);
  return form;
}

// The courses of one employee's training view (GET /api/employees/<id>/training).
export function courseList(training, changed) {
  if (!training.courses.length) return empty(t("trNoPlanCourses"));
  return h("ol", { class: "plain courses" }, ...training.courses.map((course) => {
    const title = (locale === "zh" && course.title_zh) || course.title;
    const facts = [course.provider, course.hours != null ? t("trHoursShort", course.hours) : null,
      course.exam_passing_score != null ? t("trPasses", number(course.exam_passing_score)) : t("trNoExam"),
      t("trDue", course.due)].filter(Boolean).join(" · ");
    const evidence = course.reason && course.reason.source === "dimension";
    return h("li", { class: `course ${evidence ? "from-interview" : ""}`, "data-course": course.course_id },
      h("div", { class: "title-row" }, h("strong", {}, title),
        h("span", { class: `status course-${course.status}` }, t("trStatus")[course.status] || course.status)),
      h("p", { class: "hint" }, facts),
      why(course.reason), resultText(course),
      training.may_record && course.status !== "done" ? resultForm(training, course, changed) : null);
  }));
}

export async function trainingSection(employee, plan, me) {
  const section = h("section", { class: "card wide training", id: "employee-training", "aria-labelledby": "training-title" });
  const flash = h("div", { "aria-live": "polite" });
  const body = h("div");
  const render = (training, text = "") => {
    flash.replaceChildren(text ? h("p", { class: "ok", role: "status" }, text) : "");
    body.replaceChildren(courseList(training, render));
  };
  section.append(h("h2", { id: "training-title" }, t("trTraining")), flash, body);
  // No course on the plan: nothing to ask the server (the plan is the lead's view of it).
  if (plan && plan.tasks && !plan.tasks.some((task) => task.kind === "training")) {
    body.append(empty(t("trNoPlanCourses")));
    return section;
  }
  try {
    render(await api(`/employees/${encodeURIComponent(employee.id)}/training`));
  } catch (error) {
    body.replaceChildren(failure(error));
  }
  return section;
}
