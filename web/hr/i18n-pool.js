// Texts of the talent pool and matching screens (docs/talent.md); ``tp`` reads them in the
// reader's language.
import { locale } from "./i18n.js";

const POOL = {
  en: {
    nav: "Talent pool", title: "Talent pool",
    intro: "People who agreed to be kept after an earlier application; each is deleted when kept until passes, or at once if they withdraw.",
    name: "Name", reason: "Why they left", joined: "Joined", until: "Kept until", tags: "Tags", skills: "Skills",
    tagFilter: "Tag", search: "Search name, skill or tag", filter: "Filter", none: "Nobody in the pool yet.",
    saveTags: "Save tags", saved: "Saved.", remove: "Remove", confirmRemove: "Remove this person from the talent pool now?",
    invite: "Invite to a position", position: "Position", invited: "A new application is created; invite it to interview from its page.",
    rankingTitle: "Ranking", applicants: "Applicants, best match first", poolMatches: "Matches in the talent pool",
    matchNow: "Match now", score: "Match", resumePart: "résumé", interviewPart: "interview", computed: "Computed",
    noMatches: "No match computed yet.", noApplicants: "No applicants yet.", openRanking: "Ranking and pool matches",
    reasons: { rejected: "rejected", offer_declined: "declined the offer", offer_expired: "offer expired", offer_withdrawn: "offer withdrawn", expired: "did not interview in time" },
  },
  zh: {
    nav: "人才库", title: "人才库",
    intro: "此前申请后同意保留信息的人选；保留期满或本人撤回同意时，信息会被删除。",
    name: "姓名", reason: "离开原因", joined: "加入时间", until: "保留至", tags: "标签", skills: "技能",
    tagFilter: "标签", search: "搜索姓名、技能或标签", filter: "筛选", none: "人才库中暂无人选。",
    saveTags: "保存标签", saved: "已保存。", remove: "移出", confirmRemove: "确定立即将此人移出人才库？",
    invite: "邀请申请职位", position: "职位", invited: "已创建新的申请；请在其页面邀请面试。",
    rankingTitle: "匹配排名", applicants: "应聘者（按匹配度排序）", poolMatches: "人才库匹配结果",
    matchNow: "立即匹配", score: "匹配度", resumePart: "简历", interviewPart: "面试", computed: "计算时间",
    noMatches: "尚未计算匹配结果。", noApplicants: "暂无应聘者。", openRanking: "排名与人才库匹配",
    reasons: { rejected: "未通过", offer_declined: "拒绝了 offer", offer_expired: "offer 已过期", offer_withdrawn: "offer 已撤回", expired: "未按时面试" },
  },
};

export function tp(key) {
  return POOL[locale][key] ?? POOL.en[key] ?? key;
}
