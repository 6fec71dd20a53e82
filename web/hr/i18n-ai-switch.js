// Texts of HQ's AI switch (docs/privacy.md, "The AI switch (HQ)"): the "AI scoring" page
// and the note on the position and candidate pages. ``tai`` reads them in the reader's
// language.
import { locale } from "./i18n.js";

const AI_SWITCH = {
  zh: {
    nav: "AI 评分",
    title: "AI 评分开关",
    intro: "总部可按分支机构或职位关闭 AI 评分。关闭后新录制的回答不做转写、不做 AI 分析，仅供人工评审；该轮的 AI 权重取消，报告会说明原因。已评分的回答保持不变。重新开启只影响之后录制的回答。",
    branches: "分支机构",
    positions: "职位",
    branch: "分支机构",
    position: "职位",
    state: "状态",
    on: "AI 评分开启",
    off: "AI 评分关闭",
    reason: "原因",
    reasonHint: "关闭时必须填写原因：HR 会看到。",
    changed: (who, at) => `${who}，${at}`,
    switchOff: "关闭 AI 评分",
    switchOn: "重新开启 AI 评分",
    saved: "已保存。",
    readOnly: "仅总部可以更改这些开关。",
    noPositions: "没有职位。",
    note: (reason) => `AI 评分已关闭（总部：${reason}）`,
    noteBranch: (reason) => `该分支机构的 AI 评分已关闭（总部：${reason}）`,
  },
  en: {
    nav: "AI scoring",
    title: "AI scoring switches",
    intro: "HQ can switch AI scoring off for a branch or a position. While it is off, newly recorded answers are not transcribed or analysed by the AI: people review them, the round's AI weight is dropped and the report says why. Answers already scored stay as they are. Switching back on affects only answers recorded afterwards.",
    branches: "Branches",
    positions: "Positions",
    branch: "Branch",
    position: "Position",
    state: "State",
    on: "AI scoring on",
    off: "AI scoring off",
    reason: "Reason",
    reasonHint: "A reason is required to switch off: HR read it.",
    changed: (who, at) => `${who}, ${at}`,
    switchOff: "Switch AI scoring off",
    switchOn: "Switch AI scoring back on",
    saved: "Saved.",
    readOnly: "Only HQ can change these switches.",
    noPositions: "No positions.",
    note: (reason) => `AI scoring off (by HQ: ${reason})`,
    noteBranch: (reason) => `AI scoring off for this branch (by HQ: ${reason})`,
  },
};

export function tai(key, ...args) {
  const text = (AI_SWITCH[locale] || AI_SWITCH.en)[key] ?? AI_SWITCH.en[key] ?? key;
  return typeof text === "function" ? text(...args) : text;
}
