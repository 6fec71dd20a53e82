// Two languages; ?lang=en (or zh) forces one and is remembered for the tab.
import { LISTS } from "./i18n-lists.js";

const TEXT = {
  en: {
    appName: "hireflow HR", signIn: "Sign in", signOut: "Sign out", username: "Username",
    password: "Password", language: "Language", dashboard: "Dashboard", candidates: "Candidates",
    importCandidates: "Import", templates: "Templates", loading: "Loading…", retry: "Try again",
    nothingYet: "Nothing here yet.", signedInAs: "Signed in as", localOutbox: "Local outbox",
    funnel: "Funnel", completionRate: "Completion rate", avgTime: "Average time in stage",
    needsAttention: "Needs attention", compareBranches: "Branches compared", branch: "Branch",
    status: "Status", position: "Position", search: "Search name, phone or e-mail", filter: "Filter",
    all: "All", next: "Next page", previous: "First page", name: "Name", phone: "Phone", email: "E-mail",
    open: "Open", since: "Since", reason: "Reason", noAttention: "Nothing needs attention.",
    importTitle: "Import candidates from Excel", step1: "1. Download the template",
    step2: "2. Fill it in and upload it", step3: "3. Check the result row by row",
    downloadTemplate: "Download the .xlsx template", file: "Workbook (.xlsx)", upload: "Upload",
    uploading: "Uploading and checking the file…", created: "Created",
    importLimit: (rows, mb) => `Up to ${rows.toLocaleString("en")} rows and ${mb} MB per file; larger files: split them.`,
    importProgress: "Import progress", importedOf: (done, total) => `${done} of ${total} rows imported…`,
    importFailed: "The import failed.", duplicates: "Already known",
    errors: "Errors", row: "Row", field: "Field", message: "Message",
    timeline: "Timeline", report: "AI report", scores: "Scores", review: "Your review",
    decision: "Decision", interview: "Video interview", assign: "Assign", invite: "Invite",
    inviteConfirm: "Send the interview invitation by e-mail and SMS now?",
    languageSaved: "The interview language is saved.", assigned: "Interviewer and hiring manager assigned.",
    working: "Working on it…", invited: "The invitation is on its way.",
    scoring: "The answers are being scored; the report appears here when it is ready.", interviewer: "Interviewer",
    hiringManager: "Hiring manager", save: "Save", saved: "Saved.", interviewLanguage: "Interview language",
    overall: "Overall", suggestion: "Suggestion (a hint; you decide)", percentile: "Percentile",
    percentileOf: (p, n) => `${p}th percentile among ${n} earlier candidates`,
    firstScored: "first candidate scored for this position", evidence: "Evidence",
    integrityFlags: "Integrity flags", noFlags: "No integrity flags.", keyMoments: "Key moments",
    transcript: "Transcript", heardChinese: "Chinese heard", heardEnglish: "English heard", rubric: "Rubric", missing: "Missing", answerFor: "Answer",
    notAnswered: "Not answered", reportPending: "The AI report is not ready yet.",
    ai: "AI", human: "Human", combined: "Combined", disagreement: "AI and humans disagree",
    dimension: "Dimension", weight: "Weight", comment: "Comment", submitReview: "Submit review",
    reviewSaved: "Your review is saved.", secondRound: "Second round", reject: "Reject", offer: "Offer",
    confirm: "Confirm", cancel: "Cancel", feedback: "Feedback to the candidate (optional)",
    when: "When", where: "Where", decided: "Decision sent.", models: "Models",
    decisionConfirm: (d) => `Confirm: ${d}. The letter goes out automatically.`,
    content: "content", delivery: "delivery", presence: "presence", seekTo: (t) => `Play from ${t}`,
    templateEditor: "Interview template", hqOnly: "Only HQ edits templates.", version: "Version",
    stages: "Stages", questions: "Questions", question: "Question", kind: "Kind",
    dimensions: "Dimensions", exemplars: "Exemplar answers (one per line)",
    rubricChain: "Rubric chain (key | label | cues, one point per line)",
    dimensionWeights: "Dimension weights", saveVersion: "Save as a new version",
    versionSaved: (v) => `Saved as version ${v}.`, addQuestion: "Add a question",
    textEn: "Text (English)", textZh: "Text (Chinese)", answerSeconds: "Answer seconds",
    notFound: "Not found, or not in your branch.", attempts: "attempts", verified: "Verified",
    consent: "Consent", yes: "yes", no: "no", uploaded: "uploaded", scored: "scored",
    insufficientEvidence: "Insufficient evidence", notScoredByAi: "Not scored by the AI (insufficient evidence)",
    notScoredNote: "These answers are left out of the dimension and overall scores; watch them yourself.",
    noAiOverall: "No AI overall score: the AI could not judge any answer. Watch the recordings.",
    statuses: { imported: "Imported", invited: "Invited", completed: "Completed", in_review: "In review",
      second_round: "Second round", offer_pending: "Offer", rejected: "Rejected", expired: "Expired",
      needs_attention: "Needs attention" },
  },
  zh: {
    appName: "hireflow 招聘", signIn: "登录", signOut: "退出", username: "用户名", password: "密码",
    language: "语言", dashboard: "总览", candidates: "候选人", importCandidates: "导入", templates: "面试模板",
    loading: "加载中…", retry: "重试", nothingYet: "暂无内容。", signedInAs: "当前用户", localOutbox: "本地发件箱",
    funnel: "招聘漏斗", completionRate: "完成率", avgTime: "各阶段平均停留时间", needsAttention: "需要处理",
    compareBranches: "分支机构对比", branch: "分支机构", status: "状态", position: "岗位",
    search: "搜索姓名、手机或邮箱", filter: "筛选", all: "全部", next: "下一页", previous: "第一页",
    name: "姓名", phone: "手机", email: "邮箱", open: "打开", since: "开始于", reason: "原因",
    noAttention: "没有需要处理的事项。", importTitle: "从 Excel 导入候选人", step1: "1. 下载模板",
    step2: "2. 填写后上传", step3: "3. 逐行查看结果", downloadTemplate: "下载 .xlsx 模板",
    file: "工作簿 (.xlsx)", upload: "上传", uploading: "正在上传并检查文件…", created: "已创建",
    importLimit: (rows, mb) => `每个文件最多 ${rows} 行、${mb} MB；更大的文件请拆分。`,
    importProgress: "导入进度", importedOf: (done, total) => `已导入 ${done} / ${total} 行…`,
    importFailed: "导入失败。",
    duplicates: "已存在", errors: "错误", row: "行", field: "字段", message: "说明", timeline: "时间线",
    report: "AI 报告", scores: "评分", review: "我的评分", decision: "决定", interview: "视频面试",
    assign: "分配", invite: "邀请", inviteConfirm: "现在通过邮件和短信发送面试邀请？",
    languageSaved: "面试语言已保存。", assigned: "已分配面试官和用人经理。",
    working: "处理中…", invited: "邀请已发出。", scoring: "正在为回答评分，报告生成后将显示在这里。", interviewer: "面试官",
    hiringManager: "用人经理", save: "保存", saved: "已保存。", interviewLanguage: "面试语言",
    overall: "总分", suggestion: "建议（仅供参考，由您决定）", percentile: "百分位",
    percentileOf: (p, n) => `在此前 ${n} 位候选人中位于第 ${p} 百分位`, firstScored: "该岗位第一位评分的候选人",
    evidence: "依据", integrityFlags: "诚信提示", noFlags: "无诚信提示。", keyMoments: "关键片段",
    transcript: "文字记录", heardChinese: "识别为中文", heardEnglish: "识别为英文", rubric: "评分要点", missing: "缺少", answerFor: "回答", notAnswered: "未回答",
    reportPending: "AI 报告尚未生成。", ai: "AI", human: "人工", combined: "综合",
    disagreement: "AI 与人工评分差异较大", dimension: "维度", weight: "权重", comment: "评语",
    submitReview: "提交评分", reviewSaved: "您的评分已保存。", secondRound: "进入复试", reject: "不录用",
    offer: "录用", confirm: "确认", cancel: "取消", feedback: "给候选人的反馈（可选）", when: "时间",
    where: "地点", decided: "决定已发送。", models: "模型",
    decisionConfirm: (d) => `确认：${d}。系统将自动发送通知。`, content: "内容", delivery: "表达",
    presence: "镜头表现", seekTo: (t) => `从 ${t} 播放`, templateEditor: "面试模板", hqOnly: "仅总部可编辑模板。",
    version: "版本", stages: "阶段", questions: "问题", question: "问题", kind: "类型", dimensions: "维度",
    exemplars: "示范回答（每行一条）", rubricChain: "评分链（键 | 名称 | 关键词，每行一个要点）",
    dimensionWeights: "维度权重", saveVersion: "保存为新版本", versionSaved: (v) => `已保存为第 ${v} 版。`,
    addQuestion: "添加问题", textEn: "题目（英文）", textZh: "题目（中文）", answerSeconds: "作答秒数",
    notFound: "未找到，或不属于您的分支机构。", attempts: "次尝试", verified: "已验证", consent: "同意",
    yes: "是", no: "否", uploaded: "已上传", scored: "已评分",
    insufficientEvidence: "依据不足", notScoredByAi: "AI 未评分的回答（依据不足）",
    notScoredNote: "这些回答不计入维度分和总分，请自行观看。",
    noAiOverall: "没有 AI 总分：AI 无法评判任何回答，请观看录像。",
    statuses: { imported: "已导入", invited: "已邀请", completed: "已完成", in_review: "评审中",
      second_round: "复试", offer_pending: "录用中", rejected: "未录用", expired: "已过期",
      needs_attention: "需要处理" },
  },
};

for (const lang of ["en", "zh"]) Object.assign(TEXT[lang], LISTS[lang]);

export function channelName(channel) {
  return channel ? TEXT[locale].channels[channel] || channel : "";
}

const forced = new URLSearchParams(location.search).get("lang");
if (forced === "en" || forced === "zh") sessionStorage.setItem("hireflow.lang", forced);

const browser = (navigator.language || "zh").toLowerCase().startsWith("zh") ? "zh" : "en";
export let locale = sessionStorage.getItem("hireflow.lang") || browser;

export function setLocale(next) {
  sessionStorage.setItem("hireflow.lang", next);
  locale = next;
  document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
}

export function t(key, ...args) {
  const value = TEXT[locale][key] ?? TEXT.en[key] ?? key;
  return typeof value === "function" ? value(...args) : value;
}

export function statusName(status) {
  return TEXT[locale].statuses[status] || status;
}

export const FUNNEL = ["imported", "invited", "completed", "in_review", "second_round",
  "offer_pending", "rejected", "expired"];
