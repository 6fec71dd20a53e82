import { api, token } from "/shared/auth.js";
import { CHANNELS, FUNNEL, channelName, locale, placeName, statusName, t } from "../i18n.js";
import { can, confirmDialog, empty, failure, h, load, when } from "../ui.js";
import { runBulk } from "./bulk.js";

// Each bulk action: the capability it needs (/api/me's ``capabilities``), its label and look.
const BULK = [
  { kind: "assign", capability: "candidates.assign", label: "bulkAssign", look: "secondary" },
  { kind: "invite", capability: "candidates.invite", label: "bulkInvite", look: "" },
  { kind: "remind", capability: "candidates.remind", label: "bulkRemind", look: "secondary" },
  { kind: "reject", capability: "candidates.decide", label: "bulkReject", look: "danger" },
];
const FILTERS = ["q", "status", "branch_id", "position_id", "channel"];
const SORTS = [["-created_at", "sortNewest"], ["created_at", "sortOldest"], ["name", "sortName"],
  ["-name", "sortNameDesc"], ["status", "sortStatus"], ["-updated_at", "sortUpdated"]];
const PAGE_SIZES = [10, 20, 50, 100];

// Every column a list can show; "name" always shows.
function columnsOf(names) {
  return {
    name: [t("name"), (c) => h("a", { href: `#/candidates/${c.id}` }, c.name)],
    status: [t("status"), (c) => h("span", { class: `status ${c.status}` }, statusName(c.status))],
    phone: [t("phone"), (c) => c.phone],
    email: [t("email"), (c) => c.email],
    branch: [t("branch"), (c) => names.branches[c.branch_id] || c.branch_id],
    position: [t("position"), (c) => names.positions[c.position_id] || c.position_id],
    channel: [t("sourceChannel"), (c) => channelName(c.channel) || t("notRecorded")],
    round: [t("round"), (c) => String(c.round)],
    created: [t("addedOn"), (c) => when(c.created_at)],
    updated: [t("updatedOn"), (c) => when(c.updated_at)],
  };
}
const DEFAULT_COLUMNS = ["name", "status", "phone", "position", "channel", "updated"];

