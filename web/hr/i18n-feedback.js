// Texts of candidate feedback (docs/talent.md): the rejection note in the decide dialog,
// the Candidate requests page, HQ's suggestion texts. ``tf`` reads them in the reader's language.
import { locale } from "./i18n.js";

const FEEDBACK = {
  en: {
    goesToCandidate: "This goes to the candidate. Drafted from what reviewers scored (never integrity flags or AI-only scores); edit it freely.",
    nothingReviewed: "No reviewer has scored this interview yet, so there is no note to propose.",
    requestsTitle: "Candidate requests",
    kinds: { human_review: "Human review of the decision", explanation: "Explanation of the AI's role" },
    none: "No open requests.", message: "Message", answer: "Answer", send: "Send the answer",
    answered: "Answered and e-mailed to the candidate.",
  },
  zh: {
    goesToCandidate: "此内容将发送给候选人。草稿仅依据评审人员的评分生成（不含诚信标记或仅由 AI 评出的分数），可自由修改。",
    nothingReviewed: "尚无评审人员为本次面试评分，因此无法提供反馈草稿。",
    requestsTitle: "候选人申请",
    kinds: { human_review: "申请人工复核决定", explanation: "了解 AI 的作用" },
    none: "暂无待处理的申请。", message: "留言", answer: "答复", send: "发送答复",
    answered: "已答复，并已通过邮件发送给候选人。",
  },
};

export function tf(key) {
  return (FEEDBACK[locale()] || FEEDBACK.zh)[key] ?? FEEDBACK.en[key];
}
