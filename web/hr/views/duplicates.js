// The same person applying twice (recruiting/duplicates.py): HR's "Possible duplicates"
// screen (open pairs side by side, merge or keep apart), the candidate page's block (the
// other applications of this person, and this application's pairs) and the import
// page's flagged rows. What the caller may not read of another branch's application the
// server leaves out: the side shows the branch and the phone's last four digits only.
import { api } from "/shared/auth.js";
import { placeName, statusName, t } from "../i18n.js";
import { td } from "../i18n-duplicates.js";
import { confirmDialog, empty, failure, h, load, when } from "../ui.js";

const JSON_HEADERS = { "Content-Type": "application/json" };

function sideCard(side, label) {
  const branch = placeName(side.branch_name, side.branch_name_zh);
  if (side.hidden) {
    return h("div", { class: "pair-side hidden-side" }, h("h3", {}, label),
      h("p", {}, td("otherBranch", branch)), h("p", { class: "hint" }, td("phoneEnding", side.phone_last4)));
  }
  const fact = (name, value) => [h("dt", {}, name), h("dd", {}, value || "—")];
  return h("div", { class: "pair-side", "data-candidate": side.id }, h("h3", {}, label),
    h("dl", { class: "facts" },
      fact(td("name"), h("a", { href: `#/candidates/${encodeURIComponent(side.id)}` }, side.name)),
      fact(td("phone"), side.phone), fact(td("email"), side.email),
      fact(td("position"), placeName(side.position_title, side.position_title_zh) || side.position_id),
      fact(td("branch"), branch), fact(td("status"), statusName(side.status)),
      fact(td("applied"), when(side.created_at))));
}

const fieldName = (f) => td(f === "phone" ? "fieldPhone" : "fieldEmail");
const statusText = (s) => td({ merged: "statusMerged", kept_apart: "statusKeptApart" }[s] || "statusOpen");

function pairActions(pair, done) {
  if (pair.status !== "open") {
    return h("p", { class: "hint" }, `${statusText(pair.status)} · ${td("decidedBy", pair.decided_by, when(pair.decided_at))}`);
  }
  if (!pair.decidable) return h("p", { class: "hint" }, td("hqDecides"));
  const message = h("div", { "aria-live": "polite" });
  const decide = (action, question, said) => async () => {
    if (!(await confirmDialog(question))) return;
    try {
      await api(`/duplicates/${encodeURIComponent(pair.first.id)}/${encodeURIComponent(pair.second.id)}/${action}`,
        { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ revision: pair.revision }) });
      done(said);
    } catch (error) { message.replaceChildren(failure(error)); }
  };
  return h("div", {}, h("div", { class: "actions" },
    h("button", { type: "button", class: "merge", onclick: decide("merge", td("confirmMerge"), td("merged")) }, td("merge")),
    h("button", { type: "button", class: "secondary keep-apart", onclick: decide("keep-apart", td("confirmKeepApart"), td("keptApart")) }, td("keepApart"))),
    message);
}

function pairCard(pair, done) {
  return h("article", { class: "card wide duplicate-pair" },
    h("p", { class: "hint" }, `${td("matchedOn", pair.matched_on.map(fieldName).join(" + "))} · ${td("source", td(pair.source === "resume" ? "sourceResume" : "sourceContact"))} · ${when(pair.found_at)}`),
    h("div", { class: "pair-sides" }, sideCard(pair.first, td("earlier")), sideCard(pair.second, td("later"))),
    pairActions(pair, done));
}

export function duplicatesView(main) {
  const body = h("div", { id: "duplicates" });
  const flash = h("div", { "aria-live": "polite" });
  const refresh = (said = "") => {
    flash.replaceChildren(said ? h("p", { class: "ok", role: "status" }, said) : "");
    load(body, async () => {
      const { items } = await api("/duplicates");
      return items.length ? items.map((pair) => pairCard(pair, refresh)) : empty(td("none"));
    });
  };
  main.replaceChildren(h("h1", {}, td("title")), h("p", { class: "hint" }, td("intro")), flash, body);
  refresh();
}

// The candidate page's block: "Also applied: ..." and this application's pairs.
export function duplicatesSection(candidate, refresh) {
  const box = h("div", { id: "duplicates-box" });
  load(box, async () => {
    const data = await api(`/candidates/${encodeURIComponent(candidate.id)}/duplicates`);
    const parts = [];
    if (data.same_person.length) {
      parts.push(h("h3", {}, td("alsoApplied")), h("ul", { class: "plain also-applied" },
        ...data.same_person.map((s) => h("li", {},
          h("a", { href: `#/candidates/${encodeURIComponent(s.id)}` }, `${s.name} · ${placeName(s.position_title, s.position_title_zh) || s.position_id}`),
          ` · ${placeName(s.branch_name, s.branch_name_zh)} · ${statusName(s.status)} · ${when(s.created_at)}`))));
    }
    const open = data.pairs.filter((p) => p.status === "open");
    if (open.length) parts.push(h("h3", {}, td("pairs")), ...open.map((pair) => pairCard(pair, refresh)));
    return parts.length ? parts : empty(td("noneHere"));
  });
  return h("section", { class: "card wide", id: "same-person", "aria-labelledby": "same-person-title" },
    h("h2", { id: "same-person-title" }, td("section")), box);
}

// The import page's rows created but flagged: the row, the field and (when the importer
// may read it) a link to the other application.
export function flaggedRows(rows) {
  if (!rows || !rows.length) return null;
  return h("table", { class: "grid flagged-rows" }, h("caption", {}, `${td("importFlagged")} (${new Set(rows.map((r) => r.row)).size})`),
    h("thead", {}, h("tr", {}, ...[t("row"), t("field"), td("otherApplication")].map((label) => h("th", { scope: "col" }, label)))),
    h("tbody", {}, ...rows.map((r) => h("tr", {}, h("td", {}, r.row), h("td", {}, fieldName(r.field)),
      h("td", {}, r.other_id ? h("a", { href: `#/candidates/${encodeURIComponent(r.other_id)}` }, td("open")) : td("notYours"))))));
}
