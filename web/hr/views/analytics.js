// 人才分析 / Analytics: what the scheduled job computed, read only. HQ sees every section
// (validity, weight proposals with Apply / Dismiss, groups, calibration, fairness, the
// demographic questions); branch HR see their branch's group view, a manager the people
// reporting to them (the server decides which). Every chart has its table of numbers.
import { api } from "/shared/auth.js";
import { errorMessage, placeName } from "../i18n.js";
import { ta, taNamed } from "../i18n-analytics.js";
import { histograms, intervalBars, quadrantScatter, ratioBars } from "../charts.js";
import { can, confirmDialog, empty, failure, h, load, when } from "../ui.js";

const HQ_SECTIONS = ["overview", "validity", "proposals", "groups", "calibration", "fairness", "demographics"];
const named = (n) => (n ? placeName(n.name, n.name_zh) : "");
const num = (v, digits = 2) => (v === null || v === undefined ? "–" : Number(v).toFixed(digits));
const pct = (v) => `${Math.round(v * 1000) / 10}%`;
const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

function grid(caption, columns, rows, rowAttrs = () => ({})) {
  return h("table", { class: "grid" }, caption ? h("caption", {}, caption) : null,
    h("thead", {}, h("tr", {}, ...columns.map(([label]) => h("th", { scope: "col" }, label)))),
    h("tbody", {}, ...rows.map((row) => h("tr", rowAttrs(row), ...columns.map(([, render]) => h("td", {}, render(row)))))));
}

function figure(chart, table) {
  return h("div", { class: "chart-pair" }, h("figure", {}, chart), table);
}

// ------------------------------------------------------------------ overview
async function overview() {
  const o = await api("/analytics/overview");
  const run = o.last_run;
  const alertText = (a) => {
    if (a.kind === "calibration") return ta("alertCalibration", named(a.position), named(a.branch), a.flagged, num(a.p_value, 4));
    if (a.kind === "fairness") return ta("alertFairness", a.position ? named(a.position) : ta("company"), taNamed("stages", a.stage), a.category, a.value, num(a.impact_ratio));
    return ta("alertProposal", named(a.position));
  };
  return h("section", { class: "card wide", id: "analytics-overview" },
    h("p", {}, run ? ta("lastRun", when(run.finished_at), run.mode, run.employees, run.reviews, num(run.seconds, 1)) : ta("neverRun")),
    h("p", { class: "hint" }, ta("synthetic")),
    h("p", {}, ta("counts", o.positions, o.positions_with_enough_data, o.open_proposals)),
    h("h2", {}, ta("alerts")),
    o.alerts.length ? h("ul", { id: "analytics-alerts" }, ...o.alerts.map((a) => h("li", { class: `alert-${a.kind}` }, alertText(a)))) : empty(ta("noAlerts")));
}

// ------------------------------------------------------------------ validity
function validityCard(v) {
  const order = new Map(v.ranked.map((key, i) => [key, i]));
  const dims = [...v.dimensions].sort((a, b) => (order.get(a.key) ?? 99) - (order.get(b.key) ?? 99));
  const body = v.dimensions.some((d) => d.enough)
    ? figure(
      intervalBars(dims.map((d) => ({ label: placeName(d.name, d.name_zh), value: d.enough ? d.r : null, low: d.ci_low, high: d.ci_high })),
        { label: `${named(v.position)}: r`, empty: ta("notEnough", v.n, v.min_n) }),
      grid(null, [[ta("rank"), (d) => (order.has(d.key) ? order.get(d.key) + 1 : "–")], [ta("dimension"), (d) => placeName(d.name, d.name_zh)],
        [ta("r"), (d) => (d.enough ? num(d.r) : ta("notEnough", d.n, v.min_n))], [ta("ci"), (d) => (d.enough ? `[${num(d.ci_low)}, ${num(d.ci_high)}]` : "–")],
        [ta("n"), (d) => d.n], [ta("p"), (d) => num(d.p_value, 4)]], dims))
    : h("p", { class: "state not-enough" }, ta("notEnough", v.n, v.min_n));
  return h("section", { class: "card wide", "data-position": v.position.id },
    h("h2", {}, named(v.position)), h("p", { class: "hint" }, ta("employeesN", v.n)), body);
}

async function validity() {
  const results = await api("/analytics/validity");
  return h("div", { id: "validity" }, h("p", { class: "hint" }, ta("validityHelp")),
    results.length ? results.map(validityCard) : empty(ta("neverRun")));
}

