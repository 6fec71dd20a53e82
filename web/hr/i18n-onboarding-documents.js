// Texts of the new hire's documents on the employee page (views/employee-documents.js),
// kept in their own table so parallel changes to i18n.js merge cleanly.
import { locale } from "./i18n.js";

const TEXTS = {
  en: {
    documentsTitle: "Documents from the new hire",
    documentsHelp: "Uploaded in the onboarding portal and checked for type and active content. Only HR of the branch and HQ see them; every download is on the audit trail.",
    noDocuments: "Nothing uploaded yet.",
    column: { document: "Document", type: "Type", status: "Status", uploaded: "Uploaded", actions: "Actions" },
    types: { id_card: "ID card", diploma: "Diploma", medical_report: "Medical report", bank_card: "Bank card",
      photo: "Photo", other: "Other" },
    statuses: { received: "waiting for review", refused: "refused by the checks", approved: "approved", rejected: "rejected" },
    download: "Download", approve: "Approve", reject: "Reject…",
    rejectTitle: "Reject the document", rejectReason: "Reason (the new hire reads it, with a link to upload again)",
    approved: "Approved: the onboarding task is done.", rejected: "Rejected: the new hire is asked to upload it again.",
    downloading: "The download starts (the link works for a minute).",
    reviewedBy: (who, at) => `by ${who}, ${at}`,
    sendLink: "Send the portal link again", sendLinkConfirm: "Send the onboarding notice again with a new link? A portal locked by wrong phone numbers opens again.",
    linkSent: (until) => `Sent by e-mail and SMS; the link works until ${until}.`,
  },
  zh: {
    documentsTitle: "新员工上传的资料",
    documentsHelp: "由新员工在入职页面上传，已检查文件类型和可执行内容。仅本分支机构 HR 和总部可见，每次下载均记入审计日志。",
    noDocuments: "尚未上传任何资料。",
    column: { document: "资料", type: "类型", status: "状态", uploaded: "上传时间", actions: "操作" },
    types: { id_card: "身份证", diploma: "毕业证书", medical_report: "体检报告", bank_card: "银行卡", photo: "照片", other: "其他" },
    statuses: { received: "待审核", refused: "未通过文件检查", approved: "已通过", rejected: "已退回" },
    download: "下载", approve: "通过", reject: "退回…",
    rejectTitle: "退回资料", rejectReason: "原因（新员工会收到此原因及重新上传的链接）",
    approved: "已通过，该入职任务已完成。", rejected: "已退回，已请新员工重新上传。",
    downloading: "开始下载（链接一分钟内有效）。",
    reviewedBy: (who, at) => `${who}，${at}`,
    sendLink: "重新发送入职链接", sendLinkConfirm: "重新发送入职通知和新链接？因输错手机号而锁定的入职页面将重新开放。",
    linkSent: (until) => `已通过邮件和短信发送，链接有效期至 ${until}。`,
  },
};

export function dt(key, ...args) {
  const value = TEXTS[locale]?.[key] ?? TEXTS.en[key] ?? key;
  return typeof value === "function" ? value(...args) : value;
}

export function dname(table, key) {
  return (TEXTS[locale]?.[table] || {})[key] || (TEXTS.en[table] || {})[key] || key;
}
