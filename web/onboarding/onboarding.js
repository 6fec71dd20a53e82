// The new hire's portal: verify the phone, read the onboarding notice (the first day, the
// address, what to bring, HQ's words), and go through one's own checklist - uploading the
// documents it asks for, with a progress bar, and seeing why one was refused (by the
// checks) or rejected (by HR). Plain modules, no build, the offer page's habits.
//
// The link token lives in the URL fragment (#token), so it never reaches a server log;
// the verified session lives in sessionStorage, so a reload keeps the new hire in.

import { errorText, fieldErrors, say } from "/shared/messages.js";

const TEXT = {
  en: {
    title: "Your onboarding", position: "Position", start: "First day",
    phone: "Your mobile number (the one you gave HR)", verify: "Verify and open",
    verifyHelp: "Your documents are private: please confirm your mobile number first.",
    noticeTitle: "Your first day", address: "Where", bring: "Please bring", nothingToBring: "Nothing in particular.",
    checklistTitle: "Your checklist", nothingToDo: "Nothing to do for now.", due: (d) => `due ${d}`,
    states: { open: "to do", submitted: "with HR", done: "done", checking: "checking…" },
    accepts: (mb) => `PDF, JPEG or PNG, up to ${mb} MB.`,
    choose: "Choose a file", chooseAgain: "Upload again", uploading: "Uploading…",
    checking: "Uploaded. Checking the file…", waiting: "Uploaded. HR will review it.", approved: "Approved by HR.",
    refused: "The file was not accepted:", rejected: "HR asks you to upload it again:",
    stillChecking: "The check is taking longer than usual; this page shows the result when you come back.",
    wrongType: "Please choose a PDF, JPEG or PNG file.", tooBig: (mb) => `The file is larger than ${mb} MB.`,
    uploadFailed: "The upload did not go through; please check your connection and try again.",
    invalid: "This onboarding link is not valid.", gone: "This onboarding link is no longer valid; HR can send you a new one.",
    locked: "This link is locked after too many wrong phone numbers. HR has been told and will send you a new one.",
    noLink: "Please open the link from your onboarding e-mail or SMS.",
    sessionOver: "For your security, please confirm your mobile number again.",
  },
  zh: {
    title: "您的入职", position: "岗位", start: "入职日期",
    phone: "您的手机号码（您提供给 HR 的号码）", verify: "验证并打开",
    verifyHelp: "您的资料属于个人隐私，请先确认您的手机号码。",
    noticeTitle: "入职当天", address: "报到地点", bring: "请携带", nothingToBring: "无特别要求。",
    checklistTitle: "您的待办事项", nothingToDo: "目前没有需要您完成的事项。", due: (d) => `${d} 前完成`,
    states: { open: "待完成", submitted: "HR 审核中", done: "已完成", checking: "检查中…" },
    accepts: (mb) => `支持 PDF、JPEG 或 PNG，最大 ${mb} MB。`,
    choose: "选择文件", chooseAgain: "重新上传", uploading: "正在上传…",
    checking: "已上传，正在检查文件…", waiting: "已上传，等待 HR 审核。", approved: "HR 已审核通过。",
    refused: "文件未被接受：", rejected: "HR 请您重新上传：",
    stillChecking: "检查时间比平时长，稍后再打开本页面即可看到结果。",
    wrongType: "请选择 PDF、JPEG 或 PNG 文件。", tooBig: (mb) => `文件超过 ${mb} MB。`,
    uploadFailed: "上传未成功，请检查网络后重试。",
    invalid: "此入职链接无效。", gone: "此入职链接已失效，HR 可以为您重新发送。",
    locked: "由于多次输入错误的手机号码，此链接已被锁定。HR 已收到通知，会为您重新发送链接。",
    noLink: "请通过入职通知邮件或短信中的链接打开本页面。",
    sessionOver: "为了您的安全，请重新确认您的手机号码。",
  },
};
// Codes whose catalogue sentence is about the interview: said here for the onboarding link.
const OWN = { link_invalid: "invalid", link_gone: "gone", link_locked: "locked" };
const TYPES = { pdf: "application/pdf", jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png" };
const POLL_MS = 1500, POLL_TIMES = 30;

const app = document.getElementById("app");
const token = decodeURIComponent(location.hash.slice(1));
const forcedLang = new URLSearchParams(location.search).get("lang");
let lang = forcedLang === "en" || forcedLang === "zh" ? forcedLang : (navigator.language.startsWith("zh") ? "zh" : "en");
let t = TEXT[lang];
const sessionKey = `hireflow.onboarding.${token.slice(0, 12)}`;
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

function message(title, text, cls = "") {
  show(el("section", { class: "card", id: "onboarding-state" }, el("h1", {}, title), el("p", { class: cls }, text)));
}

const colon = () => (lang === "zh" ? "：" : ": ");
const day = (iso) => (iso ? new Date(`${iso}T00:00:00`).toLocaleDateString(lang === "zh" ? "zh-CN" : "en", { year: "numeric", month: "long", day: "numeric" }) : "");
const megabytes = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

// The server's code and params, said in the new hire's language (web/shared/messages.js).
class ApiError extends Error {
  constructor(status, body) {
    const own = body && OWN[body.code];
    const reasons = fieldErrors(lang, body).map((f) => f.text);
    super(own ? TEXT[lang][own] : reasons.length ? reasons.join(" ") : errorText(lang, body, status));
    this.status = status; this.body = body;
  }
}

async function api(path, options = {}) {
  const session = sessionStorage.getItem(sessionKey);
  const headers = { "Content-Type": "application/json", ...(session ? { "X-New-Hire-Session": session } : {}) };
  const response = await fetch(`/api/new-hire/${encodeURIComponent(token)}${path}`, { ...options, headers });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

// A problem with the link itself (or the session) ends where the new hire is.
function handled(error) {
  if (error.status === 401) { sessionStorage.removeItem(sessionKey); verifyScreen(t.sessionOver); return true; }
  if (error.status === 404 && OWN[error.body && error.body.code]) { message(t.title, t.invalid, "error"); return true; }
  if (error.status === 410) { message(t.title, error.message, "error"); return true; }
  if (error.status === 423) { message(t.title, t.locked, "error"); return true; }
  return false;
}

function heading() {
  return el("section", { class: "card" },
    el("h1", {}, `${overview.company} · ${t.title}`),
    el("p", {}, el("strong", {}, `${t.position}${colon()}`), `${overview.position}${overview.branch ? ` (${overview.branch})` : ""}`),
    el("p", {}, el("strong", {}, `${t.start}${colon()}`), day(overview.start_date)));
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
      await mainScreen();
    } catch (e) {
      if (e.status !== 401 && handled(e)) return;
      error.textContent = e.message;
    } finally { button.disabled = false; }
  } },
  el("p", { class: "muted" }, t.verifyHelp),
  el("label", { for: "phone" }, t.phone), phone,
  el("button", { type: "submit", id: "verify" }, t.verify), error);
  show(heading(), el("section", { class: "card" }, form));
}

