// Texts of performance data and the 15 % rule: the employee page's Performance section,
// the import page and HQ's KPI-formula editor. ``tf`` reads them in the reader's language.
import { locale } from "./i18n.js";

const PERFORMANCE = {
  en: {
    title: "Performance",
    assessedFrom: (source) => (source === "reassessment" ? "Compared with the latest re-assessment" : "Compared with the hiring interview"),
    threshold: (pct) => `A dimension more than ${pct} % below its assessed score is highlighted and suggests training.`,
    noReviews: "No performance review yet.",
    period: "Period", source: "Source", overall: "Overall", reviewer: "Reviewer", comment: "Comment",
    dimension: "Competency", assessed: "Assessed", performance: "Performance", gap: "Gap",
    below: (pct) => `${pct} % below`, above: (pct) => `${pct} % above`,
    sources: { hr: "HR app", import: "Import", ehr: "EHR", probation: "Probation" },
    formulaVersion: (v) => `KPI formula v${v}`,
    suggestionsTitle: "Training suggested", noSuggestions: "No training suggested.",
    suggestionLine: (name, perf, assessed, pct, period) => `${name}: ${perf} in ${period}, assessed ${assessed} (${pct} % below)`,
    courses: "Courses", evidence: "What the interview showed", reviewSaid: "The review said",
    accept: "Accept: add the courses", dismiss: "Dismiss", reason: "Why is it dismissed?",
    statuses: { open: "Open", accepted: "Accepted", dismissed: "Dismissed" },
    added: "added to the plan", onPlan: "already on the plan",
    recordTitle: "Record a review", periodHint: "2026, 2026-H1, 2026-Q3 or 2026-07; a second review of a period replaces the first.",
    kpis: "KPIs (the overall is computed by the formula)", overallHint: "Leave empty to compute it.",
    save: "Save the review", saved: "The review is saved.",
    importTitle: "Import performance", importFile: "Workbook (.xlsx) or CSV",
    importHelp: "Columns: employee number, period, one column per competency (its key, Chinese or English name), the KPIs of the position's formula, overall, reviewer, comment. Each row is checked on its own; importing the same file again changes nothing.",
    importButton: "Import", importDone: (rec, same, bad) => `${rec} recorded, ${same} already in, ${bad} refused.`,
    recorded: "Recorded", errors: "Refused", row: "Row", employeeNo: "Employee number", field: "Field", message: "Reason",
    outcomes: { recorded: "recorded", replaced: "replaced" },
    formulaTitle: "KPI formulas", position: "Position", noFormula: "No formula yet.",
    version: (v, by) => `Version ${v} by ${by}`, addTerm: "Add a KPI", removeTerm: "Remove",
    key: "Key", name: "Name", nameZh: "Chinese name", weight: "Weight (%)", scale: "How the value becomes 0-100",
    scales: { completion: "Completion against target (capped)", percent: "Already a percentage", points: "Points out of" },
    target: "Target", cap: "Cap", outOf: "Out of", saveFormula: "Save as a new version",
    formulaSaved: "Saved as a new version.",
  },
  zh: {
    title: "绩效",
    assessedFrom: (source) => (source === "reassessment" ? "对比最近一次复评" : "对比入职面试"),
    threshold: (pct) => `某项能力低于评估分超过 ${pct}% 时会高亮显示，并建议培训。`,
    noReviews: "尚无绩效评估。",
    period: "考核周期", source: "来源", overall: "综合得分", reviewer: "评估人", comment: "评语",
    dimension: "能力", assessed: "评估分", performance: "绩效分", gap: "差距",
    below: (pct) => `低 ${pct}%`, above: (pct) => `高 ${pct}%`,
    sources: { hr: "HR 系统", import: "导入", ehr: "EHR", probation: "转正评估" },
    formulaVersion: (v) => `KPI 公式第 ${v} 版`,
    suggestionsTitle: "培训建议", noSuggestions: "暂无培训建议。",
    suggestionLine: (name, perf, assessed, pct, period) => `${name}：${period} 绩效 ${perf}，评估 ${assessed}（低 ${pct}%）`,
    courses: "课程", evidence: "面试中的表现", reviewSaid: "评估评语",
    accept: "接受：加入课程", dismiss: "忽略", reason: "忽略的理由？",
    statuses: { open: "待处理", accepted: "已接受", dismissed: "已忽略" },
    added: "已加入培训计划", onPlan: "已在计划中",
    recordTitle: "录入绩效评估", periodHint: "如 2026、2026-H1、2026-Q3 或 2026-07；同一周期再次录入将替换原评估。",
    kpis: "KPI（综合得分按公式计算）", overallHint: "留空则自动计算。",
    save: "保存评估", saved: "评估已保存。",
    importTitle: "导入绩效", importFile: "Excel 工作簿（.xlsx）或 CSV",
    importHelp: "列：员工编号、考核周期、每项能力一列（键、中文或英文名称）、岗位公式中的 KPI、综合得分、评估人、评语。每行单独校验；重复导入同一文件不会产生变化。",
    importButton: "导入", importDone: (rec, same, bad) => `已记录 ${rec} 行，${same} 行无变化，${bad} 行被拒绝。`,
    recorded: "已记录", errors: "被拒绝", row: "行", employeeNo: "员工编号", field: "字段", message: "原因",
    outcomes: { recorded: "已记录", replaced: "已替换" },
    formulaTitle: "KPI 公式", position: "岗位", noFormula: "尚未设置公式。",
    version: (v, by) => `第 ${v} 版，由 ${by} 保存`, addTerm: "添加 KPI", removeTerm: "删除",
    key: "键", name: "英文名称", nameZh: "中文名称", weight: "权重（%）", scale: "换算为 0-100 的方式",
    scales: { completion: "完成率（对比目标，封顶）", percent: "已是百分比", points: "分制" },
    target: "目标", cap: "封顶", outOf: "满分", saveFormula: "保存为新版本",
    formulaSaved: "已保存为新版本。",
  },
};

export function tf(key, ...args) {
  const value = PERFORMANCE[locale][key] ?? PERFORMANCE.en[key] ?? key;
  return typeof value === "function" ? value(...args) : value;
}

export function tfNamed(table, key) {
  return (PERFORMANCE[locale][table] || {})[key] || (PERFORMANCE.en[table] || {})[key] || key;
}
