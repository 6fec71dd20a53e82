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
    sharePercentile: "Tell candidates where they stand",
    sharePercentileHint: "When the AI report is ready, each candidate for this position is told what share of the earlier candidates for it they did better than (only once at least 20 have interviewed). It compares the AI's analysis of the answers only, and says that people review every interview and make the decision. Off by default.",
    suggestionsTitle: "Feedback suggestions",
    suggestionsIntro: "When HR reject a candidate, the proposed note names the dimensions reviewers scored below the pass line, each with the suggestion written here, in the candidate's language. Leave both languages empty for no suggestion.",
    dimension: "Dimension", save: "Save", suggestionsSaved: "Saved. New rejection notes use these suggestions.",
  },
  zh: {
    goesToCandidate: "此内容将发送给候选人。草稿仅依据评审人员的评分生成（不含诚信标记或仅由 AI 评出的分数），可自由修改。",
    nothingReviewed: "尚无评审人员为本次面试评分，因此无法提供反馈草稿。",
    requestsTitle: "候选人申请",
    kinds: { human_review: "申请人工复核决定", explanation: "了解 AI 的作用" },
    none: "暂无待处理的申请。", message: "留言", answer: "答复", send: "发送答复",
    answered: "已答复，并已通过邮件发送给候选人。",
    sharePercentile: "告知候选人其表现排名",
    sharePercentileHint: "AI 报告生成后，将告知该职位的每位候选人：其表现优于此前应聘该职位的候选人中的多大比例（此前至少 20 人面试后才会告知）。该比较仅基于 AI 对回答的分析，并说明每场面试都由人员评审、由人员作出决定。默认关闭。",
    suggestionsTitle: "反馈建议",
    suggestionsIntro: "HR 拒绝候选人时，建议的反馈内容会列出评审人员评分低于合格线的维度，并附上此处填写的建议（使用候选人的语言）。两种语言都留空表示不提供建议。",
    dimension: "维度", save: "保存", suggestionsSaved: "已保存。新的拒绝反馈将使用这些建议。",
  },
};

export function tf(key) {
  return (FEEDBACK[locale] || FEEDBACK.zh)[key] ?? FEEDBACK.en[key];
}
