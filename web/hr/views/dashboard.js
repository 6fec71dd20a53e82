import { api } from "/shared/auth.js";
import { FUNNEL, message, placeName, statusName, t } from "../i18n.js";
import { bars, duration, empty, h, load, when } from "../ui.js";
import { onboardingProgressCards } from "./onboarding.js";

const branchName = (board) => placeName(board.branch_name, board.branch_name_zh);

function funnel(board) {
  const items = FUNNEL.map((status) => ({ label: statusName(status),
    value: board.entered[status] || 0, tone: ["rejected", "expired", "offer_declined", "offer_expired", "offer_withdrawn"].includes(status) ? "bar muted" : "bar" }));
  const table = h("table", { class: "sr-only" },
    h("caption", {}, `${t("funnel")} ${branchName(board)}`),
    ...items.map((i) => h("tr", {}, h("th", { scope: "row" }, i.label), h("td", {}, i.value))));
  return [bars(items), table];
}

function branchCard(board) {
  const rate = board.completion_rate === null ? "–" : `${Math.round(board.completion_rate * 100)}%`;
  const stages = board.average_time_in_stage;
  return h("section", { class: "card", "data-branch": board.branch_id },
    h("h2", {}, branchName(board)),
    h("p", {}, h("strong", {}, `${t("completionRate")}: `), rate),
    h("h3", {}, t("funnel")), ...funnel(board),
    h("h3", {}, t("avgTime")),
    stages.length
      ? h("ul", { class: "plain" }, ...stages.map((s) => h("li", {}, `${statusName(s.status)}: ${duration(s.average_seconds)} (${s.exits})`)))
      : empty(),
    h("h3", {}, t("needsAttention")),
    board.needs_attention.length
      ? h("ul", { class: "attention" }, ...board.needs_attention.map((item) =>
          h("li", {}, h("a", { href: `#/candidates/${item.candidate_id}` }, item.name),
            ` — ${message(item.reason_code, item.reason_params, item.reason || "")} `, h("small", {}, when(item.since)))))
      : h("p", { class: "ok" }, t("noAttention")));
}

function comparison(boards) {
  const rows = boards.map((b) => h("tr", {},
    h("th", { scope: "row" }, branchName(b)),
    ...FUNNEL.map((s) => h("td", {}, b.entered[s] || 0)),
    h("td", {}, b.completion_rate === null ? "–" : `${Math.round(b.completion_rate * 100)}%`),
    h("td", {}, b.needs_attention.length)));
  return h("section", { class: "card wide" }, h("h2", {}, t("compareBranches")),
    h("div", { class: "scroll" }, h("table", { class: "grid" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("branch")),
        ...FUNNEL.map((s) => h("th", { scope: "col" }, statusName(s))),
        h("th", { scope: "col" }, t("completionRate")), h("th", { scope: "col" }, t("needsAttention")))),
      h("tbody", {}, ...rows))),
    bars(boards.map((b) => ({ label: branchName(b), value: Math.round((b.completion_rate || 0) * 100) })),
      { max: 100, format: (v) => `${v}%` }));
}

export function dashboardView(main) {
  main.replaceChildren(h("h1", {}, t("dashboard")));
  const body = h("div", { class: "cards" });
  main.append(body);
  load(body, async () => {
    const [boards, onboarding] = await Promise.all([api("/dashboard"), onboardingProgressCards().catch(() => [])]);
    if (!boards.length && !onboarding.length) return empty();
    return [boards.length > 1 ? comparison(boards) : null, ...boards.map(branchCard), ...onboarding].filter(Boolean);
  });
}
