// "Your data" (docs/privacy.md "Requests from a person"): in the privacy panel, the person
// asks for a copy of their data (export) or its erasure, sees each request's status, downloads
// the export once it is ready and reads the erasure's receipt in words. The requests run
// within minutes; the card polls while one is under way.

const TEXT = {
  en: {
    title: "Your data",
    intro: "You can ask for a copy of everything we keep about you, or for all of it to be erased. We answer within 30 days; usually within minutes.",
    export: "Download a copy of my data",
    erase: "Erase my data",
    eraseTitle: "Erase my data?",
    eraseDeleted: "Deleted: your recordings, transcripts, the AI's reports, your résumé, reviewers' notes about you and the messages we sent you.",
    eraseKept: "Kept, without your name, phone or e-mail: the record of the consents you gave or withdrew (proof the law asks of us) and the log of who did what (it cannot be edited).",
    eraseEnds: "Your application ends and this link stops working. This cannot be undone.",
    eraseConfirm: "Yes, erase my data",
    cancel: "Cancel",
    requests: "Your requests",
    kind: { export: "Copy of my data", erasure: "Erasure" },
    status: { received: "Received", running: "Under way…", done: "Done", refused: "Refused", failed: "Could not be completed; HR have been told" },
    asked: (d) => `Asked on ${d}`,
    due: (d) => `due by ${d}`,
    download: "Download (zip)",
    receipt: "What was done:",
    action: { deleted: "deleted", anonymised: "anonymised", archived: "archived", kept: "kept" },
    classes: {
      recordings: "recordings", transcripts: "transcripts", reports: "reports and reviews", resumes: "résumé",
      application: "application", onboarding_documents: "onboarding documents", employee_record: "employee record",
      audit_entries: "log entries", sent_messages: "messages sent",
    },
    reasons: { consent_proof_kept: "proof of your consents", audit_trail_kept: "the log of who did what, without your details", legal_hold: "a legal hold" },
  },
  zh: {
    title: "我的数据",
    intro: "您可以申请获取我们保存的关于您的全部数据副本，或申请删除全部数据。我们会在 30 天内处理，通常几分钟即可完成。",
    export: "下载我的数据副本",
    erase: "删除我的数据",
    eraseTitle: "确定删除我的数据？",
    eraseDeleted: "将删除：您的录像、转写文字、AI 报告、简历、评审人员对您的记录，以及我们发给您的消息。",
    eraseKept: "将保留（去除您的姓名、手机号和邮箱）：您给予或撤回同意的记录（法律要求我们保存的证明），以及操作日志（不可修改）。",
    eraseEnds: "您的本次应聘将结束，此链接也将失效。此操作无法撤销。",
    eraseConfirm: "确定删除我的数据",
    cancel: "取消",
    requests: "我的申请",
    kind: { export: "数据副本", erasure: "删除数据" },
    status: { received: "已收到", running: "处理中…", done: "已完成", refused: "已拒绝", failed: "未能完成，已通知 HR" },
    asked: (d) => `${d} 提交`,
    due: (d) => `${d} 前处理`,
    download: "下载（zip）",
    receipt: "处理结果：",
    action: { deleted: "已删除", anonymised: "已匿名化", archived: "已归档", kept: "已保留" },
    classes: {
      recordings: "录像", transcripts: "转写文字", reports: "报告和评审", resumes: "简历",
      application: "应聘记录", onboarding_documents: "入职文件", employee_record: "员工档案",
      audit_entries: "日志条目", sent_messages: "已发送的消息",
    },
    reasons: { consent_proof_kept: "您的同意记录", audit_trail_kept: "操作日志（已去除您的信息）", legal_hold: "法律保全" },
  },
};

const UNDER_WAY = new Set(["received", "running"]);

