// Two languages; ?lang=en (or zh) forces one and is remembered for the tab.
import { INTEGRATION_TABLES, INTEGRATIONS } from "./i18n-integrations.js";
import { LISTS } from "./i18n-lists.js";
import { OFFER_STATUS_NAMES, OFFERS } from "./i18n-offers.js";
import { ONBOARDING } from "./i18n-onboarding.js";
import { TRAINING, TRAINING_ACTIONS } from "./i18n-training.js";

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
    interruptedAttempt: (n, cause, at) => `attempt ${n} interrupted ${cause === "connection" ? "(the connection dropped before the upload got through)" : "(the page was reloaded or closed during the answer)"} at ${at}`,
    interruptedLate: (at) => `its recording arrived later (${at}) and is kept`, lateIsAnswer: "it is the answer scored",
    consent: "Consent", yes: "yes", no: "no", uploaded: "uploaded", scored: "scored",
    insufficientEvidence: "Insufficient evidence", notScoredByAi: "Not scored by the AI (insufficient evidence)",
    notScoredNote: "These answers are left out of the dimension and overall scores; watch them yourself.",
    noAiOverall: "No AI overall score: the AI could not judge any answer. Watch the recordings.",
    // People take over where the AI cannot advise (views/oversight.js).
    recordings: "Recordings of every round", recordingsNote: "Links work for 5 minutes; reload the page for new ones.",
    completedAt: "completed", deadline: "deadline",
    outcome_scored: "Scored by the AI", outcome_insufficient_evidence: "Not scored: insufficient evidence",
    outcome_unusable: "The AI could not use this recording", outcome_scoring: "Being scored…",
    outcome_not_answered: "Not answered", rescore: "Re-run scoring", rescored: (n) => `scoring re-run ${n}×`,
    rescoreStarted: "Scoring is re-run; the report follows when it is done.",
    rescoreQueued: "Scoring of this answer is re-run; another answer still needs you.",
    askedForNoAi: "Asked for a process without AI on",
    attentionHelp: "Watch the recordings below. Re-run the scoring of an answer after a fix, review and decide without the AI (its weight is dropped for this candidate), or invite again with a message saying why.",
    reviewWithoutAi: "Review without AI", reviewWithoutAiConfirm: "People review and decide without the AI's scores for this candidate.",
    reviewWithoutAiReason: "Why (kept with the decision)", reviewWithoutAiStarted: "People review this candidate without the AI.",
    inviteAgain: "Invite again with a message", inviteAgainConfirm: "Invite the candidate to record the interview again?",
    inviteAgainMessage: "Message to the candidate: why", alternativeTitle: "The candidate asked for a process without AI",
    alternativeHelp: "Schedule an interview with a person (the candidate gets the details), or decline the request with a reason (the video interview link keeps working until its deadline).",
    inPersonTitle: "Interview with a person", inPersonTime: "Time", inPersonPlace: "Place or meeting link",
    inPersonSchedule: "Schedule and tell the candidate", inPersonScheduled: "Interview scheduled; the candidate has been told.",
    declineAlternative: "Decline the request", declineConfirm: "Decline the request for a process without AI?",
    declineMessage: "Reason the candidate reads", declined: "Request declined; the candidate has been told.",
    aiDropped: "AI weight dropped", aiDroppedNote: "The combined score is the reviewers' alone; the AI's findings are not counted.",
    noAiReport: "No AI report for this candidate.",
    aiDroppedSuggestion: "none: the AI's weight is dropped for this candidate; people decide.",
    candidateSaid: "The candidate wrote", noReasonGiven: "(no reason given)",
    statuses: { imported: "Imported", invited: "Invited", completed: "Completed", in_review: "In review",
      second_round: "Second round", offer_pending: "Offer", rejected: "Rejected", expired: "Expired",
      needs_attention: "Needs attention", alternative_requested: "Asked for no AI", reassessed: "Re-assessed" },
    // Every round's reviews; what the decider is asked where AI and people disagree.
    nothingForRole: "There is nothing for your role in this app yet.",
    allRounds: "Reviews, every round", roundN: (n) => `Round ${n}`, roundOpen: "open",
    roundScore: "Combined score", reviewsOfRound: "Reviews", noReviewsYet: "No reviews yet.",
    pendingReviewers: "Still to score", allReviewed: "Every assigned reviewer has scored.",
    notReviewed: "not reviewed", reviewedAt: (when) => `scored ${when}`,
    decidedBy: (decision, who, when) => `Decision: ${decision} · ${who} · ${when}`,
    decisionReason: "Reason given for the AI/human gap", feedbackSent: "Feedback to the candidate",
    gapLine: (name, ai, human) => `${name}: AI ${ai} / people ${human}`,
    gapReason: (gaps) => `The AI and the reviewers disagree by more than 20 points (${gaps}). Why do you decide this way, whichever side it follows? (required, kept with the decision)`,
    aiHumanOverall: (ai, human) => `AI ${ai} · people ${human}`,
    decisions: { reject: "Reject", second_round: "Second round", offer: "Offer" },
    roles: { hq_admin: "HQ admin", hq_hr: "HQ HR", branch_hr: "Branch HR", interviewer: "Interviewer",
      hiring_manager: "Hiring manager", approver: "Approver", it: "IT" },
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
    interruptedAttempt: (n, cause, at) => `第 ${n} 次尝试于 ${at} 中断${cause === "connection" ? "（网络中断，上传未能完成）" : "（作答时页面被刷新或关闭）"}`,
    interruptedLate: (at) => `其录像稍后（${at}）送达，已保留`, lateIsAnswer: "即为评分所用的回答",
    yes: "是", no: "否", uploaded: "已上传", scored: "已评分",
    insufficientEvidence: "依据不足", notScoredByAi: "AI 未评分的回答（依据不足）",
    notScoredNote: "这些回答不计入维度分和总分，请自行观看。",
    noAiOverall: "没有 AI 总分：AI 无法评判任何回答，请观看录像。",
    // 人工接管（views/oversight.js）
    recordings: "各轮录像", recordingsNote: "链接 5 分钟内有效；刷新页面可获取新链接。",
    completedAt: "完成于", deadline: "截止",
    outcome_scored: "AI 已评分", outcome_insufficient_evidence: "未评分：依据不足",
    outcome_unusable: "AI 无法使用此录像", outcome_scoring: "评分中…",
    outcome_not_answered: "未回答", rescore: "重新评分", rescored: (n) => `已重新评分 ${n} 次`,
    rescoreStarted: "已重新评分；完成后将生成报告。",
    rescoreQueued: "已重新评分此回答；另有回答仍需处理。",
    askedForNoAi: "申请不含 AI 的流程于",
    attentionHelp: "请观看下方录像。修复后可重新评分，可不使用 AI 进行人工评审并作出决定（该候选人的 AI 权重将取消），或附上原因重新邀请。",
    reviewWithoutAi: "不使用 AI，人工评审", reviewWithoutAiConfirm: "该候选人将由人工评审并决定，不使用 AI 评分。",
    reviewWithoutAiReason: "原因（与决定一并保存）", reviewWithoutAiStarted: "该候选人已转为不使用 AI 的人工评审。",
    inviteAgain: "附言重新邀请", inviteAgainConfirm: "邀请候选人重新录制面试？",
    inviteAgainMessage: "给候选人的说明（原因）", alternativeTitle: "候选人申请不含 AI 的面试流程",
    alternativeHelp: "安排人工面试（候选人将收到通知），或说明原因拒绝申请（视频面试链接在截止前仍有效）。",
    inPersonTitle: "人工面试", inPersonTime: "时间", inPersonPlace: "地点或会议链接",
    inPersonSchedule: "安排并通知候选人", inPersonScheduled: "已安排面试并通知候选人。",
    declineAlternative: "拒绝申请", declineConfirm: "拒绝不含 AI 流程的申请？",
    declineMessage: "给候选人的原因", declined: "已拒绝申请并通知候选人。",
    aiDropped: "已取消 AI 权重", aiDroppedNote: "综合分仅按人工评分计算，AI 的分析不计入。",
    noAiReport: "该候选人没有 AI 报告。",
    aiDroppedSuggestion: "无：该候选人的 AI 权重已取消，由人工决定。",
    candidateSaid: "候选人说明", noReasonGiven: "（未说明原因）",
    statuses: { imported: "已导入", invited: "已邀请", completed: "已完成", in_review: "评审中",
      second_round: "复试", offer_pending: "录用中", rejected: "未录用", expired: "已过期",
      needs_attention: "需要处理", alternative_requested: "申请人工面试", reassessed: "已完成复评" },
    nothingForRole: "此应用中暂时没有适合您角色的内容。",
    allRounds: "各轮评审", roundN: (n) => `第 ${n} 轮`, roundOpen: "进行中",
    roundScore: "综合得分", reviewsOfRound: "评审意见", noReviewsYet: "尚无评审。",
    pendingReviewers: "待评分", allReviewed: "所有指派的评审人都已评分。",
    notReviewed: "未评分", reviewedAt: (when) => `评分于 ${when}`,
    decidedBy: (decision, who, when) => `决定：${decision} · ${who} · ${when}`,
    decisionReason: "AI 与人工评分差异的决定理由", feedbackSent: "给候选人的反馈",
    gapLine: (name, ai, human) => `${name}：AI ${ai} / 人工 ${human}`,
    gapReason: (gaps) => `AI 与人工评分相差超过 20 分（${gaps}）。无论采纳哪一方，请说明您这样决定的理由（必填，将与决定一起保存）`,
    aiHumanOverall: (ai, human) => `AI ${ai} · 人工 ${human}`,
    decisions: { reject: "不录用", second_round: "进入复试", offer: "录用" },
    roles: { hq_admin: "总部管理员", hq_hr: "总部 HR", branch_hr: "分支机构 HR", interviewer: "面试官",
      hiring_manager: "用人经理", approver: "审批人", it: "IT" },
  },
};

