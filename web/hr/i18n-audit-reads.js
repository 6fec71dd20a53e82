// Texts of the read audit (audit/reads.py, docs/privacy.md "Oversight: who read what"):
// the reads on the audit page, a person's trail and the candidate page's link. ``tar``
// reads them in the reader's language.
import { locale } from "./i18n.js";

const AUDIT_READS = {
  en: {
    actions: {
      "read.": "Reads of personal data (all)",
      "read.report": "Opened the AI report",
      "read.recording": "Watched the recordings",
      "read.transcript": "Read a transcript",
      "read.resume": "Opened the résumé",
      "read.document": "Downloaded a document",
      "read.review_file": "Printed the review file",
      "read.export": "Downloaded a data export",
    },
    personTitle: (id) => `Who read or changed the data of ${id}`,
    personIntro: "Every entry about this person, newest first: who opened their report, recordings, résumé and documents, and who changed their records. HQ sees every branch; branch HR their own branch's people.",
    personId: "Candidate or employee ID", show: "Show",
    lookup: "One person's trail",
    whoOpened: "Who opened this candidate's data",
    readsBy: (user) => `Reads by ${user}`,
    when: "When", who: "Who", action: "Action", object: "What", branch: "Branch",
    none: "No entries about this person.", more: "More",
  },
  zh: {
    actions: {
      "read.": "查看个人数据（全部）",
      "read.report": "查看 AI 报告",
      "read.recording": "观看面试录像",
      "read.transcript": "查看转写文本",
      "read.resume": "查看简历",
      "read.document": "下载入职材料",
      "read.review_file": "导出评审材料",
      "read.export": "下载个人数据导出",
    },
    personTitle: (id) => `谁查看或修改了 ${id} 的数据`,
    personIntro: "与此人相关的全部记录，最新的在前：谁查看了其报告、录像、简历和材料，谁修改了其记录。总部可查看所有分支机构；分支机构 HR 只能查看本机构的人员。",
    personId: "候选人或员工编号", show: "查看",
    lookup: "按人员查询",
    whoOpened: "谁查看过此候选人的数据",
    readsBy: (user) => `${user} 的查看记录`,
    when: "时间", who: "操作人", action: "操作", object: "对象", branch: "分支机构",
    none: "没有与此人相关的记录。", more: "更多",
  },
};

export function tar(key, ...args) {
  const value = (AUDIT_READS[locale] || AUDIT_READS.zh)[key] ?? AUDIT_READS.en[key] ?? key;
  return typeof value === "function" ? value(...args) : value;
}
