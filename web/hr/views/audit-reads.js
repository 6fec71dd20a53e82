// Oversight of reads (docs/privacy.md, "Oversight: who read what"): one person's whole
// trail (#/audit/<id>: GET /api/audit/people/<id>), the lookup form on the audit page,
// the reads among the audit page's actions, and the candidate page's link.
import { api } from "/shared/auth.js";
import { tar } from "../i18n-audit-reads.js";
import { t } from "../i18n.js";
import { empty, h, load, when } from "../ui.js";

export const READ_ACTIONS = Object.keys(tar("actions"));

// The label of a read action, or null for any other action (the audit page's own labels).
export function readActionName(action) { return tar("actions")[action] || null; }

export function whoOpenedLink(candidate) {
  return h("p", { class: "audit-link" }, h("a", { href: `#/audit/${encodeURIComponent(candidate.id)}`, id: "who-opened" }, tar("whoOpened")));
}

// The audit page's lookup: a person's trail by their ID.
export function personLookup() {
  const input = h("input", { name: "subject_id", id: "audit-subject", size: 24, required: true });
  return h("form", { class: "filters", id: "audit-person", onsubmit: (event) => {
    event.preventDefault();
    if (input.value.trim()) location.hash = `#/audit/${encodeURIComponent(input.value.trim())}`;
  } }, h("strong", {}, tar("lookup")), h("label", {}, tar("personId"), input), h("button", { type: "submit" }, tar("show")));
}

export function personTrailView(main, subjectId) {
  const results = h("div", { class: "results", id: "person-trail" });
  main.replaceChildren(h("h1", {}, tar("personTitle", subjectId)), h("p", { class: "hint" }, tar("personIntro")), results);
  const rows = h("tbody", {});
  const name = (action) => readActionName(action) || t("actions")[action] || action;
  function page(cursor) {
    const more = h("div", {});
    const target = cursor ? more : results;
    load(target, async () => {
      const q = new URLSearchParams({ limit: "50" });
      if (cursor) q.set("cursor", cursor);
      const listing = await api(`/audit/people/${encodeURIComponent(subjectId)}?${q}`);
      if (!cursor && !listing.items.length) return empty(tar("none"));
      rows.append(...listing.items.map((e) => h("tr", { "data-action": e.action, class: e.action.startsWith("read.") ? "read" : null },
        h("td", {}, when(e.at)),
        h("td", {}, h("a", { href: `#/admin/audit?actor=${encodeURIComponent(e.actor)}&action=read.`, title: tar("readsBy", e.actor) }, e.actor)),
        h("td", {}, name(e.action)), h("td", {}, `${e.entity} ${e.entity_id}`), h("td", {}, e.branch_id))));
      const next = listing.cursor ? h("button", { type: "button", class: "secondary", onclick: () => { next.remove(); page(listing.cursor); } }, tar("more")) : null;
      if (cursor) return next ? [next] : [];
      return [h("div", { class: "scroll" }, h("table", { class: "grid", id: "person-audit" },
        h("thead", {}, h("tr", {}, ...[tar("when"), tar("who"), tar("action"), tar("object"), tar("branch")].map((x) => h("th", { scope: "col" }, x)))), rows)), next, more];
    });
    if (cursor) results.append(more);
  }
  page(null);
}