// HQ administration screens and the PDF review file.
Object.assign(TEXT.en, {
  admin: "Administration", admin_positions: "Positions", admin_notifications: "Notification texts",
  admin_users: "Users and branches", admin_audit: "Audit log", hqOnlyAdmin: "Only HQ administers the organisation.",
  openPosition: "Open", editPosition: "Edit position", titleEn: "Title (English)", titleZh: "Title (Chinese)",
  aiWeight: "AI weight in the combined score (%)", aiWeightHint: "The rest is the reviewers' weight. 0 leaves the AI out of the combined score.",
  competencyModel: "Competency model", dimensionKey: "Key", nameEn: "Name (English)", nameZh: "Name (Chinese)",
  weightPercent: "Weight (%)", remove: "Remove", addDimension: "Add a dimension",
  weightTotal: (n) => `Total ${n}% (must be 100%)`,
  event: "Event", channel: "Channel", subjectOrText: "Subject or text", subject: "Subject", messageText: "Text",
  placeholdersHint: "Placeholders: {candidate_name} {position} {branch} {company} {interview_link} {deadline} {interviewer_name} {interview_time} {interview_place} {feedback} {candidate_link}",
  preview: "Preview", unsavedDraft: "unsaved draft",
  events: { invitation: "Interview invitation", reminder: "Reminder", completion: "Interview received",
    rejection: "Rejection", second_round: "Second round", interviewer_assigned: "Interviewer assigned",
    report_ready: "Report ready", review_reminder: "Review reminder", alternative_requested: "Process without AI requested",
    onboarding_notice: "Onboarding notice", document_rejected: "Document to upload again",
    onboarding_task_due: "Onboarding task due", onboarding_task_overdue: "Onboarding task overdue",
    mentor_assigned: "Mentor named", probation_review_due: "Probation review due",
    onboarding_link_locked: "Onboarding link locked", reassessment_invitation: "Periodic re-assessment invitation" },
  channels: { email: "E-mail", sms: "SMS" },
  roles: { hq_admin: "HQ admin", hq_hr: "HQ HR", branch_hr: "Branch HR", hiring_manager: "Hiring manager",
    interviewer: "Interviewer", approver: "Approver", it: "IT" },
  role: "Role", accountEnabled: "Can sign in", newUser: "New user", displayName: "Display name",
  createUser: "Create user", userCreated: (u) => `${u} is created; the sign-in details go out by e-mail.`,
  adminOnlyUsers: "Only the HQ admin changes users.", branches: "Branches", branchId: "Branch ID", createBranch: "Create branch",
  person: "Person", candidateId: "Candidate ID", action: "Action", dateFrom: "From", dateTo: "To", object: "Object",
  change: "Change", previousPage: "Previous page", pageNumber: (n) => `Page ${n}`, noAuditEntries: "No entries match.",
  actions: { "candidate.create": "Candidate added", "candidate.update": "Candidate edited", "candidate.assign": "Candidate assigned",
    "candidate.invite": "Invited", "candidate.remind": "Reminder sent", "candidate.note": "Note added",
    "candidate.review": "Review submitted", "candidate.decision.reject": "Rejected",
    "candidate.decision.second_round": "Second round", "candidate.decision.offer": "Offer",
    "candidate.review_file_exported": "Review file printed",
    "position.create": "Position created", "position.update": "Position edited", "template.create": "Template created",
    "template.new_version": "Template version saved", "notification_template.create": "Text written",
    "notification_template.update": "Text edited", "branch.create": "Branch created", "branch.update": "Branch edited",
    "user.create": "User created", "user.update": "User changed", "user.disable": "User disabled" },
  downloadPdf: "Download review file (PDF)", preparingPdf: "Preparing the PDF…", pdfReady: "The PDF is downloaded.",
});
Object.assign(TEXT.zh, {
  admin: "管理", admin_positions: "岗位", admin_notifications: "通知文案", admin_users: "用户与分支机构",
  admin_audit: "操作日志", hqOnlyAdmin: "仅总部可管理组织设置。", openPosition: "招聘中", editPosition: "编辑岗位",
  titleEn: "岗位名称（英文）", titleZh: "岗位名称（中文）", aiWeight: "AI 在综合分中的权重（%）",
  aiWeightHint: "其余为人工评分的权重。设为 0 时综合分不计 AI。", competencyModel: "胜任力模型",
  dimensionKey: "键", nameEn: "名称（英文）", nameZh: "名称（中文）", weightPercent: "权重（%）", remove: "删除",
  addDimension: "添加维度", weightTotal: (n) => `合计 ${n}%（须为 100%）`,
  event: "事件", channel: "渠道", subjectOrText: "标题或正文", subject: "邮件标题", messageText: "正文",
  placeholdersHint: "可用占位符：{candidate_name} 候选人姓名、{position} 岗位、{branch} 分支机构、{company} 公司、{interview_link} 面试链接、{deadline} 截止时间、{interviewer_name} 面试官、{interview_time} 面试时间、{interview_place} 面试地点、{feedback} 反馈、{candidate_link} 候选人链接",
  preview: "预览", unsavedDraft: "未保存的草稿",
  events: { invitation: "面试邀请", reminder: "面试提醒", completion: "面试已收到", rejection: "不录用通知",
    second_round: "复试通知", interviewer_assigned: "面试官分配", report_ready: "报告已生成",
    review_reminder: "评审提醒", alternative_requested: "申请非 AI 流程",
    onboarding_notice: "入职通知", document_rejected: "资料需重新上传", onboarding_task_due: "入职任务即将到期",
    onboarding_task_overdue: "入职任务已逾期", mentor_assigned: "指定导师", probation_review_due: "转正评估待完成",
    onboarding_link_locked: "入职链接已锁定", reassessment_invitation: "定期复评邀请" },
  channels: { email: "邮件", sms: "短信" },
  roles: { hq_admin: "总部管理员", hq_hr: "总部人事", branch_hr: "分支机构人事", hiring_manager: "用人经理",
    interviewer: "面试官", approver: "审批人", it: "IT 支持" },
  role: "角色", accountEnabled: "可登录", newUser: "新用户", displayName: "显示名称", createUser: "创建用户",
  userCreated: (u) => `已创建 ${u}，登录信息将通过邮件发送。`, adminOnlyUsers: "仅总部管理员可修改用户。",
  branches: "分支机构", branchId: "分支机构 ID", createBranch: "创建分支机构",
  person: "操作人", candidateId: "候选人 ID", action: "操作", dateFrom: "开始日期", dateTo: "结束日期", object: "对象",
  change: "变更", previousPage: "上一页", pageNumber: (n) => `第 ${n} 页`, noAuditEntries: "没有符合条件的记录。",
  actions: { "candidate.create": "添加候选人", "candidate.update": "编辑候选人", "candidate.assign": "分配候选人",
    "candidate.invite": "发送邀请", "candidate.remind": "发送提醒", "candidate.note": "添加备注",
    "candidate.review": "提交评分", "candidate.decision.reject": "不录用",
    "candidate.decision.second_round": "进入复试", "candidate.decision.offer": "录用",
    "candidate.review_file_exported": "导出评审材料",
    "position.create": "创建岗位", "position.update": "编辑岗位", "template.create": "创建面试模板",
    "template.new_version": "保存模板新版本", "notification_template.create": "新建通知文案",
    "notification_template.update": "编辑通知文案", "branch.create": "创建分支机构", "branch.update": "编辑分支机构",
    "user.create": "创建用户", "user.update": "修改用户", "user.disable": "停用用户" },
  downloadPdf: "下载评审材料（PDF）", preparingPdf: "正在生成 PDF…", pdfReady: "PDF 已下载。",
});
// Two-step sign-in: the sign-in screen's code steps and the account control.
Object.assign(TEXT.en, {
  wrongPassword: "Wrong username or password.",
  mfaTitle: "Two-step sign-in", mfaCode: "Code", mfaVerify: "Verify", mfaBack: "Back to sign-in",
  mfaEnterCode: "Enter the 6-digit code your authenticator app shows for hireflow.",
  mfaCodeFormat: "6 digits",
  mfaWrongCode: "That code is wrong or has expired. Enter the 6 digits your authenticator app shows now (they change every 30 seconds); if it keeps failing, check that your phone's clock is set automatically.",
  mfaUsedCode: "That code has already been used. Wait for your app to show a new one and enter it.",
  mfaSessionExpired: "This sign-in took too long or had too many wrong codes. Sign in again with your password.",
  mfaSetupTitle: "Set up two-step sign-in",
  mfaSetupRequired: "Your organisation asks for a code from an authenticator app at every sign-in. Set one up now, once:",
  mfaStepApp: "1. Install an authenticator app on your phone (Microsoft Authenticator, Google Authenticator, Tencent Authenticator or another TOTP app).",
  mfaStepScan: "2. In the app, add an account: scan this QR code, or type in the key below (time-based).",
  mfaSecretLabel: "Key:", mfaOpenApp: "Open in an authenticator app on this device",
  mfaQr: "QR code that adds your hireflow account to an authenticator app",
  mfaStepCode: "3. Enter the 6-digit code the app now shows",
  mfaClose: "Close",
  challengeUnsupported: (name) => `This account needs a sign-in step this app does not offer yet (${name}). Ask an administrator.`,
  twoStep: "Two-step sign-in",
  twoStepOn: "Two-step sign-in is on: you sign in with your password and a code from your authenticator app.",
  twoStepOff: "Two-step sign-in is off. Turn it on and every sign-in also asks for a code from an authenticator app on your phone, so a stolen password alone cannot open your account.",
  twoStepTurnOn: "Turn on two-step sign-in",
  twoStepTurnedOn: "Two-step sign-in is on. From your next sign-in, enter the code your app shows after your password.",
  twoStepSignInAgain: "Your sign-in is too old for this change. Sign out, sign in again and try once more.",
});
Object.assign(TEXT.zh, {
  wrongPassword: "用户名或密码不正确。",
  mfaTitle: "两步验证", mfaCode: "验证码", mfaVerify: "验证", mfaBack: "返回登录",
  mfaEnterCode: "请输入身份验证器应用中 hireflow 显示的 6 位验证码。",
  mfaCodeFormat: "6 位数字",
  mfaWrongCode: "验证码不正确或已过期。请输入身份验证器应用当前显示的 6 位数字（每 30 秒更新一次）；如仍失败，请确认手机时间设置为自动。",
  mfaUsedCode: "该验证码已使用过。请等待应用显示新的验证码后再输入。",
  mfaSessionExpired: "登录步骤已超时或验证码错误次数过多，请重新输入密码登录。",
  mfaSetupTitle: "设置两步验证",
  mfaSetupRequired: "贵公司要求每次登录时输入身份验证器应用中的验证码。请现在完成一次性设置：",
  mfaStepApp: "1. 在手机上安装身份验证器应用（Microsoft Authenticator、Google Authenticator、腾讯身份验证器或其他 TOTP 应用）。",
  mfaStepScan: "2. 在应用中添加账号：扫描下面的二维码，或手动输入下面的密钥（基于时间）。",
  mfaSecretLabel: "密钥：", mfaOpenApp: "在本设备的身份验证器应用中打开",
  mfaQr: "将 hireflow 账号添加到身份验证器应用的二维码",
  mfaStepCode: "3. 输入应用当前显示的 6 位验证码",
  mfaClose: "关闭",
  challengeUnsupported: (name) => `此账号需要一个本应用暂不支持的登录步骤（${name}），请联系管理员。`,
  twoStep: "两步验证",
  twoStepOn: "两步验证已开启：登录时需要密码和身份验证器应用中的验证码。",
  twoStepOff: "两步验证未开启。开启后，每次登录除密码外还需输入手机上身份验证器应用中的验证码，仅凭被盗的密码无法登录您的账号。",
  twoStepTurnOn: "开启两步验证",
  twoStepTurnedOn: "两步验证已开启。下次登录时，输入密码后还需输入应用显示的验证码。",
  twoStepSignInAgain: "当前登录时间过久，无法更改此设置。请退出并重新登录后再试。",
});
for (const lang of ["en", "zh"]) {
  Object.assign(TEXT[lang], LISTS[lang], OFFERS[lang], ONBOARDING[lang], INTEGRATIONS[lang]);
  for (const [table, names] of Object.entries(INTEGRATION_TABLES[lang])) Object.assign(TEXT[lang][table], names);
  Object.assign(TEXT[lang].statuses, OFFER_STATUS_NAMES[lang]);
}
for (const lang of ["en", "zh"]) {
  Object.assign(TEXT[lang], TRAINING[lang]);
  Object.assign(TEXT[lang].actions, TRAINING_ACTIONS[lang]);
}