// ------------------------------------------------------------------ weight proposals
function impactTable(stage) {
  if (!stage) return h("p", { class: "error" }, ta("impactMissing"));
  return figure(
    ratioBars(stage.cells.map((c) => ({ label: `${c.category}: ${c.value}`, value: c.suppressed ? null : c.impact_ratio, note: ta("suppressed") })),
      { label: ta("impactTitle") }),
    fairnessTable(stage));
}

function refusal(p) {
  if (!p.adverse_impact) return ta("refusedMissing");
  const alerts = p.adverse_impact.cells.filter((c) => c.alert || (c.impact_ratio !== null && c.impact_ratio < 0.8));
  return alerts.length ? ta("refusedAlert", alerts.length) : "";
}

function proposalCard(initial, me, dimensionNames = {}) {
  const card = h("section", { class: "card wide proposal", "data-proposal": initial.id });
  const draw = (p, note = "") => {
    const keys = Object.keys(p.proposed);
    const delta = Math.round((p.current_error - p.proposed_error) * 10) / 10;
    const why = refusal(p);
    const actions = p.status === "proposed" && can(me, "analytics.decide")
      ? h("div", { class: "actions" },
        h("button", { type: "button", class: "apply", disabled: Boolean(why), "aria-describedby": why ? `why-${p.id}` : null, onclick: async () => {
          if (!window.confirm(ta("applyConfirm", p.template_id))) return;
          try {
            const done = await api(`/analytics/weight-proposals/${encodeURIComponent(p.id)}/apply`, json("POST", { revision: p.revision }));
            draw(done.proposal, ta("applied", done.template_version, done.positions.length));
          } catch (error) { draw(p, errorMessage(error)); }
        } }, ta("apply")),
        h("button", { type: "button", class: "secondary dismiss", onclick: async () => {
          const values = await confirmDialog(ta("dismiss"), [{ name: "reason", label: ta("dismissReason"), multiline: true, required: true }]);
          if (!values) return;
          try {
            draw(await api(`/analytics/weight-proposals/${encodeURIComponent(p.id)}/dismiss`, json("POST", { reason: values.reason, revision: p.revision })), ta("dismissed"));
          } catch (error) { draw(p, errorMessage(error)); }
        } }, ta("dismiss")),
        why ? h("p", { class: "hint refused", id: `why-${p.id}` }, why) : null)
      : null;
    card.replaceChildren(...[
      h("div", { class: "title-row" }, h("h2", {}, named(p.position)), h("span", { class: `status proposal-${p.status}` }, taNamed("status", p.status))),
      p.decided_by ? h("p", { class: "hint" }, ta("decidedBy", p.decided_by, when(p.decided_at)), p.dismissed_reason ? ` · ${p.dismissed_reason}` : "") : null,
      grid(null, [[ta("dimension"), (k) => dimensionNames[k] || k], [ta("current"), (k) => pct(p.current[k] ?? 0)], [ta("proposed"), (k) => pct(p.proposed[k])]], keys),
      h("p", { class: "errors" }, ta("errors", num(p.current_error, 1), num(p.proposed_error, 1), p.folds), " ", delta >= 0 ? ta("better", delta) : ta("worse", -delta)),
      h("p", { class: "hint" }, `${ta("method")}: ${p.method}. ${ta("fittedTo", p.template_id, p.template_version, p.n)}`),
      h("h3", {}, ta("impactTitle")), impactTable(p.adverse_impact),
      note ? h("p", { role: "status", class: "ok" }, note) : null, actions].filter(Boolean));
  };
  draw(initial);
  return card;
}

async function proposals(me) {
  // The dimensions' names come with the validity results of the same position.
  const [found, validityResults] = await Promise.all([api("/analytics/weight-proposals"), api("/analytics/validity")]);
  const names = Object.fromEntries(validityResults.map((v) => [v.position.id,
    Object.fromEntries(v.dimensions.map((d) => [d.key, placeName(d.name, d.name_zh)]))]));
  return h("div", { id: "proposals" }, h("p", { class: "hint" }, ta("proposalsHelp")),
    found.length ? found.map((p) => proposalCard(p, me, names[p.position.id])) : empty(ta("noProposals")));
}

// ------------------------------------------------------------------ groups
function individualsTable(caption, people) {
  return people.length
    ? grid(caption, [[ta("number"), (i) => i.number], [ta("name"), (i) => i.name], [ta("department"), (i) => i.department],
      [ta("position"), (i) => i.position_title], [ta("fit"), (i) => num(i.fit, 1)], [ta("performance"), (i) => num(i.performance, 1)]], people)
    : h("div", {}, h("h3", {}, caption), empty(ta("noIndividuals")));
}

