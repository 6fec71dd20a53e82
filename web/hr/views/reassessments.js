// Periodic re-assessment in the HR app (docs/analytics.md): HQ's schedules screen, and
// the employee page's section (every assessment from the hiring interview on, per
// competency with the change since the one before; the latest re-assessment and its
// status; HR of the branch or HQ may start one by hand). The server says who may do what
// (``capabilities``, the history's ``may_start``) and refuses everyone else.
import { api } from "/shared/auth.js";
import { dimensionName, errorFields, errorMessage, placeName, statusName } from "../i18n.js";
import { tr } from "../i18n-reassessment.js";
import { can, confirmDialog, empty, failure, h, load, when } from "../ui.js";

const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const historyPath = (employeeId) => `/employees/${encodeURIComponent(employeeId)}/reassessments`;
const score = (value) => (value === null || value === undefined ? "–" : String(value));
const signed = (value) => (value === null || value === undefined ? "" : `${value > 0 ? "+" : ""}${value}`);
const changeTag = (value) => (value === null || value === undefined ? null
  : h("span", { class: value < 0 ? "late-flag change" : "change" }, ` (${signed(value)})`));

// ------------------------------------------------------------------ HQ's schedules
function scheduleForm(current, choices, done, cancel) {
  const message = h("div", { "aria-live": "polite" });
  const field = (id, label, input) => h("div", { class: "field" }, h("label", { for: id }, label), input);
  const select = (id, options, value) => h("select", { id, name: id },
    ...options.map(([v, label]) => h("option", { value: v, selected: v === (value || "") }, label)));
  const inputs = {
    name: h("input", { id: "schedule-name", name: "name", required: true, maxlength: 120, value: current ? current.name : "" }),
    branch_id: select("schedule-branch", [["", tr("anyBranch")], ...choices.branches.map((b) => [b.id, placeName(b.name, b.name_zh)])], current && current.branch_id),
    position_id: select("schedule-position", [["", tr("anyPosition")], ...choices.positions.map((p) => [p.id, placeName(p.title, p.title_zh)])], current && current.position_id),
    min_tenure_months: h("input", { id: "schedule-tenure", type: "number", min: 0, max: 600, required: true, value: current ? current.min_tenure_months : 12 }),
    every_months: h("input", { id: "schedule-every", type: "number", min: 1, max: 120, required: true, value: current ? current.every_months : 24 }),
    template_id: select("schedule-template", [["", tr("positionsTemplate")], ...choices.templates.map((t) => [t.id, placeName(t.name.en, t.name.zh)])], current && current.template_id),
    active: h("input", { id: "schedule-active", type: "checkbox", checked: current ? current.active : true }),
  };
  const form = h("form", { id: "schedule-form", class: "card", onsubmit: async (event) => {
    event.preventDefault();
    message.replaceChildren();
    const body = {
      name: inputs.name.value.trim(),
      branch_id: inputs.branch_id.value || null,
      position_id: inputs.position_id.value || null,
      min_tenure_months: Number(inputs.min_tenure_months.value),
      every_months: Number(inputs.every_months.value),
      template_id: inputs.template_id.value || null,
      active: inputs.active.checked,
    };
    try {
      if (current) await api(`/reassessment-schedules/${encodeURIComponent(current.id)}`, json("PUT", { ...body, revision: current.revision }));
      else await api("/reassessment-schedules", json("POST", body));
      done(tr("saved"));
    } catch (error) {
      message.replaceChildren(failure(error));
    }
  } },
  field("schedule-name", tr("name"), inputs.name),
  field("schedule-branch", tr("branch"), inputs.branch_id),
  field("schedule-position", tr("position"), inputs.position_id),
  field("schedule-tenure", tr("minTenure"), inputs.min_tenure_months),
  field("schedule-every", tr("every"), inputs.every_months),
  field("schedule-template", tr("template"), inputs.template_id),
  h("label", { class: "choice" }, inputs.active, " ", tr("active")),
  h("div", { class: "actions" }, h("button", { type: "submit", id: "schedule-save" }, tr("save")),
    h("button", { type: "button", class: "secondary", onclick: cancel }, tr("cancel"))),
  message);
  return form;
}

