import { token } from "/shared/auth.js";
import { fieldLabel, message, t } from "../i18n.js";
import { empty, failure, h } from "../ui.js";
import { flaggedRows } from "./duplicates.js";
import { rt } from "../i18n-resume.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
// The server's limits (MAX_ROWS and MAX_BYTES in recruiting/importing.py; a test compares).
export const MAX_ROWS = 1000;
export const MAX_MB = 4;
const POLL_MS = 700;

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { Authorization: token(), ...(options.headers || {}) } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.message || `Request failed (${response.status})`);
    error.status = response.status; error.body = body; throw error;
  }
  return body;
}

// Polls the import until the worker is done; shows its progress meanwhile.
async function finished(job, show) {
  while (job.status === "queued" || job.status === "running") {
    show(job);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    job = await api(`/api/candidates/import/${encodeURIComponent(job.id)}`);
  }
  if (job.status === "failed") throw new Error(job.failure_code ? message(job.failure_code, job.failure_params, job.failure) : t("importFailed"));
  return job;
}

function progressOf(job) {
  return h("div", { class: "state", role: "status" },
    h("progress", { max: String(job.total || 1), value: String(job.done), "aria-label": t("importProgress") }),
    " ", t("importedOf", job.done, job.total));
}

async function download() {
  const response = await fetch("/api/candidates/import-template", { headers: { Authorization: token() } });
  if (!response.ok) throw Object.assign(new Error(`Request failed (${response.status})`), { status: response.status, body: null });
  const url = URL.createObjectURL(await response.blob());
  const link = h("a", { href: url, download: "hireflow-candidates.xlsx" });
  document.body.append(link); link.click(); link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function rowsTable(caption, rows, columns, count = rows.length) {
  if (!rows.length) return null;
  return h("table", { class: "grid" }, h("caption", {}, `${caption} (${count})`),
    h("thead", {}, h("tr", {}, ...columns.map(([label]) => h("th", { scope: "col" }, label)))),
    h("tbody", {}, ...rows.map((r) => h("tr", {}, ...columns.map(([, render]) => h("td", {}, render(r)))))));
}

// A refused row's field and reason, in the reader's language.
const refusedColumns = () => [[t("row"), (r) => r.row], [t("field"), (r) => fieldLabel(r.field)],
  [t("message"), (r) => message(r.code, r.params, r.message)]];

// The résumés' archive goes straight to S3 (a presigned POST); the import names it.
async function uploadedArchive(file) {
  const grant = await api("/api/candidates/import/resume-archive", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
  const form = new FormData();
  for (const [k, v] of Object.entries(grant.fields)) form.append(k, v);
  form.append("file", file);
  const response = await fetch(grant.url, { method: "POST", body: form });
  if (!response.ok) throw Object.assign(new Error(t("importFailed")), { status: 0 });
  return grant.archive_id;
}

export function importView(main) {
  const result = h("div", { class: "import-result", "aria-live": "polite" });
  const input = h("input", { type: "file", id: "workbook", name: "workbook", accept: ".xlsx", required: true });
  const archive = h("input", { type: "file", id: "resume-archive", name: "resume_archive", accept: ".zip,application/zip" });
  const button = h("button", { type: "submit" }, t("upload"));
  const form = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    const file = input.files[0];
    if (!file) return;
    button.disabled = true;
    result.replaceChildren(h("p", { class: "state", role: "status" }, h("progress", {}), " ", t("uploading")));
    try {
      let query = "";
      if (archive.files[0]) {
        result.replaceChildren(h("p", { class: "state", role: "status" }, h("progress", {}), " ", rt("uploadingArchive")));
        query = `?resume_archive=${encodeURIComponent(await uploadedArchive(archive.files[0]))}`;
      }
      const started = await api(`/api/candidates/import${query}`, { method: "POST", headers: { "Content-Type": XLSX }, body: file });
      const body = await finished(started, (job) => result.replaceChildren(progressOf(job)));
      const tables = [
        rowsTable(t("created"), body.created, [[t("row"), (r) => r.row], [t("name"), (r) => h("a", { href: `#/candidates/${r.id}` }, r.name)]]),
        rowsTable(t("duplicates"), body.duplicates, refusedColumns(), body.duplicate_rows),
        rowsTable(t("errors"), body.errors, refusedColumns(), body.error_rows),
        flaggedRows(body.possible_duplicates),
        rowsTable(rt("warnings"), body.warnings || [], refusedColumns()),
      ].filter(Boolean);
      // Rows, not fields: a row refused for its phone and its e-mail counts once.
      result.replaceChildren(h("p", { class: "summary" },
        `${t("created")}: ${body.created.length} · ${t("duplicateRows")}: ${body.duplicate_rows} · ${t("errorRows")}: ${body.error_rows}`),
        ...(tables.length ? tables : [empty()]));
    } catch (error) {
      result.replaceChildren(failure(error));
    } finally {
      button.disabled = false;
    }
  } }, h("label", { for: "workbook" }, t("file")), input,
  h("label", { for: "resume-archive" }, rt("archiveLabel")), archive, h("p", { class: "hint" }, rt("archiveHint")), button);
  main.replaceChildren(h("h1", {}, t("importTitle")),
    h("section", { class: "card wide" }, h("h2", {}, t("step1")),
      h("button", { type: "button", class: "secondary", onclick: () => download().catch((e) => result.replaceChildren(failure(e))) }, t("downloadTemplate"))),
    h("section", { class: "card wide" }, h("h2", {}, t("step2")), h("p", { class: "state" }, t("importLimit", MAX_ROWS, MAX_MB)), form),
    h("section", { class: "card wide" }, h("h2", {}, t("step3")), result));
}
