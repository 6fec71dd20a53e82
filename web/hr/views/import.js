import { token } from "/shared/auth.js";
import { t } from "../i18n.js";
import { empty, failure, h } from "../ui.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async function download() {
  const response = await fetch("/api/candidates/import-template", { headers: { Authorization: token() } });
  if (!response.ok) throw new Error(`Request failed (${response.status})`);
  const url = URL.createObjectURL(await response.blob());
  const link = h("a", { href: url, download: "hireflow-candidates.xlsx" });
  document.body.append(link); link.click(); link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function rowsTable(caption, rows, columns) {
  if (!rows.length) return null;
  return h("table", { class: "grid" }, h("caption", {}, `${caption} (${rows.length})`),
    h("thead", {}, h("tr", {}, ...columns.map(([label]) => h("th", { scope: "col" }, label)))),
    h("tbody", {}, ...rows.map((r) => h("tr", {}, ...columns.map(([, render]) => h("td", {}, render(r)))))));
}

export function importView(main) {
  const result = h("div", { class: "import-result", "aria-live": "polite" });
  const input = h("input", { type: "file", id: "workbook", name: "workbook", accept: ".xlsx", required: true });
  const button = h("button", { type: "submit" }, t("upload"));
  const form = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    const file = input.files[0];
    if (!file) return;
    button.disabled = true;
    result.replaceChildren(h("p", { class: "state", role: "status" }, h("progress", {}), " ", t("uploading")));
    try {
      const response = await fetch("/api/candidates/import", { method: "POST",
        headers: { Authorization: token(), "Content-Type": XLSX }, body: file });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        const error = new Error(body.message || `Request failed (${response.status})`);
        error.status = response.status; throw error;
      }
      const tables = [
        rowsTable(t("created"), body.created, [[t("row"), (r) => r.row], [t("name"), (r) => h("a", { href: `#/candidates/${r.id}` }, r.name)]]),
        rowsTable(t("duplicates"), body.duplicates, [[t("row"), (r) => r.row], [t("field"), (r) => r.field], [t("message"), (r) => r.message]]),
        rowsTable(t("errors"), body.errors, [[t("row"), (r) => r.row], [t("field"), (r) => r.field], [t("message"), (r) => r.message]]),
      ].filter(Boolean);
      result.replaceChildren(h("p", { class: "summary" },
        `${t("created")}: ${body.created.length} · ${t("duplicates")}: ${body.duplicates.length} · ${t("errors")}: ${body.errors.length}`),
        ...(tables.length ? tables : [empty()]));
    } catch (error) {
      result.replaceChildren(failure(error));
    } finally {
      button.disabled = false;
    }
  } }, h("label", { for: "workbook" }, t("file")), input, button);
  main.replaceChildren(h("h1", {}, t("importTitle")),
    h("section", { class: "card wide" }, h("h2", {}, t("step1")),
      h("button", { type: "button", class: "secondary", onclick: () => download().catch((e) => result.replaceChildren(failure(e))) }, t("downloadTemplate"))),
    h("section", { class: "card wide" }, h("h2", {}, t("step2")), form),
    h("section", { class: "card wide" }, h("h2", {}, t("step3")), result));
}
