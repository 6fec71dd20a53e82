// The candidate page's daily-work parts: edit and remind, notes (who, when), and every
// interview round side by side.
import { api } from "/shared/auth.js";
import { channelName, t } from "../i18n.js";
import { empty, failure, h, load, when } from "../ui.js";

const HR_ROLES = ["hq_admin", "hq_hr", "branch_hr"];
const JSON_HEADERS = { "Content-Type": "application/json" };

export function sourceFacts(candidate) {
  return [h("dt", {}, t("channel")), h("dd", { id: "candidate-channel" }, channelName(candidate.channel) || t("notRecorded"))];
}

// Edit (HR) and, while the candidate is invited, a reminder by hand.
export function manageActions(candidate, me, message, refresh) {
  if (!me.roles.some((r) => HR_ROLES.includes(r))) return [];
  const actions = [h("a", { class: "button secondary", id: "edit-candidate", href: `#/candidates/${candidate.id}/edit` }, t("editCandidate"))];
  if (candidate.status === "invited") {
    actions.push(h("button", { type: "button", class: "secondary", id: "remind", onclick: async () => {
      try {
        await api(`/candidates/${candidate.id}/remind`, { method: "POST", headers: JSON_HEADERS, body: "{}" });
        refresh(t("reminded"));
      } catch (error) { message.replaceChildren(failure(error)); }
    } }, t("remind")));
  }
  return actions;
}

// A message a form left for the page it opened (e.g. "The candidate is saved.").
export function takeFlash() {
  const flash = sessionStorage.getItem("hireflow.flash") || "";
  sessionStorage.removeItem("hireflow.flash");
  return flash;
}

function section(title, id, content) {
  return h("section", { class: "card wide", id, "aria-labelledby": `${id}-title` },
    h("h2", { id: `${id}-title` }, title), content);
}

export function notesSection(candidate) {
  const list = h("div", { id: "notes-list" });
  const message = h("div", { "aria-live": "polite" });
  const text = h("textarea", { id: "note-text", name: "text", rows: 2, maxlength: 2000, required: true });
  const show = (notes) => (notes.length ? h("ol", { class: "plain notes" }, ...notes.map((n) => h("li", { class: "note" },
    h("div", { class: "note-meta" }, h("strong", {}, n.author_name || n.author), " · ", h("small", {}, when(n.at))),
    h("p", { class: "note-text" }, n.text)))) : empty(t("noNotes")));
  load(list, async () => show(await api(`/candidates/${candidate.id}/notes`)));
  const form = h("form", { class: "note-form", onsubmit: async (event) => {
    event.preventDefault();
    if (!text.value.trim()) return;
    try {
      await api(`/candidates/${candidate.id}/notes`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ text: text.value }) });
      text.value = "";
      message.replaceChildren(h("p", { class: "ok", role: "status" }, t("noteAdded")));
      load(list, async () => show(await api(`/candidates/${candidate.id}/notes`)));
    } catch (error) { message.replaceChildren(failure(error)); }
  } }, h("label", { for: "note-text" }, t("noteText")), text,
    h("div", { class: "actions" }, h("button", { type: "submit", id: "add-note" }, t("addNote"))), message);
  return section(t("notes"), "notes", h("div", {}, list, form));
}

const score = (value) => (value === null || value === undefined ? "–" : String(Math.round(value)));

// One column per round: when, what was recorded, and the round's scores by dimension.
export function roundsSection(candidate) {
  const box = h("div", { id: "rounds-box" });
  if (!candidate.round) box.replaceChildren(empty(t("noRounds")));
  else load(box, async () => {
    const rounds = await api(`/candidates/${candidate.id}/rounds`);
    if (!rounds.length) return empty(t("noRounds"));
    const dims = rounds[0].scores.dimensions;
    const cell = (text, attrs = {}) => h("td", attrs, text);
    const head = h("tr", {}, h("th", { scope: "col" }, ""), ...rounds.map((r) => h("th", { scope: "col" }, t("roundN", r.round))));
    const row = (label, fn) => h("tr", {}, h("th", { scope: "row" }, label), ...rounds.map((r) => cell(fn(r))));
    return h("div", { class: "table-wrap" }, h("table", { class: "grid rounds", id: "rounds-table" },
      h("thead", {}, head),
      h("tbody", {},
        row(t("interview"), (r) => (r.kind === "video" ? t("interview") : t("secondRound"))),
        row(t("invitedAt"), (r) => when(r.invited_at) || "–"),
        row(t("completedAt"), (r) => when(r.completed_at) || "–"),
        row(t("answerFor"), (r) => (r.kind === "video" ? t("answersUploaded", r.answers_recorded, r.questions) : "–")),
        ...dims.map((d, i) => row(d.name, (r) => {
          const s = r.scores.dimensions[i];
          return `${t("ai")} ${score(s.ai)} · ${t("human")} ${score(s.human)} · ${t("combined")} ${score(s.combined)}`;
        })),
        row(t("aiOverall"), (r) => score(r.scores.ai_overall)),
        row(t("humanOverall"), (r) => score(r.scores.human_overall)),
        row(t("combinedOverall"), (r) => score(r.scores.combined_overall)),
        row(t("reviewers"), (r) => String(r.scores.reviewers)))));
  });
  return section(t("rounds"), "rounds", box);
}
