// The mentor's page: the new hires the signed-in user mentors (any role can mentor), each
// with the onboarding plan's progress and the courses - why each was added (for a weak
// interview dimension: the score against the line and what the interview showed) and its
// result - with the form to record a result.
import { api } from "/shared/auth.js";
import { t } from "../i18n.js";
import { empty, h, load } from "../ui.js";
import { courseList } from "./employee-training.js";

function menteeCard(initial) {
  const card = h("article", { class: "card wide mentee", "data-employee": initial.employee_id });
  const draw = (mentee, text = "") => {
    const done = mentee.courses.filter((c) => c.status === "done").length;
    card.replaceChildren(
      h("div", { class: "title-row" }, h("h2", {}, `${mentee.name} · ${mentee.number}`), h("span", { class: "hint" }, t("trStarts", mentee.start_date))),
      h("p", { class: "hint" }, mentee.position_title),
      h("p", {}, h("progress", { max: String(mentee.tasks_total || 1), value: String(mentee.tasks_done), "aria-label": t("trProgress", mentee.tasks_done, mentee.tasks_total) }),
        " ", t("trProgress", mentee.tasks_done, mentee.tasks_total), " · ", t("trCoursesDone", done, mentee.courses.length)),
      h("div", { "aria-live": "polite" }, text ? h("p", { class: "ok", role: "status" }, text) : ""),
      courseList(mentee, draw));
  };
  draw(initial);
  return card;
}

export function menteesView(main) {
  const body = h("div", { id: "mentees" });
  main.replaceChildren(h("h1", {}, t("trMentees")), body);
  load(body, async () => {
    const mentees = await api("/mentees");
    return mentees.length ? mentees.map(menteeCard) : empty(t("trNoMentees"));
  });
}
