// Performance in the HR app (docs/analytics.md): the employee page's section - reviews with
// each competency's score next to the assessed one, the gap highlighted, the training the
// 15 % rule suggested with its evidence (accept, dismiss), a record-review form - the
// import page, and HQ's KPI-formula editor. The server decides who may see and do what.
import { api } from "/shared/auth.js";
import { dimensionName, errorMessage, fieldLabel, message, placeName } from "../i18n.js";
import { tf, tfNamed } from "../i18n-performance.js";
import { can, confirmDialog, empty, failure, h, load, when } from "../ui.js";
import { rows } from "./training-import.js";

const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const employeePath = (id) => `/employees/${encodeURIComponent(id)}`;
const num = (value) => (value === null || value === undefined ? "–" : String(Math.round(value * 10) / 10));
const pct = (gap) => Math.round(Math.abs(gap) * 1000) / 10;

// ------------------------------------------------------------------ the reviews
function gapCell(compared) {
  if (compared.gap === null || compared.gap === undefined) return h("td", {}, "–");
  const text = compared.gap > 0 ? tf("below", pct(compared.gap)) : tf("above", pct(compared.gap));
  return h("td", { class: compared.below ? "gap late-flag" : "gap", "data-below": String(compared.below) },
    compared.below ? h("strong", {}, text) : text);
}

