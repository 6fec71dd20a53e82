// The candidate interview portal: verify, check devices, answer each question on camera,
// upload each answer straight to S3 (presigned POST) and finish. Plain modules, no build.
//
// The link token lives in the URL fragment (#token), so it never reaches a server log;
// the verified session lives in sessionStorage, so a reload resumes where it stopped.

import { errorText } from "/shared/messages.js";
import { afterInterview } from "./after-interview.js";
import { resumeCard } from "./resume.js";
import { consentsCard, noticeCard, privacyLink } from "./consents.js";

const TEXT = {
  en: {
    loading: "Loading…",
    welcome: "Video interview",
    position: "Position",
    deadline: "Please finish by",
    how: (n, m) => `${n} questions, about ${m} minutes. Each question gives you time to prepare, then records your answer. Find a quiet, well-lit place.`,
    aiTitle: "About AI analysis",
    phone: "Your mobile number (the one you applied with)",
    consent: "I agree that my answers are recorded and analysed as described above.",
    verify: "Verify and continue",
    alternative: "Ask for an interview without AI analysis",
    alternativeReason: "Anything HR should know (optional)",
    alternativeSend: "Send request",
    alternativeSent: "Your request has been sent to HR. They will contact you.",
    check: "Camera and microphone check",
    checkHelp: "You should see yourself and the bar should move when you speak.",
    noDevices: "We could not use your camera or microphone. Please allow access and reload the page.",
    start: "Start the interview",
    question: (i, n) => `Question ${i} of ${n}`,
    prepare: "Time to prepare",
    startNow: "Start answering now",
    answering: "Recording your answer",
    finish: "Finish answer",
    review: "Your answer is recorded.",
    use: "Use this answer",
    retake: (n) => `Record again (${n} left)`,
    uploading: "Uploading your answer…",
    offline: "The connection dropped. We will keep trying…",
    uploadFailed: "The upload did not work. Please try again.",
    tryAgain: "Try again",
    finishing: "Sending your interview…",
    doneTitle: "Thank you!",
    done: "Your interview is complete. You will hear from us within 3 working days. You can close this page.",
    invalid: "This interview link is not valid.",
    gone: "This interview link has expired or is no longer available.",
    locked: "This link is locked after too many wrong phone numbers. HR has been told and will contact you.",
    noLink: "Please open the link from your invitation e-mail or SMS.",
    interruptedTitle: (i) => `Question ${i}: your answer was interrupted`,
    interruptedReload: "The page was reloaded or closed while you were answering, so this answer was not saved. We have recorded the interruption, and HR can see it.",
    interruptedConnection: "The connection dropped and your answer could not be uploaded in time, so it was not saved. We have recorded the interruption, and HR can see it.",
    retakeOffered: "You can answer this question once more, with the full time again. This extra attempt is given once per question.",
    retakeAfterInterruption: "Answer this question again",
    noRetakeLeft: "This question was interrupted again and cannot be answered once more. HR will see that it was interrupted. Please continue with the next question.",
    arrivedTitle: (i) => `Question ${i}: your answer arrived`,
    arrivedAfterAll: "Your answer to this question reached us after all. Please continue.",
    questionClosed: "This question can no longer be recorded. Please continue with the next question.",
    continue: "Continue",
    aboutYouTitle: "A few optional questions about you",
    aboutYouWhy: "The company checks that its interviews treat every group of candidates fairly. Answering is entirely your choice: every question has “Prefer not to say”, and skipping changes nothing for you.",
    aboutYouApart: "Your answers are kept apart from your application. The people who review your interview never see them, and they are never used to score you.",
    preferNot: "Prefer not to say",
    aboutYouSave: "Save my answers and continue",
    aboutYouSkip: "Skip these questions",
    withPersonTitle: "Your interview continues with a person",
    withPerson: "You withdrew your consent to recording: your recordings were deleted and nothing more is recorded. HR will contact you to arrange an interview with a person. You can close this page.",
  },
  zh: {
    loading: "加载中…",
    welcome: "视频面试",
    position: "应聘职位",
    deadline: "请在此时间前完成",
    how: (n, m) => `共 ${n} 道题，约 ${m} 分钟。每道题先有准备时间，然后录制您的回答。请选择安静、光线充足的地方。`,
    aiTitle: "关于 AI 分析",
    phone: "您的手机号码（应聘时填写的号码）",
    consent: "我同意按上述说明录制并分析我的回答。",
    verify: "验证并继续",
    alternative: "申请不含 AI 分析的面试方式",
    alternativeReason: "需要告诉 HR 的情况（可选）",
    alternativeSend: "提交申请",
    alternativeSent: "您的申请已发送给 HR，他们会与您联系。",
    check: "摄像头和麦克风检查",
    checkHelp: "您应能看到自己的画面，说话时音量条会跳动。",
    noDevices: "无法使用您的摄像头或麦克风。请允许访问后刷新页面。",
    start: "开始面试",
    question: (i, n) => `第 ${i} 题，共 ${n} 题`,
    prepare: "准备时间",
    startNow: "现在开始回答",
    answering: "正在录制您的回答",
    finish: "结束回答",
    review: "您的回答已录制。",
    use: "使用这个回答",
    retake: (n) => `重新录制（剩余 ${n} 次）`,
    uploading: "正在上传您的回答…",
    offline: "网络已断开，我们会继续重试…",
    uploadFailed: "上传未成功，请重试。",
    tryAgain: "重试",
    finishing: "正在提交您的面试…",
    doneTitle: "谢谢！",
    done: "您的面试已完成，我们将在 3 个工作日内与您联系。您可以关闭此页面。",
    invalid: "此面试链接无效。",
    gone: "此面试链接已过期或不再可用。",
    locked: "由于多次输入错误的手机号码，此链接已被锁定。HR 已收到通知并会与您联系。",
    noLink: "请通过邀请邮件或短信中的链接打开本页面。",
    interruptedTitle: (i) => `第 ${i} 题的回答被中断了`,
    interruptedReload: "您作答时页面被刷新或关闭，这次回答没有保存。我们已记录这次中断，HR 可以看到。",
    interruptedConnection: "网络中断，您的回答未能及时上传，因此没有保存。我们已记录这次中断，HR 可以看到。",
    retakeOffered: "您可以重新回答这道题一次，时间重新计算。每道题只提供一次这样的重新作答机会。",
    retakeAfterInterruption: "重新回答这道题",
    noRetakeLeft: "这道题再次被中断，无法再次作答。HR 会看到这道题被中断的情况。请继续下一题。",
    arrivedTitle: (i) => `第 ${i} 题的回答已送达`,
    arrivedAfterAll: "您这道题的回答已经成功送达，请继续。",
    questionClosed: "这道题已无法再录制，请继续下一题。",
    continue: "继续",
    aboutYouTitle: "几个关于您的自愿问题",
    aboutYouWhy: "公司借此检查面试是否公平对待每一类候选人。是否作答完全由您决定：每道题都可选择“不愿透露”，跳过不会对您产生任何影响。",
    aboutYouApart: "您的回答与您的应聘申请分开保存，评审您面试的人员看不到这些回答，也绝不会用于给您评分。",
    preferNot: "不愿透露",
    aboutYouSave: "保存回答并继续",
    aboutYouSkip: "跳过这些问题",
    withPersonTitle: "您的面试将改由真人进行",
    withPerson: "您已撤回录制同意：您的录像已删除，之后不再录制任何内容。HR 会联系您安排真人面试。您可以关闭此页面。",
  },
};