const CORNERS = ["low_fit_high_performance", "high_fit_high_performance", "low_fit_low_performance", "high_fit_low_performance"];

async function groups(me) {
  const g = await api("/analytics/groups");
  if (!g) return h("div", { id: "groups" }, empty(ta("noGroups")));
  const corners = CORNERS.map((q) => taNamed("quadrantNames", q));
  const people = g.high_fit_low_performance;
  const scatter = g.groups.length
    ? figure(quadrantScatter(g.groups.map((p) => ({ label: named(p.group), x: p.fit, y: p.performance, tone: p.kind })),
      { label: ta("groupsHelp"), xLine: g.fit_line, yLine: g.performance_line, xName: ta("fit"), yName: ta("performance"), corners }),
    grid(null, [[ta("group"), (p) => named(p.group)], [ta("groupKind"), (p) => taNamed("kind", p.kind)], [ta("n"), (p) => p.n],
      [ta("fit"), (p) => num(p.fit, 1)], [ta("performance"), (p) => num(p.performance, 1)], [ta("quadrant"), (p) => taNamed("quadrantNames", p.quadrant)]],
    g.groups, (p) => ({ "data-group": p.group.id, "data-quadrant": p.quadrant })))
    : figure(quadrantScatter(people.map((i) => ({ label: i.name, x: i.fit, y: i.performance })),
      { label: ta("yourPeople"), xLine: g.fit_line, yLine: g.performance_line, xName: ta("fit"), yName: ta("performance"), corners }), null);
  const manager = !g.groups.length && !can(me, "analytics.read");
  return h("div", { id: "groups" },
    h("section", { class: "card wide" }, h("p", { class: "hint" }, ta("groupsHelp")), scatter,
      h("ul", { class: "quadrants" }, ...CORNERS.map((q) => h("li", { "data-quadrant": q }, taNamed("quadrants", q))))),
    h("section", { class: "card wide", id: "individuals" }, individualsTable(manager ? ta("yourPeople") : ta("individuals"), people)));
}

// ------------------------------------------------------------------ calibration
function calibrationCard(c) {
  const bins = Array.from({ length: 10 }, (_, i) => `${i * 10}–${i * 10 + 10}`);
  const flag = (b) => (b.flagged === "higher" ? ta("flaggedHigher") : b.flagged === "lower" ? ta("flaggedLower") : ta("notFlagged"));
  return h("section", { class: "card wide", "data-position": c.position.id },
    h("h2", {}, named(c.position)),
    grid(null, [[ta("branch"), (b) => named(b.branch)], [ta("n"), (b) => b.n], [ta("aiScores"), (b) => num(b.ai_mean, 1)],
      [ta("humanScores"), (b) => num(b.human_mean, 1)], [ta("agreement"), (b) => num(b.agreement)], [ta("gap"), (b) => num(b.mean_gap, 1)],
      [ta("shift"), (b) => num(b.shift, 1)], [ta("test"), (b) => b.test], [ta("p"), (b) => num(b.p_value, 4)],
      [ta("flagged"), (b) => (b.flagged ? h("strong", { class: "flag" }, `⚑ ${flag(b)}`) : flag(b))]],
    c.branches, (b) => ({ "data-branch": b.branch.id, class: b.flagged ? "flagged" : null })),
    h("div", { class: "chart-row" }, ...c.branches.map((b) => h("figure", { class: b.flagged ? "flagged" : null },
      h("figcaption", {}, named(b.branch), b.flagged ? ` · ⚑ ${flag(b)}` : ""),
      histograms([{ name: ta("aiScores"), counts: b.ai_histogram, tone: "bar ai" }, { name: ta("humanScores"), counts: b.human_histogram, tone: "bar human" }],
        { label: `${named(b.branch)}: ${ta("bins")}`, binLabels: bins }),
      grid(ta("drift"), [[ta("period"), (d) => d.period], [ta("n"), (d) => d.n], [ta("gap"), (d) => num(d.gap, 1)]], b.drift)))));
}

async function calibration() {
  const results = await api("/analytics/calibration");
  return h("div", { id: "calibration" }, h("p", { class: "hint" }, ta("calibrationHelp")),
    results.length ? results.map(calibrationCard) : empty(ta("neverRun")));
}

