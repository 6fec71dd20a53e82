// Offers in the HR app (issue 15): the offer panel of a candidate at the offer stage (the
// terms HR drafts, the approval chain's votes, versions, what the candidate did with it,
// the letters as PDFs) and the approvers' inbox. What the server lists in the offer's
// ``actions`` is what is offered; the API refuses everything else whatever the page does.
import { api, token } from "/shared/auth.js";
import { errorFields, errorMessage, fieldLabel, locale, t } from "../i18n.js";
import { OFFER_STATUSES } from "../i18n-offers.js";
import { colon, confirmDialog, day, empty, failure, h, load, when } from "../ui.js";

const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const offerPath = (candidateId, rest = "") => `/candidates/${encodeURIComponent(candidateId)}/offer${rest}`;
const money = (amount, currency) => (amount === null || amount === undefined ? "–" : `${Number(amount).toLocaleString(locale === "zh" ? "zh-CN" : "en")} ${currency}`);

export const atOfferStage = (candidate) => OFFER_STATUSES.includes(candidate.status);

function outside(terms, band) {
  if (!band || !terms || band.currency !== terms.currency) return false;
  const salary = Number(terms.monthly_salary);
  return Boolean(salary) && (salary > band.maximum || salary < band.minimum);
}

function bandText(band) {
  return band ? t("band", band.minimum, band.maximum, band.currency) : t("noBand");
}