const app = document.getElementById("app");
const token = decodeURIComponent(location.hash.slice(1));
const forcedLang = new URLSearchParams(location.search).get("lang");
let lang = forcedLang === "en" || forcedLang === "zh" ? forcedLang : (navigator.language.startsWith("zh") ? "zh" : "en");
let t = TEXT[lang];
const sessionKey = `hireflow.interview.${token.slice(0, 12)}`;
const uploadedKey = `${sessionKey}.uploaded`;
// The attempt in flight ({question, attempt, cause}): after a reload the page tells the
// server it was lost, and tells the candidate why.
const flightKey = `${sessionKey}.flight`;
const skippedKey = `${sessionKey}.skipped`;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, "");
    else if (v !== false && v != null) node.setAttribute(k, v);
  }
  for (const child of children.flat()) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

// Recording consent withdrawn during an unfinished interview: the interview continues with
// a person, so every later screen is this one (timers still running are ignored).
let withPerson = false;

function handedOver() {
  withPerson = true;
  if (stream) stream.getTracks().forEach((track) => track.stop());
  sessionStorage.removeItem(flightKey);
  show();
}

function show(...cards) {
  if (withPerson) cards = [el("section", { class: "card", id: "with-person" }, el("h1", {}, t.withPersonTitle), el("p", {}, t.withPerson))];
  // After the phone check, every screen has the "Privacy" link (consents.js, your-data.js).
  if (sessionStorage.getItem(sessionKey)) {
    cards.push(privacyLink({ api, el, lang, say: (code) => errorText(lang, { code }, 400), changed: (view) => {
      const recording = view.purposes.find((p) => p.purpose === "recording");
      if (view.interview === "open" && view.recordings_deleted != null && !(recording.state && recording.state.given)) handedOver();
    } }));
  }
  app.replaceChildren(...cards);
  const heading = app.querySelector("h1, h2");
  if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
}