export function reassessmentSchedulesView(main) {
  const body = h("div", { class: "card wide" });
  const status = h("p", { class: "status", role: "status", "aria-live": "polite" });
  const slot = h("div");
  main.replaceChildren(h("h1", {}, tr("schedulesTitle")), h("p", { class: "hint" }, tr("schedulesIntro")), status, slot, body);
  let choices = null;
  const edit = async (current) => {
    choices = choices || {
      branches: await api("/branches"), positions: await api("/positions"), templates: await api("/templates"),
    };
    const close = () => slot.replaceChildren();
    slot.replaceChildren(scheduleForm(current, choices, (text) => { close(); status.textContent = text; refresh(); }, close));
    slot.querySelector("input").focus();
  };
  const refresh = () => load(body, async () => {
    const [schedules, branches, positions] = await Promise.all([api("/reassessment-schedules"), api("/branches"), api("/positions")]);
    const branchName = Object.fromEntries(branches.map((b) => [b.id, placeName(b.name, b.name_zh)]));
    const positionName = Object.fromEntries(positions.map((p) => [p.id, placeName(p.title, p.title_zh)]));
    const add = h("button", { type: "button", id: "schedule-new", onclick: () => edit(null).catch((e) => status.replaceChildren(failure(e))) }, tr("newSchedule"));
    if (!schedules.length) return [add, empty(tr("noSchedules"))];
    const cols = [tr("name"), tr("branch"), tr("position"), tr("every"), tr("template"), tr("active"), ""];
    return [add, h("table", { class: "grid cards-on-phone", id: "schedules" },
      h("thead", {}, h("tr", {}, ...cols.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, ...schedules.map((s) => h("tr", { "data-schedule": s.id },
        h("td", { "data-label": cols[0] }, s.name),
        h("td", { "data-label": cols[1] }, s.branch_id ? branchName[s.branch_id] || s.branch_id : tr("anyBranch")),
        h("td", { "data-label": cols[2] }, s.position_id ? positionName[s.position_id] || s.position_id : tr("anyPosition")),
        h("td", { "data-label": cols[3] }, `${tr("everyN", s.every_months)}, ${tr("tenureN", s.min_tenure_months)}`),
        h("td", { "data-label": cols[4] }, s.template_id || tr("positionsTemplate")),
        h("td", { "data-label": cols[5] }, s.active ? tr("active") : tr("paused")),
        h("td", {}, h("button", { type: "button", class: "secondary", onclick: () => edit(s).catch((e) => status.replaceChildren(failure(e))) }, tr("edit")))))))];
  });
  refresh();
}

// ------------------------------------------------------------------ the employee page
function historyTable(history) {
  const rows = history.assessments;
  const keys = rows[0] ? rows[0].dimensions : [];
  const cols = [tr("when"), ...keys.map((d) => dimensionName(d)), tr("overall")];
  return h("table", { class: "grid cards-on-phone", id: "reassessment-history" },
    h("caption", {}, tr("history")),
    h("thead", {}, h("tr", {}, ...cols.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...rows.map((row) => {
      const byKey = Object.fromEntries(row.dimensions.map((d) => [d.key, d]));
      return h("tr", { "data-source": row.source, "data-candidate": row.candidate_id },
        h("th", { scope: "row", "data-label": cols[0] }, row.source === "hiring" ? tr("hiring") : tr("reassessment"),
          h("small", {}, ` ${when(row.at)}`)),
        ...keys.map((d, i) => {
          const found = byKey[d.key];
          return h("td", { "data-label": cols[i + 1], "data-dimension": d.key,
            title: found ? `${tr("ai")} ${score(found.ai)} · ${tr("human")} ${score(found.human)}` : "" },
          score(found && found.combined), changeTag(row.change[d.key]));
        }),
        h("td", { "data-label": cols[cols.length - 1] }, score(row.overall), changeTag(row.overall_change)));
    })));
}

function latestPanel(latest) {
  if (!latest) return h("p", { class: "state", id: "reassessment-latest" }, tr("none"));
  return h("div", { id: "reassessment-latest", "data-status": latest.status },
    h("p", {}, h("strong", {}, `${tr("latest")}: `), statusName(latest.status), ` · ${latest.open ? tr("open") : tr("over")}`),
    h("p", { class: "hint" }, tr("startedBy", latest.started_by, when(latest.started_at)),
      latest.schedule_name ? ` · ${tr("bySchedule", latest.schedule_name)}` : null),
    h("p", {}, h("a", { href: `#/candidates/${encodeURIComponent(latest.candidate_id)}` }, tr("openInterview"))));
}

export async function reassessmentSection(employee, me) {
  if (!can(me, "employees.list")) return null;  // HR of the branch and HQ read it
  const body = h("div");
  const section = h("section", { class: "card wide", id: "reassessments", "aria-labelledby": "reassessments-title" },
    h("h2", { id: "reassessments-title" }, tr("title")), body);
  let flash = "";
  const render = (history) => {
    const said = flash ? h("p", { class: "ok", role: "status" }, flash) : null;
    flash = "";
    const message = h("div", { "aria-live": "polite" });
    const start = history.may_start ? h("button", { type: "button", id: "reassessment-start", onclick: async () => {
      const answer = await confirmDialog(tr("confirmStart"), [{ name: "deadline_days", label: tr("deadlineDays"), required: true }]);
      if (!answer) return;
      try {
        const after = await api(historyPath(employee.id), json("POST", { deadline_days: Number(answer.deadline_days) || 14 }));
        flash = tr("started");
        load(body, async () => render(after));
      } catch (error) {
        const fields = errorFields(error);
        message.replaceChildren(h("p", { class: "state error", role: "alert" }, errorMessage(error), fields.length ? ` ${fields.map((f) => f.text).join(" ")}` : ""));
      }
    } }, tr("start")) : null;
    return [said, latestPanel(history.latest), start, message, historyTable(history)].filter(Boolean);
  };
  await load(body, async () => render(await api(historyPath(employee.id))));
  return section;
}
