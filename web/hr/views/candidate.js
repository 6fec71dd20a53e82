import { api } from "/shared/auth.js";
import { locale, statusName, t } from "../i18n.js";
import { clock, confirmDialog, empty, failure, h, load, when } from "../ui.js";
import { manageActions, notesSection, roundsSection, sourceFacts, takeFlash } from "./candidate-extras.js";

const HR_ROLES = ["hq_admin", "hq_hr", "branch_hr"];
const REVIEWERS = [...HR_ROLES, "interviewer", "hiring_manager"];

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

// ------------------------------------------------------------------ header and actions
function header(candidate, me, refresh, flash) {
  const message = h("div", { "aria-live": "polite" }, flash ? h("p", { class: "ok", role: "status" }, flash) : null);
  const canManage = me.roles.some((r) => HR_ROLES.includes(r));
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
    candidate.status_reason ? h("p", { class: "reason", role: "note" }, candidate.status_reason) : null,
    h("dl", { class: "facts" },
      h("dt", {}, t("branch")), h("dd", {}, candidate.branch_id),
      h("dt", {}, t("position")), h("dd", {}, candidate.position_id),
      h("dt", {}, t("phone")), h("dd", {}, candidate.phone),
      h("dt", {}, t("email")), h("dd", {}, candidate.email),
      ...sourceFacts(candidate)),
    h("div", { class: "actions" }, h("label", { for: "interview-language" }, t("interviewLanguage")), language, ...actions,
      ...manageActions(candidate, me, message, refresh)),
    canManage ? assignForm(candidate, refresh) : null,
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
    h("strong", {}, statusName(s.status)), " ", h("small", {}, when(s.entered_at)), ` · ${s.actor}`,
    s.note ? h("div", { class: "formula" }, s.note) : null)));
}

function interviewState(state) {
  return h("ul", { class: "plain" },
    h("li", {}, `${t("verified")}: ${state.verified_at ? t("yes") : t("no")} · ${t("consent")}: ${state.consent_at ? t("yes") : t("no")}`),
    ...state.answers.map((a) => h("li", {}, h("strong", {}, a.question_id), `: ${a.attempts} ${t("attempts")}`,
      a.uploaded_at ? ` · ${t("uploaded")}` : "", a.scored_at && !a.insufficient_evidence ? ` · ${t("scored")}` : "",
      a.needs_attention ? h("span", { class: "reason" }, ` · ${a.needs_attention}`) : null,
      a.insufficient_evidence ? h("span", { class: "insufficient" }, ` · ${t("insufficientEvidence")}: ${a.insufficient_evidence}`) : null)));
}

// ------------------------------------------------------------------ the AI report
function scoreRow(name, score) {
  const parts = Object.entries(score.parts).filter(([, v]) => v !== null).map(([k, v]) => `${k} ${Math.round(v)}`).join(", ");
  return h("li", {}, h("strong", {}, `${t(name)} ${Math.round(score.value)}`), ` — ${parts}`, h("div", { class: "formula" }, score.formula));
}

