// Branch HR's privacy screens (docs/privacy.md): the "Privacy requests" page (#/privacy-
// requests, open ones first, the statutory date highlighted) and one request with its
// receipt (#/privacy-requests/<id>); the candidate page's Privacy section (the consent
// ledger read-only, export and erasure, the person's requests, the legal hold); the
// employee page's departure and legal hold. The server decides and refuses; these
// screens say what it said.
import { api } from "/shared/auth.js";
import { message, t } from "../i18n.js";
import { tpr } from "../i18n-privacy-requests.js";
import { can, day, empty, failure, h, load, when } from "../ui.js";

const JSON_HEADERS = { "Content-Type": "application/json" };
const OPEN = new Set(["received", "running"]);
const DAY_MS = 86_400_000;
const SOON_DAYS = 7;
const POLL_MS = 2000;

const enc = encodeURIComponent;
const named = (table, key) => (tpr(table) || {})[key] || key;

// ------------------------------------------------------------------ a request's pieces
function dueCell(request) {
  const left = (new Date(request.due_by) - Date.now()) / DAY_MS;
  const flag = !OPEN.has(request.status) ? null
    : left < 0 ? h("strong", { class: "late-flag" }, ` ${tpr("overdue")}`)
      : left < SOON_DAYS ? h("strong", { class: "late-flag due-soon" }, ` ${tpr("dueSoon")}`) : null;
  return [when(request.due_by), flag];
}

const askedBy = (request) => (request.channel === "portal" ? tpr("byPerson") : tpr("byHr"));

function statusText(request) {
  const words = named("statuses", request.status);
  // The code's sentence says it all ("Refused: ... legal hold").
  return request.status_code ? message(request.status_code, {}, `${words} · ${request.status_code}`) : words;
}

