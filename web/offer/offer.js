// The candidate's offer page: verify the phone, read the letter, download it, and accept
// it with an electronic signature (drawn on a canvas or typed) or decline it with a reason.
// Plain modules, no build, the interview page's habits (web/interview/interview.js).
//
// The link token lives in the URL fragment (#token), so it never reaches a server log;
// the verified session lives in sessionStorage, so a reload keeps the candidate in.

import { errorText, fieldErrors } from "/shared/messages.js";

const TEXT = {
  en: {
    title: "Your offer", loading: "Loading…", position: "Position", deadline: "Please answer by",
    phone: "Your mobile number (the one you applied with)", verify: "Verify and read the offer",
    verifyHelp: "To keep your offer private, please confirm your mobile number first.",
    download: "Download the letter (PDF)", downloading: "Preparing the PDF…",
    acceptTitle: "Accept the offer", yourName: "Your full name, as written on the offer",
    signWith: "Sign by", draw: "Drawing your signature", type: "Typing your name",
    drawHelp: "Sign in the box with your finger or the mouse.", clear: "Clear",
    signaturePad: "Signature pad: draw your signature here",
    consent: "I agree to sign electronically", consentHelp: "Your typed name and signature are binding like a signature on paper.",
    accept: "Accept and sign", accepting: "Signing…",
    drawFirst: "Please draw your signature in the box, or choose to type your name.",
    nameFirst: "Please type your full name.", reasonFirst: "Please tell us why in a few words.", consentFirst: "Please tick the box to agree to sign electronically.",
    declineTitle: "Decline the offer", declineReason: "Would you tell us why?",
    decline: "Decline the offer", declineConfirm: "Decline this offer? This cannot be undone.",
    acceptedTitle: "Welcome aboard!", accepted: "You have accepted the offer. HR will contact you about your first day. You can download the letter below.",
    acceptedShort: "You have accepted this offer. HR will contact you about your first day.",
    declinedTitle: "Offer declined", declined: "You have declined the offer. Thank you for letting us know, and all the best.",
    expiredTitle: "The offer has expired", expired: "The deadline to answer this offer has passed. If you still wish to talk about it, please contact HR.",
    withdrawnTitle: "The offer has been withdrawn", withdrawn: "This offer is no longer available. HR will have contacted you about it.",
    invalid: "This offer link is not valid.", gone: "This offer link is no longer available.",
    locked: "This link is locked after too many wrong phone numbers. HR has been told and will contact you.",
    noLink: "Please open the link from your offer e-mail or SMS.",
    sessionOver: "For your security, please confirm your mobile number again.",
  },
  zh: {
    title: "您的录用通知", loading: "加载中…", position: "职位", deadline: "请在此日期前答复",
    phone: "您的手机号码（应聘时填写的号码）", verify: "验证并查看录用通知",
    verifyHelp: "为保护您的隐私，请先确认您的手机号码。",
    download: "下载录用通知书（PDF）", downloading: "正在生成 PDF…",
    acceptTitle: "接受 offer", yourName: "您的姓名（与录用通知上的一致）",
    signWith: "签名方式", draw: "手写签名", type: "输入姓名",
    drawHelp: "请用手指或鼠标在框内签名。", clear: "清除",
    signaturePad: "签名板：请在此处手写签名",
    consent: "我同意以电子方式签署", consentHelp: "您输入的姓名和签名与纸质签名具有同等效力。",
    accept: "接受并签署", accepting: "正在签署…",
    drawFirst: "请在框内手写签名，或改为输入姓名。",
    nameFirst: "请输入您的姓名。", reasonFirst: "请简单说明原因。", consentFirst: "请勾选同意以电子方式签署。",
    declineTitle: "拒绝 offer", declineReason: "能告诉我们原因吗？",
    decline: "拒绝 offer", declineConfirm: "确定拒绝此 offer？此操作无法撤销。",
    acceptedTitle: "欢迎加入！", accepted: "您已接受 offer。HR 会与您联系入职事宜。您可以在下方下载录用通知书。",
    acceptedShort: "您已接受此 offer。HR 会与您联系入职事宜。",
    declinedTitle: "已拒绝 offer", declined: "您已拒绝此 offer。感谢您告知我们，祝您一切顺利。",
    expiredTitle: "offer 已过期", expired: "此 offer 的答复期限已过。如仍希望沟通，请联系 HR。",
    withdrawnTitle: "offer 已撤回", withdrawn: "此 offer 已不再有效，HR 会与您联系说明。",
    invalid: "此录用通知链接无效。", gone: "此录用通知链接已失效。",
    locked: "由于多次输入错误的手机号码，此链接已被锁定。HR 已收到通知并会与您联系。",
    noLink: "请通过录用通知邮件或短信中的链接打开本页面。",
    sessionOver: "为了您的安全，请重新确认您的手机号码。",
  },
};
// Codes whose catalogue sentence is about the interview: said here for the offer.
const OWN = {
  link_invalid: "invalid", link_gone: "gone", link_locked: "locked", consent_required: "consentFirst",
};

