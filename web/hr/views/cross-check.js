// The candidate page's "Résumé vs interview" section (docs/talent.md): each question
// for HR side by side - the résumé's claim with the words it was read from and the page |
// the interview's score against the pass line, who scored it and the moments behind it.
// A moment plays the answer's video in the report section at that second. Questions,
// never scores: nothing here is sent back or changes a decision.
import { api } from "/shared/auth.js";
import { dimensionName, locale, message } from "../i18n.js";
import { tt } from "../i18n-talent.js";
import { clock, empty, h, load } from "../ui.js";

function seekTo(questionId, seconds) {
  const video = document.querySelector(`#report video[data-question="${CSS.escape(questionId)}"]`);
  if (!video) return false;
  video.scrollIntoView({ behavior: "smooth", block: "center" });
  video.currentTime = seconds;
  video.play().catch(() => {});
  return true;
}

function moment(m) {
  const label = tt("playAt", clock(m.start));
  const question = (locale === "zh" ? m.question_zh : m.question_en) || m.question;
  const hasVideo = Boolean(document.querySelector(`#report video[data-question="${CSS.escape(m.question_id)}"]`));
  return h("li", {}, hasVideo
    ? h("button", { type: "button", class: "link seek", "aria-label": label, title: label, onclick: () => seekTo(m.question_id, m.start) }, clock(m.start))
    : h("span", { class: "seek" }, clock(m.start)),
  " ", h("q", {}, m.text), h("small", {}, ` — ${question} (${m.answer_score})`));
}

function resumeSide(side) {
  if (!side.claim) return h("div", { class: "side resume" }, h("h4", {}, tt("resumeSide")), h("p", { class: "empty" }, tt("notOnResume")));
  const span = side.span;
  return h("div", { class: "side resume" }, h("h4", {}, tt("resumeSide")),
    h("p", {}, h("strong", {}, side.claim), side.level ? h("span", { class: "claim-level" }, ` · ${side.level}`) : null, side.kind ? ` (${tt(`kind_${side.kind}`)})` : ""),
    span && span.text ? h("blockquote", {}, span.text, span.page ? h("small", {}, ` — ${tt("page", span.page)}`) : null) : null);
}

function interviewSide(side) {
  const name = dimensionName({ name: side.dimension_name, name_zh: side.dimension_name_zh });
  const score = side.score === null ? "–" : Math.round(side.score);
  return h("div", { class: "side interview" }, h("h4", {}, tt("interviewSide")),
    h("p", {}, h("strong", {}, name), " ", tt("scoreVsLine", score, Math.round(side.pass_line))),
    h("p", {}, h("small", {}, tt(side.source === "combined" ? "sourceCombined" : "sourceAi"))),
    side.moments.length ? h("ul", { class: "plain moments" }, ...side.moments.map(moment)) : null);
}

function flagCard(flag) {
  return h("article", { class: `cross-flag ${flag.kind}`, "data-kind": flag.kind, "data-dimension": flag.interview.dimension },
    h("h3", {}, tt(flag.kind === "claim_not_shown" ? "claimNotShown" : "shownNotClaimed")),
    h("p", { role: "note" }, message(flag.code, flag.params, "")),
    h("div", { class: "answer-grid" }, resumeSide(flag.resume), interviewSide(flag.interview)));
}

export function crossCheck(view) {
  if (view.status !== "ready") {
    return [empty(tt({ no_resume: "noResume", not_scored: "notScored", reassessment: "reassessment" }[view.status] || "notScored"))];
  }
  const check = view.check;
  return [
    h("p", {}, h("small", {}, tt("crossCheckIntro", view.strong_margin))),
    check.flags.length ? h("div", { class: "cross-flags" }, ...check.flags.map(flagCard)) : h("p", { class: "ok" }, tt("noFlags")),
    h("p", {}, h("small", {}, tt("checked", check.checked_claims))),
    check.unmapped_claims.length
      ? h("p", { id: "unmapped-claims" }, tt("unmapped"), " ", check.unmapped_claims.join(locale === "zh" ? "、" : ", "))
      : null,
  ].filter((part) => part !== null);
}

// The section, or nothing before the first interview round.
export function crossCheckSection(candidate) {
  if (!candidate.round) return null;
  const box = h("div");
  const title = h("h2", { id: "cross-check-title" }, tt("crossCheckTitle"));
  load(box, async () => crossCheck(await api(`/candidates/${encodeURIComponent(candidate.id)}/cross-check`)));
  return h("section", { class: "card wide", id: "cross-check", "aria-labelledby": "cross-check-title" }, title, box);
}
