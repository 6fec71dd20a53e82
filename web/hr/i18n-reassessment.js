// Texts of periodic re-assessment (docs/analytics.md): HQ's schedules screen and the
// employee page's section. Kept apart from i18n.js's tables; ``tr`` reads them in the
// reader's language.
import { locale } from "./i18n.js";

const REASSESSMENT = {
  en: {
    nav: "Re-assessments",
    schedulesTitle: "Periodic re-assessment schedules",
    schedulesIntro: "Employees of a group are invited to the same video interview as candidates every N months; the scores join their records next to the hiring interview's. Nothing is decided: no letter, no offer.",
    noSchedules: "No schedule yet.",
    name: "Name", position: "Position", branch: "Branch", anyPosition: "Any position", anyBranch: "Every branch",
    minTenure: "Minimum tenure (months)", every: "Every (months)", template: "Interview template",
    positionsTemplate: "The position's own", active: "Active", paused: "Paused",
    everyN: (n) => `every ${n} month${n === 1 ? "" : "s"}`, tenureN: (n) => (n ? `after ${n} month${n === 1 ? "" : "s"}` : "from the start"),
    newSchedule: "New schedule", edit: "Edit", save: "Save", cancel: "Cancel", saved: "The schedule is saved.",
    // the employee page
    title: "Re-assessments",
    history: "Assessments, hiring first", hiring: "Hiring interview", reassessment: "Re-assessment",
    when: "When", overall: "Overall", change: "Change", dimension: "Competency",
    ai: "AI", human: "Reviewers", combined: "Combined",
    latest: "Latest re-assessment", open: "open", over: "over",
    startedBy: (who, at) => `Started by ${who === "schedule" ? "the schedule" : who} on ${at}`,
    bySchedule: (name) => `Schedule: ${name}`,
    none: "Not re-assessed yet.",
    start: "Start a re-assessment now", deadlineDays: "Days to record it",
    confirmStart: "Invite the employee to a re-assessment interview now?",
    started: "The invitation is on its way to the employee.",
    openInterview: "Open the interview and its reviews",
  },
  zh: {
    nav: "定期复评",
    schedulesTitle: "定期复评计划",
    schedulesIntro: "每隔 N 个月邀请一组员工参加与候选人相同的视频面试；评分结果与入职面试结果一并记入员工档案。复评不做录用决定：不发通知书，不发 offer。",
    noSchedules: "尚无复评计划。",
    name: "名称", position: "岗位", branch: "分支机构", anyPosition: "全部岗位", anyBranch: "全部分支机构",
    minTenure: "最短司龄（月）", every: "间隔（月）", template: "面试模板",
    positionsTemplate: "使用岗位自身的模板", active: "启用", paused: "已暂停",
    everyN: (n) => `每 ${n} 个月`, tenureN: (n) => (n ? `入职满 ${n} 个月后` : "入职即开始"),
    newSchedule: "新建计划", edit: "编辑", save: "保存", cancel: "取消", saved: "复评计划已保存。",
    title: "定期复评",
    history: "历次评估（从入职面试开始）", hiring: "入职面试", reassessment: "复评",
    when: "时间", overall: "总分", change: "变化", dimension: "能力维度",
    ai: "AI", human: "评审人", combined: "综合",
    latest: "最近一次复评", open: "进行中", over: "已结束",
    startedBy: (who, at) => `${who === "schedule" ? "由复评计划" : who}于 ${at} 发起`,
    bySchedule: (name) => `复评计划：${name}`,
    none: "尚未复评。",
    start: "立即发起复评", deadlineDays: "录制期限（天）",
    confirmStart: "现在邀请该员工参加复评视频面试吗？",
    started: "复评邀请已发送给员工。",
    openInterview: "查看面试与评审",
  },
};

export function tr(key, ...args) {
  const value = REASSESSMENT[locale][key] ?? REASSESSMENT.en[key] ?? key;
  return typeof value === "function" ? value(...args) : value;
}