const app = document.getElementById("app");
const token = decodeURIComponent(location.hash.slice(1));
const forcedLang = new URLSearchParams(location.search).get("lang");
let lang = forcedLang === "en" || forcedLang === "zh" ? forcedLang : (navigator.language.startsWith("zh") ? "zh" : "en");
let t = TEXT[lang];
const sessionKey = `hireflow.offer.${token.slice(0, 12)}`;
let overview = null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, "");
    else if (v !== false && v != null) node.setAttribute(k, v);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function show(...cards) {
  app.replaceChildren(...cards.filter(Boolean));
  const heading = app.querySelector("h1, h2");
  if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
}

function message(title, text, cls = "", ...extra) {
  show(el("section", { class: "card", id: "offer-state" }, el("h1", {}, title), el("p", { class: cls }, text), ...extra));
}

// The server's code and params, said in the candidate's language (web/shared/messages.js).
class ApiError extends Error {
  constructor(status, body) {
    const own = body && OWN[body.code];
    // A refusal with reasons per field (a 422) says them, not only that some were wrong.
    const reasons = fieldErrors(lang, body).map((f) => f.text);
    super(own ? TEXT[lang][own] : reasons.length ? reasons.join(" ") : errorText(lang, body, status));
    this.status = status; this.body = body;
  }
}

function headers() {
  const session = sessionStorage.getItem(sessionKey);
  return { "Content-Type": "application/json", ...(session ? { "X-Offer-Session": session } : {}) };
}

