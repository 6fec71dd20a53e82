// Onboarding in the HR app (issue 16): the employee page (the plan's tasks, the mentor,
// and the sections of documents, training and probation), each owner's tasks, and the
// new hires' progress on the dashboard. What the server lists (``completable``,
// ``may_assign_mentor``) is what is offered; the API refuses everything else.
import { api } from "/shared/auth.js";
import { errorMessage, locale, placeName, t } from "../i18n.js";
import { confirmDialog, day, empty, failure, h, load, when } from "../ui.js";
import { documentsSection } from "./employee-documents.js";
import { probationDueList, probationSection } from "./employee-probation.js";
import { reassessmentSection } from "./reassessments.js";
import { trainingSection } from "./employee-training.js";
import { performanceSection } from "./employee-performance.js";
import { employeePrivacySection } from "./privacy-requests.js";

const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const planPath = (employeeId, rest = "") => `/employees/${encodeURIComponent(employeeId)}/onboarding${rest}`;
export const taskTitle = (task) => (locale === "zh" && task.title_zh ? task.title_zh : task.title);
const today = () => new Date().toISOString().slice(0, 10);

function progressBar(done, total) {
  return h("div", { class: "plan-progress" },
    h("progress", { max: String(total || 1), value: String(done) }), " ", t("progressOf", done, total));
}

export function courseReason(reason) {
  if (!reason) return null;
  if (reason.source === "dimension") {
    const name = locale === "zh" && reason.dimension_name_zh ? reason.dimension_name_zh : (reason.dimension_name || reason.dimension);
    return h("div", { class: "reason" },
      h("strong", {}, t("fromDimension", name, Math.round(reason.score), Math.round(reason.threshold))),
      reason.evidence && reason.evidence.length ? h("ul", { class: "plain evidence" }, ...reason.evidence.map((e) => h("li", {}, e))) : null);
  }
  return h("small", {}, reason.source === "position" ? t("fromPosition") : t("fromTemplate"));
}

async function completeTask(employeeId, task, status, after) {
  const values = await confirmDialog(`${t("completeTask")}: ${taskTitle(task)}`, [{ name: "note", label: t("completeNote"), multiline: true }]);
  if (!values) return;
  try {
    await api(planPath(employeeId, `/tasks/${encodeURIComponent(task.id)}/complete`), json("POST", { note: values.note || null }));
    status.replaceChildren(t("taskDone"));
    after();
  } catch (error) { status.replaceChildren(errorMessage(error)); }
}

