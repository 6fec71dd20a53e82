// HQ's approval chains (who approves an offer, level by level, per branch and department)
// and HR's list of employees (the people hired through an accepted offer).
import { api } from "/shared/auth.js";
import { locale, placeName, t } from "../i18n.js";
import { confirmDialog, empty, failure, h, load, when } from "../ui.js";

const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const APPROVER_ROLES = ["approver", "hiring_manager", "branch_hr", "hq_hr", "hq_admin"];
const RULES = ["any", "all", "n_of_m"];
const CONDITIONS = ["always", "above_band", "salary_above"];
const roleName = (role) => t("roles")[role] || role;
const comma = () => (locale === "zh" ? "、" : ", ");

// ------------------------------------------------------------------ approval chains
function approverText(ref, users) {
  if (ref.role) return roleName(ref.role);
  const user = users.find((u) => u.user_id === ref.user_id);
  return user ? user.display_name || user.username : ref.user_id;
}

function levelEditor(level, users) {
  const value = (ref) => (ref.role ? `role:${ref.role}` : `user:${ref.user_id}`);
  const chosen = new Set((level.approvers || []).map(value));
  const rule = h("select", { name: "rule", "aria-label": t("rule") }, ...RULES.map((r) => h("option", { value: r, selected: r === (level.rule || "any") }, t("rules")[r])));
  const needed = h("input", { name: "required", type: "number", min: 1, max: 20, size: 3, value: level.required ?? "", "aria-label": t("needed") });
  const condition = h("select", { name: "condition", "aria-label": t("condition") }, ...CONDITIONS.map((c) => h("option", { value: c, selected: c === (level.condition || "always") }, t("conditions")[c])));
  const amount = h("input", { name: "salary_above", type: "number", min: 1, step: 1, value: level.salary_above ?? "", "aria-label": t("amount") });
  const approvers = h("select", { name: "approvers", multiple: true, size: 6, "aria-label": t("approversLabel") },
    h("optgroup", { label: t("approverRoles") }, ...APPROVER_ROLES.map((r) => h("option", { value: `role:${r}`, selected: chosen.has(`role:${r}`) }, roleName(r)))),
    h("optgroup", { label: t("approverPeople") }, ...users.filter((u) => APPROVER_ROLES.includes(u.role) && u.enabled !== false).map((u) =>
      h("option", { value: `user:${u.user_id}`, selected: chosen.has(`user:${u.user_id}`) }, `${u.display_name || u.username} (${roleName(u.role)})`))));
  const sync = () => { needed.disabled = rule.value !== "n_of_m"; amount.disabled = condition.value !== "salary_above"; };
  rule.addEventListener("change", sync);
  condition.addEventListener("change", sync);
  sync();
  const row = h("fieldset", { class: "chain-level" },
    h("legend", {}, t("level")),
    h("label", {}, t("levelName"), h("input", { name: "name", required: true, maxlength: 80, value: level.name || "" })),
    h("div", { class: "form-grid" },
      h("label", {}, t("rule"), rule), h("label", {}, t("needed"), needed),
      h("label", {}, t("condition"), condition), h("label", {}, t("amount"), amount)),
    h("label", {}, t("approversLabel"), approvers),
    h("button", { type: "button", class: "link", onclick: () => row.remove() }, t("remove")));
  row.read = () => ({
    name: row.querySelector("[name=name]").value.trim(), rule: rule.value,
    required: rule.value === "n_of_m" && needed.value ? Number(needed.value) : null,
    condition: condition.value, salary_above: condition.value === "salary_above" && amount.value ? Number(amount.value) : null,
    approvers: [...approvers.selectedOptions].map((o) => { const [kind, id] = o.value.split(/:(.*)/s); return kind === "role" ? { role: id } : { user_id: id }; }),
  });
  return row;
}

