// Texts of the same person applying twice (recruiting/duplicates.py): the "Possible
// duplicates" screen and the candidate page's block. ``td`` reads them in the reader's
// language.
import { locale } from "./i18n.js";

const DUPLICATES = {
  en: {
    nav: "Possible duplicates",
    title: "Possible duplicates",
    intro: "Applications that share a phone number or e-mail address (HR's records or the résumé's). Merge them if they are one person: each application keeps its own pipeline, and the candidate page shows the other. Keep them apart if they are different people: the pair is not shown again. Applications in two branches are HQ's to decide.",
    none: "No possible duplicates to look at.",
    earlier: "Earlier application", later: "Later application",
    name: "Name", phone: "Phone", email: "E-mail", position: "Position", branch: "Branch", status: "Status", applied: "Applied",
    matchedOn: (fields) => `Matched on: ${fields}`, source: (where) => `found in ${where}`,
    sourceContact: "contact details", sourceResume: "the résumé",
    fieldPhone: "phone", fieldEmail: "e-mail",
    otherBranch: (branch) => `An application in ${branch}`,
    phoneEnding: (digits) => `phone ending ${digits}`,
    merge: "Merge: one person", keepApart: "Keep apart: different people",
    confirmMerge: "Merge these two applications into one person?",
    confirmKeepApart: "Keep these applications apart? The pair will not be shown again.",
    merged: "Merged: the applications belong to one person.",
    keptApart: "Kept apart.",
    hqDecides: "Applications in two branches: HQ decides.",
    statusMerged: "merged", statusKeptApart: "kept apart", statusOpen: "open",
    decidedBy: (who, at) => `${who || "automatically"}, ${at}`,
    // the candidate page
    section: "Same person",
    alsoApplied: "Also applied",
    pairs: "Possible duplicates of this application",
    noneHere: "No other applications of this person.",
    open: "Open",
    // the import page
    importFlagged: "Created, but the same person may have applied before",
    otherApplication: "Other application",
    notYours: "in another branch",
  },
  zh: {
    nav: "疑似重复",
    title: "疑似重复的应聘",
    intro: "这些应聘的手机号或邮箱相同（HR 录入的或简历上的）。如为同一人，请合并：两份应聘各自保留流程，候选人页面会互相显示。如为不同的人，请确认分开：这一组不会再出现。跨分支机构的应聘由总部决定。",
    none: "暂无需要处理的疑似重复。",
    earlier: "较早的应聘", later: "较晚的应聘",
    name: "姓名", phone: "手机", email: "邮箱", position: "岗位", branch: "分支机构", status: "状态", applied: "应聘时间",
    matchedOn: (fields) => `相同项：${fields}`, source: (where) => `来源：${where}`,
    sourceContact: "联系方式", sourceResume: "简历",
    fieldPhone: "手机", fieldEmail: "邮箱",
    otherBranch: (branch) => `${branch}的一份应聘`,
    phoneEnding: (digits) => `手机尾号 ${digits}`,
    merge: "合并：同一人", keepApart: "分开：不是同一人",
    confirmMerge: "确认将这两份应聘合并为同一人吗？",
    confirmKeepApart: "确认这两份应聘不是同一人吗？这一组将不再提示。",
    merged: "已合并：这些应聘属于同一人。",
    keptApart: "已确认不是同一人。",
    hqDecides: "跨分支机构的应聘：由总部决定。",
    statusMerged: "已合并", statusKeptApart: "已分开", statusOpen: "待处理",
    decidedBy: (who, at) => `${who || "系统自动"}，${at}`,
    section: "同一人",
    alsoApplied: "此人还应聘了",
    pairs: "本次应聘的疑似重复",
    noneHere: "此人没有其他应聘。",
    open: "查看",
    importFlagged: "已导入，但此人可能之前已应聘过",
    otherApplication: "其他应聘",
    notYours: "在其他分支机构",
  },
};

export function td(key, ...args) {
  const value = DUPLICATES[locale][key] ?? DUPLICATES.en[key] ?? key;
  return typeof value === "function" ? value(...args) : value;
}
