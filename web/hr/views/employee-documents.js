// The new hire's documents on the employee page (the lead mounts the section): what was
// uploaded in the onboarding portal, with its status and why it was refused or rejected,
// a one-minute download link (every download audited by the server), approve, reject with
// a reason, and sending the portal link again. Only HR of the branch and HQ get it
// (``documents.review`` in /api/me); the API refuses everyone else whatever the page does.
import { api } from "/shared/auth.js";
import { dname, dt } from "../i18n-onboarding-documents.js";
import { locale, message, placeName } from "../i18n.js";
import { can, confirmDialog, empty, failure, h, load, when } from "../ui.js";

const json = (body) => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body || {}) });
const base = (employee) => `/employees/${encodeURIComponent(employee.id)}`;
const size = (bytes) => (bytes == null ? "" : bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

export async function documentsSection(employee, me) {
  const section = h("section", { class: "card", id: "employee-documents", "aria-labelledby": "employee-documents-title" });
  if (!can(me, "documents.review")) { section.hidden = true; return section; }
  const status = h("p", { role: "status", "aria-live": "polite" });
  const list = h("div", {});
  const refresh = () => load(list, async () => table(employee, await api(`${base(employee)}/documents`), status, refresh));
  section.append(
    h("h2", { id: "employee-documents-title" }, dt("documentsTitle")),
    h("p", { class: "hint" }, dt("documentsHelp")),
    list,
    linkButton(employee, status),
    status);
  await refresh();
  return section;
}

function table(employee, documents, status, refresh) {
  if (!documents.length) return empty(dt("noDocuments"));
  const column = (key) => h("th", { scope: "col" }, dname("column", key));
  return h("table", { class: "grid documents" },
    h("thead", {}, h("tr", {}, ...["document", "type", "status", "uploaded", "actions"].map(column))),
    h("tbody", {}, ...documents.map((d) => row(employee, d, status, refresh))));
}

function row(employee, doc, status, refresh) {
  const why = doc.status === "refused"
    ? message(doc.refusal_code, doc.refusal_params, doc.refusal)
    : doc.status === "rejected" ? doc.rejection_reason : null;
  const reviewed = doc.reviewed_at ? dt("reviewedBy", doc.reviewed_by, when(doc.reviewed_at)) : null;
  return h("tr", { "data-document": doc.id, "data-status": doc.status },
    h("td", {}, placeName(doc.task_title, doc.task_title_zh)),
    h("td", {}, dname("types", doc.document_type), h("br"), h("small", {}, [doc.content_type.split("/")[1].toUpperCase(), size(doc.size)].filter(Boolean).join(" · "))),
    h("td", {}, h("strong", { class: doc.status === "received" ? "flag-tag" : "" }, dname("statuses", doc.status)),
      why ? h("p", { class: "reason" }, why) : null, reviewed ? h("div", {}, h("small", {}, reviewed)) : null),
    h("td", {}, when(doc.uploaded_at)),
    h("td", {}, ...actions(employee, doc, status, refresh)));
}

function actions(employee, doc, status, refresh) {
  const path = `${base(employee)}/documents/${encodeURIComponent(doc.id)}`;
  const act = (label, cls, run) => h("button", { type: "button", class: cls, onclick: async (event) => {
    event.target.disabled = true;
    status.replaceChildren();
    try { await run(); } catch (error) { status.replaceChildren(failure(error)); } finally { event.target.disabled = false; }
  } }, label);
  const buttons = [];
  if (doc.actions.includes("download")) {
    buttons.push(act(dt("download"), "secondary", async () => {
      // A fresh link each time (it works for a minute); the server audits each one.
      const link = await api(`${path}/download`);
      const anchor = h("a", { href: link.url, rel: "noopener", download: link.filename });
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      status.replaceChildren(dt("downloading"));
    }));
  }
  if (doc.actions.includes("approve")) {
    buttons.push(act(dt("approve"), "", async () => {
      await api(`${path}/approve`, json());
      status.replaceChildren(dt("approved"));
      await refresh();
    }));
  }
  if (doc.actions.includes("reject")) {
    buttons.push(act(dt("reject"), "danger", async () => {
      const values = await confirmDialog(dt("rejectTitle"), [{ name: "reason", label: dt("rejectReason"), multiline: true, required: true }]);
      if (!values) return;
      await api(`${path}/reject`, json({ reason: values.reason }));
      status.replaceChildren(dt("rejected"));
      await refresh();
    }));
  }
  return buttons;
}

function linkButton(employee, status) {
  return h("button", { type: "button", class: "secondary", id: "send-onboarding-link", onclick: async (event) => {
    if (!(await confirmDialog(dt("sendLinkConfirm")))) return;
    event.target.disabled = true;
    status.replaceChildren();
    try {
      const sent = await api(`${base(employee)}/onboarding/link`, json());
      status.replaceChildren(dt("linkSent", new Date(sent.valid_until).toLocaleDateString(locale === "zh" ? "zh-CN" : "en")));
    } catch (error) { status.replaceChildren(failure(error)); } finally { event.target.disabled = false; }
  } }, dt("sendLink"));
}