function message(title, text, cls = "") {
  show(el("section", { class: "card" }, el("h1", {}, title), el("p", { class: cls }, text)));
}

// The server's code and params, said in the candidate's language (web/shared/messages.js).
class ApiError extends Error {
  constructor(status, body) { super(errorText(lang, body, status)); this.status = status; this.body = body; }
}

async function api(path, options = {}) {
  const headers = { "Content-Type": "application/json" };
  const session = sessionStorage.getItem(sessionKey);
  if (session) headers["X-Interview-Session"] = session;
  const response = await fetch(`/api/interview/${encodeURIComponent(token)}${path}`, { ...options, headers });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function linkProblem(error) {
  if (error.status === 404) return message(t.welcome, t.invalid, "error");
  if (error.status === 410) return message(t.welcome, t.gone, "error");
  if (error.status === 423) return message(t.welcome, t.locked, "error");
  return message(t.welcome, error.message, "error");
}

// ------------------------------------------------------------------ welcome + verify
function welcome(overview) {
  const error = el("p", { class: "error", role: "alert" });
  const phone = el("input", { id: "phone", type: "tel", autocomplete: "tel", required: true, inputmode: "tel" });
  const form = el("form", {
    onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = "";
      try {
        const result = await api("/verify", { method: "POST", body: JSON.stringify({ phone: phone.value }) });
        sessionStorage.setItem(sessionKey, result.session);
        consentStep();
      } catch (e) {
        if (e.status === 423 || e.status === 410) return linkProblem(e);
        error.textContent = e.message;
      }
    },
  },
  el("label", { for: "phone" }, t.phone), phone,
  el("button", { type: "submit" }, t.verify), error);

  const reason = el("textarea", { id: "reason", rows: 2 });
  const alternative = el("details", {},
    el("summary", {}, t.alternative),
    el("label", { for: "reason" }, t.alternativeReason), reason,
    el("button", { type: "button", class: "secondary", onclick: async (event) => {
      event.target.disabled = true;
      try { await api("/alternative", { method: "POST", body: JSON.stringify({ reason: reason.value }) }); alternative.replaceChildren(el("p", { class: "ok" }, t.alternativeSent)); }
      catch (e) { event.target.disabled = false; error.textContent = e.message; }
    } }, t.alternativeSend));
  if (overview.alternative_requested) alternative.replaceChildren(el("p", { class: "ok" }, t.alternativeSent));

  show(
    el("section", { class: "card" },
      el("h1", {}, `${overview.company} · ${t.welcome}`),
      el("p", {}, el("strong", {}, `${t.position}: `), `${overview.position} (${overview.branch})`),
      el("p", {}, el("strong", {}, `${t.deadline}: `), overview.deadline_shown),
      el("p", {}, t.how(overview.questions, overview.minutes))),
    noticeCard(el, lang, overview),
    el("section", { class: "card" }, el("h2", {}, t.aiTitle), el("p", {}, overview.ai_notice), alternative),
    overview.opens_at ? "" : el("section", { class: "card" }, form));
}

// ------------------------------------------------------------------ consents
// After the phone check, before the first question: each purpose on its own
// (consents.js); the same card is the "Your consents" panel later on.
async function consentStep() {
  show(await consentsCard(api, el, lang, () => aboutYou()));
}