function receiptTable(request) {
  if (!request.receipt.length) {
    return empty(request.kind === "export" && request.status === "done" ? tpr("exportReceipt") : tpr("noReceipt"));
  }
  const cols = [tpr("dataClass"), tpr("where"), tpr("action"), tpr("count"), tpr("why")];
  return h("div", { class: "scroll" }, h("table", { class: "grid cards-on-phone receipt", id: "receipt" },
    h("thead", {}, h("tr", {}, ...cols.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...request.receipt.map((line) => {
      // Why something stayed (kept, or an audit entry kept with the person taken out).
      const why = [line.reason_code ? named("reasons", line.reason_code) : "",
        line.action === "kept" ? h("div", { class: "hint" }, line.kept_until ? tpr("keptUntil", day(line.kept_until)) : tpr("keptNoEnd")) : ""];
      return h("tr", { "data-action": line.action, "data-class": line.data_class, "data-holder": line.holder },
        h("td", { "data-label": cols[0] }, named("classes", line.data_class)),
        h("td", { "data-label": cols[1] }, named("holders", line.holder), h("div", { class: "hint" }, line.where)),
        h("td", { "data-label": cols[2] }, h("strong", {}, named("actions", line.action))),
        h("td", { "data-label": cols[3] }, String(line.count)),
        h("td", { "data-label": cols[4] }, ...[why].flat()));
    }))));
}

// The export's zip: a short-lived link asked for when wanted (the download is audited).
function exportDownload(request) {
  if (request.kind !== "export" || request.status !== "done") return null;
  const box = h("span", { class: "export-download" });
  const button = h("button", { type: "button", id: "download-export", onclick: async () => {
    button.disabled = true;
    try {
      const link = await api(`/privacy-requests/${enc(request.id)}/download`);
      box.replaceChildren(h("a", { href: link.url, id: "export-link", rel: "noopener" }, tpr("exportLink")));
    } catch (error) { button.disabled = false; box.append(failure(error)); }
  } }, tpr("downloadExport"));
  box.append(button);
  return box;
}

function receiptDownload(request) {
  const blob = new Blob([JSON.stringify(request, null, 2)], { type: "application/json" });
  return h("a", { class: "button secondary", id: "download-receipt", href: URL.createObjectURL(blob),
    download: `privacy-request-${request.id}.json` }, tpr("downloadReceipt"));
}

function requestDetail(request) {
  return [
    h("dl", { class: "facts" },
      h("dt", {}, tpr("kind")), h("dd", {}, named("kinds", request.kind)),
      h("dt", {}, tpr("status")), h("dd", { id: "request-status", "data-status": request.status }, statusText(request)),
      h("dt", {}, tpr("candidate")), h("dd", {}, h("a", { href: `#/candidates/${enc(request.subject_id)}` }, request.subject_id)),
      h("dt", {}, tpr("requestedBy")), h("dd", {}, askedBy(request)),
      h("dt", {}, tpr("requestedAt")), h("dd", {}, when(request.requested_at)),
      h("dt", {}, tpr("dueBy")), h("dd", {}, ...dueCell(request)),
      h("dt", {}, tpr("finished")), h("dd", {}, request.finished_at ? when(request.finished_at) : "–")),
    h("div", { class: "actions" }, exportDownload(request), request.finished_at ? receiptDownload(request) : null),
    h("h2", {}, tpr("receipt")), h("p", { class: "hint" }, tpr("receiptIntro")), receiptTable(request),
  ];
}

// ------------------------------------------------------------------ the page
function requestRows(requests, { withCandidate = true } = {}) {
  const cols = [tpr("kind"), tpr("status"), ...(withCandidate ? [tpr("candidate")] : []), tpr("requestedBy"), tpr("dueBy"), tpr("finished")];
  return h("div", { class: "scroll" }, h("table", { class: "grid cards-on-phone privacy-requests" },
    h("thead", {}, h("tr", {}, ...cols.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...requests.map((r) => {
      const left = (new Date(r.due_by) - Date.now()) / DAY_MS;
      const cells = [
        h("a", { href: `#/privacy-requests/${enc(r.id)}` }, named("kinds", r.kind)),
        h("span", { class: "request-status", "data-status": r.status }, statusText(r)),
        ...(withCandidate ? [r.subject_id] : []),
        askedBy(r), dueCell(r), r.finished_at ? when(r.finished_at) : "–"];
      return h("tr", { "data-request": r.id, "data-kind": r.kind, "data-status": r.status,
        class: OPEN.has(r.status) && left < SOON_DAYS ? "late" : null },
      ...cells.map((c, i) => h("td", { "data-label": cols[i] }, ...[c].flat())));
    }))));
}

const openFirst = (requests) => [...requests.filter((r) => OPEN.has(r.status)), ...requests.filter((r) => !OPEN.has(r.status))];

export function privacyRequestsView(main, requestId) {
  const body = h("div", { class: "card wide", id: requestId ? "privacy-request" : "privacy-requests" });
  if (requestId) {
    main.replaceChildren(h("p", {}, h("a", { href: "#/privacy-requests" }, tpr("back"))), h("h1", {}, tpr("title")), body);
    load(body, async () => {
      const request = await api(`/privacy-requests/${enc(requestId)}`);
      main.querySelector("h1").textContent = tpr("detailTitle", named("kinds", request.kind));
      return requestDetail(request);
    });
    return;
  }
  main.replaceChildren(h("h1", {}, tpr("title")), h("p", { class: "hint" }, tpr("intro")), body);
  load(body, async () => {
    const requests = await api("/privacy-requests");
    return requests.length ? requestRows(openFirst(requests)) : empty(tpr("none"));
  });
}

// ------------------------------------------------------------------ the legal hold
// The hold of a candidate or an employee: who placed it and when, place with a reason,
// release. ``changed(view)`` is told after each change (the erase button's note).
function holdPanel(subjectId, changed = () => {}) {
  const box = h("div", { class: "legal-hold", id: "legal-hold" });
  const render = (view) => {
    const hold = view.hold;
    const status = h("p", { class: "status", role: "status", "aria-live": "polite" });
    const change = async (method, body) => {
      try {
        const next = await api(`/privacy/holds/${enc(subjectId)}`, { method, headers: JSON_HEADERS, body: body && JSON.stringify(body) });
        render(next);
        changed(next);
      } catch (error) { status.replaceChildren(failure(error)); }
    };
    if (view.held) {
      box.replaceChildren(
        h("p", { class: "state warning", id: "hold-state", "data-held": "true" }, h("strong", {}, tpr("heldBy", hold.placed_by, when(hold.placed_at)))),
        h("p", {}, `${tpr("holdReason")}: `, hold.reason),
        h("button", { type: "button", class: "secondary", id: "release-hold", onclick: () => change("DELETE") }, tpr("releaseHold")), status);
      return;
    }
    const reason = h("input", { name: "reason", id: "hold-reason", required: true, maxlength: 500, placeholder: tpr("holdReasonHint") });
    box.replaceChildren(
      h("p", { id: "hold-state", "data-held": "false" }, tpr("notHeld"),
        hold && hold.released_at ? h("span", { class: "hint" }, ` ${tpr("releasedBy", hold.released_by, when(hold.released_at))}`) : null),
      h("form", { class: "row", id: "hold-form", onsubmit: (event) => { event.preventDefault(); change("PUT", { reason: reason.value.trim() }); } },
        h("label", { for: "hold-reason" }, tpr("holdReason")), reason, h("button", { type: "submit", id: "place-hold" }, tpr("placeHold"))),
      status);
  };
  load(box, async () => {
    const view = await api(`/privacy/holds/${enc(subjectId)}`);
    changed(view);
    render(view);
    return [...box.childNodes];
  });
  return h("div", {}, h("h3", {}, tpr("hold")), h("p", { class: "hint" }, tpr("holdIntro")), box);
}

// ------------------------------------------------------------------ the candidate page
function consentsTable(entries) {
  if (!entries.length) return empty(tpr("noConsents"));
  const cols = [tpr("at"), tpr("purpose"), tpr("choice"), tpr("channel"), tpr("shownText")];
  return h("div", { class: "scroll" }, h("table", { class: "grid cards-on-phone", id: "consent-ledger" },
    h("thead", {}, h("tr", {}, ...cols.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...entries.map((e) => h("tr", { "data-purpose": e.purpose, "data-given": String(e.given) },
      h("td", { "data-label": cols[0] }, when(e.at)),
      h("td", { "data-label": cols[1] }, named("purposes", e.purpose)),
      h("td", { "data-label": cols[2] }, h("strong", {}, e.given ? tpr("given") : tpr("withdrawn"))),
      h("td", { "data-label": cols[3] }, named("channels", e.channel)),
      h("td", { "data-label": cols[4] }, h("details", {}, h("summary", {}, tpr("notice", e.notice_jurisdiction, e.notice_version)), h("p", {}, e.text))))))));
}

// Erasure cannot be undone: a dialog that says so, and what is kept.
function confirmErasure() {
  return new Promise((resolve) => {
    const dialog = h("dialog", { "aria-labelledby": "erase-title", id: "erase-dialog" });
    const close = (answer) => { dialog.close(); dialog.remove(); resolve(answer); };
    dialog.append(h("h2", { id: "erase-title" }, tpr("eraseTitle")), h("p", { id: "erase-warning" }, tpr("eraseWarning")),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary", onclick: () => close(false) }, t("cancel")),
        h("button", { type: "button", class: "danger", id: "erase-confirm", onclick: () => close(true) }, tpr("eraseConfirm"))));
    dialog.addEventListener("cancel", () => resolve(false));
    document.body.append(dialog);
    dialog.showModal();
  });
}

export function candidatePrivacySection(candidate, me) {
  if (!can(me, "privacy_requests") || !can(candidate, "edit")) return null;
  const id = candidate.id;
  const status = h("div", { class: "status", role: "status", "aria-live": "polite", id: "privacy-status" });
  const heldNote = h("p", { class: "hint", id: "erase-held-note", hidden: true }, tpr("heldEraseNote"));
  const requestsBox = h("div", { id: "candidate-privacy-requests" });
  const consentsBox = h("div");
  let timer = null;
  let erased = false;

  const showRequests = async () => {
    const mine = (await api("/privacy-requests")).filter((r) => r.subject_id === id);
    // An erasure done: the candidate is gone; its receipt is the last thing shown.
    const done = mine.find((r) => r.kind === "erasure" && r.status === "done");
    if (done && !erased) {
      erased = true;
      actions.replaceChildren(h("p", { class: "state ok", id: "erased" }, tpr("erasedGone"), " ",
        h("a", { href: "#/candidates" }, tpr("toList"))));
      consentsBox.replaceChildren();
      holdBox.replaceChildren();
    }
    requestsBox.replaceChildren(mine.length ? requestRows(mine, { withCandidate: false }) : empty(tpr("noRequests")),
      ...mine.filter((r) => !OPEN.has(r.status)).slice(0, 1).map((r) => h("div", { class: "latest-request", "data-request": r.id }, ...requestDetail(r))));
    const waiting = mine.some((r) => OPEN.has(r.status));
    clearTimeout(timer);
    if (waiting) timer = setTimeout(() => { if (box.isConnected) showRequests().catch(() => {}); }, POLL_MS);
  };

  const ask = async (kind) => {
    if (kind === "erasure" && !(await confirmErasure())) return;
    status.replaceChildren();
    try {
      await api(`/candidates/${enc(id)}/privacy-requests`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ kind }) });
      status.replaceChildren(h("p", { class: "state ok" }, tpr("asked", named("kinds", kind))));
      await showRequests();
    } catch (error) { status.replaceChildren(failure(error)); }
  };
  const actions = h("div", { class: "actions" },
    h("button", { type: "button", class: "secondary", id: "privacy-export", onclick: () => ask("export") }, tpr("exportButton")),
    h("button", { type: "button", class: "danger", id: "privacy-erase", onclick: () => ask("erasure") }, tpr("eraseButton")),
    heldNote);
  const holdBox = can(me, "legal_holds") ? holdPanel(id, (view) => { heldNote.hidden = !view.held; }) : h("div");

  load(consentsBox, async () => consentsTable(await api(`/candidates/${enc(id)}/consents`)));
  load(requestsBox, async () => { await showRequests(); return [...requestsBox.childNodes]; });
  const box = h("section", { class: "card wide", id: "privacy", "aria-labelledby": "privacy-title" },
    h("h2", { id: "privacy-title" }, tpr("section")),
    h("h3", {}, tpr("consents")), h("p", { class: "hint" }, tpr("consentsIntro")), consentsBox,
    holdBox, actions, status,
    h("h3", {}, tpr("requests")), requestsBox);
  return box;
}

