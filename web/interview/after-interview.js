// The candidate's page after the interview (docs/talent.md "Candidate feedback"): once the
// interview is complete, the link opens this page after the phone check. It says where the
// application stands and when results come, where the candidate stands among earlier
// candidates (only when HQ shares it for the position and the report has it), the
// rejection letter's note once it went out, the candidate's requests (a person to review
// the decision; an explanation of how AI was used, answered at once), and the talent-pool
// consent (hidden when the pool's route is not there).
//
// interview.js owns the link, the session and the helpers; it hands them over in ``ctx``:
// { api, el, show, lang, sessionKey, overview, linkProblem, thanks }.

const TEXT = {
  en: {
    title: "Your application",
    verifyIntro: "Your interview is complete. Enter your mobile number to see where your application stands.",
    phone: "Your mobile number (the one you applied with)",
    verify: "Show my application",
    status: {
      in_review: "Your interview is being reviewed",
      decided: "A decision has been made",
      next_step: "You are through to the next step",
      closed: "This application is closed",
    },
    completedOn: (d) => `You completed your interview on ${d}.`,
    resultsBy: (d) => `People review every interview. You will hear from us by ${d} (within 3 working days).`,
    decidedOn: (d) => `We e-mailed you the decision on ${d}.`,
    nextStep: "HR will contact you about the next step.",
    standingTitle: "Where you stand",
    feedbackTitle: "A note from the reviewers",
    requestsTitle: "Your rights",
    requestsIntro: "You can ask for a person to review the decision, or for an explanation of how AI was used in your interview.",
    kinds: { human_review: "Ask for a person to review the decision", explanation: "Ask how AI was used" },
    messageLabel: { human_review: "What should the reviewer look at? (optional)", explanation: "Anything you would like explained? (optional)" },
    send: "Send",
    sentReview: "Your request has been sent. HR will look at it and answer you by e-mail.",
    explanationTitle: "How AI was used",
    explanationMailed: "We have also e-mailed you this explanation.",
    yourRequests: "Your requests",
    requestKind: { human_review: "Human review of the decision", explanation: "Explanation of how AI was used" },
    open: (d) => `Sent on ${d}. We will answer by e-mail.`,
    answered: (d) => `Answered on ${d}:`,
    poolTitle: "Future roles",
    saved: "Saved.",
  },
  zh: {
    title: "您的应聘进展",
    verifyIntro: "您的面试已完成。请输入手机号码，查看您的应聘进展。",
    phone: "您的手机号码（应聘时填写的号码）",
    verify: "查看我的应聘进展",
    status: {
      in_review: "您的面试正在评审中",
      decided: "已作出决定",
      next_step: "您已进入下一环节",
      closed: "本次应聘已结束",
    },
    completedOn: (d) => `您于 ${d} 完成了面试。`,
    resultsBy: (d) => `每场面试都有人员评审。我们将在 ${d} 前（3 个工作日内）与您联系。`,
    decidedOn: (d) => `我们已于 ${d} 通过邮件告知您结果。`,
    nextStep: "HR 将与您联系，安排下一环节。",
    standingTitle: "您的表现",
    feedbackTitle: "评审人员给您的建议",
    requestsTitle: "您的权利",
    requestsIntro: "您可以申请由人员复核这一决定，或了解本次面试中 AI 的作用。",
    kinds: { human_review: "申请人工复核决定", explanation: "了解 AI 的作用" },
    messageLabel: { human_review: "希望复核人员关注哪些方面？（可选）", explanation: "希望我们说明哪些内容？（可选）" },
    send: "提交",
    sentReview: "您的申请已提交。HR 会进行处理，并通过邮件答复您。",
    explanationTitle: "AI 的作用",
    explanationMailed: "我们也已将这份说明发送到您的邮箱。",
    yourRequests: "您的申请",
    requestKind: { human_review: "人工复核决定", explanation: "了解 AI 的作用" },
    open: (d) => `已于 ${d} 提交，我们将通过邮件答复。`,
    answered: (d) => `已于 ${d} 答复：`,
    poolTitle: "今后的职位机会",
    saved: "已保存。",
  },
};

// A day in the candidate's language; a bare "YYYY-MM-DD" is that calendar day.
function day(lang, value) {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  return new Intl.DateTimeFormat(lang === "zh" ? "zh-CN" : "en-GB", { dateStyle: "long" }).format(at);
}

// After the phone check (or straight away when this tab already passed it).
export function afterInterview(ctx) {
  if (sessionStorage.getItem(ctx.sessionKey)) return outcomePage(ctx);
  return phoneCheck(ctx);
}

function phoneCheck(ctx) {
  const { api, el, show, overview } = ctx;
  const a = TEXT[ctx.lang];
  const error = el("p", { class: "error", role: "alert" });
  const phone = el("input", { id: "phone", type: "tel", autocomplete: "tel", required: true, inputmode: "tel" });
  const form = el("form", {
    onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = "";
      try {
        const result = await api("/verify", { method: "POST", body: JSON.stringify({ phone: phone.value }) });
        sessionStorage.setItem(ctx.sessionKey, result.session);
        outcomePage(ctx);
      } catch (e) {
        if (e.status === 423 || e.status === 410 || e.status === 404) return ctx.linkProblem(e);
        error.textContent = e.message;
      }
    },
  }, el("label", { for: "phone" }, a.phone), phone, el("button", { type: "submit" }, a.verify), error);
  show(el("section", { class: "card", id: "after-interview" },
    el("h1", {}, `${overview.company} · ${a.title}`),
    el("p", {}, `${overview.position} (${overview.branch})`),
    el("p", {}, a.verifyIntro), form));
}