// ------------------------------------------------------------------ voluntary questions
// HQ may ask a few demographic questions (none by default). Offered once, after the
// phone check; answering, declining or skipping all lead on to the device check.
async function aboutYou() {
  let form;
  try { form = await api("/demographics"); } catch { return deviceCheck(); }
  if (!form.categories.length) return deviceCheck();
  const error = el("p", { class: "error", role: "alert" });
  const label = (item) => (lang === "zh" ? item.zh : item.en) || item.en;
  const groups = form.categories.map((c) => el("fieldset", { "data-category": c.key },
    el("legend", {}, label(c)),
    ...[...c.options, { key: "prefer_not_to_say", en: TEXT.en.preferNot, zh: TEXT.zh.preferNot }].map((o) => el("label", { class: "check" },
      el("input", { type: "radio", name: c.key, value: o.key, checked: (form.answers[c.key] || "prefer_not_to_say") === o.key }),
      el("span", {}, label(o))))));
  const save = async (event) => {
    event.preventDefault();
    const answers = Object.fromEntries(groups.map((g) => [g.dataset.category, (g.querySelector("input:checked") || {}).value || "prefer_not_to_say"]));
    try { await api("/demographics", { method: "PUT", body: JSON.stringify({ answers }) }); deviceCheck(); }
    catch (e) { error.textContent = e.message; }
  };
  show(el("section", { class: "card", id: "about-you" },
    el("h1", {}, t.aboutYouTitle), el("p", {}, t.aboutYouWhy), el("p", {}, el("strong", {}, t.aboutYouApart)),
    el("form", { onsubmit: save }, ...groups,
      el("button", { type: "submit" }, t.aboutYouSave),
      el("button", { type: "button", class: "secondary", onclick: () => deviceCheck() }, t.aboutYouSkip), error)));
}

// ------------------------------------------------------------------ devices
let stream = null;