// ------------------------------------------------------------------ the notice
function noticeCard(notice) {
  const bring = notice.what_to_bring.length
    ? el("ul", { id: "what-to-bring" }, ...notice.what_to_bring.map((item) => el("li", {}, item)))
    : el("span", { class: "muted" }, t.nothingToBring);
  return el("section", { class: "card notice", id: "notice", "aria-labelledby": "notice-title" },
    el("h2", { id: "notice-title" }, t.noticeTitle),
    el("dl", {},
      el("dt", {}, t.start), el("dd", {}, day(notice.start_date)),
      el("dt", {}, t.address), el("dd", { id: "work-location" }, notice.work_location),
      el("dt", {}, t.bring), el("dd", {}, bring)),
    notice.message ? el("p", { class: "message", id: "hq-message" }, notice.message) : null);
}

// ------------------------------------------------------------------ the checklist
function statusOf(item) {
  return item.checking ? "checking" : item.status;
}

// Why the last upload is not the task's document: the checks' reason (a code, said in the
// new hire's language) or HR's own words.
function reasonOf(item) {
  const last = item.document;
  if (!last || item.status !== "open" || item.checking) return null;
  if (last.status === "refused") {
    const why = say(lang, last.refusal_code, last.refusal_params, last.refusal, 422);
    return el("p", { class: "reason", role: "note" }, el("strong", {}, `${t.refused} `), why);
  }
  if (last.status === "rejected") {
    return el("p", { class: "reason", role: "note" }, el("strong", {}, `${t.rejected} `), last.rejection_reason);
  }
  return null;
}

function taskNode(item) {
  const state = statusOf(item);
  const overdue = item.status === "open" && new Date(`${item.due}T23:59:59`) < new Date();
  const node = el("li", { class: "task", id: `task-${item.id}`, "data-status": state },
    el("div", { class: "task-head" },
      el("h3", {}, item.title),
      el("span", { class: `badge ${state}${overdue ? " due" : ""}` }, t.states[state] || state)),
    el("p", { class: "muted" }, t.due(day(item.due))),
    item.description ? el("p", {}, item.description) : null,
    reasonOf(item));
  if (item.kind === "document") node.append(documentPart(item, node));
  return node;
}