function tasksTable(plan, status, refresh) {
  const cols = [t("task"), t("owner"), t("due"), t("status"), ""];
  const now = today();
  return h("table", { class: "grid cards-on-phone", id: "plan-tasks" },
    h("thead", {}, h("tr", {}, ...cols.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...plan.tasks.map((task) => {
      const late = task.status !== "done" && task.due < now;
      return h("tr", { "data-task": task.id, class: late ? "late" : "" },
        h("td", { "data-label": cols[0] }, taskTitle(task), " ", h("small", {}, t("taskKinds")[task.kind] || task.kind),
          task.kind === "document" && task.document_type ? h("small", {}, ` · ${t("documentTypes")[task.document_type] || task.document_type}`) : null,
          task.kind === "training" ? courseReason(task.reason) : null,
          task.note ? h("div", { class: "note" }, task.note) : null),
        h("td", { "data-label": cols[1] }, t("owners")[task.owner] || task.owner),
        h("td", { "data-label": cols[2] }, day(task.due), late ? h("strong", { class: "late-flag" }, ` ${t("overdue")}`) : null),
        h("td", { "data-label": cols[3] }, t("taskStates")[task.status] || task.status,
          task.done_at ? h("small", {}, ` ${when(task.done_at)}`) : null),
        h("td", {}, plan.completable.includes(task.id)
          ? h("button", { type: "button", "data-complete": task.id, onclick: () => completeTask(plan.employee_id, task, status, refresh) }, t("completeTask"))
          : null));
    })));
}

function mentorPanel(plan, status, refresh) {
  const current = h("p", { id: "mentor" }, h("strong", {}, `${t("mentor")}: `), plan.mentor ? plan.mentor.name : t("noMentor"));
  if (!plan.may_assign_mentor) return h("section", {}, current);
  const select = h("select", { id: "mentor-choice", "aria-label": t("chooseMentor") });
  const button = h("button", { type: "button", id: "mentor-save" }, t("chooseMentor"));
  api(planPath(plan.employee_id, "/mentors")).then((people) => {
    select.replaceChildren(...people.map((p) => h("option", { value: p.user_id, selected: plan.mentor && plan.mentor.user_id === p.user_id }, p.name)));
  }).catch((error) => status.replaceChildren(errorMessage(error)));
  button.addEventListener("click", async () => {
    try {
      await api(planPath(plan.employee_id, "/mentor"), json("PUT", { mentor_id: select.value }));
      status.replaceChildren(t("mentorNamed"));
      refresh();
    } catch (error) { status.replaceChildren(errorMessage(error)); }
  });
  return h("section", {}, current, h("p", { class: "help" }, t("mentorHelp")), h("div", { class: "row" }, select, button));
}

// The employee page's other sections (documents, training, probation), each its own module.
const SECTIONS = [
  (employee, plan, me) => documentsSection(employee, me),
  trainingSection,
  (employee, plan, me) => probationSection(employee, me),
  (employee, plan, me) => performanceSection(employee, me),
  (employee, plan, me) => reassessmentSection(employee, me),
  employeePrivacySection, // departure, legal hold
];

export function employeeView(main, employeeId, me) {
  const body = h("div", { class: "cards" });
  const status = h("p", { class: "status", role: "status", "aria-live": "polite" });
  main.replaceChildren(h("h1", {}, t("onboarding")), status, body);
  const refresh = () => load(body, async () => {
    const plan = await api(planPath(employeeId));
    main.querySelector("h1").textContent = `${plan.name} · ${t("onboarding")}`;
    const facts = [
      [t("employeeNo"), plan.employee_number], [t("positionTitle"), placeName(plan.position_title, plan.position_title_zh)], [t("department"), plan.department],
      [t("startDate"), day(plan.start_date)], [t("workLocation"), plan.work_location || "–"],
      [t("probationEnd"), day(plan.probation_end)], [t("manager"), plan.manager ? plan.manager.name : "–"],
    ];
    const summary = h("section", { class: "card wide", id: "plan" },
      h("dl", { class: "facts" }, ...facts.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
      h("p", {}, h("strong", {}, t("planStates")[plan.status] || plan.status), " · ", progressBar(plan.done, plan.total),
        plan.overdue ? h("strong", { class: "late-flag" }, ` ${plan.overdue} ${t("overdue")}`) : null),
      mentorPanel(plan, status, refresh), status, tasksTable(plan, status, refresh));
    const sections = await Promise.all(SECTIONS.map((section) => section({ id: plan.employee_id, ...plan }, plan, me)
      .catch((error) => failure(error))));
    return [summary, ...sections.filter(Boolean)];
  });
  refresh();
}

export function myTasksView(main, me, extras = []) {
  const body = h("div", { class: "card wide" });
  const status = h("p", { class: "status", role: "status", "aria-live": "polite" });
  main.replaceChildren(h("h1", {}, t("myTasks")), status, body);
  for (const extra of extras) {  // other lists of the caller's work (probation reviews due)
    const slot = h("div");
    main.append(slot);
    extra(me).then((node) => { if (node) slot.replaceWith(node); }).catch((error) => slot.replaceWith(failure(error)));
  }
  const refresh = () => load(body, async () => {
    const tasks = await api("/onboarding/tasks");
    if (!tasks.length) return empty(t("noTasks"));
    const cols = [t("newHires"), t("task"), t("due"), ""];
    return [h("table", { class: "grid cards-on-phone", id: "my-tasks" },
      h("thead", {}, h("tr", {}, ...cols.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, ...tasks.map((item) => h("tr", { "data-task": item.task.id, "data-employee": item.employee_id, class: item.overdue ? "late" : "" },
        h("td", { "data-label": cols[0] }, item.employee_name, h("small", {}, ` ${placeName(item.position_title, item.position_title_zh)} · ${day(item.start_date)}`)),
        h("td", { "data-label": cols[1] }, taskTitle(item.task), " ", h("small", {}, t("taskKinds")[item.task.kind] || item.task.kind),
          item.task.description ? h("div", { class: "help" }, item.task.description) : null),
        h("td", { "data-label": cols[2] }, day(item.task.due), item.overdue ? h("strong", { class: "late-flag" }, ` ${t("overdue")}`) : null),
        h("td", {}, ["document", "training"].includes(item.task.kind) ? null
          : h("button", { type: "button", "data-complete": item.task.id, onclick: () => completeTask(item.employee_id, item.task, status, refresh) }, t("completeTask")))))))];
  });
  refresh();
}

// The dashboard's card: each branch's new hires and how far their onboarding is.
export async function onboardingProgressCards() {
  const branches = await api("/onboarding/progress");
  if (!branches.length) return [];
  return branches.map((branch) => h("section", { class: "card wide", "data-onboarding": branch.branch_id },
    h("h2", {}, `${t("onboardingProgress")} · ${placeName(branch.branch_name, branch.branch_name_zh)}`),
    h("p", {}, `${t("active")}: ${branch.active} · ${t("completedCount")}: ${branch.completed} · ${t("overdueTasks")}: ${branch.overdue_tasks}`),
    h("table", { class: "grid cards-on-phone" },
      h("thead", {}, h("tr", {}, ...[t("name"), t("positionTitle"), t("startDate"), t("mentor"), t("onboarding"), t("nextDue")].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, ...branch.new_hires.map((hire) => h("tr", { class: hire.overdue ? "late" : "" },
        h("td", {}, h("a", { href: `#/employees/${hire.employee_id}` }, hire.name)),
        h("td", {}, placeName(hire.position_title, hire.position_title_zh)), h("td", {}, day(hire.start_date)), h("td", {}, hire.mentor || "–"),
        h("td", {}, progressBar(hire.done, hire.total), hire.overdue ? h("strong", { class: "late-flag" }, ` ${hire.overdue} ${t("overdue")}`) : null),
        h("td", {}, day(hire.next_due))))))));
}