// The list's state lives in the URL (#/candidates?status=...&sort=...&page=2&columns=...),
// so a list can be bookmarked, saved under a name, and comes back after a reload.
export function candidatesView(main, params, me) {
  const canAdd = can(me, "candidates.add");
  const canImport = can(me, "candidates.import");
  // Only the bulk actions the caller's role may take (the server checks each candidate too).
  const bulkActions = BULK.filter((action) => can(me, action.capability));
  const canSelect = bulkActions.length > 0;
  const filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) || ""]));
  const sort = params.get("sort") || "-created_at";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const size = PAGE_SIZES.includes(Number(params.get("size"))) ? Number(params.get("size")) : 20;
  const columnsKey = `hireflow.columns.${me.username}`;
  const chosen = (params.get("columns") || localStorage.getItem(columnsKey) || "").split(",").filter(Boolean);
  const columns = ["name", ...(chosen.length ? chosen : DEFAULT_COLUMNS).filter((c) => c !== "name")];
  const names = { branches: {}, positions: {} };
  const selected = new Map(); // id -> {id, name, status, branch_id}

  function go(changes) {
    const next = new URLSearchParams();
    const state = { ...filters, sort, page: String(page), size: String(size), columns: columns.join(","), ...changes };
    const defaults = { sort: "-created_at", page: "1", size: "20" };
    for (const [k, v] of Object.entries(state)) if (v && defaults[k] !== v) next.set(k, v);
    location.hash = `#/candidates${next.toString() ? `?${next}` : ""}`;
  }
  const listQuery = () => Object.fromEntries(Object.entries({ ...filters, sort, size: size === 20 ? "" : String(size), columns: columns.join(",") }).filter(([, v]) => v));

  // ------------------------------------------------------------ filters, sort, columns
  const statusSelect = h("select", { name: "status", id: "filter-status" },
    h("option", { value: "" }, t("all")),
    ...[...FUNNEL, "needs_attention"].map((s) => h("option", { value: s, selected: filters.status === s }, statusName(s))));
  const branchSelect = h("select", { name: "branch_id", id: "filter-branch" }, h("option", { value: "" }, t("all")));
  const positionSelect = h("select", { name: "position_id", id: "filter-position" }, h("option", { value: "" }, t("all")));
  const channelSelect = h("select", { name: "channel", id: "filter-channel" }, h("option", { value: "" }, t("all")),
    ...CHANNELS.map((c) => h("option", { value: c, selected: filters.channel === c }, channelName(c))));
  const sortSelect = h("select", { name: "sort", id: "sort" },
    ...SORTS.map(([value, label]) => h("option", { value, selected: sort === value }, t(label))));
  const form = h("form", { class: "filters", role: "search", onsubmit: (event) => {
      event.preventDefault();
      const data = Object.fromEntries(new FormData(form).entries());
      go({ ...Object.fromEntries(FILTERS.map((k) => [k, data[k] || ""])), sort: data.sort, page: "1" });
    } },
    h("label", {}, t("search"), h("input", { name: "q", type: "search", value: filters.q })),
    h("label", {}, t("status"), statusSelect),
    me.is_hq ? h("label", {}, t("branch"), branchSelect) : null,
    h("label", {}, t("position"), positionSelect),
    h("label", {}, t("sourceChannel"), channelSelect),
    h("label", {}, t("sortBy"), sortSelect),
    h("button", { type: "submit" }, t("filter")));

  const all = columnsOf(names);
  // The checkboxes exist only while the chooser is open (their labels repeat the filters').
  const columnChoice = h("details", { class: "columns", id: "columns", ontoggle: () => {
    if (!columnChoice.open) { columnChoice.querySelector("fieldset")?.remove(); return; }
    columnChoice.append(h("fieldset", {}, ...Object.entries(all).filter(([key]) => key !== "name").map(([key, [label]]) =>
      h("label", { class: "check" }, h("input", { type: "checkbox", name: "col", value: key, checked: columns.includes(key),
        onchange: () => {
          const picked = [...columnChoice.querySelectorAll("input[name=col]:checked")].map((i) => i.value);
          localStorage.setItem(columnsKey, picked.join(","));
          go({ columns: picked.join(",") });
        } }), " ", label))));
  } }, h("summary", {}, t("columnsChoice")));

  // ------------------------------------------------------------ saved lists (per user)
  const message = h("div", { "aria-live": "polite", class: "list-message" });
  const savedSelect = h("select", { id: "saved-lists", "aria-label": t("savedLists"), onchange: () => {
    const picked = savedSelect.selectedOptions[0];
    if (picked && picked.dataset.query) location.hash = `#/candidates?${new URLSearchParams(JSON.parse(picked.dataset.query))}`;
  } }, h("option", { value: "" }, t("savedListNone")));
  const deleteSaved = h("button", { type: "button", class: "secondary", id: "delete-list", onclick: async () => {
    if (!savedSelect.value) return;
    try {
      await api(`/saved-filters/${encodeURIComponent(savedSelect.value)}`, { method: "DELETE" });
      savedSelect.selectedOptions[0].remove();
      message.replaceChildren(h("p", { class: "ok", role: "status" }, t("listDeleted")));
    } catch (error) { message.replaceChildren(failure(error)); }
  } }, t("deleteList"));
  const saveList = h("button", { type: "button", class: "secondary", id: "save-list", onclick: async () => {
    const values = await confirmDialog(t("saveList"), [{ name: "name", label: t("saveListName"), required: true }]);
    if (!values || !values.name.trim()) return;
    try {
      const saved = await api("/saved-filters", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name: values.name.trim(), query: listQuery() }) });
      loadSaved(saved.id);
      message.replaceChildren(h("p", { class: "ok", role: "status" }, t("listSaved", saved.name)));
    } catch (error) { message.replaceChildren(failure(error)); }
  } }, t("saveList"));
  function loadSaved(current) {
    api("/saved-filters").then((lists) => {
      const here = new URLSearchParams(listQuery()).toString();
      savedSelect.replaceChildren(h("option", { value: "" }, t("savedListNone")), ...lists.map((l) => h("option",
        { value: l.id, "data-query": JSON.stringify(l.query), selected: l.id === current || new URLSearchParams(l.query).toString() === here }, l.name)));
    }).catch(() => {});
  }

  // ------------------------------------------------------------ the page
  const count = h("span", { id: "candidate-count", class: "count", "aria-live": "polite" });
  const results = h("div", { class: "results" });
  const bulkBox = h("div", { id: "bulk-box" });
  const runBox = h("div", { id: "bulk-run-box" });
  const exportButton = h("button", { type: "button", class: "secondary", id: "export", onclick: () => exportList() }, t("exportXlsx"));
  main.replaceChildren(
    h("div", { class: "title-row" }, h("h1", {}, t("candidates"), " ", count),
      h("div", { class: "actions" },
        canAdd ? h("a", { class: "button", id: "add-candidate", href: "#/candidates/new" }, t("addCandidate")) : null,
        canImport ? h("a", { class: "button secondary", href: "#/import" }, t("importCandidates")) : null,
        exportButton)),
    form,
    h("div", { class: "actions list-tools" }, savedSelect, saveList, deleteSaved, columnChoice),
    message, bulkBox, runBox, results);
  loadSaved();

  api("/positions").then((positions) => {
    for (const p of positions) names.positions[p.id] = placeName(p.title, p.title_zh);
    positionSelect.append(...positions.map((p) => h("option", { value: p.id, selected: filters.position_id === p.id }, names.positions[p.id])));
    refreshNames();
  }).catch(() => {});
  api("/branches").then((branches) => {
    for (const b of branches) names.branches[b.id] = placeName(b.name, b.name_zh);
    if (me.is_hq) branchSelect.append(...branches.filter((b) => !b.is_hq).map((b) =>
      h("option", { value: b.id, selected: filters.branch_id === b.id }, names.branches[b.id])));
    refreshNames();
  }).catch(() => {});
  let lastListing = null;
  function refreshNames() { if (lastListing) renderTable(lastListing); }

  async function exportList() {
    exportButton.disabled = true;
    message.replaceChildren(h("p", { class: "state", role: "status" }, h("progress", {}), " ", t("exporting")));
    try {
      const query = new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), sort, lang: locale });
      const response = await fetch(`/api/candidates/export?${query}`, { headers: { Authorization: token() } });
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        const error = new Error((body && body.message) || `Request failed (${response.status})`);
        error.status = response.status; error.body = body; throw error;
      }
      const url = URL.createObjectURL(await response.blob());
      const stamp = new Date().toISOString().slice(0, 10);
      const link = h("a", { href: url, download: `${locale === "zh" ? "候选人" : "candidates"}-${stamp}.xlsx` });
      document.body.append(link); link.click(); link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      message.replaceChildren();
    } catch (error) { message.replaceChildren(failure(error)); } finally { exportButton.disabled = false; }
  }

  // ------------------------------------------------------------ selection and bulk actions
  function renderBulk(listing) {
    if (!canSelect || !selected.size) { bulkBox.replaceChildren(); return; }
    const onPage = listing.items.length && listing.items.every((c) => selected.has(c.id));
    const more = onPage && listing.total > selected.size
      ? h("p", {}, t("pageSelected", listing.items.length), " ",
        h("button", { type: "button", class: "link", id: "select-all-matching", onclick: selectAllMatching }, t("selectAllMatching", listing.total)))
      : null;
    const people = [...selected.values()];
    const act = (kind) => runBulk(kind, people, runBox, () => { selected.clear(); load(results, fetchPage); });
    bulkBox.replaceChildren(h("section", { class: "card bulk", id: "bulk", "aria-label": t("selectedCount", selected.size) },
      h("div", { class: "actions" }, h("strong", { id: "selected-count" }, t("selectedCount", selected.size)),
        ...bulkActions.map((a) => h("button", { type: "button", id: `bulk-${a.kind}`, class: a.look,
          onclick: () => act(a.kind) }, t(a.label))),
        h("button", { type: "button", class: "link", id: "clear-selection", onclick: () => { selected.clear(); renderTable(listing); } }, t("clearSelection"))),
      more));
  }
  async function selectAllMatching() {
    try {
      const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
      const found = await api(`/candidates/ids?${query}`);
      for (const item of found.items) selected.set(item.id, item);
      renderTable(lastListing);
    } catch (error) { message.replaceChildren(failure(error)); }
  }

  function renderTable(listing) {
    lastListing = listing;
    count.textContent = `(${t("totalCandidates", listing.total)})`;
    renderBulk(listing);
    if (!listing.items.length) { results.replaceChildren(empty()); return; }
    const shown = columnsOf(names);
    const pick = (c) => ({ id: c.id, name: c.name, status: c.status, branch_id: c.branch_id });
    const rows = listing.items.map((c) => h("tr", { "data-id": c.id },
      canSelect ? h("td", { class: "select" }, h("input", { type: "checkbox", class: "select-row", "data-id": c.id,
        "aria-label": t("selectRow", c.name), checked: selected.has(c.id),
        onchange: (event) => { if (event.target.checked) selected.set(c.id, pick(c)); else selected.delete(c.id); renderTable(listing); } })) : null,
      ...columns.map((key) => h("td", { "data-label": shown[key][0], class: `col-${key}` }, shown[key][1](c)))));
    const pageBox = canSelect ? h("input", { type: "checkbox", id: "select-page", "aria-label": t("selectPage"),
      checked: listing.items.every((c) => selected.has(c.id)), onchange: (event) => {
        for (const c of listing.items) if (event.target.checked) selected.set(c.id, pick(c)); else selected.delete(c.id);
        renderTable(listing);
      } }) : null;
    results.replaceChildren(
      h("div", { class: "table-wrap" }, h("table", { class: "grid cards-on-phone", id: "candidate-table" },
        h("thead", {}, h("tr", {}, canSelect ? h("th", { scope: "col", class: "select" }, pageBox) : null,
          ...columns.map((key) => h("th", { scope: "col" }, shown[key][0])))),
        h("tbody", {}, ...rows))),
      pager(listing));
  }

  function pager(listing) {
    if (listing.pages <= 1) return h("p", { class: "state" }, t("pageOf", 1, 1));
    const numbers = new Set([1, listing.pages]);
    for (let p = listing.page - 2; p <= listing.page + 2; p += 1) if (p >= 1 && p <= listing.pages) numbers.add(p);
    const sorted = [...numbers].sort((a, b) => a - b);
    const items = [];
    sorted.forEach((p, i) => {
      if (i && p - sorted[i - 1] > 1) items.push(h("span", { class: "gap" }, "…"));
      items.push(h("button", { type: "button", class: p === listing.page ? "" : "secondary", "aria-label": t("pageNumber", p),
        "aria-current": p === listing.page ? "page" : null, onclick: () => go({ page: String(p) }) }, String(p)));
    });
    return h("nav", { class: "pager", "aria-label": t("pageOf", listing.page, listing.pages) },
      listing.page > 1 ? h("button", { type: "button", class: "secondary", onclick: () => go({ page: String(listing.page - 1) }) }, t("previousPage")) : null,
      ...items,
      listing.page < listing.pages ? h("button", { type: "button", class: "secondary", onclick: () => go({ page: String(listing.page + 1) }) }, t("next")) : null,
      h("span", { class: "state" }, t("pageOf", listing.page, listing.pages)));
  }

  async function fetchPage() {
    const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
    query.set("sort", sort); query.set("page", String(page)); query.set("limit", String(size));
    const listing = await api(`/candidates?${query}`);
    if (listing.page > listing.pages && listing.total) { go({ page: String(listing.pages) }); return []; }
    renderTable(listing);
    return [...results.childNodes];
  }
  load(results, fetchPage);
}