// ------------------------------------------------------------------ PDFs
// A PDF fetched with the caller's token, offered as a download (as the review file).
async function download(path, filename, status) {
  status.replaceChildren(t("preparingPdf"));
  const response = await fetch(`/api${path}`, { headers: { Authorization: token() } });
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw Object.assign(new Error((body && body.message) || `Request failed (${response.status})`), { status: response.status, body });
  }
  const url = URL.createObjectURL(await response.blob());
  const link = h("a", { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  status.replaceChildren(t("pdfReady"));
}

function pdfButton(id, label, path, filename) {
  const status = h("span", { "aria-live": "polite" });
  const button = h("button", { type: "button", class: "secondary", id, onclick: async () => {
    button.disabled = true;
    try { await download(path, filename, status); } catch (error) { status.replaceChildren(failure(error)); } finally { button.disabled = false; }
  } }, label);
  return [button, status];
}

// ------------------------------------------------------------------ the terms
export function termsTable(terms, band) {
  const T = t("terms");
  const rows = [
    ["department", terms.department],
    ["monthly_salary", [money(terms.monthly_salary, terms.currency), outside(terms, band) ? h("span", { class: "flag-tag out-of-band" }, ` ⚠ ${t("outOfBandTag")}`) : null]],
    ["months_per_year", terms.months_per_year],
    ["probation_months", terms.probation_months],
    ["probation_salary", terms.probation_salary ? money(terms.probation_salary, terms.currency) : money(terms.monthly_salary, terms.currency)],
    ["start_date", day(terms.start_date)],
    ["work_location", terms.work_location],
    ["benefits", terms.benefits],
    ["response_deadline", day(terms.response_deadline)],
    ["other_terms", terms.other_terms],
    ["out_of_band_reason", terms.out_of_band_reason],
  ].filter(([, value]) => value !== "" && value !== null && value !== undefined);
  return h("table", { class: "grid terms", id: "offer-terms" },
    h("tbody", {}, ...rows.map(([key, value]) => h("tr", { "data-term": key }, h("th", { scope: "row" }, T[key]), h("td", { class: "pre" }, value)))),
    band ? h("caption", { class: "band" }, bandText(band)) : null);
}

// The draft form: every term, the band next to the salary, the reason field when the
// salary is outside it; the server's reasons under their fields.
function termsForm(candidateId, view, refresh) {
  const terms = (view && view.offer && view.offer.terms) || { currency: (view && view.band && view.band.currency) || "CNY", months_per_year: 12, probation_months: 3 };
  const band = view ? view.band : null;
  const T = t("terms");
  const reasons = {};
  function field(name, input, hint) {
    reasons[name] = h("p", { class: "field-error", id: `offer-${name}-error`, "data-field": name, role: "alert" });
    input.id = `offer-${name}`;
    input.name = name;
    input.setAttribute("aria-describedby", `offer-${name}-error`);
    return h("div", { class: "field", "data-field": name }, h("label", { for: `offer-${name}` }, T[name]), input, hint || null, reasons[name]);
  }
  const text = (name, attrs = {}) => h("input", { value: terms[name] ?? "", ...attrs });
  const number = (name, attrs = {}) => h("input", { type: "number", step: 1, value: terms[name] ?? "", ...attrs });
  const area = (name, attrs = {}) => { const node = h("textarea", { rows: 3, ...attrs }); node.value = terms[name] || ""; return node; };
  const salary = number("monthly_salary", { min: 1, required: true });
  const currency = text("currency", { required: true, maxlength: 3, size: 4, pattern: "[A-Z]{3}" });
  const reasonBox = field("out_of_band_reason", area("out_of_band_reason", { maxlength: 500 }), h("p", { class: "hint" }, t("outOfBand")));
  const bandNote = h("p", { class: "hint band", id: "offer-band" }, bandText(band));
  const showReason = () => {
    const out = outside({ monthly_salary: salary.value, currency: currency.value }, band) || Boolean(terms.out_of_band_reason);
    reasonBox.hidden = !out;
    bandNote.classList.toggle("warn", out);
  };
  salary.addEventListener("input", showReason);
  currency.addEventListener("input", showReason);
  const message = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "offer-form", id: "offer-form", novalidate: false, onsubmit: async (event) => {
    event.preventDefault();
    for (const reason of Object.values(reasons)) reason.textContent = "";
    message.replaceChildren();
    const data = new FormData(form);
    const body = {};
    for (const [key, value] of data.entries()) body[key] = typeof value === "string" ? value.trim() : value;
    for (const key of ["monthly_salary", "months_per_year", "probation_months", "probation_salary"]) body[key] = body[key] === "" ? null : Number(body[key]);
    if (body.probation_salary === null) delete body.probation_salary;
    if (reasonBox.hidden || !body.out_of_band_reason) body.out_of_band_reason = null;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const saved = await api(offerPath(candidateId), json("PUT", body));
      refresh(t("draftSaved", saved.offer.version));
    } catch (error) {
      // Each reason under its field; those with no field on the form in the general message.
      const rest = [];
      for (const f of errorFields(error)) {
        const name = String(f.field).split(".").pop();
        if (reasons[name]) { reasons[name].textContent = f.text; if (name === "out_of_band_reason") reasonBox.hidden = false; }
        else rest.push(f);
      }
      message.replaceChildren(h("div", { class: "state error", role: "alert" }, h("p", {}, errorMessage(error)),
        rest.length ? h("ul", {}, ...rest.map((f) => h("li", {}, f.field ? `${fieldLabel(f.field)}${colon()}${f.text}` : f.text))) : null));
    } finally { button.disabled = false; }
  } },
    h("p", {}, t("offerDraftHelp")),
    h("div", { class: "form-grid" },
      field("department", text("department", { required: true, maxlength: 80 })),
      field("monthly_salary", salary, bandNote),
      field("currency", currency),
      field("months_per_year", number("months_per_year", { min: 12, max: 16, required: true })),
      field("probation_months", number("probation_months", { min: 0, max: 6, required: true })),
      field("probation_salary", number("probation_salary", { min: 1 }), h("p", { class: "hint" }, t("probationSalaryHint"))),
      field("start_date", text("start_date", { type: "date", required: true })),
      field("response_deadline", text("response_deadline", { type: "date", required: true })),
      field("work_location", text("work_location", { required: true, maxlength: 120 }))),
    field("benefits", area("benefits", { maxlength: 1000 })),
    field("other_terms", area("other_terms", { maxlength: 2000 })),
    reasonBox,
    h("div", { class: "actions" }, h("button", { type: "submit", id: "offer-save" }, t("saveDraft"))), message);
  showReason();
  return form;
}