async function api(path, options = {}) {
  const response = await fetch(`/api/offer/${encodeURIComponent(token)}${path}`, { ...options, headers: headers() });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

async function downloadPdf(path, filename, status) {
  status.textContent = t.downloading;
  const response = await fetch(`/api/offer/${encodeURIComponent(token)}${path}`, { headers: headers() });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  const url = URL.createObjectURL(await response.blob());
  const link = el("a", { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  status.textContent = "";
}

function pdfButton(label, path, filename, id) {
  const status = el("p", { class: "muted", "aria-live": "polite" });
  const button = el("button", { type: "button", class: "secondary", id, onclick: async () => {
    button.disabled = true;
    try { await downloadPdf(path, filename, status); }
    catch (e) { if (!handled(e)) status.textContent = e.message; }
    finally { button.disabled = false; }
  } }, label);
  return [button, status];
}

// A problem with the link itself (or the session) ends where the candidate is.
function handled(error) {
  if (error.status === 401) { sessionStorage.removeItem(sessionKey); verifyScreen(t.sessionOver); return true; }
  if (error.status === 404) { message(t.title, t.invalid, "error"); return true; }
  if (error.status === 410) { start(); return true; } // answered, expired or withdrawn meanwhile
  if (error.status === 423) { message(t.title, t.locked, "error"); return true; }
  return false;
}

// ------------------------------------------------------------------ states
function stateScreen(state) {
  if (state === "accepted") {
    const signed = sessionStorage.getItem(sessionKey) ? pdfButton(t.download, "/letter.pdf", "offer.pdf", "download-letter") : [];
    return message(t.acceptedTitle, sessionStorage.getItem(sessionKey) ? t.accepted : t.acceptedShort, "ok", ...signed);
  }
  if (state === "declined") return message(t.declinedTitle, t.declined);
  if (state === "expired") return message(t.expiredTitle, t.expired, "error");
  if (state === "withdrawn") return message(t.withdrawnTitle, t.withdrawn, "error");
  return message(t.title, t.gone, "error");
}

function heading() {
  return el("section", { class: "card" },
    el("h1", {}, `${overview.company} · ${t.title}`),
    el("p", {}, el("strong", {}, `${t.position}${lang === "zh" ? "：" : ": "}`), `${overview.position}${overview.branch ? ` (${overview.branch})` : ""}`),
    overview.deadline_shown ? el("p", { class: "deadline" }, el("strong", {}, `${t.deadline}${lang === "zh" ? "：" : ": "}`), overview.deadline_shown) : null);
}

// ------------------------------------------------------------------ verify
function verifyScreen(note = "") {
  const error = el("p", { class: "error", role: "alert" }, note);
  const phone = el("input", { id: "phone", type: "tel", autocomplete: "tel", required: true, inputmode: "tel" });
  const form = el("form", { onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = "";
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const result = await api("/verify", { method: "POST", body: JSON.stringify({ phone: phone.value }) });
      sessionStorage.setItem(sessionKey, result.session);
      await letterScreen();
    } catch (e) {
      if (e.status === 423 || e.status === 410 || e.status === 404) handled(e);
      else error.textContent = e.message;
    } finally { button.disabled = false; }
  } },
  el("p", { class: "muted" }, t.verifyHelp),
  el("label", { for: "phone" }, t.phone), phone,
  el("button", { type: "submit" }, t.verify), error);
  show(heading(), el("section", { class: "card" }, form));
}

// ------------------------------------------------------------------ the letter
function letterCard(letter) {
  return el("section", { class: "card letter", id: "letter", "aria-labelledby": "letter-title" },
    el("h2", { id: "letter-title" }, letter.title),
    ...(letter.body || []).map((p) => el("p", {}, p)),
    el("table", { class: "terms", id: "letter-terms" },
      el("tbody", {}, ...(letter.terms || []).map(([label, value]) => el("tr", {}, el("th", { scope: "row" }, label), el("td", {}, value))))),
    letter.closing ? el("p", {}, letter.closing) : null,
    letter.company_signatory ? el("p", { class: "signatory" }, letter.company_signatory) : null,
    ...pdfButton(t.download, "/letter.pdf", "offer.pdf", "download-letter"));
}

// A signature pad: pointer events serve the mouse, a pen and a finger alike.
function signaturePad() {
  const canvas = el("canvas", { id: "signature", role: "img", "aria-label": t.signaturePad, tabindex: "0" });
  let drawn = false, last = null;
  const context = () => canvas.getContext("2d");
  function fit() {
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = canvas.getBoundingClientRect();
    if (!width) return;
    canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio);
    const c = context();
    c.setTransform(ratio, 0, 0, ratio, 0, 0);
    c.lineWidth = 2.5; c.lineCap = "round"; c.lineJoin = "round"; c.strokeStyle = "#10204a";
    drawn = false;
  }
  const at = (event) => { const r = canvas.getBoundingClientRect(); return [event.clientX - r.left, event.clientY - r.top]; };
  canvas.addEventListener("pointerdown", (event) => {
    if (!canvas.width || canvas.width < 2) fit();
    canvas.setPointerCapture(event.pointerId);
    last = at(event);
    const c = context();
    c.beginPath(); c.arc(last[0], last[1], 1.2, 0, Math.PI * 2); c.fillStyle = "#10204a"; c.fill();
    event.preventDefault();
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!last) return;
    const next = at(event);
    const c = context();
    c.beginPath(); c.moveTo(...last); c.lineTo(...next); c.stroke();
    last = next; drawn = true;
    event.preventDefault();
  });
  const stop = () => { last = null; };
  canvas.addEventListener("pointerup", stop);
  canvas.addEventListener("pointercancel", stop);
  const pad = el("div", { class: "pad" }, canvas, el("div", { class: "line", "aria-hidden": "true" }));
  return {
    node: el("div", {}, el("p", { class: "muted" }, t.drawHelp), pad,
      el("button", { type: "button", class: "link", id: "clear-signature", onclick: fit }, t.clear)),
    fit,
    drawn: () => drawn,
    png: () => canvas.toDataURL("image/png").split(",", 2)[1],
  };
}

