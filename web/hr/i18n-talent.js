// Texts of the talent screens (docs/talent.md): HQ's skill map (views/skill-map.js) and
// the candidate page's résumé-vs-interview section (views/cross-check.js). Kept apart
// from i18n.js's tables; ``tt`` reads them in the reader's language.
import { locale } from "./i18n.js";

const TALENT = {
  en: {
    skillMapNav: "Skill map",
    skillMapTitle: "Skill map: résumé skills → interview dimensions",
    skillMapIntro: "A skill a résumé claims (by its key or any alias, any case) is evidence for the dimensions it maps to. The cross-check sets each claim beside the interview's score on them: a question for HR, never a score.",
    search: "Search skills, aliases or dimensions", key: "Skill (key)", aliases: "Aliases (Chinese and English, comma-separated)",
    dimensions: "Dimensions", usedBy: (n) => `used by ${n} position${n === 1 ? "" : "s"}`,
    addSkill: "Add a skill", remove: "Remove", save: "Save the skill map", saved: "The skill map is saved.",
    noSkills: "No skill mapped yet.", readOnly: "HQ keeps the skill map; you can read it.",
    unknownDimensions: (keys) => `No position uses these dimensions today (kept): ${keys}`,
    updatedBy: (who, at) => `Last saved by ${who}, ${at}`, count: (shown, all) => `${shown} of ${all} skills`,
    // the candidate page
    crossCheckTitle: "Résumé vs interview",
    crossCheckIntro: (margin) => `Questions for HR, never scores: a résumé claim whose dimension scored below its pass line, or a dimension scored ${margin} or more above its line that the résumé does not mention. Nothing here changes a score or a decision.`,
    noResume: "No parsed résumé yet: nothing to compare.", notScored: "No interview score yet: the check runs once the round is scored.",
    reassessment: "A re-assessment: the résumé was checked when the person was hired.",
    noFlags: "No question: the résumé's claims and the interview agree.",
    claimNotShown: "Claimed, not shown in the interview", shownNotClaimed: "Shown in the interview, not on the résumé",
    resumeSide: "Résumé", interviewSide: "Interview", notOnResume: "Not mentioned on the résumé",
    page: (n) => `p. ${n}`, scoreVsLine: (score, line) => `${score} vs pass line ${line}`,
    sourceCombined: "AI and interviewers combined", sourceAi: "AI score (no interviewer has scored it yet)",
    kind_skill: "skill", kind_certificate: "certificate", kind_experience: "experience",
    unmapped: "Claims the skill map does not know yet (HQ can add them):", checked: (n) => `${n} claim${n === 1 ? "" : "s"} checked`,
    playAt: (at) => `Play the answer at ${at}`,
  },
  zh: {
    skillMapNav: "技能映射",
    skillMapTitle: "技能映射：简历技能 → 面试维度",
    skillMapIntro: "简历中声称的技能（按键或任一别名匹配，不区分大小写）可作为其所映射维度的依据。简历与面试对照会把每项声称与面试在这些维度上的得分并列：这是请 HR 核实的问题，绝不是评分。",
    search: "搜索技能、别名或维度", key: "技能（键）", aliases: "别名（中英文，用逗号分隔）",
    dimensions: "维度", usedBy: (n) => `${n} 个岗位使用`,
    addSkill: "添加技能", remove: "删除", save: "保存技能映射", saved: "技能映射已保存。",
    noSkills: "尚未映射任何技能。", readOnly: "技能映射由总部维护；您可以查看。",
    unknownDimensions: (keys) => `目前没有岗位使用以下维度（已保留）：${keys}`,
    updatedBy: (who, at) => `最近由 ${who} 于 ${at} 保存`, count: (shown, all) => `显示 ${shown} / ${all} 项技能`,
    crossCheckTitle: "简历与面试对照",
    crossCheckIntro: (margin) => `以下是请 HR 核实的问题，绝不是评分：简历声称的技能所对应维度低于及格线，或某维度高出及格线 ${margin} 分以上而简历未提及。此处内容不改变任何评分或决定。`,
    noResume: "尚无已解析的简历：无可对照内容。", notScored: "面试尚未评分：本轮评分后才会对照。",
    reassessment: "这是在职复评：简历已在录用时对照过。",
    noFlags: "没有需要核实的问题：简历声称与面试表现一致。",
    claimNotShown: "简历声称，面试中未体现", shownNotClaimed: "面试中体现，简历未提及",
    resumeSide: "简历", interviewSide: "面试", notOnResume: "简历中未提及",
    page: (n) => `第 ${n} 页`, scoreVsLine: (score, line) => `${score} 分，及格线 ${line}`,
    sourceCombined: "AI 与面试官综合评分", sourceAi: "AI 评分（面试官尚未评分）",
    kind_skill: "技能", kind_certificate: "证书", kind_experience: "经历",
    unmapped: "技能映射中尚未收录的简历条目（总部可添加）：", checked: (n) => `已对照 ${n} 项声称`,
    playAt: (at) => `从 ${at} 播放该回答`,
  },
};

export function tt(key, ...args) {
  const value = TALENT[locale][key] ?? TALENT.en[key] ?? key;
  return typeof value === "function" ? value(...args) : value;
}
