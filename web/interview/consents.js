// The person's consents (docs/privacy.md "Consent and notice"): the consent step after the
// phone check (one checkbox per purpose, never bundled) and the "Privacy" panel, reachable
// from every screen after the phone check, where each one can be withdrawn or given again
// at any time through the same link (withdrawing recording is confirmed first), next to
// "Your data" (your-data.js).

import { yourDataCard } from "./your-data.js";

const TEXT = {
  en: {
    title: "Your consents", intro: "Each consent is separate. You can change any of them here at any time.",
    required: "Needed to record online. Without it, ask for an interview with a person instead.",
    optional: "Optional. Without it your answers are recorded and reviewed by people only.",
    given: "Given", notGiven: "Not given", withdrawn: "Withdrawn", withdraw: "Withdraw", give: "Give", continue: "Continue",
    since: (state, d) => `${state} on ${d}`,
    agreed: "The words you agreed to", chose: "The words shown when you chose",
    purposes: { recording: "Recording of video and voice", ai_analysis: "AI analysis of your answers", talent_pool: "Talent pool", transfer: "Transfer abroad" },
    poolElsewhere: "Change this on the page after your interview (“Future roles”).",
    deleted: (n) => `Your recordings were deleted (${n}). A person will contact you about an interview without recording.`,
    noRecording: "Without consent to recording nothing is recorded. You can ask for an interview with a person instead.",
    peopleOnly: "Without AI analysis your answers are recorded and people review and score them; no AI analyses them.",
    opens: (d) => `Your interview opens on ${d}.`,
    askAlternative: "Ask for an interview with a person", alternativeSent: "Your request has been sent to HR. They will contact you about an interview with a person.",
    confirmTitle: "Withdraw consent to recording?",
    confirmText: "Every recording of your answers is deleted now, including every stored copy. Nothing more is recorded. Your interview continues with a person instead: HR will contact you to arrange it (the alternative process). You will not be disadvantaged for this.",
    confirm: "Yes, withdraw and delete my recordings", cancel: "Cancel",
    privacy: "Privacy", close: "Close",
  },
  zh: {
    title: "我的同意", intro: "每项同意相互独立，您可随时在此更改任意一项。",
    required: "在线录制需要此项同意。不同意时，可申请由真人进行面试。",
    optional: "可选。不同意时，您的回答仍会录制，仅由人工审阅评分。",
    given: "已同意", notGiven: "未同意", withdrawn: "已撤回", withdraw: "撤回", give: "同意", continue: "继续",
    since: (state, d) => `${d} ${state}`,
    agreed: "您同意的内容", chose: "您作出选择时看到的内容",
    purposes: { recording: "录制视频和声音", ai_analysis: "AI 分析您的回答", talent_pool: "人才库", transfer: "跨境传输" },
    poolElsewhere: "请在面试结束后的页面（“今后的职位机会”）中更改此项。",
    deleted: (n) => `您的录像已删除（${n} 个）。招聘人员会联系您安排不录制的面试。`,
    noRecording: "未同意录制时不会录制任何内容。您可以改为申请由真人进行面试。",
    peopleOnly: "不同意 AI 分析时，您的回答仍会录制，由人工审阅评分，AI 不会分析。",
    opens: (d) => `您的面试将于 ${d} 开放。`,
    askAlternative: "申请由真人进行面试", alternativeSent: "您的申请已发送给 HR，他们会联系您安排真人面试。",
    confirmTitle: "确定撤回录制同意？",
    confirmText: "您所有回答的录像（包括所有存储副本）将立即删除，之后不再录制任何内容。您的面试将改由真人进行：HR 会联系您安排（替代流程）。您不会因此受到任何不利对待。",
    confirm: "确定撤回并删除我的录像", cancel: "取消",
    privacy: "隐私", close: "关闭",
  },
};

function paragraphs(el, text) {
  return text.split("\n").filter((line) => line.trim()).map((line) => el("p", {}, line));
}

