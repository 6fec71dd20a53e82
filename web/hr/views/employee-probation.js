// The probation review (转正评估) in the HR app: the employee page's section (the end date
// and days left, the decision form with a 0-100 score per competency next to the
// interview's score, the reviews so far) and the list of reviews due for "my tasks".
// The server says who may decide (the view's ``actions``) and refuses everyone else.
import { api } from "/shared/auth.js";
import { dimensionName, errorFields, errorMessage, fieldLabel } from "../i18n.js";
import { tp, tpNamed } from "../i18n-probation.js";
import { can, colon, confirmDialog, day, empty, h, load, when } from "../ui.js";

const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const probationPath = (employeeId) => `/employees/${encodeURIComponent(employeeId)}/probation`;
// The day after an ISO date (an extension ends after the current end).
const nextDay = (iso) => { const d = new Date(`${iso}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1); return d.toISOString().slice(0, 10); };
const score = (value) => (value === null || value === undefined ? "–" : String(value));
const OUTCOMES = ["confirmed", "extended", "not_confirmed"];

// The weighted mean of the scores typed so far (as the server computes the overall).
function weightedOverall(dimensions, scores) {
  const known = dimensions.filter((d) => scores[d.key] !== "" && scores[d.key] !== undefined && !Number.isNaN(Number(scores[d.key])));
  const total = known.reduce((sum, d) => sum + d.weight, 0);
  if (!known.length || !total) return null;
  return Math.round((known.reduce((sum, d) => sum + d.weight * Number(scores[d.key]), 0) / total) * 10) / 10;
}

function outcomeTag(outcome) {
  return h("span", { class: `status probation-${outcome}`, "data-outcome": outcome }, tpNamed("outcomeNames", outcome));
}

// ------------------------------------------------------------------ the state
function summary(view) {
  if (!view.probation_end) return h("p", { id: "probation-end", class: "state" }, tp("noProbation"));
  const left = view.open && view.days_left !== null
    ? h("span", { id: "probation-days-left", class: view.days_left < 0 ? "late-flag" : "" }, ` · ${tp("daysLeft", view.days_left)}`)
    : null;
  return h("div", {},
    h("p", { id: "probation-end" }, h("strong", {}, tp("endsOn", day(view.probation_end))), left,
      view.period > 1 && view.open ? ` · ${tp("period", view.period)}` : null),
    view.decided ? h("p", { id: "probation-decided" }, tp("over", tpNamed("outcomeNames", view.decided)), " ", outcomeTag(view.decided)) : null,
    h("p", { class: "hint" }, `${tp("manager")}${colon()}${view.manager_name || tp("noManager")}`,
      view.asked_at && view.open ? ` · ${tp("askedOn", when(view.asked_at))}` : null));
}

// ------------------------------------------------------------------ the decision
function decisionForm(view, me, done) {
  const reasons = {};
  const reason = (name) => (reasons[name] = h("p", { class: "field-error", id: `probation-${name.replace(/\./g, "-")}-error`, role: "alert" }));
  const message = h("div", { "aria-live": "polite" });

  const radios = OUTCOMES.map((outcome) => h("label", { class: "choice" },
    h("input", { type: "radio", name: "outcome", value: outcome, required: true, id: `probation-outcome-${outcome}` }), " ", tpNamed("outcomes", outcome)));
  const outcomeBox = h("fieldset", { id: "probation-outcome" }, h("legend", {}, tp("outcomeLegend")), ...radios, reason("outcome"));

  const inputs = {};
  const overall = h("output", { id: "probation-overall", for: view.dimensions.map((d) => `probation-score-${d.key}`).join(" ") }, "–");
  const refreshOverall = () => {
    const typed = Object.fromEntries(Object.entries(inputs).map(([key, input]) => [key, input.value]));
    const value = weightedOverall(view.dimensions, typed);
    overall.textContent = tp("overallVs", value === null ? "–" : value, view.baseline_overall);
  };
  const rows = view.dimensions.map((d) => {
    const input = h("input", { type: "number", min: 0, max: 100, step: 1, required: true, id: `probation-score-${d.key}`,
      name: `score-${d.key}`, inputmode: "numeric", "aria-describedby": `probation-scores-${d.key}-error`, oninput: refreshOverall });
    inputs[d.key] = input;
    return h("tr", { "data-dimension": d.key },
      h("th", { scope: "row" }, h("label", { for: input.id }, dimensionName(d))),
      h("td", { "data-label": tp("weight") }, `${Math.round(d.weight * 100)}%`),
      h("td", { "data-label": tp("interview"), class: "baseline" }, score(d.baseline)),
      h("td", { "data-label": tp("score") }, input, reason(`scores.${d.key}`)));
  });
  const scoresBox = h("fieldset", { id: "probation-scores" }, h("legend", {}, tp("scoresLegend")),
    h("table", { class: "grid cards-on-phone" },
      h("thead", {}, h("tr", {}, ...[tp("dimension"), tp("weight"), tp("interview"), tp("score")].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, ...rows)),
    h("p", {}, `${tp("overall")}${colon()}`, overall), reason("scores"));

  const comment = h("textarea", { id: "probation-comment", name: "comment", rows: 4, maxlength: 4000, required: true, "aria-describedby": "probation-comment-error" });
  const commentBox = h("div", { class: "field" }, h("label", { for: "probation-comment" }, tp("comment")), comment, reason("comment"));

  const newEnd = h("input", { type: "date", id: "probation-extended-to", name: "extended_to", max: view.longest_end,
    min: nextDay(view.probation_end), "aria-describedby": "probation-extended-to-hint probation-extended_to-error" });
  const extendBox = h("div", { class: "field", id: "probation-extend", hidden: true },
    h("label", { for: "probation-extended-to" }, tp("extendedTo")), newEnd,
    h("p", { class: "hint", id: "probation-extended-to-hint" }, tp("extendedToHint", day(view.longest_end))), reason("extended_to"));
  const chosen = () => (radios.map((r) => r.querySelector("input")).find((i) => i.checked) || {}).value;
  outcomeBox.addEventListener("change", () => {
    const extending = chosen() === "extended";
    extendBox.hidden = !extending;
    newEnd.required = extending;
  });

  // HR or HQ deciding for the employee's manager: both are recorded, say so.
  const forManager = view.manager_id && view.manager_id !== me.user_id
    ? h("p", { class: "hint", id: "probation-on-behalf" }, tp("onBehalf", view.manager_name || view.manager_id)) : null;

  const form = h("form", { id: "probation-form", class: "probation-form", onsubmit: async (event) => {
    event.preventDefault();
    for (const node of Object.values(reasons)) node.textContent = "";
    message.replaceChildren();
    const outcome = chosen();
    const body = {
      period: view.period,
      outcome,
      scores: Object.fromEntries(Object.entries(inputs).map(([key, input]) => [key, input.value === "" ? null : Number(input.value)])),
      comment: comment.value.trim(),
    };
    if (outcome === "extended" && newEnd.value) body.extended_to = newEnd.value;
    if (!(await confirmDialog(tp("confirmSave", tpNamed("outcomeNames", outcome))))) return;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      done(tp("saved"), await api(probationPath(view.employee_id), json("POST", body)));
    } catch (error) {
      // Each reason under its field; the others with the general message.
      const rest = [];
      for (const f of errorFields(error)) {
        if (reasons[f.field]) reasons[f.field].textContent = f.text;
        else rest.push(f);
      }
      message.replaceChildren(h("div", { class: "state error", role: "alert" }, h("p", {}, errorMessage(error)),
        rest.length ? h("ul", {}, ...rest.map((f) => h("li", {}, `${fieldLabel(f.field)}${colon()}${f.text}`))) : null));
    } finally { button.disabled = false; }
  } },
    forManager, outcomeBox, extendBox, scoresBox, commentBox,
    h("div", { class: "actions" }, h("button", { type: "submit", id: "probation-save" }, tp("save"))), message);
  refreshOverall();
  return form;
}

// ------------------------------------------------------------------ the reviews so far
function reviewsTable(view) {
  if (!view.reviews.length) return h("p", { class: "state", id: "probation-no-reviews" }, tp("noReviews"));
  const baseline = Object.fromEntries(view.dimensions.map((d) => [d.key, d.baseline]));
  const cols = [tp("reviewPeriod"), tp("reviewOutcome"), tp("reviewOverall"), tp("reviewScores"), tp("reviewComment"), tp("reviewBy"), tp("reviewAt")];
  return h("table", { class: "grid cards-on-phone", id: "probation-reviews" },
    h("thead", {}, h("tr", {}, ...cols.map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, ...view.reviews.map((r) => h("tr", { "data-period": r.period },
      h("td", { "data-label": cols[0] }, String(r.period)),
      h("td", { "data-label": cols[1] }, outcomeTag(r.outcome),
        r.extended_to ? h("div", { class: "hint" }, `${tp("reviewNewEnd")}${colon()}${day(r.extended_to)}`) : null),
      h("td", { "data-label": cols[2] }, tp("overallVs", r.overall, view.baseline_overall)),
      h("td", { "data-label": cols[3] }, h("ul", { class: "plain" }, ...r.scores.map((s) => h("li", { "data-dimension": s.key },
        `${dimensionName(s)}${colon()}${tp("overallVs", s.score, baseline[s.key])}`)))),
      h("td", { "data-label": cols[4], class: "pre" }, r.comment),
      h("td", { "data-label": cols[5] }, r.reviewer, r.on_behalf_of ? tp("forManager", r.on_behalf_of_name || r.on_behalf_of) : null),
      h("td", { "data-label": cols[6] }, when(r.decided_at))))));
}

// ------------------------------------------------------------------ the section
// The employee page's section: loads the probation, re-reads it after a decision.
export async function probationSection(employee, me) {
  const body = h("div");
  const section = h("section", { class: "card wide", id: "probation", "aria-labelledby": "probation-title" },
    h("h2", { id: "probation-title" }, tp("title")), body);
  let flash = "";
  const render = (view) => {
    const said = flash ? h("p", { class: "ok", role: "status" }, flash) : null;
    flash = "";
    return [said, summary(view),
      view.actions.includes("decide") ? decisionForm(view, me, (text, after) => { flash = text; load(body, async () => render(after)); }) : null,
      view.probation_end ? h("h3", {}, tp("reviewsTitle")) : null,
      view.probation_end ? reviewsTable(view) : null].filter(Boolean);
  };
  await load(body, async () => render(await api(probationPath(employee.id))));
  return section;
}

// ------------------------------------------------------------------ the reviews due
// For "my tasks": the caller's people whose probation ends within 30 days (or has ended)
// without a decision - a manager's own, HR's branch, HQ's every branch.
export async function probationDueList(me) {
  if (!can(me, "probation.review")) return null;
  const body = h("div");
  const section = h("section", { class: "card wide", id: "probation-due", "aria-labelledby": "probation-due-title" },
    h("h2", { id: "probation-due-title" }, tp("dueTitle")), body);
  await load(body, async () => {
    const items = await api("/probation/due");
    if (!items.length) return empty(tp("dueEmpty"));
    const cols = [tp("employee"), tp("number"), tp("position"), tp("ends"), tp("left"), tp("asked")];
    return h("table", { class: "grid cards-on-phone", id: "probation-due-list" },
      h("thead", {}, h("tr", {}, ...cols.map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, ...items.map((item) => h("tr", { "data-employee": item.employee_id, class: item.days_left < 0 ? "late" : "" },
        h("td", { "data-label": cols[0] }, h("a", { href: `#/employees/${encodeURIComponent(item.employee_id)}` }, item.name)),
        h("td", { "data-label": cols[1] }, item.number),
        h("td", { "data-label": cols[2] }, item.position_title),
        h("td", { "data-label": cols[3] }, day(item.probation_end)),
        h("td", { "data-label": cols[4], class: item.days_left < 0 ? "late-flag" : "" },
          item.days_left < 0 ? tp("overdue", -item.days_left) : tp("daysLeft", item.days_left)),
        h("td", { "data-label": cols[5] }, item.asked ? tp("yes") : tp("no"))))));
  });
  return section;
}
