// HR import course results from a learning system's export (.csv or .xlsx): the request
// waits for the rows, then each row's fate is shown - recorded, already in, or refused
// with its reason. Importing the same file again changes nothing.
import { api } from "/shared/auth.js";
import { fieldLabel, message, t } from "../i18n.js";
import { failure, h } from "../ui.js";

// An import's rows of one fate as a table (also the performance import's).
export function rows(caption, items, columns) {
  if (!items.length) return null;
  return h("table", { class: "grid" }, h("caption", {}, `${caption} (${items.length})`),
    h("thead", {}, h("tr", {}, ...columns.map(([label]) => h("th", { scope: "col" }, label)))),
    h("tbody", {}, ...items.map((item) => h("tr", {}, ...columns.map(([, render]) => h("td", {}, render(item)))))));
}

export function trainingImportView(main) {
  const result = h("div", { class: "import-result", "aria-live": "polite" });
  const input = h("input", { type: "file", id: "training-export", accept: ".csv,.xlsx", required: true });
  const button = h("button", { type: "submit" }, t("trImportButton"));
  const form = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    const file = input.files[0];
    if (!file) return;
    button.disabled = true;
    result.replaceChildren(h("p", { class: "state", role: "status" }, h("progress", {}), " ", t("uploading")));
    try {
      // Bytes as they are: an export in GBK is not UTF-8 text.
      const body = await api("/training/import", { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: file });
      result.replaceChildren(...[
        h("p", { class: "summary" }, t("trImportDone", body.recorded.length, body.unchanged.length, new Set(body.errors.map((e) => e.row)).size)),
        body.finished ? null : h("p", { class: "error", role: "alert" }, t("trNotFinished")),
        rows(t("trRecordedRows"), body.recorded, [[t("row"), (r) => r.row], [t("trEmployeeNo"), (r) => r.employee_number],
          [t("trCourse"), (r) => r.course_id], [t("status"), (r) => t("trOutcome")[r.outcome] || r.outcome]]),
        rows(t("errors"), body.errors, [[t("row"), (r) => r.row], [t("field"), (r) => fieldLabel(r.field)],
          [t("message"), (r) => message(r.code, r.params, r.message)]]),
      ].filter(Boolean));
    } catch (error) {
      result.replaceChildren(failure(error));
    } finally {
      button.disabled = false;
    }
  } }, h("label", { for: "training-export" }, t("trImportFile")), input, button);
  main.replaceChildren(h("h1", {}, t("trImport")),
    h("section", { class: "card wide" }, h("p", { class: "hint" }, t("trImportHelp")), form),
    h("section", { class: "card wide" }, result));
}