function when(lang, value) {
  return new Intl.DateTimeFormat(lang === "zh" ? "zh-CN" : "en-GB", { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}

// The notice before the phone check (and, under a notice period, when it opens).
export function noticeCard(el, lang, overview) {
  const t = TEXT[lang];
  if (!overview.notice) return el("span");
  const opens = overview.opens_at ? el("p", { class: "error", role: "status" }, t.opens(new Date(overview.opens_at).toLocaleString(lang === "zh" ? "zh-CN" : "en"))) : "";
  return el("section", { class: "card" }, el("h2", {}, overview.notice.jurisdiction), opens,
    el("details", { open: Boolean(overview.opens_at) }, el("summary", {}, `v${overview.notice.version}`), ...paragraphs(el, overview.notice.general)));
}

// Asking for the process with a person, offered where recording is not given.
function alternativeButton(api, el, t, view, error) {
  if (view.alternative_requested) return el("p", { class: "ok", role: "status" }, t.alternativeSent);
  return el("button", { type: "button", class: "secondary", id: "ask-alternative", onclick: async (event) => {
    event.target.disabled = true; error.textContent = "";
    try { await api("/alternative", { method: "POST", body: JSON.stringify({ reason: "" }) }); event.target.replaceWith(el("p", { class: "ok", role: "status" }, t.alternativeSent)); }
    catch (e) { event.target.disabled = false; error.textContent = e.message; }
  } }, t.askAlternative);
}

// The consent step (first visit): ``done`` continues the interview when recording is given;
// the purposes left unticked are recorded as refused then (a line each: never assumed).
// Without recording the page stays here and offers the interview with a person.
export async function consentsCard(api, el, lang, done) {
  const t = TEXT[lang];
  const card = el("section", { class: "card", id: "consents" });
  const error = el("p", { class: "error", role: "alert" });
  const render = (view) => {
    const asked = view.purposes.filter((p) => p.changeable !== false);
    const rows = asked.map((p) => {
      const given = p.state ? p.state.given : null;
      const box = el("input", { type: "checkbox", id: `consent-${p.purpose}`, checked: given === true });
      box.addEventListener("change", async () => {
        box.disabled = true; error.textContent = "";
        try { render(await api(`/consents/${p.purpose}`, { method: "PUT", body: JSON.stringify({ given: box.checked }) })); }
        catch (e) { box.checked = !box.checked; box.disabled = false; error.textContent = e.message; }
      });
      return el("div", { class: "consent" },
        el("label", { class: "check", for: box.id }, box, el("span", {}, p.text)),
        el("p", { class: "muted" }, `${given ? t.given : t.notGiven} · ${p.required ? t.required : t.optional}`));
    });
    const state = (purpose) => (view.purposes.find((p) => p.purpose === purpose) || {}).state;
    const canRecord = Boolean(state("recording") && state("recording").given);
    const ai = view.purposes.some((p) => p.purpose === "ai_analysis");
    const open = view.interview === "open";
    const onward = async () => {
      error.textContent = "";
      try {
        // Read the saved choices again: a box ticked a moment ago may not be drawn yet.
        const saved = await api("/consents");
        const unanswered = saved.purposes.filter((each) => each.changeable !== false && !each.state);
        for (const p of unanswered) {
          await api(`/consents/${p.purpose}`, { method: "PUT", body: JSON.stringify({ given: false }) });
        }
        done();
      } catch (e) { error.textContent = e.message; }
    };
    card.replaceChildren(el("h2", {}, t.title), el("p", {}, t.intro), ...rows,
      view.recordings_deleted != null ? el("p", { class: "ok", role: "status" }, t.deleted(view.recordings_deleted)) : "",
      canRecord && ai && !(state("ai_analysis") && state("ai_analysis").given) ? el("p", { class: "ok", id: "people-only" }, t.peopleOnly) : "",
      !canRecord && open ? [el("p", {}, t.noRecording), alternativeButton(api, el, t, view, error)] : "",
      done && canRecord && open ? el("button", { type: "button", onclick: onward }, t.continue) : "",
      error);
  };
  try { render(await api("/consents")); } catch (e) { card.replaceChildren(el("p", { class: "error" }, e.message)); }
  return card;
}

// The panel's consents: each purpose's state (given / not given / withdrawn, when), the
// words agreed to, and a button to withdraw or give it; withdrawing recording is explained
// and confirmed first. ``changed(view)`` hears every change (interview.js reacts to a
// withdrawn recording: the interview continues with a person).
function consentsPanel(api, el, lang, changed) {
  const t = TEXT[lang];
  const card = el("section", { class: "card", id: "your-consents" });
  const error = el("p", { class: "error", role: "alert" });
  const choose = async (purpose, given, button) => {
    button.disabled = true; error.textContent = "";
    try { const view = await api(`/consents/${purpose}`, { method: "PUT", body: JSON.stringify({ given }) }); render(view); changed(view); }
    catch (e) { button.disabled = false; error.textContent = e.message; }
  };
  const render = (view) => {
    const rows = view.purposes.map((p) => {
      const s = p.state;
      const label = !s ? t.notGiven : s.given ? t.given : p.withdrawn ? t.withdrawn : t.notGiven;
      const row = el("div", { class: "consent", "data-purpose": p.purpose },
        el("h3", {}, t.purposes[p.purpose] || p.purpose),
        el("p", { class: s && s.given ? "ok state" : "muted state" }, s ? t.since(label, when(lang, s.at)) : label),
        el("details", {}, el("summary", {}, s && s.given ? t.agreed : t.chose), el("p", { class: "note" }, p.agreed || p.text)));
      if (p.changeable === false) { row.append(el("p", { class: "muted" }, t.poolElsewhere)); return row; }
      const confirmBox = el("div", { class: "confirm", hidden: true, role: "alertdialog", "aria-label": t.confirmTitle },
        el("p", {}, el("strong", {}, t.confirmTitle)), el("p", {}, t.confirmText),
        el("button", { type: "button", class: "danger", onclick: (event) => choose(p.purpose, false, event.target) }, t.confirm),
        el("button", { type: "button", class: "secondary", onclick: () => { confirmBox.hidden = true; } }, t.cancel));
      const given = Boolean(s && s.given);
      row.append(el("button", { type: "button", class: "secondary", "data-action": given ? "withdraw" : "give", onclick: (event) => {
        if (given && p.purpose === "recording") { confirmBox.hidden = false; return; }
        choose(p.purpose, !given, event.target);
      } }, given ? t.withdraw : t.give), confirmBox);
      return row;
    });
    const recording = view.purposes.find((p) => p.purpose === "recording");
    const canRecord = Boolean(recording && recording.state && recording.state.given);
    card.replaceChildren(el("h2", {}, t.title), el("p", {}, t.intro), ...rows,
      view.recordings_deleted != null ? el("p", { class: "ok", role: "status" }, t.deleted(view.recordings_deleted)) : "",
      !canRecord && view.interview === "open" ? alternativeButton(api, el, t, view, error) : "",
      error);
  };
  api("/consents").then(render, (e) => card.replaceChildren(el("p", { class: "error" }, e.message)));
  return card;
}

// The "Privacy" link shown on every screen after the phone check; it opens the panel
// (consents + your data) in a dialog over the current screen, which it leaves as it was.
export function privacyLink(ctx) {
  const { api, el, lang, say, changed } = ctx;
  const t = TEXT[lang];
  return el("p", { class: "privacy-link" }, el("button", { type: "button", class: "link", id: "open-privacy", onclick: () => {
    const dialog = el("dialog", { id: "privacy", "aria-label": t.privacy });
    const close = () => { dialog.close(); dialog.remove(); };
    dialog.append(el("p", { class: "privacy-link" }, el("button", { type: "button", class: "link", onclick: close }, t.close)),
      consentsPanel(api, el, lang, changed || (() => {})), yourDataCard(api, el, lang, say));
    dialog.addEventListener("cancel", (event) => { event.preventDefault(); close(); });
    document.body.append(dialog);
    dialog.showModal();
  } }, t.privacy));
}
