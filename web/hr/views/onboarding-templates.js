// HQ's onboarding templates (issue 16): for a position, a branch and a department (each
// "any"), the tasks with their owner, kind and due day counted from the start date, and
// the words of the new hire's notice. Saving makes a new version; plans already made
// keep their tasks.
import { api } from "/shared/auth.js";
import { errorMessage, placeName, t } from "../i18n.js";
import { empty, h, load } from "../ui.js";

const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const KINDS = ["document", "equipment", "accounts", "meeting", "training"];
const OWNERS = ["hr", "it", "manager", "mentor", "new_hire"];
const DOCUMENTS = ["id_card", "diploma", "medical_report", "bank_card", "photo", "other"];
const lines = (text) => text.split("\n").map((x) => x.trim()).filter(Boolean);
const options = (values, names, selected) => values.map((v) => h("option", { value: v, selected: v === selected }, names[v] || v));

function taskRow(task = {}) {
  const field = (name, attrs) => h("input", { name, value: task[name] ?? "", ...attrs });
  return h("tr", { class: "task-row" },
    h("td", {}, field("key", { required: true, pattern: "[a-z0-9][a-z0-9_-]{0,39}", size: 10, "aria-label": t("taskKey") })),
    h("td", {}, field("title_zh", { "aria-label": t("taskTitleZh") })),
    h("td", {}, field("title", { required: true, "aria-label": t("taskTitleEn") })),
    h("td", {}, h("select", { name: "kind", "aria-label": t("kind") }, ...options(KINDS, t("taskKinds"), task.kind))),
    h("td", {}, h("select", { name: "owner", "aria-label": t("owner") }, ...options(OWNERS, t("owners"), task.owner))),
    h("td", {}, field("due_offset_days", { type: "number", min: -90, max: 365, required: true, size: 4, "aria-label": t("dueOffset") })),
    h("td", {}, h("select", { name: "document_type", "aria-label": t("documentType") }, h("option", { value: "" }, "–"),
      ...options(DOCUMENTS, t("documentTypes"), task.document_type))),
    h("td", {}, field("course_id", { size: 10, "aria-label": t("courseId") })),
    h("td", {}, h("button", { type: "button", class: "secondary", onclick: (e) => e.target.closest("tr").remove() }, t("removeTask"))));
}

function readTask(row) {
  const value = (name) => row.querySelector(`[name=${name}]`).value.trim();
  return {
    key: value("key"), title: value("title"), title_zh: value("title_zh") || null, kind: value("kind"), owner: value("owner"),
    due_offset_days: Number(value("due_offset_days")), document_type: value("document_type") || null,
    course_id: value("course_id") || null,
  };
}

function editor(template, positions, branches, done) {
  const status = h("p", { class: "status", role: "status", "aria-live": "polite" });
  const rows = h("tbody", {}, ...(template.tasks || [{}]).map(taskRow));
  const area = (name, label, value) => h("label", {}, label, h("textarea", { name, rows: 3 }, value || ""));
  const form = h("form", { class: "card wide", id: "onboarding-template" },
    h("label", {}, t("templateName"), h("input", { name: "name", required: true, value: template.name || "" })),
    h("fieldset", {}, h("legend", {}, t("scope")),
      h("select", { name: "position_id", "aria-label": t("positionTitle") }, h("option", { value: "*" }, t("anyPosition")),
        ...positions.map((p) => h("option", { value: p.id, selected: p.id === template.position_id }, placeName(p.title, p.title_zh)))),
      h("select", { name: "branch_id", "aria-label": t("branch") }, h("option", { value: "*" }, t("anyBranch")),
        ...branches.map((b) => h("option", { value: b.id, selected: b.id === template.branch_id }, placeName(b.name, b.name_zh)))),
      h("input", { name: "department", value: template.department || "*", "aria-label": t("department"), placeholder: "*" })),
    h("div", { class: "scroll" }, h("table", { class: "grid" },
      h("thead", {}, h("tr", {}, ...[t("taskKey"), t("taskTitleZh"), t("taskTitleEn"), t("kind"), t("owner"), t("dueOffset"), t("documentType"), t("courseId"), ""]
        .map((c) => h("th", { scope: "col" }, c)))), rows)),
    h("button", { type: "button", class: "secondary", id: "add-task", onclick: () => rows.append(taskRow({ kind: "meeting", owner: "hr", due_offset_days: 0 })) }, t("addTask")),
    area("what_to_bring_zh", t("whatToBringZh"), (template.what_to_bring_zh || []).join("\n")),
    area("what_to_bring", t("whatToBring"), (template.what_to_bring || []).join("\n")),
    area("notice_zh", t("noticeWordsZh"), template.notice_zh), area("notice", t("noticeWords"), template.notice),
    h("div", { class: "actions" }, h("button", { type: "submit" }, t("saveTemplate"))), status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = {
      name: data.get("name"), position_id: data.get("position_id"), branch_id: data.get("branch_id"),
      department: (data.get("department") || "*").trim() || "*", tasks: [...rows.querySelectorAll("tr")].map(readTask),
      what_to_bring: lines(data.get("what_to_bring")), what_to_bring_zh: lines(data.get("what_to_bring_zh")),
      notice: data.get("notice") || null, notice_zh: data.get("notice_zh") || null,
    };
    try {
      const saved = template.id
        ? await api(`/onboarding/templates/${encodeURIComponent(template.id)}`, json("PUT", { ...body, revision: template.revision }))
        : await api("/onboarding/templates", json("POST", body));
      status.replaceChildren(t("templateSaved"));
      done(saved);
    } catch (error) { status.replaceChildren(errorMessage(error)); }
  });
  return form;
}

export function onboardingTemplatesView(main) {
  const body = h("div", { class: "cards" });
  main.replaceChildren(h("h1", {}, t("onboardingTemplates")), body);
  const refresh = () => load(body, async () => {
    const [templates, positions, branches] = await Promise.all([
      api("/onboarding/templates"), api("/positions").catch(() => []), api("/branches").catch(() => [])]);
    const slot = h("div", { id: "template-editor" });
    const open = (template) => slot.replaceChildren(editor(template, positions, branches, () => refresh()));
    const list = templates.length
      ? h("ul", { class: "plain", id: "onboarding-templates" }, ...templates.map((tpl) => h("li", { "data-template": tpl.id },
          h("strong", {}, tpl.name), ` · ${tpl.position_id === "*" ? t("anyPosition") : tpl.position_id} · ${tpl.branch_id === "*" ? t("anyBranch") : tpl.branch_id}`,
          ` · ${tpl.tasks.length} ${t("task")} · ${t("templateVersion", tpl.version)} `,
          h("button", { type: "button", class: "secondary", onclick: () => open(tpl) }, t("editTemplate")))))
      : empty();
    return [h("section", { class: "card wide" }, list,
      h("button", { type: "button", id: "new-onboarding-template", onclick: () => open({ tasks: [{ kind: "meeting", owner: "hr", due_offset_days: 0 }] }) }, t("newTemplate"))), slot];
  });
  refresh();
}