async function deviceCheck() {
  try {
    stream = stream || await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
  } catch {
    return message(t.check, t.noDevices, "error");
  }
  const video = el("video", { autoplay: true, muted: true, playsinline: true });
  video.srcObject = stream;
  const bar = el("div");
  const audio = new AudioContext();
  const analyser = audio.createAnalyser();
  audio.createMediaStreamSource(stream).connect(analyser);
  const samples = new Uint8Array(analyser.fftSize);
  const tick = () => {
    if (!bar.isConnected) return;
    analyser.getByteTimeDomainData(samples);
    const peak = Math.max(...samples.map((v) => Math.abs(v - 128)));
    bar.style.width = `${Math.min(100, peak * 1.6)}%`;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  show(el("section", { class: "card" },
    el("h1", {}, t.check), el("p", { class: "muted" }, t.checkHelp), video,
    el("div", { class: "meter", role: "meter", "aria-label": "microphone level" }, bar),
    el("button", { type: "button", onclick: () => { audio.close(); interview(); } }, t.start)),
  // The optional résumé upload (web/interview/resume.js), before the interview starts.
  resumeCard({ api, el, lang, say: (code, params) => errorText(lang, { code, params }, 400) }));
}

// ------------------------------------------------------------------ questions
function uploadedLocally() { return JSON.parse(localStorage.getItem(uploadedKey) || "[]"); }
function rememberUploaded(id) { localStorage.setItem(uploadedKey, JSON.stringify([...new Set([...uploadedLocally(), id])])); }
function inFlight() { return JSON.parse(sessionStorage.getItem(flightKey) || "null"); }
function skipped() { return JSON.parse(sessionStorage.getItem(skippedKey) || "[]"); }

async function interview() {
  let questions;
  try { questions = await api("/questions"); }
  catch (e) {
    if (e.status === 401) { sessionStorage.removeItem(sessionKey); return start(); }
    return linkProblem(e);
  }
  const local = [...uploadedLocally(), ...skipped()];
  const next = questions.findIndex((q) => q.state !== "answered" && q.state !== "closed" && !local.includes(q.id));
  if (next === -1) return complete();
  const q = questions[next];
  if (q.state === "in_flight" || q.state === "interrupted") {
    // This question's answer was lost with the page (or the connection): say so.
    const flight = inFlight();
    const cause = flight && flight.question === q.id ? flight.cause : "reload";
    try {
      questions[next] = await api(`/answers/${encodeURIComponent(q.id)}/interrupted`, { method: "POST", body: JSON.stringify({ attempt: q.attempts_used, cause }) });
    } catch (e) {
      return linkProblem(e);
    }
    return resumed(questions, next, cause);
  }
  ask(questions, next);
}

function resumed(questions, index, cause) {
  const q = questions[index];
  sessionStorage.removeItem(flightKey);
  const onward = el("button", { type: "button", onclick: () => interview() }, t.continue);
  if (q.state === "answered") {
    return show(el("section", { class: "card" }, steps(questions, index),
      el("h1", {}, t.arrivedTitle(index + 1)), el("p", { class: "ok" }, t.arrivedAfterAll), onward));
  }
  const why = el("p", { role: "alert" }, cause === "connection" ? t.interruptedConnection : t.interruptedReload);
  const card = el("section", { class: "card interrupted" }, steps(questions, index),
    el("h1", {}, t.interruptedTitle(index + 1)), el("p", { class: "muted" }, q.text), why);
  if (q.state === "interrupted") {
    card.append(el("p", {}, t.retakeOffered),
      el("button", { type: "button", onclick: () => ask(questions, index) }, t.retakeAfterInterruption));
  } else {
    card.append(el("p", {}, t.noRetakeLeft), onward);
  }
  show(card);
}

function steps(questions, index) {
  return el("div", { class: "steps", "aria-hidden": "true" },
    questions.map((q, i) => el("span", { class: i < index ? "done" : i === index ? "now" : "" })));
}

function countdown(seconds, label, onDone) {
  const display = el("div", { class: "countdown", role: "timer", "aria-label": label }, seconds);
  let left = seconds;
  const timer = setInterval(() => {
    left -= 1;
    display.textContent = Math.max(0, left);
    if (left <= 0) { clearInterval(timer); onDone(); }
  }, 1000);
  return { display, stop: () => clearInterval(timer) };
}

function ask(questions, index) {
  const q = questions[index];
  const header = [steps(questions, index), el("p", { class: "muted" }, `${t.question(index + 1, questions.length)} · ${q.stage}`), el("h1", {}, q.text)];
  const prep = countdown(q.preparation_seconds, t.prepare, () => record(questions, index));
  show(el("section", { class: "card" }, ...header,
    el("p", {}, t.prepare), prep.display,
    el("button", { type: "button", onclick: () => { prep.stop(); record(questions, index); } }, t.startNow)));
}

function recorderType() {
  for (const type of ["video/webm;codecs=vp8,opus", "video/webm", "video/mp4"]) {
    if (window.MediaRecorder && MediaRecorder.isTypeSupported(type)) return type;
  }
  return "";
}

async function record(questions, index) {
  const q = questions[index];
  const type = recorderType();
  const contentType = type.startsWith("video/mp4") ? "video/mp4" : "video/webm";
  let grant;
  try {
    // The upload URL is issued when answering starts: that is the question's time window.
    grant = await api(`/answers/${encodeURIComponent(q.id)}/upload`, { method: "POST", body: JSON.stringify({ content_type: contentType }) });
  } catch (e) {
    if (e.status === 409) {
      // No attempt left (or the interview is over): say so, and go on when the candidate
      // is ready; the server keeps what was recorded. An interrupted attempt's recording
      // may have arrived meanwhile: then that is what the candidate hears.
      const now = await api("/questions").catch(() => []);
      const current = now.findIndex((each) => each.id === q.id);
      if (current !== -1 && now[current].state === "answered") return resumed(now, current, "reload");
      sessionStorage.setItem(skippedKey, JSON.stringify([...new Set([...skipped(), q.id])]));
      return show(el("section", { class: "card" }, steps(questions, index), el("h1", {}, q.text),
        el("p", { class: "error", role: "alert" }, t.questionClosed),
        el("button", { type: "button", onclick: () => interview() }, t.continue)));
    }
    if (!e.status) {
      // The request did not get through: wait for the network, then try again.
      return show(el("section", { class: "card" }, el("h1", {}, q.text), el("p", { class: "muted", role: "status" }, t.offline),
        el("button", { type: "button", onclick: () => record(questions, index) }, t.tryAgain)));
    }
    if (e.status === 401) { sessionStorage.removeItem(sessionKey); return start(); }
    return linkProblem(e);
  }
  sessionStorage.setItem(flightKey, JSON.stringify({ question: q.id, attempt: grant.attempt, cause: "reload" }));
  const chunks = [];
  const recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
  recorder.ondataavailable = (event) => { if (event.data.size) chunks.push(event.data); };
  const video = el("video", { autoplay: true, muted: true, playsinline: true });
  video.srcObject = stream;
  const stopped = new Promise((resolve) => { recorder.onstop = resolve; });
  const timer = countdown(q.answer_seconds, t.answering, () => recorder.state === "recording" && recorder.stop());
  recorder.start(1000);
  show(el("section", { class: "card" }, steps(questions, index), el("h1", {}, q.text),
    el("p", { class: "recording" }, "● ", t.answering), timer.display, video,
    el("button", { type: "button", onclick: () => { timer.stop(); if (recorder.state === "recording") recorder.stop(); } }, t.finish)));
  await stopped;
  timer.stop();
  const blob = new Blob(chunks, { type: contentType });
  const retakesLeft = q.attempts_used + q.attempts_left - grant.attempt;
  const choices = [el("button", { type: "button", onclick: () => upload(questions, index, grant, blob) }, t.use)];
  if (retakesLeft > 0) {
    choices.push(el("button", { type: "button", class: "secondary", onclick: () => record(questions, index) }, t.retake(retakesLeft)));
  }
  show(el("section", { class: "card" }, steps(questions, index), el("h1", {}, q.text), el("p", { class: "ok" }, t.review), ...choices));
}

function postToS3(grant, blob, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(grant.fields)) form.append(k, v);
    form.append("file", blob);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", grant.url);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(Object.assign(new Error(xhr.responseText), { status: xhr.status })));
    xhr.onerror = () => reject(Object.assign(new Error("network"), { status: 0 }));
    xhr.send(form);
  });
}