// ------------------------------------------------------------------ fairness
function fairnessTable(stage) {
  return grid(null, [[ta("category"), (c) => c.category], [ta("value"), (c) => c.value], [ta("n"), (c) => c.n],
    [ta("selected"), (c) => (c.suppressed ? ta("suppressed") : c.selected ?? "–")], [ta("rate"), (c) => (c.suppressed ? ta("suppressed") : c.rate === null ? "–" : pct(c.rate))],
    [ta("ratio"), (c) => (c.suppressed ? ta("suppressed") : num(c.impact_ratio))], ["", (c) => (c.alert ? h("strong", { class: "flag" }, ta("alert")) : "")]],
  stage.cells, (c) => ({ "data-cell": `${c.category}:${c.value}`, class: c.alert ? "flagged" : c.suppressed ? "suppressed" : null }));
}

function fairnessCard(report) {
  return h("section", { class: "card wide", "data-scope": report.scope },
    h("h2", {}, report.position ? named(report.position) : ta("company")), h("p", { class: "hint" }, ta("candidates", report.candidates)),
    ...report.stages.map((stage) => h("div", { "data-stage": stage.stage }, h("h3", {}, taNamed("stages", stage.stage)),
      figure(ratioBars(stage.cells.map((c) => ({ label: `${c.category}: ${c.value}`, value: c.suppressed ? null : c.impact_ratio, note: ta("suppressed") })),
        { label: taNamed("stages", stage.stage) }), fairnessTable(stage)))));
}

async function fairness() {
  const reports = await api("/analytics/fairness");
  return h("div", { id: "fairness" }, h("p", { class: "hint" }, ta("fairnessHelp")),
    reports.length ? reports.map(fairnessCard) : empty(ta("neverRun")));
}

// ------------------------------------------------------------------ demographic questions
function categoryRow(c = { key: "", en: "", zh: "", options: [] }) {
  const row = h("fieldset", { class: "category" },
    h("label", {}, ta("categoryKey"), h("input", { name: "key", value: c.key, required: true, pattern: "[a-z][a-z0-9_]{0,39}" })),
    h("label", {}, ta("labelEn"), h("input", { name: "en", value: c.en, required: true })),
    h("label", {}, ta("labelZh"), h("input", { name: "zh", value: c.zh, required: true })),
    h("label", {}, ta("options"), h("textarea", { name: "options", rows: 4, required: true }, c.options.map((o) => `${o.key} | ${o.en} | ${o.zh}`).join("\n"))),
    h("button", { type: "button", class: "secondary", onclick: () => row.remove() }, ta("removeCategory")));
  return row;
}

async function demographics() {
  let current = await api("/analytics/demographic-categories");
  const rows = h("div", { class: "categories" }, ...current.categories.map(categoryRow));
  const status = h("div", { "aria-live": "polite" });
  const form = h("form", { id: "demographics", onsubmit: async (event) => {
    event.preventDefault();
    const categories = [...rows.querySelectorAll("fieldset")].map((f) => ({
      key: f.querySelector("[name=key]").value.trim(), en: f.querySelector("[name=en]").value.trim(), zh: f.querySelector("[name=zh]").value.trim(),
      options: f.querySelector("[name=options]").value.split("\n").map((line) => line.split("|").map((s) => s.trim())).filter((p) => p[0])
        .map(([key, en, zh]) => ({ key, en: en || key, zh: zh || en || key })),
    }));
    try {
      current = await api("/analytics/demographic-categories", json("PUT", { categories, revision: current.revision }));
      status.replaceChildren(h("p", { class: "ok", role: "status" }, ta("saved")));
    } catch (error) { status.replaceChildren(failure(error)); }
  } }, h("p", { class: "hint" }, ta("demographicsHelp")), rows,
  current.categories.length ? null : h("p", { class: "state empty" }, ta("noCategories")),
  h("div", { class: "actions" }, h("button", { type: "button", class: "secondary", onclick: () => rows.append(categoryRow()) }, ta("addCategory")),
    h("button", { type: "submit" }, ta("saveCategories"))), status);
  return h("section", { class: "card wide" }, form);
}

// ------------------------------------------------------------------ the page
export function analyticsView(main, section, me) {
  const sections = can(me, "analytics.read") ? HQ_SECTIONS : ["groups"];
  const chosen = sections.includes(section) ? section : sections[0];
  const body = h("div", { id: "analytics", "data-section": chosen });
  main.replaceChildren(h("h1", {}, ta("title")),
    sections.length > 1 ? h("nav", { class: "tabs", "aria-label": ta("title") }, ...sections.map((s) => h("a", {
      href: `#/analytics/${s}`, "aria-current": s === chosen ? "page" : null }, taNamed("sections", s)))) : null,
    body);
  const loaders = { overview, validity, proposals: () => proposals(me), groups: () => groups(me), calibration, fairness, demographics };
  load(body, loaders[chosen]);
}
