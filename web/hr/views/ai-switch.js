// HQ's AI switch (docs/privacy.md, "The AI switch (HQ)"): the "AI scoring" page (every
// branch and position with its switch and HQ's reason; HQ switch, branch HR read), and
// the note the position and candidate pages show where AI scoring is off.
import { api } from "/shared/auth.js";
import { placeName } from "../i18n.js";
import { tai } from "../i18n-ai-switch.js";
import { can, empty, failure, h, load, when } from "../ui.js";

const JSON_HEADERS = { "Content-Type": "application/json" };

function switchRow(kind, id, label, current, editable, reload) {
  const off = Boolean(current && current.ai_scoring_off);
  const message = h("span", { "aria-live": "polite" });
  const reason = h("input", { name: "reason", maxlength: 500, placeholder: tai("reasonHint"), "aria-label": tai("reason") });
  const change = async (switchOff) => {
    try {
      await api(`/privacy/ai-switch/${kind}/${encodeURIComponent(id)}`,
        { method: "PUT", headers: JSON_HEADERS, body: JSON.stringify({ off: switchOff, reason: reason.value.trim() || null }) });
      reload(tai("saved"));
    } catch (error) { message.replaceChildren(failure(error)); }
  };
  const changedBy = current && current.changed_by ? tai("changed", current.changed_by, when(current.changed_at)) : "";
  return h("tr", { "data-switch": `${kind}:${id}`, class: off ? "ai-off" : "" },
    h("td", {}, label),
    h("td", {}, h("strong", {}, off ? tai("off") : tai("on"))),
    h("td", {}, (current && current.off_reason) || "—", changedBy ? h("div", { class: "hint" }, changedBy) : null),
    editable ? h("td", {}, off
      ? h("button", { type: "button", class: "secondary switch-on", onclick: () => change(false) }, tai("switchOn"))
      : h("span", {}, reason, " ", h("button", { type: "button", class: "switch-off", onclick: () => change(true) }, tai("switchOff"))),
    message) : null);
}

export function aiSwitchView(main, me) {
  const body = h("div", { id: "ai-switch" });
  main.replaceChildren(h("h1", {}, tai("title")), h("p", { class: "hint" }, tai("intro")), body);
  const editable = can(me, "ai_switch.edit");
  const render = (flash) => load(body, async () => {
    const [overview, positions] = await Promise.all([api("/privacy/ai-switch"), api("/positions")]);
    const list = Array.isArray(positions) ? positions : positions.items || [];
    const reload = (said) => render(said);
    const head = (first) => h("thead", {}, h("tr", {}, h("th", {}, first), h("th", {}, tai("state")), h("th", {}, tai("reason")), editable ? h("th", {}, "") : null));
    const sections = [];
    if (flash) sections.push(h("p", { class: "state ok", role: "status" }, flash));
    if (!editable) sections.push(h("p", { class: "hint" }, tai("readOnly")));
    sections.push(h("h2", {}, tai("branches")), h("table", { class: "ai-switch-branches" }, head(tai("branch")),
      h("tbody", {}, ...overview.items.map((b) => switchRow("branches", b.branch_id, placeName(b.name, b.name_zh) || b.branch_id, b, editable, reload)))));
    const switches = Object.fromEntries(overview.items.flatMap((b) => b.positions.map((p) => [p.position_id, p])));
    sections.push(h("h2", {}, tai("positions")), list.length ? h("table", { class: "ai-switch-positions" }, head(tai("position")),
      h("tbody", {}, ...list.map((p) => switchRow("positions", p.id, placeName(p.title, p.title_zh) || p.id, switches[p.id], editable, reload)))) : empty(tai("noPositions")));
    return sections;
  });
  render("");
}

// "AI scoring off (by HQ: <reason>)" for a position or a candidate's branch and position;
// nothing where AI scoring is on (or the caller may not read the switches).
export async function aiSwitchNote(branchId, positionId) {
  const overview = await api("/privacy/ai-switch").catch(() => null);
  const branch = overview && overview.items.find((b) => b.branch_id === branchId);
  if (!branch) return null;
  const position = branch.positions.find((p) => p.position_id === positionId && p.ai_scoring_off);
  if (!branch.ai_scoring_off && !position) return null;
  const text = branch.ai_scoring_off ? tai("noteBranch", branch.off_reason || "—") : tai("note", position.off_reason || "—");
  return h("p", { class: "state warning ai-switch-note", role: "note" }, text);
}