function answerBlock(answer, videoUrl) {
  const a = answer.assessment;
  const video = videoUrl ? h("video", { controls: true, preload: "metadata", src: videoUrl, "aria-label": answer.question }) : null;
  const seek = (seconds) => h("button", { type: "button", class: "link seek", "data-start": seconds,
    "aria-label": t("seekTo", clock(seconds)), onclick: () => { if (video) { video.currentTime = seconds; video.play().catch(() => {}); } } }, clock(seconds));
  const body = [h("h3", {}, answer.question)];
  if (!a) {
    body.push(h("p", { class: answer.needs_attention ? "reason" : "" }, answer.needs_attention || t("notAnswered")));
    return h("article", { class: "answer", "data-question": answer.question_id }, ...body);
  }
  // Insufficient evidence: the AI did not score this answer (left out of every score).
  if (a.insufficient_evidence || !a.scores) {
    body.push(h("div", { class: "answer-grid" }, video,
      h("p", { class: "insufficient", role: "note" }, h("strong", {}, `${t("insufficientEvidence")}: `), a.insufficient_evidence || "")));
    if (a.flags.length) body.push(h("ul", { class: "flags" }, ...a.flags.map((f) => h("li", {}, f))));
    if (a.transcript && a.transcript.segments.length) {
      body.push(h("details", {}, h("summary", {}, t("transcript")),
        h("div", { class: "transcript" }, ...a.transcript.segments.map((s) => h("p", {}, seek(s.start), " ", s.text)))));
    }
    return h("article", { class: "answer not-scored", "data-question": answer.question_id }, ...body);
  }
  body.push(h("div", { class: "answer-grid" }, video,
    h("ul", { class: "plain" }, scoreRow("content", a.scores.content), scoreRow("delivery", a.scores.delivery), scoreRow("presence", a.scores.presence))));
  if (a.flags.length) body.push(h("ul", { class: "flags" }, ...a.flags.map((f) => h("li", {}, f))));
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

function report(data) {
  const percentile = data.percentile === null ? t("firstScored") : t("percentileOf", Math.round(data.percentile), data.compared_with);
  const notScored = data.not_scored || [];
  return [
    data.overall === null
      ? h("div", { class: "overall" }, h("span", { class: "big", id: "overall-score" }, "–"),
        h("div", {}, h("strong", {}, t("overall")), h("div", { class: "insufficient", id: "no-ai-overall" }, t("noAiOverall"))))
      : h("div", { class: "overall" }, h("span", { class: "big", id: "overall-score" }, Math.round(data.overall)),
        h("div", {}, h("strong", {}, t("overall")), h("div", {}, percentile))),
    notScored.length
      ? h("div", { id: "not-scored", role: "note" }, h("h3", {}, t("notScoredByAi")),
        h("ul", { class: "plain" }, ...notScored.map((n) => h("li", {}, h("strong", {}, n.question), ` — ${n.reason}`))),
        h("p", {}, h("small", {}, t("notScoredNote"))))
      : null,
    h("p", {}, h("strong", {}, `${t("suggestion")}: `), data.suggestion),
    h("table", { class: "grid" }, h("thead", {}, h("tr", {}, ...[t("dimension"), t("weight"), t("ai"), t("evidence")].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, ...data.dimensions.map((d) => h("tr", {}, h("th", { scope: "row" }, d.key.replace("_", " ")),
        h("td", {}, `${Math.round(d.weight * 100)}%`), h("td", {}, d.score === null ? "–" : Math.round(d.score)),
        h("td", {}, h("details", {}, h("summary", {}, d.formula),
          h("ul", { class: "plain" }, ...d.evidence.map((e) => h("li", {}, `${e.question_id}: ${Math.round(e.score)}`,
            e.content === null ? ` (${t("notAnswered")})` : ` (${t("content")} ${Math.round(e.content)}, ${t("delivery")} ${Math.round(e.delivery)})`))))))))),
    h("h3", {}, t("integrityFlags")),
    data.integrity_flags.length ? h("ul", { class: "flags" }, ...data.integrity_flags.map((f) => h("li", {}, `${f.question_id}: ${f.flag}`))) : h("p", { class: "ok" }, t("noFlags")),
    ...data.answers.map((a) => answerBlock(a, data.links.videos[a.question_id])),
    h("p", {}, h("a", { href: data.links.html, target: "_blank", rel: "noopener" }, "HTML"), " · ",
      h("small", {}, `${t("models")}: ${Object.values(data.models).join("; ")}`)),
  ];
}

// ------------------------------------------------------------------ scores, review, decision
function scores(data) {
  return [h("table", { class: "grid", id: "scores-table" },
    h("thead", {}, h("tr", {}, ...[t("dimension"), t("ai"), t("human"), t("combined")].map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, ...data.dimensions.map((d) => h("tr", { class: d.disagreement ? "disagree" : "" },
      h("th", { scope: "row" }, d.name), h("td", {}, d.ai ?? "–"), h("td", {}, d.human ?? "–"),
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
    ...dimensions.map((d) => h("label", {}, d.name, h("input", { type: "number", min: 0, max: 100, step: 1, required: true, name: `score-${d.key}` }))),
    h("label", {}, t("comment"), h("textarea", { name: "comment", rows: 3 })),
    h("button", { type: "submit" }, t("submitReview")), message);
  return form;
}

function decisionButtons(candidate, refresh) {
  const message = h("div", { "aria-live": "polite" });
  async function decide(decision, label, fields) {
    const values = await confirmDialog(t("decisionConfirm", label), fields);
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
      { name: "interview_time", label: t("when"), required: true }, { name: "interview_place", label: t("where"), required: true }]) }, t("secondRound")),
    h("button", { type: "button", class: "danger", onclick: () => decide("reject", t("reject"), [{ name: "feedback", label: t("feedback"), multiline: true }]) }, t("reject")),
    h("button", { type: "button", class: "success", onclick: () => decide("offer", t("offer"), []) }, t("offer"))), message);
}

export function candidateView(main, id, me) {
  let flash = "";
  async function render() {
    const candidate = await api(`/candidates/${id}`);
    const parts = [header(candidate, me, refresh, flash)];
    flash = "";
    const timelineBox = h("div"), interviewBox = h("div"), reportBox = h("div"), scoresBox = h("div");
    parts.push(section(t("timeline"), "timeline", timelineBox), section(t("interview"), "interview", interviewBox),
      section(t("report"), "report", reportBox), section(t("scores"), "scores", scoresBox),
      roundsSection(candidate), notesSection(candidate));
    load(timelineBox, async () => timeline(await api(`/candidates/${id}/timeline`)));
    // Ask only for what exists: an interview once invited, the report once AI scores are in.
    if (candidate.round > 0) load(interviewBox, async () => interviewState(await api(`/candidates/${id}/interview`)));
    else interviewBox.replaceChildren(empty());
    const scoreData = await api(`/candidates/${id}/scores`).catch(() => null);
    if (scoreData) scoresBox.replaceChildren(...scores(scoreData)); else scoresBox.replaceChildren(empty());
    // An interview the AI could not judge at all has a report but no AI scores.
    const reported = ["in_review", "second_round", "offer_pending", "rejected"].includes(candidate.status);
    if ((scoreData && scoreData.ai_overall !== null) || reported) {
      load(reportBox, async () => {
        const data = await api(`/candidates/${id}/report`).catch((error) => { if (error.status === 404) return null; throw error; });
        return data ? report(data) : empty(t("reportPending"));
      });
    }
    else if (candidate.status === "completed") {
      reportBox.replaceChildren(h("p", { class: "state", role: "status" }, h("progress", {}), " ", t("scoring")));
    } else reportBox.replaceChildren(empty(t("reportPending")));
    // Scoring, then the move to review, happen in the background: follow them.
    if (candidate.status === "completed") watchScoring(candidate);
    if (["in_review", "second_round"].includes(candidate.status) && me.roles.some((r) => REVIEWERS.includes(r)) && scoreData) {
      parts.push(section(t("review"), "review", reviewForm(candidate, scoreData.dimensions, refresh)));
      parts.push(section(t("decision"), "decision", decisionButtons(candidate, refresh)));
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