// ------------------------------------------------------------------ the chain's votes
function voteLine(vote, names) {
  const approver = names[vote.approver_id] || vote.approver_id;
  return h("li", { class: `vote ${vote.decision}`, "data-approver": vote.approver_id },
    h("strong", {}, vote.by_name), " ", vote.decision === "approve" ? `✓ ${t("voteApprove")}` : `✗ ${t("voteReject")}`,
    vote.by_id !== vote.approver_id ? ` (${t("onBehalfOf", approver)})` : "", ` · ${when(vote.at)}`,
    vote.comment ? h("blockquote", { class: "comment" }, vote.comment) : null);
}

function chainState(offer) {
  if (!offer.levels.length) return null;
  const rule = (level) => { const r = t("levelRule")[level.rule]; return typeof r === "function" ? r(level.needed, level.approvers.length) : r; };
  return h("ol", { class: "plain levels", id: "offer-levels" }, ...offer.levels.map((level) => {
    const votes = offer.votes.filter((v) => v.level === level.index);
    const names = Object.fromEntries(level.approvers.map((a) => [a.user_id, a.name]));
    const approvals = new Set(votes.filter((v) => v.decision === "approve").map((v) => v.approver_id)).size;
    const state = offer.level === level.index && offer.status === "in_approval" ? "now"
      : approvals >= level.needed ? "approved" : "waiting";
    const voted = new Set(votes.map((v) => v.approver_id));
    const waiting = level.approvers.filter((a) => !voted.has(a.user_id));
    return h("li", { class: `level ${state}`, "data-level": level.index },
      h("h4", {}, `${level.index + 1}. ${level.name} `,
        h("span", { class: `status level-${state}` }, { now: t("levelVotingNow"), approved: t("levelApproved"), waiting: t("levelWaiting") }[state])),
      h("p", { class: "hint" }, `${rule(level)} · ${t("levelWhy")[level.why] || level.why} · ${level.approvers.map((a) => a.name).join(locale === "zh" ? "、" : ", ")}`),
      votes.length ? h("ul", { class: "plain votes" }, ...votes.map((v) => voteLine(v, names))) : null,
      state === "now" && waiting.length ? h("p", { class: "pending" }, `${t("waitingFor")}${colon()}${waiting.map((a) => a.name).join(locale === "zh" ? "、" : ", ")}`) : null);
  }));
}

// Approve, or reject with a comment; HQ may vote for a named approver of the level.
export function voteForm(candidateId, view, me, done) {
  const offer = view.offer;
  const level = offer.level === null ? null : offer.levels[offer.level];
  const message = h("div", { "aria-live": "polite" });
  const comment = h("textarea", { id: "vote-comment", name: "comment", rows: 3, maxlength: 1000 });
  const voted = new Set(offer.votes.filter((v) => level && v.level === level.index).map((v) => v.approver_id));
  const others = level ? level.approvers.filter((a) => !voted.has(a.user_id)) : [];
  const onBehalf = me.is_hq && others.length
    ? h("select", { id: "vote-on-behalf", name: "on_behalf_of" }, h("option", { value: "" }, t("myOwnVote")),
      ...others.map((a) => h("option", { value: a.user_id }, a.name)))
    : null;
  async function vote(decision) {
    message.replaceChildren();
    const body = { decision, comment: comment.value.trim() };
    if (onBehalf && onBehalf.value) body.on_behalf_of = onBehalf.value;
    for (const b of buttons) b.disabled = true;
    try {
      const after = await api(offerPath(candidateId, "/vote"), json("POST", body));
      done(decision === "approve" ? t("approvedMsg") : t("rejectedMsg"), after);
    } catch (error) { message.replaceChildren(failure(error)); } finally { for (const b of buttons) b.disabled = false; }
  }
  const buttons = [
    h("button", { type: "button", class: "success", id: "vote-approve", onclick: () => vote("approve") }, t("approveOffer")),
    h("button", { type: "button", class: "danger", id: "vote-reject", onclick: () => vote("reject") }, t("rejectOffer"))];
  return h("div", { class: "vote-form", id: "vote-form" },
    onBehalf ? [h("label", { for: "vote-on-behalf" }, t("onBehalfLabel")), onBehalf] : null,
    h("label", { for: "vote-comment" }, t("voteComment")), comment,
    h("div", { class: "actions" }, ...buttons), message);
}

