// The person's consents (docs/privacy.md "Consent and notice"): the consent step after the
// phone check (one checkbox per purpose, never bundled) and the "Your consents" panel,
// where each one can be withdrawn or given again at any time through the same link.

const TEXT = {
  en: {
    title: "Your consents", intro: "Each consent is separate. You can change any of them here at any time.",
    required: "Needed to record online. Without it, ask for an interview with a person instead.",
    optional: "Optional. Without it your answers are recorded and reviewed by people only.",
    given: "Given", notGiven: "Not given", withdraw: "Withdraw", give: "Give", continue: "Continue",
    deleted: (n) => `Your recordings were deleted (${n}). A person will contact you about an interview without recording.`,
    noRecording: "Without consent to recording nothing is recorded. You can ask for an interview with a person below.",
    opens: (d) => `Your interview opens on ${d}.`,
  },
  zh: {
    title: "我的同意", intro: "每项同意相互独立，您可随时在此更改任意一项。",
    required: "在线录制需要此项同意。不同意时，可申请由真人进行面试。",
    optional: "可选。不同意时，您的回答仍会录制，仅由人工审阅评分。",
    given: "已同意", notGiven: "未同意", withdraw: "撤回", give: "同意", continue: "继续",
    deleted: (n) => `您的录像已删除（${n} 个）。招聘人员会联系您安排不录制的面试。`,
    noRecording: "未同意录制时不会录制任何内容。您可在下方申请由真人进行面试。",
    opens: (d) => `您的面试将于 ${d} 开放。`,
  },
};

function paragraphs(el, text) {
  return text.split("\n").filter((line) => line.trim()).map((line) => el("p", {}, line));
}

// The notice before the phone check (and, under a notice period, when it opens).
export function noticeCard(el, lang, overview) {
  const t = TEXT[lang];
  if (!overview.notice) return el("span");
  const opens = overview.opens_at ? el("p", { class: "error", role: "status" }, t.opens(new Date(overview.opens_at).toLocaleString(lang === "zh" ? "zh-CN" : "en"))) : "";
  return el("section", { class: "card" }, el("h2", {}, overview.notice.jurisdiction), opens,
    el("details", { open: Boolean(overview.opens_at) }, el("summary", {}, `v${overview.notice.version}`), ...paragraphs(el, overview.notice.general)));
}

// The consent step (first visit) or the panel (any time): ``done`` continues the
// interview when recording is given; without it the page stays here with the alternative.
export async function consentsCard(api, el, lang, done) {
  const t = TEXT[lang];
  const card = el("section", { class: "card", id: "consents" });
  const error = el("p", { class: "error", role: "alert" });
  const render = (view) => {
    const rows = view.purposes.map((p) => {
      const given = p.state ? p.state.given : null;
      const box = el("input", { type: "checkbox", id: `consent-${p.purpose}`, checked: given === true });
      box.addEventListener("change", async () => {
        box.disabled = true; error.textContent = "";
        try { render(await api(`/consents/${p.purpose}`, { method: "PUT", body: JSON.stringify({ given: box.checked }) })); }
        catch (e) { box.checked = !box.checked; box.disabled = false; error.textContent = e.message; }
      });
      return el("div", { class: "consent" },
        el("label", { class: "check", for: box.id }, box, el("span", {}, p.text)),
        el("p", { class: "muted" }, `${given === null ? t.notGiven : given ? t.given : t.notGiven} · ${p.required ? t.required : t.optional}`));
    });
    const recording = view.purposes.find((p) => p.purpose === "recording");
    const canRecord = recording && recording.state && recording.state.given;
    card.replaceChildren(el("h2", {}, t.title), el("p", {}, t.intro), ...rows,
      view.recordings_deleted != null ? el("p", { class: "ok", role: "status" }, t.deleted(view.recordings_deleted)) : "",
      !canRecord && view.interview === "open" ? el("p", {}, t.noRecording) : "",
      done && canRecord && view.interview === "open" ? el("button", { type: "button", onclick: done }, t.continue) : "",
      error);
  };
  try { render(await api("/consents")); } catch (e) { card.replaceChildren(el("p", { class: "error" }, e.message)); }
  return card;
}
