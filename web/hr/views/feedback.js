// Candidate feedback in the HR app (docs/talent.md): the rejection note prefilled in the
// decide dialog, the Candidate requests page (open first) with its answer form, HQ's
// "share percentile" switch on the position form, and HQ's suggestion texts per dimension.
import { api } from "/shared/auth.js";
import { tf } from "../i18n-feedback.js";
import { locale } from "../i18n.js";
import { can, failure, h, load } from "../ui.js";

// The decide dialog's feedback field, prefilled with the draft (editable) for HR, who
// manage the candidate (the draft's route is theirs; a hiring manager writes the note).
export async function rejectionNoteField(candidate, label) {
  let draft = { text: "" };
  if (can(candidate, "edit")) {
    try { draft = await api(`/candidates/${candidate.id}/feedback-draft`); } catch { /* an empty box */ }
  }
  return { name: "feedback", label, multiline: true, rows: 8, value: draft.text,
    hint: draft.text || !can(candidate, "edit") ? tf("goesToCandidate") : `${tf("nothingReviewed")} ${tf("goesToCandidate")}` };
}

function requestCard(item, reload) {
  const status = h("p", {});
  const form = h("form", { class: "answer" },
    h("label", {}, tf("answer"), h("textarea", { name: "answer", rows: 4, required: true })),
    h("button", { type: "submit" }, tf("send")), status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api(`/candidate-requests/${item.candidate_id}/${item.id}/answer`, { method: "POST",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify({ answer: form.answer.value }) });
      status.textContent = tf("answered");
      reload();
    } catch (error) { status.replaceChildren(failure(error)); }
  });
  return h("article", { class: "card" },
    h("h3", {}, h("a", { href: `#/candidates/${item.candidate_id}` }, item.candidate_name), " · ", tf("kinds")[item.kind]),
    h("p", {}, new Date(item.at).toLocaleString()),
    item.message ? h("p", {}, `${tf("message")}: ${item.message}`) : "",
    item.status === "open" ? form : h("p", {}, item.answer || ""));
}

// The Candidate requests page: open requests, oldest first.
export async function requestsView(main) {
  const list = h("div", {});
  const refill = async () => {
    try {
      const items = await api("/candidate-requests");
      list.replaceChildren(...(items.length ? items.map((i) => requestCard(i, refill)) : [h("p", { class: "state empty" }, tf("none"))]));
    } catch (error) { list.replaceChildren(failure(error)); }
  };
  main.replaceChildren(h("section", { id: "candidate-requests" }, h("h1", {}, tf("requestsTitle")), list));
  await refill();
}

// The candidate page's section: this candidate's requests (open and answered); shown only
// when there are any.
export function candidateRequestsSection(candidate) {
  const list = h("div", {});
  const box = h("section", { class: "card wide", id: "candidate-requests", hidden: true, "aria-labelledby": "candidate-requests-title" },
    h("h2", { id: "candidate-requests-title" }, tf("requestsTitle")), list);
  const fill = async () => {
    const items = await api(`/candidates/${candidate.id}/requests`).catch(() => []);
    list.replaceChildren(...items.map((i) => requestCard(i, fill)));
    box.hidden = !items.length;
  };
  fill();
  return box;
}

// ------------------------------------------------------------------ HQ: the position form
// HQ's switch (the admin screens are HQ's only): tell candidates where they stand.
export function sharePercentileField(position) {
  return [h("label", { class: "inline" },
    h("input", { type: "checkbox", name: "share_percentile", checked: Boolean(position.share_percentile) }), ` ${tf("sharePercentile")}`),
  h("p", { class: "hint", id: "share-percentile-hint" }, tf("sharePercentileHint"))];
}

export function sharePercentileChange(form) {
  const box = form.querySelector("[name=share_percentile]");
  return box ? { share_percentile: box.checked } : {};
}

// ------------------------------------------------------------------ HQ: suggestion texts
function suggestionRow(key, name, suggestion) {
  return h("tr", { class: "suggestion", "data-dimension": key },
    h("th", { scope: "row" }, name, name !== key ? h("small", { class: "hint" }, ` (${key})`) : ""),
    h("td", {}, h("textarea", { name: "zh", rows: 3, maxlength: 500, "aria-label": `${name} · 中文` }, suggestion ? suggestion.zh : "")),
    h("td", {}, h("textarea", { name: "en", rows: 3, maxlength: 500, "aria-label": `${name} · English` }, suggestion ? suggestion.en : "")));
}

// Every dimension of the positions, plus any with a suggestion already; a row left empty
// in both languages has no suggestion (the note then names the dimension only).
export function feedbackSuggestionsView(main) {
  const body = h("div", { id: "feedback-suggestions" });
  main.replaceChildren(h("h1", {}, tf("suggestionsTitle")), h("p", { class: "hint" }, tf("suggestionsIntro")), body);
  load(body, async () => {
    const [stored, positions] = await Promise.all([api("/feedback-suggestions"), api("/positions").catch(() => [])]);
    const names = new Map();
    for (const p of positions) {
      for (const d of p.competency_model.dimensions) {
        if (!names.has(d.key)) names.set(d.key, (locale === "zh" && d.name_zh) || d.name);
      }
    }
    for (const s of stored.suggestions) if (!names.has(s.dimension)) names.set(s.dimension, s.dimension);
    const bySuggestion = new Map(stored.suggestions.map((s) => [s.dimension, s]));
    const rows = h("tbody", {}, ...[...names].map(([key, name]) => suggestionRow(key, name, bySuggestion.get(key))));
    const message = h("div", { "aria-live": "polite" });
    let revision = stored.revision;
    const form = h("form", { class: "card wide", onsubmit: async (event) => {
      event.preventDefault();
      const suggestions = [...rows.querySelectorAll("tr")].map((row) => ({ dimension: row.dataset.dimension,
        zh: row.querySelector("[name=zh]").value.trim(), en: row.querySelector("[name=en]").value.trim() }))
        .filter((s) => s.zh || s.en);
      try {
        const saved = await api("/feedback-suggestions", { method: "PUT", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ suggestions, revision }) });
        revision = saved.revision;
        message.replaceChildren(h("p", { class: "ok", role: "status" }, tf("suggestionsSaved")));
      } catch (error) { message.replaceChildren(failure(error)); }
    } },
      h("div", { class: "scroll" }, h("table", { class: "grid" },
        h("thead", {}, h("tr", {}, ...[tf("dimension"), "中文", "English"].map((x) => h("th", { scope: "col" }, x)))), rows)),
      h("div", { class: "actions" }, h("button", { type: "submit" }, tf("save"))), message);
    return form;
  });
}