// ------------------------------------------------------------------ the employee page
function departureForm(employee, shown) {
  const status = h("div", { class: "status", role: "status", "aria-live": "polite" });
  const leftOn = h("input", { type: "date", name: "left_on", id: "left-on", required: true });
  const reason = h("input", { name: "reason", id: "departure-reason", required: true, maxlength: 500 });
  return h("form", { id: "departure-form", onsubmit: async (event) => {
    event.preventDefault();
    try {
      const saved = await api(`/employees/${enc(employee.id)}/departure`,
        { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ left_on: leftOn.value, reason: reason.value.trim() }) });
      shown(saved);
    } catch (error) { status.replaceChildren(failure(error)); }
  } },
  h("label", { for: "left-on" }, tpr("leftOn")), leftOn,
  h("label", { for: "departure-reason" }, tpr("departureReason")), reason,
  h("button", { type: "submit", id: "record-departure" }, tpr("recordDeparture")), status);
}

function departedFacts(employee) {
  return h("div", { id: "departed" }, h("p", { class: "state warning" }, h("strong", {}, tpr("departed", day(employee.left_on)))),
    employee.departure_reason ? h("p", {}, tpr("departedReason", employee.departure_reason)) : null);
}

// One of the employee page's SECTIONS (onboarding.js): (employee, plan, me) -> a node.
export async function employeePrivacySection(employee, plan, me) {
  const departs = can(me, "employees.departure"), holds = can(me, "legal_holds");
  if (!departs && !holds) return null;
  const record = await api(`/employees/${enc(employee.id)}`);
  const slot = h("div");
  const shown = (saved) => slot.replaceChildren(departedFacts(saved));
  if (record.left_on) shown(record);
  else if (departs) slot.replaceChildren(h("p", { class: "hint" }, tpr("departureIntro")), departureForm(record, shown));
  return h("section", { class: "card wide", id: "employee-privacy", "aria-labelledby": "employee-privacy-title" },
    h("h2", { id: "employee-privacy-title" }, tpr("departure")), slot, holds ? holdPanel(record.id) : null);
}