// ------------------------------------------------------------------ versions, reads, answer
function versionsTable(versions) {
  if (!versions.length) return null;
  const T = t("terms");
  return h("details", { class: "versions", id: "offer-versions", open: versions.length > 1 },
    h("summary", {}, `${t("versionsTitle")} (${versions.length})`),
    h("table", { class: "grid" },
      h("thead", {}, h("tr", {}, ...[t("version"), t("versionBy"), t("versionAt"), t("changedFields")].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, ...[...versions].reverse().map((v) => h("tr", { "data-version": v.version },
        h("td", {}, v.version), h("td", {}, v.by), h("td", {}, when(v.at)),
        h("td", {}, v.changed && v.changed.length ? v.changed.map((f) => T[f] || f).join(locale === "zh" ? "、" : ", ") : t("firstVersion")))))));
}

function sentState(offer) {
  if (!offer.sent_at) return null;
  const reads = offer.reads ? t("openedTimes", offer.reads, when(offer.first_read_at), when(offer.last_read_at)) : t("notOpened");
  return h("div", { class: "sent", id: "offer-sent" },
    h("p", {}, t("sentAt", when(offer.sent_at)), offer.deadline ? ` · ${t("deadlineShown", when(offer.deadline))}` : "",
      offer.reminded_at ? ` · ${t("offerReminded", when(offer.reminded_at))}` : ""),
    h("p", { id: "offer-reads", class: offer.reads ? "" : "hint" }, reads));
}

function answer(offer) {
  if (offer.status === "declined") {
    return h("div", { class: "answer declined", id: "offer-answer" }, h("h3", {}, t("answerTitle")),
      h("p", {}, t("declinedAt", when(offer.answered_at))),
      offer.decline_reason ? h("p", {}, h("strong", {}, `${t("declineReason")}${colon()}`), offer.decline_reason) : null);
  }
  if (offer.status === "withdrawn") {
    return h("p", { class: "note", id: "offer-answer" }, t("withdrawnReason"), offer.withdraw_reason || "");
  }
  const s = offer.signature;
  if (!s) return null;
  const rows = [[t("typedName"), s.typed_name], [t("signatureDrawn"), s.drawn ? t("drawnByHand") : t("typedSignature")],
    [t("signedAt"), when(s.signed_at)], [t("ipAddress"), s.ip_address], [t("userAgent"), s.user_agent],
    [t("signedHash"), offer.signed_sha256 || ""]];
  return h("div", { class: "answer accepted", id: "offer-answer" }, h("h3", {}, t("answerTitle")),
    h("p", { class: "ok" }, t("acceptedAt", when(offer.answered_at || s.signed_at))),
    h("table", { class: "grid signature", id: "offer-signature" }, h("caption", {}, t("signatureRecord")),
      h("tbody", {}, ...rows.map(([k, v]) => h("tr", {}, h("th", { scope: "row" }, k), h("td", { class: "hash" }, v))))));
}

// Withdraw (with a reason) and extend the deadline, as ``actions`` offers them.
function stewardship(candidateId, view, refresh) {
  const message = h("div", { "aria-live": "polite" });
  const parts = [];
  if (view.actions.includes("withdraw")) {
    parts.push(h("button", { type: "button", class: "danger", id: "offer-withdraw", onclick: async () => {
      const values = await confirmDialog(t("withdrawConfirm"), [{ name: "reason", label: t("withdrawReason"), multiline: true, required: true }]);
      if (!values) return;
      try { await api(offerPath(candidateId, "/withdraw"), json("POST", { reason: values.reason })); refresh(t("withdrawn")); }
      catch (error) { message.replaceChildren(failure(error)); }
    } }, t("withdrawOffer")));
  }
  if (view.actions.includes("extend")) {
    const date = h("input", { type: "date", id: "offer-new-deadline", required: true, value: view.offer.terms.response_deadline });
    parts.push(h("form", { class: "inline", id: "offer-extend", onsubmit: async (event) => {
      event.preventDefault();
      try { await api(offerPath(candidateId, "/deadline"), json("POST", { response_deadline: date.value })); refresh(t("deadlineExtended")); }
      catch (error) { message.replaceChildren(failure(error)); }
    } }, h("label", { for: "offer-new-deadline" }, t("newDeadline")), date, h("button", { type: "submit", class: "secondary" }, t("extendDeadline"))));
  }
  return parts.length ? [h("div", { class: "actions" }, ...parts), message] : [];
}

// ------------------------------------------------------------------ the panel
function offerView(candidate, view, me, refresh) {
  const { offer } = view;
  const id = candidate.id;
  const status = h("p", { class: "offer-head" },
    h("span", { class: `status offer-${offer.status}`, id: "offer-status" }, t("offerStates")[offer.status] || offer.status),
    ` ${t("offerVersion", offer.version)}`);
  const parts = [status];
  if (view.employee) parts.push(h("p", { class: "ok big-note", id: "employee-number" }, t("hiredAs", view.employee.number)));
  if (offer.status === "returned" && offer.returned_comment) {
    parts.push(h("div", { class: "returned", id: "offer-returned", role: "note" },
      h("strong", {}, t("returnedBy", offer.returned_by || "")), h("blockquote", {}, offer.returned_comment), h("p", {}, t("returnedNote"))));
  }
  parts.push(view.actions.includes("edit") ? termsForm(id, view, refresh) : termsTable(offer.terms, view.band));
  if (view.actions.includes("submit")) {
    const message = h("div", { "aria-live": "polite" });
    parts.push(h("div", { class: "actions" }, h("button", { type: "button", id: "offer-submit", onclick: async (event) => {
      if (!await confirmDialog(t("submitConfirm"))) return;
      event.target.disabled = true;
      try { await api(offerPath(id, "/submit"), json("POST", {})); refresh(t("offerSubmitted")); }
      catch (error) { event.target.disabled = false; message.replaceChildren(failure(error)); }
    } }, t("submitOffer"))), message);
  }
  if (offer.levels.length) parts.push(h("h3", {}, t("chainTitle")), chainState(offer));
  if (view.actions.includes("vote")) parts.push(voteForm(id, view, me, (text) => refresh(text)));
  parts.push(sentState(offer), answer(offer));
  const pdfs = [];
  if (view.actions.includes("letter")) pdfs.push(...pdfButton("offer-letter", t("downloadLetter"), offerPath(id, "/letter.pdf"), `offer-${id}.pdf`));
  if (view.actions.includes("signed")) pdfs.push(...pdfButton("offer-signed", t("downloadSigned"), offerPath(id, "/signed.pdf"), `offer-signed-${id}.pdf`));
  if (pdfs.length) parts.push(h("div", { class: "actions" }, ...pdfs));
  parts.push(...stewardship(id, view, refresh), versionsTable(view.versions));
  return parts.filter(Boolean);
}

export function offerPanel(candidate, me, refresh) {
  if (!atOfferStage(candidate)) return null;
  const box = h("div");
  load(box, async () => {
    // Not drafted yet is ``offer: null`` with the position's band; ``actions`` has
    // "edit" while HR may draft it (the candidate is offer_pending).
    const view = await api(offerPath(candidate.id));
    if (view.offer) return offerView(candidate, view, me, refresh);
    return view.actions.includes("edit") ? termsForm(candidate.id, view, refresh) : empty(t("offerNone"));
  });
  return h("section", { class: "card wide", id: "offer", "aria-labelledby": "offer-title" }, h("h2", { id: "offer-title" }, t("offerTitle")), box);
}

// ------------------------------------------------------------------ the approvers' inbox
export function approvalsLink() {
  const count = h("span", { class: "badge", id: "approvals-count", "aria-live": "polite" });
  count.hidden = true;
  api("/approvals").then((items) => {
    const mine = items.filter((i) => i.mine).length;
    count.textContent = mine ? String(mine) : "";
    count.hidden = !mine;
  }).catch(() => {});
  return h("a", { href: "#/approvals", id: "approvals-link" }, t("approvals"), " ", count);
}

export function approvalsView(main, candidateId, me) {
  if (candidateId) { approvalView(main, candidateId, me); return; }
  main.replaceChildren(h("h1", {}, t("approvalsTitle")));
  const body = h("div", { class: "card wide" });
  main.append(body);
  load(body, async () => {
    const items = await api("/approvals");
    if (!items.length) return h("p", { class: "ok" }, t("noApprovals"));
    return h("table", { class: "grid cards-on-phone", id: "approvals-list" },
      h("thead", {}, h("tr", {}, ...[t("name"), t("position"), t("branch"), t("level"), t("salary"), t("since"), ""].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, ...items.map((item) => h("tr", { "data-candidate": item.candidate_id, class: item.mine ? "mine" : "" },
        h("td", { "data-label": t("name") }, h("a", { href: `#/approvals/${encodeURIComponent(item.candidate_id)}` }, item.candidate_name)),
        h("td", { "data-label": t("position") }, item.position), h("td", { "data-label": t("branch") }, item.branch),
        h("td", { "data-label": t("level") }, `${item.level_name} · ${t("offerVersion", item.version)}`),
        h("td", { "data-label": t("salary") }, money(item.monthly_salary, item.currency),
          item.out_of_band ? h("span", { class: "flag-tag" }, ` ⚠ ${t("outOfBandTag")}`) : null),
        h("td", { "data-label": t("since") }, when(item.since)),
        h("td", {}, h("span", { class: item.mine ? "status mine" : "status" }, item.mine ? t("yourTurn") : t("otherApprovers")))))));
  });
}

// One waiting offer: the letter as it will be sent (its terms, and the PDF), the chain so
// far, and the vote.
function approvalView(main, candidateId, me) {
  const body = h("div");
  main.replaceChildren(h("p", {}, h("a", { href: "#/approvals" }, `← ${t("backToApprovals")}`)), body);
  let flash = "";
  const render = () => load(body, async () => {
    // The inbox names the candidate: an approver may read the offer, not the candidate.
    const [view, inbox] = await Promise.all([api(offerPath(candidateId)), api("/approvals").catch(() => [])]);
    const item = inbox.find((i) => i.candidate_id === candidateId);
    const offer = view.offer;
    if (!offer) return empty(t("offerNone"));
    const said = flash ? h("p", { class: "ok", role: "status" }, flash) : null;
    flash = "";
    return [
      h("h1", {}, t("approvalOf", item ? item.candidate_name : candidateId), " ", h("span", { class: `status offer-${offer.status}`, id: "offer-status" }, t("offerStates")[offer.status] || offer.status)),
      said,
      item ? h("p", {}, `${item.position} · ${item.branch} · ${item.level_name}`) : null,
      h("section", { class: "card wide", id: "letter-preview", "aria-labelledby": "letter-preview-title" },
        h("h2", { id: "letter-preview-title" }, `${t("letterPreview")} · ${t("offerVersion", offer.version)}`),
        termsTable(offer.terms, view.band),
        view.actions.includes("letter") ? h("div", { class: "actions" }, ...pdfButton("offer-letter", t("downloadLetter"), offerPath(candidateId, "/letter.pdf"), `offer-${candidateId}.pdf`)) : null),
      h("section", { class: "card wide", id: "approval" }, h("h2", {}, t("chainTitle")), chainState(offer),
        view.actions.includes("vote") ? voteForm(candidateId, view, me, (text) => { flash = text; render(); }) : null),
      versionsTable(view.versions),
    ].filter(Boolean);
  });
  render();
}