// Where a candidate came from (Candidate.channel), in the order the forms offer them.
export const CHANNELS = ["job_site", "referral", "campus", "agency", "other"];

export function channelName(channel) {
  return channel ? TEXT[locale].sourceChannels[channel] || channel : "";
}

const forced = new URLSearchParams(location.search).get("lang");
if (forced === "en" || forced === "zh") sessionStorage.setItem("hireflow.lang", forced);

const browser = (navigator.language || "zh").toLowerCase().startsWith("zh") ? "zh" : "en";
export let locale = sessionStorage.getItem("hireflow.lang") || browser;

// Whether this tab picked a language (?lang= or the switch); else the profile's is used.
export function localeChosen() {
  return sessionStorage.getItem("hireflow.lang") !== null;
}

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

export const FUNNEL = ["imported", "invited", "alternative_requested", "completed", "in_review", "second_round",
  "offer_pending", "offer_sent", "hired", "offer_declined", "offer_expired", "offer_withdrawn", "rejected", "expired"];

// ------------------------------------------------------------------ server messages
// The server sends codes and params (errors, import rows, timeline notes, reasons); the
// shared catalogue says them in the reader's language (web/shared/messages.js).
import { errorText, fieldErrors, fieldName, say, signInText } from "/shared/messages.js";