async function outcomePage(ctx) {
  const { api, el, show, overview, lang } = ctx;
  const a = TEXT[lang];
  let outcome;
  try { outcome = await api("/outcome"); }
  catch (e) {
    if (e.status === 401) { sessionStorage.removeItem(ctx.sessionKey); return phoneCheck(ctx); }
    return ctx.linkProblem(e);
  }
  // Just after the interview (in review) the page thanks first, as the end page did.
  const reviewing = outcome.status === "in_review";
  const status = el("section", { class: "card", id: "outcome" },
    ...[el("h1", {}, reviewing ? ctx.thanks : a.status[outcome.status] || a.title),
      reviewing && el("p", {}, a.status.in_review),
      el("p", { class: "muted" }, `${overview.position} (${overview.branch})`)].filter(Boolean));
  if (outcome.completed_at) status.append(el("p", {}, a.completedOn(day(lang, outcome.completed_at))));
  if (outcome.status === "in_review" && outcome.results_by) status.append(el("p", {}, el("strong", {}, a.resultsBy(day(lang, outcome.results_by)))));
  if (outcome.status === "decided" && outcome.decided_at) status.append(el("p", {}, a.decidedOn(day(lang, outcome.decided_at))));
  if (outcome.status === "next_step") status.append(el("p", {}, a.nextStep));
  const cards = [status];
  // The standing's text says what it compares against (the AI's analysis only; people decide).
  if (outcome.standing) cards.push(el("section", { class: "card", id: "standing" }, el("h2", {}, a.standingTitle), el("p", {}, outcome.standing.text)));
  if (outcome.feedback) cards.push(el("section", { class: "card", id: "feedback" }, el("h2", {}, a.feedbackTitle), el("p", { class: "note" }, outcome.feedback)));
  cards.push(requestsCard(ctx, outcome));
  const pool = el("section", { class: "card", id: "pool", hidden: true });
  cards.push(pool);
  show(...cards);
  poolConsent(ctx, pool);
}

// The candidate's requests: one open of each kind at a time (the server says so with a
// code, in the candidate's language); the explanation is shown at once.
function requestsCard(ctx, outcome) {
  const { el, lang } = ctx;
  const a = TEXT[lang];
  const card = el("section", { class: "card", id: "requests" }, el("h2", {}, a.requestsTitle), el("p", {}, a.requestsIntro));
  const openKinds = new Set(outcome.requests.filter((r) => r.status === "open").map((r) => r.kind));
  for (const kind of ["human_review", "explanation"]) {
    if (!openKinds.has(kind)) card.append(requestForm(ctx, kind));
  }
  if (outcome.requests.length) {
    card.append(el("h3", {}, a.yourRequests), el("ul", { class: "requests" }, ...outcome.requests.map((r) => el("li", {},
      el("strong", {}, a.requestKind[r.kind] || r.kind), el("br"),
      r.status === "answered"
        ? [a.answered(day(lang, r.answered_at || r.at)), el("p", { class: "note" }, r.answer || "")]
        : a.open(day(lang, r.at))))));
  }
  return card;
}

function requestForm(ctx, kind) {
  const { api, el, lang } = ctx;
  const a = TEXT[lang];
  const id = `request-${kind}`;
  const text = el("textarea", { id: `${id}-message`, rows: 3, maxlength: 2000 });
  const error = el("p", { class: "error", role: "alert" });
  const box = el("details", { id },
    el("summary", {}, a.kinds[kind]),
    el("label", { for: `${id}-message` }, a.messageLabel[kind]), text);
  const button = el("button", { type: "button", class: "secondary", onclick: async () => {
    button.disabled = true;
    error.textContent = "";
    try {
      const made = await api("/requests", { method: "POST", body: JSON.stringify({ kind, message: text.value }) });
      box.replaceChildren(made.explanation
        ? el("div", { role: "status" }, el("h3", {}, a.explanationTitle), el("p", { class: "note" }, made.explanation.text), el("p", { class: "muted" }, a.explanationMailed))
        : el("p", { class: "ok", role: "status" }, a.sentReview));
      box.open = true;
    } catch (e) {
      button.disabled = false;
      error.textContent = e.message;
    }
  } }, a.send);
  box.append(button, error);
  return box;
}

// The talent-pool consent (talent pool's routes: GET -> {given, text}, PUT {given}).
// Without the route (404) or on any failure to read it, the toggle stays hidden.
async function poolConsent(ctx, card) {
  const { api, el, lang } = ctx;
  const a = TEXT[lang];
  let consent;
  try { consent = await api("/pool-consent"); } catch { return; }
  const note = el("p", { role: "status" });
  const box = el("input", { id: "pool-consent", type: "checkbox", checked: Boolean(consent.given) });
  box.addEventListener("change", async () => {
    const given = box.checked;
    box.disabled = true;
    note.className = "";
    note.textContent = "";
    try {
      await api("/pool-consent", { method: "PUT", body: JSON.stringify({ given }) });
      note.className = "ok";
      note.textContent = a.saved;
    } catch (e) {
      box.checked = !given;
      note.className = "error";
      note.textContent = e.message;
    }
    box.disabled = false;
  });
  card.replaceChildren(el("h2", {}, a.poolTitle),
    el("label", { class: "check", for: "pool-consent" }, box, el("span", {}, consent.text)), note);
  card.hidden = false;
}
