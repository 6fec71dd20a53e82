// Texts of the probation review (转正评估): the employee page's section and the list of
// reviews due. Kept apart from i18n.js's tables; ``tp`` reads them in the reader's language.
import { locale } from "./i18n.js";

const PROBATION = {
  en: {
    title: "Probation review",
    noProbation: "The offer set no probation for this employee.",
    endsOn: (day) => `Probation ends on ${day}`,
    daysLeft: (n) => (n > 0 ? `${n} day${n === 1 ? "" : "s"} left` : n === 0 ? "ends today" : `ended ${-n} day${n === -1 ? "" : "s"} ago, not decided yet`),
    period: (n) => `period ${n} (after an extension)`,
    over: (outcome) => `Decided: ${outcome}.`,
    manager: "Manager", noManager: "none recorded (HR decides)",
    askedOn: (at) => `The manager was asked for the review on ${at}.`,
    onBehalf: (name) => `You record the review for ${name}, the employee's manager: both of you are kept with it.`,
    outcomeLegend: "Decision",
    outcomes: { confirmed: "Confirm (pass probation)", extended: "Extend probation", not_confirmed: "Do not confirm" },
    outcomeNames: { confirmed: "Confirmed", extended: "Extended", not_confirmed: "Not confirmed" },
    scoresLegend: "A score from 0 to 100 for each competency, next to the interview's",
    dimension: "Competency", weight: "Weight", interview: "Interview", score: "Probation score",
    overall: "Weighted overall", overallVs: (score, interview) => `${score}${interview === null || interview === undefined ? "" : ` (interview: ${interview})`}`,
    comment: "Comment (required)",
    extendedTo: "New end date",
    extendedToHint: (limit) => `After the current end, and at most six months from the start date in all (Labour Contract Law, art. 19): ${limit} at the latest.`,
    save: "Save the decision",
    confirmSave: (outcome) => `Save the decision “${outcome}”? It cannot be changed afterwards.`,
    saved: "The decision is saved.",
    reviewsTitle: "Reviews", noReviews: "No review yet.",
    reviewPeriod: "Period", reviewOutcome: "Decision", reviewOverall: "Overall", reviewScores: "Scores",
    reviewComment: "Comment", reviewBy: "By", reviewAt: "Decided", reviewNewEnd: "New end",
    forManager: (name) => ` (for ${name})`,
    // the list of reviews due
    dueTitle: "Probation reviews due", dueEmpty: "No probation review is due in the next 30 days.",
    employee: "Employee", number: "No.", position: "Position", ends: "Probation ends", left: "Days left",
    asked: "Manager asked", yes: "yes", no: "not yet", overdue: (n) => `${n} day${n === 1 ? "" : "s"} overdue`,
  },
  zh: {
    title: "转正评估",
    noProbation: "该员工的 offer 未约定试用期。",
    endsOn: (day) => `试用期至 ${day}`,
    daysLeft: (n) => (n > 0 ? `剩余 ${n} 天` : n === 0 ? "今天结束" : `已结束 ${-n} 天，尚未评估`),
    period: (n) => `第 ${n} 个试用期（已延长）`,
    over: (outcome) => `评估结果：${outcome}。`,
    manager: "经理", noManager: "无（由 HR 评估）",
    askedOn: (at) => `已于 ${at} 请经理进行转正评估。`,
    onBehalf: (name) => `您正在代员工的经理 ${name} 录入评估：评估将同时记录您和经理。`,
    outcomeLegend: "评估结果",
    outcomes: { confirmed: "转正", extended: "延长试用期", not_confirmed: "不予转正" },
    outcomeNames: { confirmed: "转正", extended: "延长试用期", not_confirmed: "不予转正" },
    scoresLegend: "按各项能力打分（0–100），并与面试得分对照",
    dimension: "能力维度", weight: "权重", interview: "面试得分", score: "试用期得分",
    overall: "加权总分", overallVs: (score, interview) => `${score}${interview === null || interview === undefined ? "" : `（面试：${interview}）`}`,
    comment: "评语（必填）",
    extendedTo: "新的试用期结束日期",
    extendedToHint: (limit) => `须晚于当前结束日期，且整个试用期自入职日期起不超过六个月（《劳动合同法》第十九条）：最晚至 ${limit}。`,
    save: "保存评估结果",
    confirmSave: (outcome) => `确定保存评估结果“${outcome}”吗？保存后不能修改。`,
    saved: "评估结果已保存。",
    reviewsTitle: "评估记录", noReviews: "尚无评估记录。",
    reviewPeriod: "试用期", reviewOutcome: "结果", reviewOverall: "总分", reviewScores: "各项得分",
    reviewComment: "评语", reviewBy: "评估人", reviewAt: "评估时间", reviewNewEnd: "新的结束日期",
    forManager: (name) => `（代 ${name} 录入）`,
    dueTitle: "待完成的转正评估", dueEmpty: "未来 30 天内没有待完成的转正评估。",
    employee: "员工", number: "工号", position: "岗位", ends: "试用期结束", left: "剩余天数",
    asked: "已通知经理", yes: "是", no: "尚未", overdue: (n) => `已逾期 ${n} 天`,
  },
};

export function tp(key, ...args) {
  const value = PROBATION[locale][key] ?? PROBATION.en[key] ?? key;
  return typeof value === "function" ? value(...args) : value;
}

// A name from one of the tables above (outcomes), in the reader's language.
export function tpNamed(table, key) {
  return (PROBATION[locale][table] || {})[key] || (PROBATION.en[table] || {})[key] || key;
}
