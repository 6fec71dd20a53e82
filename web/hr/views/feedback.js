// Candidate feedback in the HR app (docs/talent.md): the rejection note prefilled in the
// decide dialog, and the Candidate requests page (open first) with its answer form.
import { api } from "/shared/auth.js";
import { tf } from "../i18n-feedback.js";
import { failure, h } from "../ui.js";

// The decide dialog's feedback field, prefilled with the draft (editable).
export async function rejectionNoteField(candidate, label) {
  let draft = { text: "" };
  try { draft = await api(`/candidates/${candidate.id}/feedback-draft`); } catch { /* an empty box */ }
  return { name: "feedback", label, multiline: true, rows: 8, value: draft.text,
    hint: draft.text ? tf("goesToCandidate") : `${tf("nothingReviewed")} ${tf("goesToCandidate")}` };
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
export async function requestsView() {
  const list = h("div", {});
  const load = async () => {
    try {
      const items = await api("/candidate-requests");
      list.replaceChildren(...(items.length ? items.map((i) => requestCard(i, load)) : [h("p", {}, tf("none"))]));
    } catch (error) { list.replaceChildren(failure(error)); }
  };
  await load();
  return h("section", {}, h("h1", {}, tf("requestsTitle")), list);
}

// The candidate page's section: this candidate's requests (open and answered).
export async function candidateRequestsSection(candidate) {
  const items = await api(`/candidates/${candidate.id}/requests`).catch(() => []);
  if (!items.length) return "";
  const reload = () => {};
  return h("section", {}, h("h2", {}, tf("requestsTitle")), ...items.map((i) => requestCard(i, reload)));
}
