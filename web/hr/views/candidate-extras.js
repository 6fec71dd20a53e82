// The candidate page's daily-work parts: the source channel, edit and remind, and notes
// (who, when). Every round's reviews are candidate.js's.
import { api } from "/shared/auth.js";
import { channelName, t } from "../i18n.js";
import { can, empty, failure, h, load, when } from "../ui.js";

const JSON_HEADERS = { "Content-Type": "application/json" };

export function sourceFacts(candidate) {
  return [h("dt", {}, t("sourceChannel")), h("dd", { id: "candidate-channel" }, channelName(candidate.channel) || t("notRecorded"))];
}

// Edit and, while the candidate is invited, a reminder by hand: as the server offers them.
export function manageActions(candidate, message, refresh) {
  const actions = [];
  if (can(candidate, "edit")) {
    actions.push(h("a", { class: "button secondary", id: "edit-candidate", href: `#/candidates/${candidate.id}/edit` }, t("editCandidate")));
  }
  if (can(candidate, "remind")) {
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
