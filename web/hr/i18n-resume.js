// Texts of the résumé section on the candidate page (views/resume.js), kept in their own
// table so parallel changes to i18n.js merge cleanly.
import { locale } from "./i18n.js";

const TEXTS = {
  en: {
    resumeTitle: "Résumé",
    noResume: "No résumé yet.",
    upload: "Upload a résumé", replace: "Upload another résumé",
    uploadHint: "PDF, Word (.docx) or a photo (JPEG, PNG), up to 10 MB. It is read in the background.",
    uploading: "Uploading…", waiting: "Received: reading the résumé…",
    uploadFailed: "The upload did not go through; try again.",
    statuses: { waiting: "being read", parsed: "read", unreadable: "nothing could be read", refused: "refused" },
    origins: { hr: "uploaded by HR", candidate: "uploaded by the candidate", import: "from the import" },
    methods: { text: "text layer", ocr: "OCR (scan or photo)", mixed: "text and OCR" },
    facts: (pages, method) => `${pages} page(s) · ${method}`,
    download: "Download", downloading: "The download starts (the link works for a minute).",
    sections: { education: "Education", experience: "Experience", skills: "Skills", certificates: "Certificates", languages: "Languages" },
    nothingRead: "Nothing read.",
    corrected: "corrected by HR",
    edit: "Edit", save: "Save", cancel: "Cancel", addItem: "Add", remove: "Remove",
    saved: "Saved. A new reading of this résumé keeps your correction.",
    source: (page) => (page ? `Source (page ${page})` : "Source"),
    current: "to date",
    months: (n) => `${n} months`,
    unreadTitle: "What could not be read",
    historyTitle: "Corrections",
    historyItem: (who, at, section) => `${who} · ${at} · ${section}`,
    before: "before", after: "after",
    claimLines: "One per line: name, then | and the level if any (e.g. Python | proficient)",
    fields: { school: "School", degree: "Degree", major: "Major", start_year: "From (year)", end_year: "To (year)",
      employer: "Employer", title: "Title", start: "From (YYYY-MM)", end: "To (YYYY-MM)", current: "Current job" },
    // The import page: résumés named in the workbook's résumé column.
    archiveLabel: "Résumés (optional): a .zip whose files the résumé column names, e.g. 李雷.pdf",
    archiveHint: "Links (https://…) in the résumé column are fetched without an archive. A résumé that cannot be taken does not stop its row: the row says why.",
    uploadingArchive: "Uploading the résumés…",
    warnings: "Imported with a note",
  },
  zh: {
    resumeTitle: "简历",
    noResume: "尚无简历。",
    upload: "上传简历", replace: "上传另一份简历",
    uploadHint: "PDF、Word（.docx）或照片（JPEG、PNG），不超过 10 MB，上传后在后台读取。",
    uploading: "正在上传…", waiting: "已收到，正在读取简历…",
    uploadFailed: "上传未成功，请重试。",
    statuses: { waiting: "读取中", parsed: "已读取", unreadable: "无法读取内容", refused: "已拒收" },
    origins: { hr: "HR 上传", candidate: "候选人上传", import: "随导入提供" },
    methods: { text: "文本层", ocr: "OCR（扫描件或照片）", mixed: "文本与 OCR" },
    facts: (pages, method) => `${pages} 页 · ${method}`,
    download: "下载", downloading: "开始下载（链接一分钟内有效）。",
    sections: { education: "教育经历", experience: "工作经历", skills: "技能", certificates: "证书", languages: "语言" },
    nothingRead: "未读出内容。",
    corrected: "已由 HR 更正",
    edit: "编辑", save: "保存", cancel: "取消", addItem: "添加", remove: "删除",
    saved: "已保存。重新读取这份简历时会保留您的更正。",
    source: (page) => (page ? `原文（第 ${page} 页）` : "原文"),
    current: "至今",
    months: (n) => `${n} 个月`,
    unreadTitle: "未能读取的部分",
    historyTitle: "更正记录",
    historyItem: (who, at, section) => `${who} · ${at} · ${section}`,
    before: "更正前", after: "更正后",
    claimLines: "每行一项：名称，如有程度用 | 隔开（例如 Python | 熟练）",
    fields: { school: "学校", degree: "学历", major: "专业", start_year: "起始年份", end_year: "结束年份",
      employer: "单位", title: "职位", start: "开始（年-月）", end: "结束（年-月）", current: "目前在职" },
    archiveLabel: "简历（可选）：.zip 压缩包，简历列填写其中的文件名，例如 李雷.pdf",
    archiveHint: "简历列中的链接（https://…）无需压缩包即可获取。无法获取的简历不影响该行导入，结果中会说明原因。",
    uploadingArchive: "正在上传简历压缩包…",
    warnings: "已导入但有提示",
  },
};

export function rt(key, ...args) {
  const value = TEXTS[locale]?.[key] ?? TEXTS.en[key] ?? key;
  return typeof value === "function" ? value(...args) : value;
}

export function rname(table, key) {
  return (TEXTS[locale]?.[table] || {})[key] || (TEXTS.en[table] || {})[key] || key;
}