export function errorMessage(error) {
  if (error && error.body !== undefined) return errorText(locale, error.body, error.status);
  return error && error.status ? errorText(locale, null, error.status) : say(locale, null, {}, error && error.message);
}

export function errorFields(error) {
  return error && error.body ? fieldErrors(locale, error.body) : [];
}

// A stored message (a reason, a note): its code's sentence, else the text as stored
// (a person's own words, e.g. feedback typed by HR, need no translation).
export function message(code, params, text = "") {
  return code ? say(locale, code, params, text) : text;
}

export function fieldLabel(field) {
  return fieldName(locale, field);
}

export function signInError(error) {
  return signInText(locale, error && error.type);
}

// Texts added with the server messages (kept apart so parallel changes merge cleanly).
Object.assign(TEXT.en, {
  skipToContent: "Skip to content", configMissing: "The configuration could not be loaded; reload the page.",
  errorRows: "Rows with errors", duplicateRows: "Rows already known",
  placeOrLink: "Where (an address or a meeting link)", secondRoundWith: "With (empty: the assigned interviewer)",
  kinds: { behavioural: "behavioural", position: "position", scenario: "scenario", cognitive: "cognitive" },
  timelineActor: { workflow: "the system", "ai-scoring": "AI scoring", portal: "the candidate", candidate: "the candidate" },
});
Object.assign(TEXT.zh, {
  skipToContent: "跳到正文", configMissing: "无法加载配置，请刷新页面。",
  errorRows: "有错误的行", duplicateRows: "已存在的行",
  placeOrLink: "地点（地址或会议链接）", secondRoundWith: "面试官（留空则为已分配的面试官）",
  kinds: { behavioural: "行为题", position: "岗位题", scenario: "情景题", cognitive: "认知题" },
  timelineActor: { workflow: "系统", "ai-scoring": "AI 评分", portal: "候选人", candidate: "候选人" },
});

// Names kept in both languages (branch, position, dimension): the Chinese one in Chinese.
export function placeName(name, nameZh) {
  return locale === "zh" && nameZh ? nameZh : name;
}

export function dimensionName(dimension) {
  return dimension ? placeName(dimension.name, dimension.name_zh) : "";
}

// Who moved a candidate: a person's username, or one of the system's actors.
export function actorName(actor) {
  return TEXT[locale].timelineActor[actor] || actor;
}

// A name from one of the tables above (roles, decisions), in the reader's language.
export function named(table, key) {
  return (TEXT[locale][table] || {})[key] || (TEXT.en[table] || {})[key] || key;
}
