// People take over where the AI cannot advise (docs/human-oversight.md): a candidate
// who needs attention (watch every recording, re-run an answer's scoring, review without
// the AI, invite again with a message) and a candidate who asked for a process without AI
// (an interview with a person, or the request declined with a reason). The attention list.
import { api } from "/shared/auth.js";
import { locale, message as say, statusName, t } from "../i18n.js";
import { can, confirmDialog, empty, failure, h, load, when } from "../ui.js";

// What the server lists as the caller's actions on the candidate is what is offered.
const json = (body) => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

// The workflow moves the candidate in the background: wait (up to a minute) for it.
async function settled(candidateId, from) {
  for (let i = 0; i < 60; i += 1) {
    const now = await api(`/candidates/${candidateId}`).catch(() => null);
    if (now && now.status !== from) return now;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return null;
}

function busy(message) {
  message.replaceChildren(h("p", { class: "state", role: "status" }, h("progress", {}), " ", t("working")));
}

// ------------------------------------------------------------------ every round's recordings
function outcomeText(answer) {
  const label = t(`outcome_${answer.outcome}`);
  const reason = say(answer.reason_code, answer.reason_params, answer.reason);
  return reason ? `${label}${locale === "zh" ? "：" : ": "}${reason}` : label;
}

function recordedAnswer(candidate, round, answer, refresh) {
  const message = h("div", { "aria-live": "polite" });
  const question = locale === "zh" && answer.question_zh ? answer.question_zh : answer.question;
  // The server says which answers the caller may re-run now (unusable, current round).
  const rescore = answer.rescorable
    ? h("button", { type: "button", class: "secondary rescore", "data-question": answer.question_id, onclick: async (event) => {
      event.target.disabled = true;
      try {
        const result = await api(`/candidates/${candidate.id}/rounds/${round.round}/answers/${encodeURIComponent(answer.question_id)}/rescore`, json({}));
        refresh(result.lifecycle_resumed ? t("rescoreStarted") : t("rescoreQueued"));
      } catch (error) { event.target.disabled = false; message.replaceChildren(failure(error)); }
    } }, t("rescore"))
    : null;
  const tone = answer.outcome === "unusable" ? "reason" : answer.outcome === "insufficient_evidence" ? "insufficient" : "";
  return h("li", { class: "recording", "data-question": answer.question_id, "data-outcome": answer.outcome },
    h("strong", {}, question), " ",
    h("small", {}, `${answer.attempts} ${t("attempts")}`, answer.rescores ? ` · ${t("rescored", answer.rescores)}` : ""),
    h("div", { class: `outcome ${tone}` }, outcomeText(answer)),
    answer.video_url ? h("video", { controls: true, preload: "metadata", src: answer.video_url, "aria-label": question }) : null,
    rescore, message);
}

export function recordingsSection(candidate, refresh) {
  const box = h("div");
  load(box, async () => {
    const data = await api(`/candidates/${candidate.id}/recordings`);
    if (!data.rounds.length) return empty();
    return data.rounds.map((round) => h("section", { class: "round", "data-round": round.round },
      h("h3", {}, t("roundN", round.round), " ",
        h("small", {}, round.completed_at ? `${t("completedAt")} ${when(round.completed_at)}` : `${t("deadline")} ${when(round.deadline)}`)),
      round.alternative_requested_at
        ? h("p", { class: "note" }, `${t("askedForNoAi")} ${when(round.alternative_requested_at)}`, round.alternative_reason ? `: ${round.alternative_reason}` : "")
        : null,
      h("ul", { class: "plain recordings" }, ...round.answers.map((a) =>
        recordedAnswer(candidate, round, a, refresh)))));
  });
  return h("section", { class: "card wide", id: "recordings", "aria-labelledby": "recordings-title" },
    h("h2", { id: "recordings-title" }, t("recordings")), h("p", {}, h("small", {}, t("recordingsNote"))), box);
}

// ------------------------------------------------------------------ needs attention
export function attentionPanel(candidate, refresh) {
  const withoutAiOffered = can(candidate, "review_without_ai"), inviteOffered = can(candidate, "reinvite");
  if (candidate.status !== "needs_attention" || !(withoutAiOffered || inviteOffered)) return null;
  const message = h("div", { "aria-live": "polite" });
  async function withoutAi() {
    const values = await confirmDialog(t("reviewWithoutAiConfirm"), [{ name: "reason", label: t("reviewWithoutAiReason"), multiline: true, required: true }]);
    if (!values) return;
    try {
      busy(message);
      await api(`/candidates/${candidate.id}/review-without-ai`, json({ reason: values.reason }));
      refresh(t("reviewWithoutAiStarted"));
    } catch (error) { message.replaceChildren(failure(error)); }
  }
  async function inviteAgain() {
    const values = await confirmDialog(t("inviteAgainConfirm"), [{ name: "message", label: t("inviteAgainMessage"), multiline: true, required: true }]);
    if (!values) return;
    try {
      await api(`/candidates/${candidate.id}/invite`, json({ message: values.message }));
      busy(message);
      await settled(candidate.id, candidate.status);
      refresh(t("invited"));
    } catch (error) { message.replaceChildren(failure(error)); }
  }
  return h("section", { class: "card wide attention-panel", id: "attention", "aria-labelledby": "attention-title" },
    h("h2", { id: "attention-title" }, t("needsAttention")),
    h("p", { class: "reason" }, say(candidate.status_reason_code, candidate.status_reason_params, candidate.status_reason || "")),
    h("p", {}, t("attentionHelp")),
    h("div", { class: "actions" },
      withoutAiOffered ? h("button", { type: "button", id: "review-without-ai", onclick: withoutAi }, t("reviewWithoutAi")) : null,
      inviteOffered ? h("button", { type: "button", class: "secondary", id: "invite-again", onclick: inviteAgain }, t("inviteAgain")) : null),
    message);
}

// ------------------------------------------------------------------ asked for no AI
export function alternativePanel(candidate, refresh) {
  const scheduleOffered = can(candidate, "schedule_in_person"), declineOffered = can(candidate, "decline_alternative");
  if (candidate.status !== "alternative_requested" || !(scheduleOffered || declineOffered)) return null;
  const message = h("div", { "aria-live": "polite" });
  const interviewer = h("select", { name: "interviewer_id", id: "in-person-interviewer", required: true }, h("option", { value: "" }, "–"));
  api(`/users?branch_id=${encodeURIComponent(candidate.branch_id)}`).then((users) => {
    for (const user of users.filter((u) => ["interviewer", "hiring_manager"].includes(u.role))) {
      interviewer.append(h("option", { value: user.user_id, selected: user.user_id === candidate.interviewer_id }, user.display_name || user.username));
    }
  }).catch(() => {});
  const form = h("form", { id: "in-person", class: "in-person", onsubmit: async (event) => {
    event.preventDefault();
    const body = Object.fromEntries(new FormData(form).entries());
    try {
      busy(message);
      await api(`/candidates/${candidate.id}/alternative/schedule`, json(body));
      refresh(t("inPersonScheduled"));
    } catch (error) { message.replaceChildren(failure(error)); }
  } },
    h("h3", {}, t("inPersonTitle")),
    h("label", { for: "in-person-interviewer" }, t("interviewer")), interviewer,
    h("label", { for: "in-person-time" }, t("inPersonTime")), h("input", { id: "in-person-time", name: "interview_time", required: true, maxlength: 100 }),
    h("label", { for: "in-person-place" }, t("inPersonPlace")), h("input", { id: "in-person-place", name: "interview_place", required: true, maxlength: 300 }),
    h("div", { class: "actions" }, h("button", { type: "submit" }, t("inPersonSchedule"))));
  // The candidate's own words, as they wrote them.
  const said = h("p", { class: "note", id: "alternative-reason" });
  api(`/candidates/${candidate.id}/interview`).then((state) => {
    said.textContent = `${t("candidateSaid")}${locale === "zh" ? "：" : ": "}${state.alternative_reason || t("noReasonGiven")}`;
  }).catch(() => {});
  async function decline() {
    const values = await confirmDialog(t("declineConfirm"), [{ name: "message", label: t("declineMessage"), multiline: true, required: true }]);
    if (!values) return;
    try {
      await api(`/candidates/${candidate.id}/alternative/decline`, json({ message: values.message }));
      refresh(t("declined"));
    } catch (error) { message.replaceChildren(failure(error)); }
  }
  return h("section", { class: "card wide attention-panel", id: "alternative", "aria-labelledby": "alternative-title" },
    h("h2", { id: "alternative-title" }, t("alternativeTitle")),
    h("p", {}, t("alternativeHelp")),
    said,
    scheduleOffered ? form : null,
    declineOffered ? h("div", { class: "actions" }, h("button", { type: "button", class: "danger", id: "decline-alternative", onclick: decline }, t("declineAlternative"))) : null,
    message);
}

// The AI's weight is dropped for the candidate: said wherever scores are shown (our own
// words by their code, a person's as they wrote them).
export function aiDroppedNote(reason, candidate) {
  if (!reason) return null;
  const said = candidate && candidate.ai_dropped_code && reason === candidate.ai_dropped ? say(candidate.ai_dropped_code, {}, reason) : reason;
  return h("p", { class: "ai-dropped", role: "note" }, h("strong", {}, `${t("aiDropped")}: `), said, " ", t("aiDroppedNote"));
}

// ------------------------------------------------------------------ the attention list
export function attentionView(main) {
  main.replaceChildren(h("h1", {}, t("needsAttention")));
  const body = h("div", { class: "card wide" });
  main.append(body);
  load(body, async () => {
    const items = await api("/attention");
    if (!items.length) return h("p", { class: "ok" }, t("noAttention"));
    return h("table", { class: "grid", id: "attention-list" },
      h("thead", {}, h("tr", {}, ...[t("name"), t("status"), t("reason"), t("since")].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, ...items.map((item) => h("tr", {},
        h("td", {}, h("a", { href: `#/candidates/${item.candidate_id}` }, item.name)),
        h("td", {}, h("span", { class: `status ${item.status}` }, statusName(item.status))),
        h("td", {}, say(item.reason_code, item.reason_params, item.reason || "")), h("td", {}, when(item.since))))));
  });
}

// The navigation's attention link with its count (HR and hiring managers).
export function attentionLink() {
  const count = h("span", { class: "badge", id: "attention-count", "aria-live": "polite" });
  api("/attention").then((items) => {
    count.textContent = items.length ? String(items.length) : "";
    count.hidden = !items.length;
  }).catch(() => { count.hidden = true; });
  count.hidden = true;
  return h("a", { href: "#/attention", id: "attention-link" }, t("needsAttention"), " ", count);
}