function reviewsTable(view) {
  if (!view.reviews.length) return empty(tf("noReviews"));
  const names = Object.fromEntries(view.dimensions.map((d) => [d.key, dimensionName(d)]));
  return h("div", { id: "performance-reviews" }, ...view.reviews.map(({ review, dimensions }) => h("article", { class: "review", "data-period": review.period },
    h("h3", {}, `${review.period} · ${tf("overall")} ${num(review.overall)}`),
    h("p", { class: "hint" }, [tfNamed("sources", review.source), review.reviewer_name, review.formula_version ? tf("formulaVersion", review.formula_version) : null]
      .filter(Boolean).join(" · ")),
    h("table", { class: "grid" },
      h("thead", {}, h("tr", {}, ...[tf("dimension"), tf("assessed"), tf("performance"), tf("gap")].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, ...dimensions.map((d) => h("tr", { "data-key": d.key },
        h("th", { scope: "row" }, names[d.key] || d.key), h("td", {}, num(d.assessed)), h("td", {}, num(d.performance)), gapCell(d))))),
    review.kpis.length ? h("p", { class: "hint" }, review.kpis.map((k) => `${k.key} ${k.value} → ${num(k.score)}`).join(" · ")) : null,
    review.comment ? h("p", {}, `${tf("comment")}: ${review.comment}`) : null)));
}

// ------------------------------------------------------------------ the suggestions
function suggestionsList(employeeId, suggestions, done) {
  if (!suggestions.length) return empty(tf("noSuggestions"));
  return h("ul", { id: "performance-suggestions", class: "plain" }, ...suggestions.map((s) => {
    const name = placeName(s.dimension_name, s.dimension_name_zh);
    const path = `${employeePath(employeeId)}/training-suggestions/${encodeURIComponent(s.id)}`;
    const act = async (what, body) => {
      try { done(await api(`${path}/${what}`, json("POST", body || {}))); } catch (error) { alert(errorMessage(error)); }
    };
    const dismiss = async () => {
      const answers = await confirmDialog(tf("dismiss"), [{ name: "reason", label: tf("reason"), required: true }]);
      if (answers) act("dismiss", { reason: answers.reason });
    };
    return h("li", { class: "suggestion", "data-dimension": s.dimension, "data-status": s.status },
      h("p", {}, h("strong", {}, tf("suggestionLine", name, num(s.performance), num(s.assessed), pct(s.gap), s.period)),
        " ", h("span", { class: `status suggestion-${s.status}` }, tfNamed("statuses", s.status))),
      h("p", {}, `${tf("courses")}: `, s.courses.map((c) => placeName(c.title, c.title_zh)
        + (c.added === true ? ` (${tf("added")})` : c.added === false ? ` (${tf("onPlan")})` : "")).join(", ")),
      s.evidence.length ? h("div", {}, h("p", { class: "hint" }, tf("evidence")), h("ul", {}, ...s.evidence.map((line) => h("li", {}, line)))) : null,
      s.review_comment ? h("p", { class: "hint" }, `${tf("reviewSaid")}: ${s.review_comment}`) : null,
      s.reason ? h("p", { class: "hint" }, `${tf("reason")} ${s.reason}`) : null,
      s.decided_at ? h("p", { class: "hint" }, `${s.decided_by} · ${when(s.decided_at)}`) : null,
      s.status === "open" ? h("p", { class: "actions" },
        h("button", { type: "button", onclick: () => act("accept") }, tf("accept")), " ",
        h("button", { type: "button", class: "secondary", onclick: dismiss }, tf("dismiss"))) : null);
  }));
}

// ------------------------------------------------------------------ recording a review
function reviewForm(view, done) {
  const field = (id, label, attrs = {}) => {
    const input = h("input", { id, name: id, ...attrs });
    return [input, h("label", { for: id }, label, " ", input)];
  };
  const [period, periodLabel] = field("performance-period", tf("period"), { required: true, pattern: "\\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?", placeholder: "2026-H1" });
  const scores = view.dimensions.map((d) => [d.key, ...field(`performance-score-${d.key}`, `${dimensionName(d)} (${num(d.assessed)})`, { type: "number", min: 0, max: 100, step: "0.1" })]);
  const kpis = (view.formula ? view.formula.terms : []).map((term) => [term.key, ...field(`performance-kpi-${term.key}`, placeName(term.name, term.name_zh), { type: "number", step: "any" })]);
  const [overall, overallLabel] = field("performance-overall", `${tf("overall")} (${tf("overallHint")})`, { type: "number", min: 0, max: 100, step: "0.1" });
  const comment = h("textarea", { id: "performance-comment", maxlength: 4000 });
  const said = h("div", { "aria-live": "polite" });
  const form = h("form", { id: "performance-form", onsubmit: async (event) => {
    event.preventDefault();
    const filled = (pairs) => Object.fromEntries(pairs.filter(([, input]) => input.value !== "").map(([key, input]) => [key, Number(input.value)]));
    const body = { period: period.value.trim(), dimensions: filled(scores), kpis: filled(kpis), comment: comment.value };
    if (overall.value !== "") body.overall = Number(overall.value);
    try {
      done(await api(`${employeePath(view.employee_id)}/performance`, json("POST", body)), tf("saved"));
    } catch (error) {
      said.replaceChildren(h("p", { class: "error", role: "alert" }, errorMessage(error)),
        ...(error.errors || []).map((e) => h("p", { class: "field-error" }, `${fieldLabel(e.field)}: ${message(e.code, e.params, e.message)}`)));
    }
  } },
  h("p", { class: "hint" }, tf("periodHint")), periodLabel,
  h("fieldset", {}, h("legend", {}, tf("performance")), ...scores.map(([, , label]) => label)),
  kpis.length ? h("fieldset", {}, h("legend", {}, tf("kpis")), ...kpis.map(([, , label]) => label)) : null,
  overallLabel, h("label", { for: "performance-comment" }, tf("comment"), " ", comment), said,
  h("button", { type: "submit" }, tf("save")));
  return h("details", {}, h("summary", {}, tf("recordTitle")), form);
}

export async function performanceSection(employee, me) {
  if (!can(me, "performance.review")) return null;
  const body = h("div");
  const section = h("section", { class: "card wide", id: "performance", "aria-labelledby": "performance-title" },
    h("h2", { id: "performance-title" }, tf("title")), body);
  const render = async (flash) => {
    const [view, suggestions] = await Promise.all([
      api(`${employeePath(employee.id)}/performance`),
      api(`${employeePath(employee.id)}/training-suggestions`),
    ]);
    const again = (text) => load(body, () => render(text));
    return [flash ? h("p", { class: "ok", role: "status" }, flash) : null,
      h("p", { class: "hint" }, `${tf("assessedFrom", view.assessment.source)} · ${tf("threshold", pct(view.threshold))}`),
      reviewsTable(view),
      h("h3", {}, tf("suggestionsTitle")), suggestionsList(employee.id, suggestions, () => again()),
      view.actions.includes("review") ? reviewForm(view, (_, text) => again(text)) : null].filter(Boolean);
  };
  await load(body, () => render());
  return section;
}

// ------------------------------------------------------------------ the import page
export function performanceImportView(main) {
  const result = h("div", { class: "import-result", "aria-live": "polite" });
  const input = h("input", { type: "file", id: "performance-file", accept: ".csv,.xlsx", required: true });
  const button = h("button", { type: "submit" }, tf("importButton"));
  const form = h("form", { onsubmit: async (event) => {
    event.preventDefault();
    const file = input.files[0];
    if (!file) return;
    button.disabled = true;
    try {
      const body = await api("/performance/import", { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: file });
      result.replaceChildren(...[
        h("p", { class: "summary" }, tf("importDone", body.recorded.length, body.unchanged.length, new Set(body.errors.map((e) => e.row)).size)),
        rows(tf("recorded"), body.recorded, [[tf("row"), (r) => r.row], [tf("employeeNo"), (r) => r.employee_number],
          [tf("period"), (r) => r.period], [tf("overall"), (r) => num(r.overall)], [tf("source"), (r) => tfNamed("outcomes", r.outcome)]]),
        rows(tf("errors"), body.errors, [[tf("row"), (r) => r.row], [tf("field"), (r) => fieldLabel(r.field)],
          [tf("message"), (r) => message(r.code, r.params, r.message)]]),
      ].filter(Boolean));
    } catch (error) {
      result.replaceChildren(failure(error));
    } finally {
      button.disabled = false;
    }
  } }, h("label", { for: "performance-file" }, tf("importFile")), input, button);
  main.replaceChildren(h("h1", {}, tf("importTitle")),
    h("section", { class: "card wide" }, h("p", { class: "hint" }, tf("importHelp")), form),
    h("section", { class: "card wide" }, result));
}

// ------------------------------------------------------------------ HQ's KPI formulas
function termRow(term = {}) {
  const cell = (name, attrs) => h("td", {}, h("input", { name, "aria-label": tf(name), value: term[name] ?? "", ...attrs }));
  const scale = h("select", { name: "scale", "aria-label": tf("scale") },
    ...["completion", "percent", "points"].map((s) => h("option", { value: s, selected: (term.scale || "percent") === s }, tfNamed("scales", s))));
  const row = h("tr", { class: "term" }, cell("key", { pattern: "[a-z][a-z0-9_]{0,39}", required: true }), cell("name", { required: true }), cell("nameZh"),
    h("td", {}, h("input", { name: "weight", type: "number", min: 1, max: 100, required: true, "aria-label": tf("weight"), value: term.weight ? Math.round(term.weight * 100) : "" })),
    h("td", {}, scale), cell("target", { type: "number", step: "any", value: term.target ?? 1 }), cell("cap", { type: "number", value: term.cap ?? 100 }),
    cell("outOf", { type: "number", step: "any", value: term.out_of ?? 5 }),
    h("td", {}, h("button", { type: "button", class: "secondary", onclick: () => row.remove() }, tf("removeTerm"))));
  if (term.name_zh) row.querySelector("[name=nameZh]").value = term.name_zh;
  return row;
}

export function kpiFormulasView(main) {
  const body = h("div");
  main.replaceChildren(h("h1", {}, tf("formulaTitle")), h("section", { class: "card wide" }, body));
  load(body, async () => {
    const positions = await api("/positions");
    const picker = h("select", { id: "formula-position", "aria-label": tf("position") },
      ...positions.map((p) => h("option", { value: p.id }, placeName(p.title, p.title_zh))));
    const editor = h("div");
    const show = (flash) => load(editor, async () => {
      const view = await api(`/positions/${encodeURIComponent(picker.value)}/kpi-formula`);
      const tbody = h("tbody", {}, ...(view.current ? view.current.terms : [{}]).map(termRow));
      const said = h("div", { "aria-live": "polite" });
      const form = h("form", { onsubmit: async (event) => {
        event.preventDefault();
        const terms = [...tbody.querySelectorAll("tr.term")].map((tr) => {
          const v = (name) => tr.querySelector(`[name=${name}]`).value;
          return { key: v("key"), name: v("name"), name_zh: v("nameZh") || null, weight: Number(v("weight")) / 100, scale: v("scale"),
            target: Number(v("target")) || 1, cap: Number(v("cap")) || 100, out_of: Number(v("outOf")) || 5 };
        });
        try {
          await api(`/positions/${encodeURIComponent(picker.value)}/kpi-formula`, json("PUT", { terms }));
          show(tf("formulaSaved"));
        } catch (error) {
          said.replaceChildren(h("p", { class: "error", role: "alert" }, errorMessage(error)));
        }
      } },
      h("table", { class: "grid" }, h("thead", {}, h("tr", {}, ...["key", "name", "nameZh", "weight", "scale", "target", "cap", "outOf", ""].map((k) => h("th", { scope: "col" }, k ? tf(k) : "")))), tbody),
      h("p", {}, h("button", { type: "button", class: "secondary", onclick: () => tbody.append(termRow()) }, tf("addTerm"))), said,
      h("button", { type: "submit" }, tf("saveFormula")));
      return [flash ? h("p", { class: "ok", role: "status" }, flash) : null,
        h("p", { class: "hint" }, view.current ? tf("version", view.current.version, view.current.updated_by) : tf("noFormula")), form].filter(Boolean);
    });
    picker.addEventListener("change", () => show());
    show();
    return [h("label", { for: "formula-position" }, tf("position"), " ", picker), editor];
  });
}