function acceptCard(letter) {
  const error = el("p", { class: "error", role: "alert" });
  const name = el("input", { id: "typed-name", type: "text", autocomplete: "name", required: true, maxlength: 100 });
  const pad = signaturePad();
  const typed = el("div", { class: "typed", id: "typed-signature", "aria-live": "polite" });
  typed.hidden = true;
  name.addEventListener("input", () => { typed.textContent = name.value; });
  let mode = "draw";
  const choose = (next) => { mode = next; pad.node.hidden = next !== "draw"; typed.hidden = next !== "type"; typed.textContent = name.value; if (next === "draw") pad.fit(); };
  const consent = el("input", { id: "consent", type: "checkbox" });
  const form = el("form", { id: "accept-form", onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = "";
    if (!name.value.trim()) { error.textContent = t.nameFirst; return name.focus(); }
    if (mode === "draw" && !pad.drawn()) { error.textContent = t.drawFirst; return; }
    if (!consent.checked) { error.textContent = t.consentFirst; return consent.focus(); }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true; button.textContent = t.accepting;
    try {
      await api("/accept", { method: "POST", body: JSON.stringify({
        typed_name: name.value.trim(), signature_png: mode === "draw" ? pad.png() : null, consent: true }) });
      stateScreen("accepted");
    } catch (e) {
      if (!handled(e)) error.textContent = e.message;
    } finally { button.disabled = false; button.textContent = t.accept; }
  } },
  el("h2", {}, t.acceptTitle),
  el("label", { for: "typed-name" }, t.yourName), name,
  el("fieldset", { class: "modes" }, el("legend", {}, t.signWith),
    el("label", {}, el("input", { type: "radio", name: "mode", value: "draw", checked: true, onchange: () => choose("draw") }), t.draw),
    el("label", {}, el("input", { type: "radio", name: "mode", value: "type", onchange: () => choose("type") }), t.type)),
  pad.node, typed,
  el("label", { class: "check", for: "consent" }, consent, el("span", {}, t.consent)),
  el("p", { class: "muted" }, t.consentHelp),
  el("button", { type: "submit", id: "accept" }, t.accept), error);
  return { node: el("section", { class: "card", id: "accept-card" }, form), fit: pad.fit, letter };
}

function declineCard() {
  const error = el("p", { class: "error", role: "alert" });
  const reason = el("textarea", { id: "decline-reason", rows: 3, maxlength: 1000, required: true });
  return el("section", { class: "card", id: "decline-card" },
    el("details", {}, el("summary", {}, t.declineTitle),
      el("label", { for: "decline-reason" }, t.declineReason), reason,
      el("button", { type: "button", class: "danger", id: "decline", onclick: async (event) => {
        if (!reason.value.trim()) { reason.focus(); error.textContent = t.reasonFirst; return; }
        if (!window.confirm(t.declineConfirm)) return;
        event.target.disabled = true;
        try {
          await api("/decline", { method: "POST", body: JSON.stringify({ reason: reason.value.trim() }) });
          stateScreen("declined");
        } catch (e) { if (!handled(e)) error.textContent = e.message; } finally { event.target.disabled = false; }
      } }, t.decline), error));
}

async function letterScreen() {
  let letter;
  try { letter = await api("/letter"); }
  catch (e) { if (!handled(e)) message(t.title, e.message, "error"); return; }
  if (letter.state && letter.state !== "open") { stateScreen(letter.state); return; }
  if (letter.deadline_shown) overview.deadline_shown = letter.deadline_shown;
  const accept = acceptCard(letter);
  show(heading(), letterCard(letter), accept.node, declineCard());
  accept.fit(); // the canvas has its size once on the page
}

// ------------------------------------------------------------------ start
async function start() {
  if (!token) return message(TEXT[lang].title, TEXT[lang].noLink, "error");
  try { overview = await api(""); }
  catch (e) {
    if (e.status === 401 && sessionStorage.getItem(sessionKey)) { sessionStorage.removeItem(sessionKey); return start(); }
    if (e.status === 410) return message(t.title, t.gone, "error");
    if (!handled(e)) message(t.title, e.message, "error");
    return;
  }
  if (!forcedLang && (overview.locale === "zh" || overview.locale === "en")) { lang = overview.locale; t = TEXT[lang]; }
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = `${overview.company} · ${t.title}`;
  if (overview.state !== "open") return stateScreen(overview.state);
  // A session of this tab (a reload) reads on; one that ran out asks for the phone again.
  if (sessionStorage.getItem(sessionKey)) return letterScreen();
  return verifyScreen();
}

start();