async function upload(questions, index, grant, blob) {
  const bar = el("progress", { max: 1, value: 0, "aria-label": t.uploading });
  const note = el("p", { class: "muted", role: "status" });
  show(el("section", { class: "card" }, steps(questions, index), el("h1", {}, t.uploading), bar, note));
  for (let attempt = 0; attempt < 8; attempt += 1) {
    try {
      await postToS3(grant, blob, (share) => { bar.value = share; });
      rememberUploaded(questions[index].id);
      sessionStorage.removeItem(flightKey);
      if (index + 1 < questions.length) return ask(questions, index + 1);
      return complete();
    } catch (e) {
      if (e.status >= 400) {
        // Refused by S3's policy: the attempt's time ran out while the connection was
        // down. The attempt is lost: the server is told, and the candidate too.
        sessionStorage.setItem(flightKey, JSON.stringify({ question: questions[index].id, attempt: grant.attempt, cause: "connection" }));
        return interview();
      }
      note.textContent = t.offline;
      // Wait for the network (or a growing pause) before the next try.
      await Promise.race([
        new Promise((resolve) => window.addEventListener("online", resolve, { once: true })),
        new Promise((resolve) => setTimeout(resolve, Math.min(30000, 1000 * 2 ** attempt))),
      ]);
    }
  }
  show(el("section", { class: "card" }, el("h1", {}, t.uploadFailed),
    el("button", { type: "button", onclick: () => upload(questions, index, grant, blob) }, t.tryAgain)));
}

async function complete() {
  message(t.welcome, t.finishing);
  for (let attempt = 0; attempt < 10; attempt += 1) {
    try {
      await api("/complete", { method: "POST" });
      if (stream) stream.getTracks().forEach((track) => track.stop());
      localStorage.removeItem(uploadedKey);
      return message(t.doneTitle, t.done, "ok");
    } catch (e) {
      if (e.status !== 409) return linkProblem(e);
      await new Promise((resolve) => setTimeout(resolve, 1000)); // answers still arriving
    }
  }
  message(t.welcome, t.uploadFailed, "error");
}

// ------------------------------------------------------------------ start
async function start() {
  if (!token) return message(TEXT[lang].welcome, TEXT[lang].noLink, "error");
  let overview;
  try { overview = await api(""); } catch (e) { return linkProblem(e); }
  if (!forcedLang) { lang = overview.locale; t = TEXT[lang]; }
  document.documentElement.lang = lang;
  document.title = `${overview.company} · ${t.welcome}`;
  if (overview.state === "completed") {
    // The candidate's page after the interview (after-interview.js).
    return afterInterview({ api, el, show, lang, sessionKey, overview, linkProblem, thanks: t.doneTitle });
  }
  if (sessionStorage.getItem(sessionKey)) {
    // Recording withdrawn earlier (the interview went to a person): say so again.
    if (overview.alternative_requested) {
      const view = await api("/consents").catch(() => null);
      const recording = view && view.purposes.find((p) => p.purpose === "recording");
      if (recording && recording.state && !recording.state.given) return handedOver();
    }
    return deviceCheck();
  }
  welcome(overview);
}

start();