function documentPart(item, node) {
  if (item.checking) return el("p", { class: "muted" }, t.checking);
  if (item.status === "submitted") return el("p", { class: "ok" }, t.waiting);
  if (item.status === "done") return el("p", { class: "ok" }, t.approved);
  const error = el("p", { class: "error", role: "alert" });
  const progress = el("progress", { max: 1, value: 0, hidden: true, "aria-label": t.uploading });
  const input = el("input", { type: "file", class: "file-input", id: `file-${item.id}`,
    accept: ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" });
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    error.textContent = "";
    const type = contentType(file);
    if (!item.accepts.includes(type)) { error.textContent = t.wrongType; return; }
    if (file.size > item.max_bytes) { error.textContent = t.tooBig(megabytes(item.max_bytes)); return; }
    input.disabled = true; progress.hidden = false; progress.value = 0;
    try {
      const grant = await api(`/documents/${encodeURIComponent(item.id)}/upload`,
        { method: "POST", body: JSON.stringify({ content_type: type, size: file.size }) });
      await upload(grant, file, (share) => { progress.value = share; });
      const said = await api(`/documents/${encodeURIComponent(item.id)}/uploaded`, { method: "POST" });
      node.replaceWith(await settled(said));
    } catch (e) {
      if (handled(e)) return;
      error.textContent = e.message;
      input.disabled = false; progress.hidden = true;
    }
  });
  return el("div", {},
    el("p", { class: "muted" }, t.accepts(megabytes(item.max_bytes))),
    input, el("label", { for: input.id, class: "file-button" }, item.document ? t.chooseAgain : t.choose),
    progress, error);
}

function contentType(file) {
  if (Object.values(TYPES).includes(file.type)) return file.type;
  return TYPES[(file.name.split(".").pop() || "").toLowerCase()] || file.type || "";
}

// The browser's POST of the file with the grant's signed form, straight to storage.
function upload(grant, file, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(grant.fields)) form.append(k, v);
    form.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", grant.url);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(Object.assign(new Error(t.uploadFailed), { status: xhr.status })));
    xhr.onerror = () => reject(Object.assign(new Error(t.uploadFailed), { status: 0 }));
    xhr.send(form);
  });
}

// The item once the checks have judged the upload (asked again while it is being checked).
async function settled(item) {
  for (let times = 0; item.checking && times < POLL_TIMES; times += 1) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const items = await api("/checklist");
    item = items.find((i) => i.id === item.id) || item;
  }
  const node = taskNode(item);
  if (item.checking) node.append(el("p", { class: "muted" }, t.stillChecking));
  return node;
}

function checklistCard(items) {
  return el("section", { class: "card", id: "checklist", "aria-labelledby": "checklist-title" },
    el("h2", { id: "checklist-title" }, t.checklistTitle),
    items.length ? el("ul", { class: "tasks" }, ...items.map(taskNode)) : el("p", { class: "muted" }, t.nothingToDo));
}

async function mainScreen() {
  let notice, items;
  try { [notice, items] = await Promise.all([api("/notice"), api("/checklist")]); }
  catch (e) { if (!handled(e)) message(t.title, e.message, "error"); return; }
  show(heading(), noticeCard(notice), checklistCard(items));
  // An upload being checked when the page was left: its result comes here.
  for (const item of items.filter((i) => i.checking)) {
    settled(item).then((node) => document.getElementById(`task-${item.id}`)?.replaceWith(node), () => {});
  }
}

// ------------------------------------------------------------------ start
async function start() {
  if (!token) return message(TEXT[lang].title, TEXT[lang].noLink, "error");
  try { overview = await api(""); }
  catch (e) {
    if (e.status === 410) return message(TEXT[lang].title, e.message, "error");
    if (!handled(e)) message(TEXT[lang].title, e.message, "error");
    return;
  }
  if (!forcedLang && (overview.locale === "zh" || overview.locale === "en")) { lang = overview.locale; t = TEXT[lang]; }
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = `${overview.company} · ${t.title}`;
  // A session of this tab (a reload) goes on; one that ran out asks for the phone again.
  if (sessionStorage.getItem(sessionKey)) return mainScreen();
  return verifyScreen();
}

start();
