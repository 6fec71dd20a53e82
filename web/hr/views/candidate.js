import { api } from "/shared/auth.js";
import { actorName, dimensionName, locale, message, named, placeName, statusName, t } from "../i18n.js";
import { can, clock, confirmDialog, empty, failure, h, load, when } from "../ui.js";
import { manageActions, notesSection, sourceFacts, takeFlash } from "./candidate-extras.js";
import { aiDroppedNote, alternativePanel, attentionPanel, recordingsSection } from "./oversight.js";
import { reviewFileBar } from "./paper.js";
import { whoOpenedLink } from "./audit-reads.js";
import { resumeSection } from "./resume.js";
import { atOfferStage, offerPanel } from "./offer.js";
import { crossCheckSection } from "./cross-check.js";
import { duplicatesSection } from "./duplicates.js";
import { candidateRequestsSection, rejectionNoteField } from "./feedback.js";
import { aiSwitchNote } from "./ai-switch.js";
import { candidatePrivacySection } from "./privacy-requests.js";

function section(title, id, content) {
  return h("section", { class: "card wide", id, "aria-labelledby": `${id}-title` },
    h("h2", { id: `${id}-title` }, title), content);
}

// The lifecycle moves the candidate asynchronously after an invitation or a decision:
// show progress and wait (up to a minute) for the status to change.
async function awaitStatusChange(candidate, container) {
  container.replaceChildren(h("p", { class: "state", role: "status" }, h("progress", {}), " ", t("working")));
  for (let i = 0; i < 60; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = await api(`/candidates/${candidate.id}`).catch(() => candidate);
    if (now.status !== candidate.status) return;
  }
}

// The branch's and the position's names in the reader's language (ids when unreadable).
async function placeNames(candidate) {
  const [branches, position] = await Promise.all([
    api("/branches").catch(() => []),
    api(`/positions/${encodeURIComponent(candidate.position_id)}`).catch(() => null)]);
  const branch = branches.find((b) => b.id === candidate.branch_id);
  return { branch: branch && placeName(branch.name, branch.name_zh), position: position && placeName(position.title, position.title_zh) };
}

const statusReason = (c) => message(c.status_reason_code, c.status_reason_params, c.status_reason);

// ------------------------------------------------------------------ header and actions
function header(candidate, me, refresh, flash, names = {}) {
  const message = h("div", { "aria-live": "polite" }, flash ? h("p", { class: "ok", role: "status" }, flash) : null);
  // Only what the server offers this caller for this candidate (its ``actions``).
  const canManage = can(candidate, "edit");
  const language = h("select", { id: "interview-language", name: "locale", disabled: !canManage },
    h("option", { value: "zh", selected: candidate.locale === "zh" }, "中文"),
    h("option", { value: "en", selected: candidate.locale === "en" }, "English"));
  const actions = [];
  if (canManage) {
    actions.push(h("button", { type: "button", class: "secondary", onclick: async () => {
      try {
        await api(`/candidates/${candidate.id}`, { method: "PATCH", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ locale: language.value, revision: candidate.revision }) });
        refresh(t("languageSaved"));
      } catch (error) { message.replaceChildren(failure(error)); }
    } }, t("save")));
  }
  // In needs_attention the oversight panel offers "invite again" with a message for the
  // candidate: one invite button, not two.
  const reinvitedByPanel = candidate.status === "needs_attention" && can(candidate, "reinvite");
  if (can(candidate, "invite") && !reinvitedByPanel) {
    actions.push(h("button", { type: "button", id: "invite", onclick: async () => {
      if (!(await confirmDialog(t("inviteConfirm")))) return;
      try {
        await api(`/candidates/${candidate.id}/invite`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
        await awaitStatusChange(candidate, message);
        refresh(t("invited"));
      } catch (error) { message.replaceChildren(failure(error)); }
    } }, t("invite")));
  }
  return h("header", { class: "candidate-head" },
    h("h1", {}, candidate.name, " ", h("span", { class: `status ${candidate.status}` }, statusName(candidate.status))),
    candidate.status_reason ? h("p", { class: "reason", role: "note" }, statusReason(candidate)) : null,
    h("dl", { class: "facts" },
      h("dt", {}, t("branch")), h("dd", { id: "candidate-branch" }, names.branch || candidate.branch_id),
      h("dt", {}, t("position")), h("dd", { id: "candidate-position" }, names.position || candidate.position_id),
      h("dt", {}, t("phone")), h("dd", {}, candidate.phone),
      h("dt", {}, t("email")), h("dd", {}, candidate.email),
      ...sourceFacts(candidate)),
    h("div", { class: "actions" }, h("label", { for: "interview-language" }, t("interviewLanguage")), language, ...actions,
      ...manageActions(candidate, message, refresh)),
    can(candidate, "assign") ? assignForm(candidate, refresh) : null,
    message);
}

