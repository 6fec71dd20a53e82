// Bulk actions on selected candidates: each candidate goes through the same route as on
// its own page (the server checks every one: role, branch, status), a few at a time,
// with the progress shown and a result per candidate. Running one again is harmless:
// what was done is refused with its reason (already invited, reminded within the hour).
import { api } from "/shared/auth.js";
import { errorMessage, t } from "../i18n.js";
import { confirmDialog, h } from "../ui.js";

const AT_ONCE = 4;
const JSON_HEADERS = { "Content-Type": "application/json" };

function request(kind, candidate, body) {
  const path = `/candidates/${encodeURIComponent(candidate.id)}`;
  if (kind === "invite") return api(`${path}/invite`, { method: "POST", headers: JSON_HEADERS, body: "{}" });
  if (kind === "remind") return api(`${path}/remind`, { method: "POST", headers: JSON_HEADERS, body: "{}" });
  if (kind === "reject") return api(`${path}/decision`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ decision: "reject", ...body }) });
  return api(`${path}/assign`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(body) });
}

// The assignment to make: an interviewer and/or a hiring manager of the candidates' branch.
function assignDialog(people) {
  return new Promise((settle) => {
    const branches = [...new Set(people.map((p) => p.branch_id))];
    const query = branches.length === 1 ? `?branch_id=${encodeURIComponent(branches[0])}` : "";
    const interviewer = h("select", { name: "interviewer_id", id: "bulk-interviewer" }, h("option", { value: "" }, "–"));
    const manager = h("select", { name: "hiring_manager_id", id: "bulk-manager" }, h("option", { value: "" }, "–"));
    api(`/users${query}`).then((users) => {
      for (const user of users) {
        const label = `${user.display_name || user.username}${branches.length > 1 ? ` (${user.branch_id})` : ""}`;
        if (["interviewer", "hiring_manager"].includes(user.role)) interviewer.append(h("option", { value: user.user_id }, label));
        if (user.role === "hiring_manager") manager.append(h("option", { value: user.user_id }, label));
      }
    }).catch(() => {});
    const form = h("form", { method: "dialog" }, h("h2", {}, t("bulkAssignTitle", people.length)),
      h("label", { for: "bulk-interviewer" }, t("interviewer")), interviewer,
      h("label", { for: "bulk-manager" }, t("hiringManager")), manager,
      h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary", onclick: () => { dialog.close(); } }, t("cancel")),
        h("button", { type: "submit" }, t("assign"))));
    const dialog = h("dialog", { "aria-label": t("bulkAssignTitle", people.length) }, form);
    let answer = null;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      answer = Object.fromEntries([...new FormData(form).entries()].filter(([, v]) => v));
      dialog.close();
    });
    dialog.addEventListener("close", () => { dialog.remove(); settle(answer && Object.keys(answer).length ? answer : null); });
    document.body.append(dialog);
    dialog.showModal();
  });
}

async function askFor(kind, people) {
  const n = people.length;
  if (kind === "assign") return assignDialog(people);
  if (kind === "invite") return (await confirmDialog(t("bulkInviteConfirm", n))) && {};
  if (kind === "remind") return (await confirmDialog(t("bulkRemindConfirm", n))) && {};
  const values = await confirmDialog(t("bulkRejectConfirm", n), [{ name: "feedback", label: t("feedback"), multiline: true }]);
  return values && (values.feedback ? { feedback: values.feedback } : {});
}

export async function runBulk(kind, people, box, finished) {
  const body = await askFor(kind, people);
  if (!body) return;
  await run(kind, people, body, box, finished);
}

async function run(kind, people, body, box, finished) {
  const progress = h("progress", { id: "bulk-progress", max: String(people.length), value: "0", "aria-label": t("bulkProgress", 0, people.length) });
  const counter = h("span", { id: "bulk-counter" }, t("bulkProgress", 0, people.length));
  const rows = new Map(people.map((p) => [p.id, h("td", { class: "state" }, "…")]));
  const table = h("table", { class: "grid cards-on-phone", id: "bulk-results" }, h("caption", {}, t("bulkResults")),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("name")), h("th", { scope: "col" }, t("bulkResults")))),
    h("tbody", {}, ...people.map((p) => h("tr", { "data-id": p.id },
      h("td", { "data-label": t("name") }, h("a", { href: `#/candidates/${p.id}` }, p.name)), rows.get(p.id)))));
  const summary = h("div", { role: "status", "aria-live": "polite" }, h("p", { class: "state" }, progress, " ", counter));
  box.replaceChildren(h("section", { class: "card bulk", id: "bulk-run" }, summary, h("div", { class: "table-wrap" }, table)));

  let done = 0, next = 0;
  const failed = [];
  async function worker() {
    while (next < people.length) {
      const person = people[next];
      next += 1;
      const cell = rows.get(person.id);
      try {
        await request(kind, person, body);
        cell.className = "ok result-ok"; cell.textContent = t("resultOk");
      } catch (error) {
        failed.push(person);
        cell.className = "error result-failed";
        cell.replaceChildren(h("strong", {}, `${t("resultFailed")}: `), errorMessage(error));
      }
      done += 1;
      progress.value = done;
      counter.textContent = t("bulkProgress", done, people.length);
    }
  }
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, people.length) }, worker));
  const outcome = [h("p", { class: failed.length ? "error" : "ok", id: "bulk-summary" },
    t("bulkDone", people.length - failed.length, failed.length))];
  if (failed.length) outcome.push(h("button", { type: "button", class: "secondary", id: "bulk-retry", onclick: () => run(kind, failed, body, box, finished) }, t("retryFailed")));
  summary.replaceChildren(...outcome);
  finished();
}