function day(lang, value) {
  return new Intl.DateTimeFormat(lang === "zh" ? "zh-CN" : "en-GB", { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}

// The receipt in words: one sentence per data class and action, counts added up.
function receiptWords(t, receipt) {
  const sums = new Map();
  for (const line of receipt) {
    const key = `${line.data_class}|${line.action}|${line.reason_code || ""}`;
    sums.set(key, (sums.get(key) || 0) + line.count);
  }
  return [...sums].map(([key, count]) => {
    const [cls, action, reason] = key.split("|");
    const why = reason && t.reasons[reason] ? ` (${t.reasons[reason]})` : "";
    return `${t.classes[cls] || cls}: ${count} ${t.action[action] || action}${why}`;
  });
}

export function yourDataCard(api, el, lang, say) {
  const t = TEXT[lang];
  const card = el("section", { class: "card", id: "your-data" });
  const error = el("p", { class: "error", role: "alert" });
  const list = el("ul", { class: "requests", id: "data-requests" });
  const confirm = el("div", { id: "erase-confirm", hidden: true });
  let timer = null;

  const row = (r) => {
    const item = el("li", { "data-kind": r.kind, "data-status": r.status },
      el("strong", {}, t.kind[r.kind] || r.kind), " · ", el("span", { class: "status" }, t.status[r.status] || r.status), el("br"),
      el("span", { class: "muted" }, `${t.asked(day(lang, r.requested_at))}, ${t.due(day(lang, r.due_by))}`));
    if (r.status === "refused" && r.status_code) item.append(el("p", { class: "error" }, say(r.status_code)));
    if (r.kind === "export" && r.status === "done") {
      item.append(el("button", { type: "button", class: "secondary", onclick: async (event) => {
        event.target.disabled = true; error.textContent = "";
        try {
          const link = await api(`/privacy-requests/${encodeURIComponent(r.id)}/download`);
          const a = el("a", { href: link.url, download: `${r.id}.zip`, rel: "noopener" });
          document.body.append(a); a.click(); a.remove();
        } catch (e) { error.textContent = e.message; }
        event.target.disabled = false;
      } }, t.download));
    }
    if (r.kind === "erasure" && r.receipt && r.receipt.length) {
      item.append(el("p", {}, t.receipt), el("ul", {}, ...receiptWords(t, r.receipt).map((line) => el("li", {}, line))));
    }
    return item;
  };

  const refresh = async () => {
    clearTimeout(timer);
    let mine;
    try { mine = await api("/privacy-requests"); } catch (e) { if (card.isConnected) error.textContent = e.message; return; }
    mine.sort((a, b) => b.requested_at.localeCompare(a.requested_at));
    list.replaceChildren(...mine.map(row));
    list.previousElementSibling.hidden = !mine.length;
    if (card.isConnected && mine.some((r) => UNDER_WAY.has(r.status))) timer = setTimeout(refresh, 2000);
  };

  const ask = async (kind, button) => {
    button.disabled = true; error.textContent = "";
    try { await api("/privacy-requests", { method: "POST", body: JSON.stringify({ kind }) }); confirm.hidden = true; }
    catch (e) { error.textContent = e.message; }
    button.disabled = false;
    refresh();
  };

  const exportButton = el("button", { type: "button", class: "secondary", id: "ask-export", onclick: (event) => ask("export", event.target) }, t.export);
  const eraseButton = el("button", { type: "button", class: "secondary", id: "ask-erasure", onclick: () => { confirm.hidden = false; } }, t.erase);
  confirm.append(el("h3", {}, t.eraseTitle), el("p", {}, t.eraseDeleted), el("p", {}, t.eraseKept), el("p", {}, el("strong", {}, t.eraseEnds)),
    el("button", { type: "button", class: "danger", onclick: (event) => ask("erasure", event.target) }, t.eraseConfirm),
    el("button", { type: "button", class: "secondary", onclick: () => { confirm.hidden = true; } }, t.cancel));
  card.append(el("h2", {}, t.title), el("p", {}, t.intro), exportButton, eraseButton, confirm, error,
    el("h3", { hidden: true }, t.requests), list);
  refresh();
  return card;
}
