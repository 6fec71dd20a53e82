import { api } from "/shared/auth.js";
import { FUNNEL, statusName, t } from "../i18n.js";
import { can, empty, h, load, when } from "../ui.js";

// Filters live in the URL (#/candidates?status=...&q=...), so a list can be bookmarked.
export function candidatesView(main, params, me) {
  const filters = { q: params.get("q") || "", status: params.get("status") || "",
    branch_id: params.get("branch_id") || "", position_id: params.get("position_id") || "" };
  const cursors = [];
  const canImport = can(me, "candidates.import");
  const results = h("div", { class: "results" });
  const statusSelect = h("select", { name: "status", id: "filter-status" },
    h("option", { value: "" }, t("all")),
    ...[...FUNNEL, "needs_attention"].map((s) => h("option", { value: s, selected: filters.status === s }, statusName(s))));
  const branchSelect = h("select", { name: "branch_id", id: "filter-branch" }, h("option", { value: "" }, t("all")));
  const positionSelect = h("select", { name: "position_id", id: "filter-position" }, h("option", { value: "" }, t("all")));
  const form = h("form", { class: "filters", role: "search", onsubmit: (event) => {
      event.preventDefault();
      const data = new URLSearchParams([...new FormData(form).entries()].filter(([, v]) => v));
      location.hash = `#/candidates${data.toString() ? `?${data}` : ""}`;
    } },
    h("label", {}, t("search"), h("input", { name: "q", type: "search", value: filters.q })),
    h("label", {}, t("status"), statusSelect),
    me.is_hq ? h("label", {}, t("branch"), branchSelect) : null,
    h("label", {}, t("position"), positionSelect),
    h("button", { type: "submit" }, t("filter")));
  main.replaceChildren(h("div", { class: "title-row" }, h("h1", {}, t("candidates")),
    canImport ? h("a", { class: "button", href: "#/import" }, t("importCandidates")) : null), form, results);

  api("/positions").then((positions) => positionSelect.append(...positions.map((p) =>
    h("option", { value: p.id, selected: filters.position_id === p.id }, p.title)))).catch(() => {});
  if (me.is_hq) api("/branches").then((branches) => branchSelect.append(...branches.filter((b) => !b.is_hq).map((b) =>
    h("option", { value: b.id, selected: filters.branch_id === b.id }, b.name)))).catch(() => {});

  function page(cursor) {
    load(results, async () => {
      const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
      query.set("limit", "20");
      if (cursor) query.set("cursor", cursor);
      const listing = await api(`/candidates?${query}`);
      if (!listing.items.length) return empty();
      const rows = listing.items.map((c) => h("tr", {},
        h("td", {}, h("a", { href: `#/candidates/${c.id}` }, c.name)),
        h("td", {}, h("span", { class: `status ${c.status}` }, statusName(c.status))),
        h("td", {}, c.branch_id), h("td", {}, c.position_id), h("td", {}, when(c.updated_at))));
      const nav = h("nav", { class: "pager", "aria-label": "pages" },
        cursors.length ? h("button", { type: "button", class: "secondary", onclick: () => { cursors.length = 0; page(null); } }, t("previous")) : null,
        listing.cursor ? h("button", { type: "button", onclick: () => { cursors.push(listing.cursor); page(listing.cursor); } }, t("next")) : null);
      return [h("table", { class: "grid" },
        h("thead", {}, h("tr", {}, ...[t("name"), t("status"), t("branch"), t("position"), t("since")].map((x) => h("th", { scope: "col" }, x)))),
        h("tbody", {}, ...rows)), nav];
    });
  }
  page(null);
}