function chainEditor(box, chain, branches, users, done) {
  const levels = h("div", { class: "chain-levels" }, ...(chain.levels || [{}]).map((l) => levelEditor(l, users)));
  const message = h("div", { "aria-live": "polite" });
  const branch = h("select", { name: "branch_id", id: "chain-branch", disabled: Boolean(chain.branch_id) },
    ...branches.map((b) => h("option", { value: b.id, selected: b.id === chain.branch_id }, placeName(b.name, b.name_zh))));
  const department = h("input", { name: "department", id: "chain-department", required: true, maxlength: 80, value: chain.department || "*", readonly: Boolean(chain.branch_id) });
  const hours = h("input", { name: "reminder_hours", id: "chain-hours", type: "number", min: 1, max: 336, value: chain.reminder_hours || 24 });
  const form = h("form", { class: "card wide", id: "chain-editor", onsubmit: async (event) => {
    event.preventDefault();
    const body = { branch_id: branch.value, department: department.value.trim() || "*", reminder_hours: Number(hours.value),
      levels: [...levels.children].map((row) => row.read()) };
    try { await api("/approval-chains", json("PUT", body)); done(t("chainSaved")); }
    catch (error) { message.replaceChildren(failure(error)); }
  } },
    h("h2", {}, chain.branch_id ? `${t("editChain")} · ${chain.branch_id} / ${chain.department}` : t("newChain")),
    h("div", { class: "form-grid" },
      h("div", {}, h("label", { for: "chain-branch" }, t("branch")), branch),
      h("div", {}, h("label", { for: "chain-department" }, t("department")), department, h("p", { class: "hint" }, t("anyDepartment"))),
      h("div", {}, h("label", { for: "chain-hours" }, t("reminderHours")), hours)),
    h("h3", {}, t("levels")), levels,
    h("div", { class: "actions" },
      h("button", { type: "button", class: "secondary", onclick: () => levels.append(levelEditor({}, users)) }, t("addLevel")),
      h("button", { type: "submit" }, t("save")),
      h("button", { type: "button", class: "secondary", onclick: () => box.replaceChildren() }, t("cancel"))),
    message);
  box.replaceChildren(form);
  form.scrollIntoView({ block: "start" });
}

export function approvalChainsView(main) {
  const editor = h("div");
  const list = h("div", { class: "card wide" });
  const flash = h("div", { "aria-live": "polite" });
  main.replaceChildren(h("h1", {}, t("approvalChains")), h("p", { class: "hint" }, t("chainsHelp")), flash, list, editor);
  const reload = (text = "") => {
    flash.replaceChildren(text ? h("p", { class: "ok", role: "status" }, text) : "");
    editor.replaceChildren();
    load(list, render);
  };
  async function render() {
    const [chains, branches, users] = await Promise.all([api("/approval-chains"), api("/branches"), api("/users").catch(() => [])]);
    const branchName = (id) => { const b = branches.find((x) => x.id === id); return b ? placeName(b.name, b.name_zh) : id; };
    const open = (chain) => chainEditor(editor, chain, branches, users, reload);
    const table = chains.length ? h("table", { class: "grid", id: "chains" },
      h("thead", {}, h("tr", {}, ...[t("branch"), t("department"), t("levels"), t("reminderHours"), ""].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, ...chains.map((c) => h("tr", { "data-chain": `${c.branch_id}/${c.department}` },
        h("td", {}, branchName(c.branch_id)), h("td", {}, c.department),
        h("td", {}, h("ol", { class: "plain" }, ...c.levels.map((l) => h("li", {},
          h("strong", {}, l.name), ` · ${t("rules")[l.rule]}${l.rule === "n_of_m" ? ` (${l.required})` : ""} · ${t("conditions")[l.condition]}${l.condition === "salary_above" ? ` ${l.salary_above}` : ""} · `,
          l.approvers.map((a) => approverText(a, users)).join(comma()))))),
        h("td", {}, c.reminder_hours),
        h("td", {}, h("button", { type: "button", class: "link", onclick: () => open(c) }, t("editChain")),
          h("button", { type: "button", class: "link", onclick: async () => {
            if (!await confirmDialog(t("deleteChainConfirm"))) return;
            try { await api(`/approval-chains/${encodeURIComponent(c.branch_id)}/${encodeURIComponent(c.department)}`, { method: "DELETE" }); reload(t("chainDeleted")); }
            catch (error) { flash.replaceChildren(failure(error)); }
          } }, t("deleteChain")))))))
      : empty(t("noChains"));
    return [table, h("div", { class: "actions" }, h("button", { type: "button", id: "new-chain", onclick: () => open({}) }, t("newChain")))];
  }
  reload();
}

// ------------------------------------------------------------------ employees
export function employeesView(main) {
  const body = h("div", { class: "card wide" });
  main.replaceChildren(h("h1", {}, t("employees")), body);
  load(body, async () => {
    const [employees, branches] = await Promise.all([api("/employees"), api("/branches").catch(() => [])]);
    if (!employees.length) return empty(t("noEmployees"));
    const branchName = (id) => { const b = branches.find((x) => x.id === id); return b ? placeName(b.name, b.name_zh) : id; };
    const cols = [t("employeeNo"), t("name"), t("branch"), t("department"), t("positionTitle"), t("startDate"), t("created")];
    return h("table", { class: "grid cards-on-phone", id: "employees" },
      h("thead", {}, h("tr", {}, ...cols.map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, ...employees.map((e) => h("tr", { "data-employee": e.id },
        ...[e.number, h("a", { href: `#/employees/${e.id}` }, e.name), branchName(e.branch_id), e.department, e.position_title, e.start_date, when(e.created_at)]
          .map((value, i) => h("td", { "data-label": cols[i] }, value ?? ""))))));
  });
}