function assignForm(candidate, refresh) {
  const message = h("span", { "aria-live": "polite" });
  const interviewer = h("select", { name: "interviewer_id", id: "assign-interviewer" }, h("option", { value: "" }, "–"));
  const manager = h("select", { name: "hiring_manager_id", id: "assign-manager" }, h("option", { value: "" }, "–"));
  api(`/users?branch_id=${encodeURIComponent(candidate.branch_id)}`).then((users) => {
    for (const user of users) {
      const option = (selected) => h("option", { value: user.user_id, selected }, user.display_name || user.username);
      if (user.role === "interviewer") interviewer.append(option(user.user_id === candidate.interviewer_id));
      if (user.role === "hiring_manager") manager.append(option(user.user_id === candidate.hiring_manager_id));
    }
  }).catch(() => {});
  const form = h("form", { class: "actions", onsubmit: async (event) => {
    event.preventDefault();
    const body = Object.fromEntries([...new FormData(form).entries()].filter(([, v]) => v));
    try {
      await api(`/candidates/${candidate.id}/assign`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      refresh(t("assigned"));
    } catch (error) { message.replaceChildren(failure(error)); }
  } },
    h("label", { for: "assign-interviewer" }, t("interviewer")), interviewer,
    h("label", { for: "assign-manager" }, t("hiringManager")), manager,
    h("button", { type: "submit", class: "secondary" }, t("assign")), message);
  return form;
}

// ------------------------------------------------------------------ timeline, interview
function timeline(steps) {
  if (!steps.length) return empty();
  return h("ol", { class: "timeline" }, ...steps.map((s) => h("li", {},
    h("strong", {}, statusName(s.status)), " ", h("small", {}, when(s.entered_at)), ` · ${actorName(s.actor)}`,
    s.note ? h("div", { class: "formula" }, message(s.note_code, s.note_params, s.note)) : null)));
}

// Why a recording cannot be used, or why the AI could not judge it: in the reader's language.
const unusable = (a) => message(a.needs_attention_code, a.needs_attention_params, a.needs_attention);
const unjudged = (a) => message(a.insufficient_evidence_code, a.insufficient_evidence_params, a.insufficient_evidence);

function interviewState(state) {
  return h("ul", { class: "plain" },
    h("li", {}, `${t("verified")}: ${state.verified_at ? t("yes") : t("no")} · ${t("consent")}: ${state.consent_at ? t("yes") : t("no")}`),
    ...state.answers.map((a) => h("li", {}, h("strong", {}, a.question_id), `: ${a.attempts} ${t("attempts")}`,
      a.uploaded_at ? ` · ${t("uploaded")}` : "", a.scored_at && !a.insufficient_evidence ? ` · ${t("scored")}` : "",
      a.needs_attention ? h("span", { class: "reason" }, ` · ${unusable(a)}`) : null,
      a.insufficient_evidence ? h("span", { class: "insufficient" }, ` · ${t("insufficientEvidence")}: ${unjudged(a)}`) : null,
      interruptions(a))));
}

// Attempts lost in flight (a reload, a dropped connection): when, why, and a recording
// that arrived later.
function interruptions(answer) {
  if (!(answer.interruptions || []).length) return null;
  return h("ul", { class: "interruptions" }, ...answer.interruptions.map((i) => h("li", { class: "reason" },
    t("interruptedAttempt", i.attempt, i.cause, when(i.interrupted_at)),
    i.late_uploaded_at ? ` · ${t("interruptedLate", when(i.late_uploaded_at))}` : "",
    i.late_uploaded_at && answer.media_key === i.media_key ? ` · ${t("lateIsAnswer")}` : "")));
}

// ------------------------------------------------------------------ the AI report
function scoreRow(name, score) {
  const parts = Object.entries(score.parts).filter(([, v]) => v !== null).map(([k, v]) => `${k} ${Math.round(v)}`).join(", ");
  return h("li", {}, h("strong", {}, `${t(name)} ${Math.round(score.value)}`), ` — ${parts}`, h("div", { class: "formula" }, score.formula));
}

// The question in the reader's language (the report holds both when the template has them).
function questionText(answer) {
  return (locale === "zh" ? answer.question_zh : answer.question_en) || answer.question;
}

function flagText(flag) {
  return typeof flag === "string" ? flag : message(flag.code, flag.params, flag.text || flag.flag);
}

function answerBlock(answer, videoUrl) {
  const a = answer.assessment;
  const video = videoUrl ? h("video", { controls: true, preload: "metadata", src: videoUrl, "aria-label": questionText(answer), "data-question": answer.question_id }) : null;
  const seek = (seconds) => h("button", { type: "button", class: "link seek", "data-start": seconds,
    "aria-label": t("seekTo", clock(seconds)), onclick: () => { if (video) { video.currentTime = seconds; video.play().catch(() => {}); } } }, clock(seconds));
  const body = [h("h3", {}, questionText(answer))];
  const flags = a && (a.flag_codes && a.flag_codes.length ? a.flag_codes : a.flags);
  if (!a) {
    body.push(h("p", { class: answer.needs_attention ? "reason" : "" }, answer.needs_attention ? unusable(answer) : t("notAnswered")));
    return h("article", { class: "answer", "data-question": answer.question_id }, ...body);
  }
  // Insufficient evidence: the AI did not score this answer (left out of every score).
  if (a.insufficient_evidence || !a.scores) {
    body.push(h("div", { class: "answer-grid" }, video,
      h("p", { class: "insufficient", role: "note" }, h("strong", {}, `${t("insufficientEvidence")}: `), message(a.insufficient_evidence_code, a.insufficient_evidence_params, a.insufficient_evidence || ""))));
    if (flags.length) body.push(h("ul", { class: "flags" }, ...flags.map((f) => h("li", {}, flagText(f)))));
    if (a.transcript && a.transcript.segments.length) {
      body.push(h("details", {}, h("summary", {}, t("transcript")),
        h("div", { class: "transcript" }, ...a.transcript.segments.map((s) => h("p", {}, seek(s.start), " ", s.text)))));
    }
    return h("article", { class: "answer not-scored", "data-question": answer.question_id }, ...body);
  }
  body.push(h("div", { class: "answer-grid" }, video,
    h("ul", { class: "plain" }, scoreRow("content", a.scores.content), scoreRow("delivery", a.scores.delivery), scoreRow("presence", a.scores.presence))));
  if (flags.length) body.push(h("ul", { class: "flags" }, ...flags.map((f) => h("li", {}, flagText(f)))));
  if (a.content.rubric.length) {
    body.push(h("h4", {}, t("rubric")), h("ul", { class: "plain rubric" }, ...a.content.rubric.map((r) => h("li", { class: r.covered ? "covered" : "missing" },
      r.covered ? "✓ " : "✗ ", r.label, r.moment ? [" — ", r.via, " ", seek(r.moment.start)] : ` (${t("missing")})`))));
  }
  body.push(h("h4", {}, t("keyMoments")), a.scores.content.moments.length
    ? h("ul", { class: "plain" }, ...a.scores.content.moments.slice(0, 5).map((m) => h("li", {}, seek(m.start), " ", m.text)))
    : empty());
  const heard = t(a.transcript.language === "zh" ? "heardChinese" : "heardEnglish");
  body.push(h("details", {}, h("summary", {}, t("transcript"), ` (${heard})`),
    h("div", { class: "transcript" }, ...a.transcript.segments.map((s) => h("p", {}, seek(s.start), " ", s.text)))));
  return h("article", { class: "answer", "data-question": answer.question_id }, ...body);
}

function report(data, dimensions = [], candidate = null) {
  const named = (key) => dimensionName(dimensions.find((d) => d.key === key)) || key.replace("_", " ");
  const percentile = data.percentile === null ? t("firstScored") : t("percentileOf", Math.round(data.percentile), data.compared_with);
  const notScored = data.not_scored || [];
  return [
    // The AI's weight dropped: no overall, no suggestion; the findings stay as evidence.
    data.ai_dropped ? aiDroppedNote(data.ai_dropped, candidate) : data.overall === null
      ? h("div", { class: "overall" }, h("span", { class: "big", id: "overall-score" }, "–"),
        h("div", {}, h("strong", {}, t("overall")), h("div", { class: "insufficient", id: "no-ai-overall" }, t("noAiOverall"))))
      : h("div", { class: "overall" }, h("span", { class: "big", id: "overall-score" }, Math.round(data.overall)),
        h("div", {}, h("strong", {}, t("overall")), h("div", {}, percentile))),
    notScored.length
      ? h("div", { id: "not-scored", role: "note" }, h("h3", {}, t("notScoredByAi")),
        h("ul", { class: "plain" }, ...notScored.map((n) => h("li", {}, h("strong", {}, (locale === "zh" && n.question_zh) || n.question), ` — ${message(n.code, n.params, n.reason)}`))),
        h("p", {}, h("small", {}, t("notScoredNote"))))
      : null,
    h("p", { id: "suggestion" }, h("strong", {}, `${t("suggestion")}: `), data.ai_dropped ? t("aiDroppedSuggestion")
      : message(data.suggestion_code, { ...data.suggestion_params, probe_name: data.suggestion_params && named(data.suggestion_params.probe || "") }, data.suggestion)),
    h("table", { class: "grid" }, h("thead", {}, h("tr", {}, ...[t("dimension"), t("weight"), t("ai"), t("evidence")].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, ...data.dimensions.map((d) => h("tr", {}, h("th", { scope: "row" }, named(d.key)),
        h("td", {}, `${Math.round(d.weight * 100)}%`), h("td", {}, d.score === null ? "–" : Math.round(d.score)),
        h("td", {}, h("details", {}, h("summary", {}, d.formula),
          h("ul", { class: "plain" }, ...d.evidence.map((e) => h("li", {}, `${e.question_id}: ${Math.round(e.score)}`,
            e.content === null ? ` (${t("notAnswered")})` : ` (${t("content")} ${Math.round(e.content)}, ${t("delivery")} ${Math.round(e.delivery)})`))))))))),
    h("h3", {}, t("integrityFlags")),
    data.integrity_flags.length ? h("ul", { class: "flags" }, ...data.integrity_flags.map((f) => h("li", {}, `${f.question_id}: ${flagText(f)}`))) : h("p", { class: "ok" }, t("noFlags")),
    ...data.answers.map((a) => answerBlock(a, data.links.videos[a.question_id])),
    h("p", {}, h("a", { href: data.links.html, target: "_blank", rel: "noopener", class: "report-html" }, "HTML"), " · ",
      h("small", {}, `${t("models")}: ${Object.values(data.models).join("; ")}`)),
  ].filter((part) => part !== null); // (replaceChildren would show a null as "null")
}

// The report's links are signed for a few minutes: while the page is open they are signed
// again before they run out. A video that is playing keeps playing and takes its new
// link when paused (or if its old one fails), at the same moment of the answer.
function keepLinksFresh(id, box, expiresIn) {
  setTimeout(async () => {
    if (!box.isConnected) return;
    const fresh = await api(`/candidates/${id}/report`).catch(() => null);
    if (!fresh) { keepLinksFresh(id, box, 40); return; }
    for (const video of box.querySelectorAll("video[data-question]")) {
      const url = fresh.links.videos[video.dataset.question];
      if (!url) continue;
      const swap = () => { const at = video.currentTime; video.src = url; if (at) video.currentTime = at; };
      if (video.paused) swap();
      else { video.addEventListener("pause", swap, { once: true }); video.addEventListener("error", swap, { once: true }); }
    }
    const html = box.querySelector("a.report-html");
    if (html) html.href = fresh.links.html;
    keepLinksFresh(id, box, fresh.links.expires_in);
  }, Math.max(5, expiresIn * 0.75) * 1000);
}

// ------------------------------------------------------------------ scores, review, decision
function scores(data) {
  return [h("table", { class: "grid", id: "scores-table" },
    h("thead", {}, h("tr", {}, ...[t("dimension"), t("ai"), t("human"), t("combined")].map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, ...data.dimensions.map((d) => h("tr", { class: d.disagreement ? "disagree" : "" },
      h("th", { scope: "row" }, dimensionName(d)), h("td", {}, d.ai ?? "–"), h("td", {}, d.human ?? "–"),
      h("td", {}, d.combined ?? "–", d.disagreement ? h("span", { class: "flag-tag", title: t("disagreement") }, ` ⚠ ${t("disagreement")}`) : null)))),
    h("tfoot", {}, h("tr", {}, h("th", { scope: "row" }, t("overall")), h("td", {}, data.ai_overall ?? "–"),
      h("td", {}, data.human_overall ?? "–"), h("td", {}, data.combined_overall ?? "–")))),
  h("p", {}, h("small", {}, `${t("ai")} ${Math.round(data.weights.ai * 100)}% · ${t("human")} ${Math.round(data.weights.human * 100)}%`))];
}

function reviewForm(candidate, dimensions, refresh) {
  const message = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "review", onsubmit: async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = { scores: Object.fromEntries(dimensions.map((d) => [d.key, Number(data.get(`score-${d.key}`))])), comment: data.get("comment") || "" };
    try {
      await api(`/candidates/${candidate.id}/reviews`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      refresh(t("reviewSaved"));
    } catch (error) { message.replaceChildren(failure(error)); }
  } },
    ...dimensions.map((d) => h("label", {}, dimensionName(d), h("input", { type: "number", min: 0, max: 100, step: 1, required: true, name: `score-${d.key}` }))),
    h("label", {}, t("comment"), h("textarea", { name: "comment", rows: 3 })),
    h("button", { type: "submit" }, t("submitReview")), message);
  return form;
}

function decisionButtons(candidate, scoreData, refresh) {
  const message = h("div", { "aria-live": "polite" });
  // A large AI/human gap asks the decider why, whichever side the decision follows.
  const gaps = (scoreData ? scoreData.dimensions : []).filter((d) => d.disagreement);
  const reason = gaps.length ? [{ name: "disagreement_reason", required: true, multiline: true,
    label: t("gapReason", gaps.map((d) => t("gapLine", d.name, d.ai, d.human)).join("; ")) }] : [];
  async function decide(decision, label, fields) {
    const values = await confirmDialog(t("decisionConfirm", label), [...fields, ...reason]);
    if (!values) return;
    const body = { decision, ...Object.fromEntries(Object.entries(values).filter(([, v]) => v)) };
    try {
      await api(`/candidates/${candidate.id}/decision`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      await awaitStatusChange(candidate, message);
      refresh(t("decided"));
    } catch (error) { message.replaceChildren(failure(error)); }
  }
  return h("div", {}, h("div", { class: "actions" },
    h("button", { type: "button", onclick: () => decide("second_round", t("secondRound"), [
      { name: "interview_time", label: t("when"), required: true }, { name: "interview_place", label: t("placeOrLink"), required: true },
      { name: "interviewer_name", label: t("secondRoundWith") }]) }, t("secondRound")),
    h("button", { type: "button", class: "danger", onclick: async () => decide("reject", t("reject"), [await rejectionNoteField(candidate, t("feedback"))]) }, t("reject")),
    h("button", { type: "button", class: "success", onclick: () => decide("offer", t("offer"), []) }, t("offer"))), message);
}

// ------------------------------------------------------------------ every round's reviews
const score = (value) => (value === null || value === undefined ? "–" : Math.round(value));

// The round's video interview: when it ran and how much was recorded (or in person).
function roundInterview(interview) {
  if (!interview) return h("p", { class: "round-interview" }, t("inPersonRound"));
  return h("p", { class: "round-interview" }, `${t("invitedAt")} ${when(interview.invited_at)}`,
    interview.completed_at ? ` · ${t("completedAt")} ${when(interview.completed_at)}` : "",
    ` · ${t("answersUploaded", interview.answers_recorded, interview.questions)}`);
}

function roundCard(r) {
  const names = Object.fromEntries(r.scores.dimensions.map((d) => [d.key, d.name]));
  const s = r.scores;
  const table = h("table", { class: "grid" },
    h("thead", {}, h("tr", {}, ...[t("dimension"), t("ai"), t("human"), t("combined")].map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, ...s.dimensions.map((d) => h("tr", { class: d.disagreement ? "disagree" : "" },
      h("th", { scope: "row" }, d.name), h("td", {}, score(d.ai)), h("td", {}, score(d.human)),
      h("td", {}, score(d.combined), d.disagreement ? h("span", { class: "flag-tag" }, ` ⚠ ${t("disagreement")}`) : null)))));
  const cards = r.scorecards.length
    ? h("ul", { class: "plain scorecards" }, ...r.scorecards.map((c) => h("li", { class: "scorecard", "data-reviewer": c.reviewer },
      h("strong", {}, c.reviewer_name), ` · ${named("roles", c.role)} · ${t("reviewedAt", when(c.at))}`,
      h("div", {}, Object.entries(c.scores).map(([k, v]) => `${names[k] || k} ${v}`).join(" · ")),
      c.comment ? h("blockquote", { class: "comment" }, c.comment) : null)))
    : h("p", { class: "state" }, t("noReviewsYet"));
  let pending = null;
  if (r.open) {
    pending = r.pending.length
      ? h("p", { class: "pending" }, h("strong", {}, `${t("pendingReviewers")}: `),
        r.pending.map((p) => `${p.name}（${named("roles", p.role)}）`).join("、"))
      : h("p", { class: "pending ok" }, t("allReviewed"));
  }
  const d = r.decision;
  const decision = d ? h("div", { class: "round-decision" },
    h("p", {}, h("strong", {}, t("decidedBy", named("decisions", d.decision), d.decided_by, when(d.at)))),
    d.disagreement.length ? h("p", { class: "flag-tag" }, `⚠ ${d.disagreement.map((g) => t("gapLine", g.name, score(g.ai), score(g.human))).join("; ")}`) : null,
    d.disagreement_reason ? h("p", { class: "decision-reason" }, h("strong", {}, `${t("decisionReason")}: `), d.disagreement_reason) : null,
    d.feedback ? h("p", {}, h("strong", {}, `${t("feedbackSent")}: `), d.feedback) : null) : null;
  return h("article", { class: "round card", "data-round": r.round, "aria-labelledby": `round-${r.round}-title` },
    h("h3", { id: `round-${r.round}-title` }, t("roundN", r.round), r.open ? h("span", { class: "status in_review" }, ` ${t("roundOpen")}`) : null),
    roundInterview(r.interview),
    h("p", { class: "round-score" }, h("strong", {}, `${t("roundScore")}: `), h("span", { class: "big-number" }, score(s.combined_overall)),
      ` (${t("aiHumanOverall", score(s.ai_overall), score(s.human_overall))})`),
    table, h("h4", {}, t("reviewsOfRound")), cards, pending, decision);
}

function rounds(history) {
  // A round shows once it is being reviewed (or was): not while the interview runs.
  const shown = history.rounds.filter((r) => r.open || r.scorecards.length || r.decision);
  if (!shown.length) return empty();
  return h("div", { class: "rounds" }, ...shown.map(roundCard));
}

export function candidateView(main, id, me) {
  let flash = "";
  async function render() {
    const candidate = await api(`/candidates/${id}`);
    const parts = [header(candidate, me, refresh, flash, await placeNames(candidate))];
    if (candidate.round > 0) parts.push(reviewFileBar(candidate));
    if (can(me, "audit.read")) parts.push(whoOpenedLink(candidate));
    flash = "";
    // A candidate waiting for a person: what HR can do, first.
    parts.push(...[attentionPanel(candidate, refresh), alternativePanel(candidate, refresh), offerPanel(candidate, me, refresh)].filter(Boolean));
    const aiOff = h("div", { id: "ai-switch-note" }); // HQ switched AI scoring off (ai-switch.js)
    parts.push(aiOff);
    if (can(me, "ai_switch.read")) aiSwitchNote(candidate.branch_id, candidate.position_id).then((note) => note && aiOff.replaceChildren(note));
    const timelineBox = h("div"), interviewBox = h("div"), reportBox = h("div"), scoresBox = h("div");
    parts.push(section(t("timeline"), "timeline", timelineBox), section(t("interview"), "interview", interviewBox));
    if (candidate.round > 0) parts.push(recordingsSection(candidate, refresh));
    parts.push(section(t("report"), "report", reportBox), section(t("scores"), "scores", scoresBox));
    parts.push(...[crossCheckSection(candidate)].filter(Boolean)); // résumé vs interview (talent)
    load(timelineBox, async () => timeline(await api(`/candidates/${id}/timeline`)));
    // Ask only for what exists: an interview once invited, the report once AI scores are in.
    if (candidate.round > 0) load(interviewBox, async () => interviewState(await api(`/candidates/${id}/interview`)));
    else interviewBox.replaceChildren(empty());
    const scoreData = await api(`/candidates/${id}/scores`).catch(() => null);
    if (scoreData) scoresBox.replaceChildren(...[aiDroppedNote(scoreData.ai_dropped, candidate), ...scores(scoreData)].filter(Boolean)); else scoresBox.replaceChildren(empty());
    // An interview the AI could not judge at all has a report but no AI scores.
    const reported = ["in_review", "second_round", "rejected"].includes(candidate.status) || atOfferStage(candidate);
    if ((scoreData && scoreData.ai_overall !== null) || reported) {
      load(reportBox, async () => {
        // The AI's weight dropped before any interview was recorded (an interview with a
        // person): there is no report to ask for.
        const recorded = !candidate.ai_dropped || (candidate.round > 0
          && Boolean((await api(`/candidates/${id}/interview`).catch(() => ({}))).completed_at));
        const data = recorded ? await api(`/candidates/${id}/report`).catch((error) => { if (error.status === 404) return null; throw error; }) : null;
        if (!data && candidate.ai_dropped) return [aiDroppedNote(candidate.ai_dropped, candidate), empty(t("noAiReport"))];
        if (data) keepLinksFresh(id, reportBox, data.links.expires_in);
        return data ? report(data, scoreData ? scoreData.dimensions : [], candidate) : empty(t("reportPending"));
      });
    }
    else if (candidate.status === "completed") {
      reportBox.replaceChildren(h("p", { class: "state", role: "status" }, h("progress", {}), " ", t("scoring")));
    } else reportBox.replaceChildren(empty(t("reportPending")));
    // Scoring, then the move to review, happen in the background: follow them.
    if (candidate.status === "completed") watchScoring(candidate);
    if (candidate.round > 0) {
      const roundsBox = h("div");
      parts.push(section(t("allRounds"), "rounds", roundsBox));
      load(roundsBox, async () => rounds(await api(`/candidates/${id}/reviews`)));
    }
    parts.push(resumeSection(candidate));
    parts.push(notesSection(candidate));
    if (can(me, "duplicates.judge")) parts.push(duplicatesSection(candidate, refresh));
    if (candidate.round > 0 && can(candidate, "edit")) parts.push(candidateRequestsSection(candidate));
    parts.push(...[candidatePrivacySection(candidate, me)].filter(Boolean)); // consents, export, erasure, hold
    if (can(candidate, "review") && scoreData) {
      parts.push(section(t("review"), "review", reviewForm(candidate, scoreData.dimensions, refresh)));
    }
    if (can(candidate, "decide")) {
      parts.push(section(t("decision"), "decision", decisionButtons(candidate, scoreData, refresh)));
    }
    return parts;
  }
  // While the answers are being scored, look again every few seconds (while shown).
  function watchScoring(candidate) {
    setTimeout(async () => {
      if (!main.isConnected || !location.hash.includes(id)) return;
      const now = await api(`/candidates/${id}`).catch(() => candidate);
      if (now.status !== candidate.status) refresh(); else watchScoring(candidate);
    }, 4000);
  }

  // Re-reads everything after a change; ``message`` is shown once at the top.
  function refresh(message = "") { flash = message; load(main, render); }
  document.documentElement.lang = locale === "zh" ? "zh-CN" : "en";
  refresh(takeFlash());
}
