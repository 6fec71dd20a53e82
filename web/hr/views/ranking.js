// A position's ranking (docs/talent.md): its applicants best match first, and the talent
// pool's matches with "Match now" and "Invite". Each row shows the score bar, each
// competency's contribution split into résumé and interview, and the reasons.
import { api } from "/shared/auth.js";
import { say } from "/shared/messages.js";
import { dimensionName, errorMessage, locale, placeName, statusName } from "../i18n.js";
import { tp } from "../i18n-pool.js";
import { can, empty, failure, h, load, when } from "../ui.js";

const pct = (v) => `${Math.round(v * 100)}`;

function bar(value, label) {
  // A <meter>, not a styled span: the app's CSP (style-src 'self') refuses inline styles.
  return h("span", { class: "match-bar" },
    h("meter", { min: 0, max: 1, value, "aria-label": `${label} ${pct(value)}` }), ` ${pct(value)}`);
}

function matchRow(match, dimensions, action) {
  const named = (key) => dimensionName(dimensions[key]) || key;
  const reasons = match.reasons.map((r) => {
    const p = { ...r.params, name: r.params.dimension && named(r.params.dimension),
      names: r.params.dimensions && r.params.dimensions.map(named) };
    return say(locale, r.code, p);
  });
  const parts = match.parts.map((part) => {
    const resume = match.score > 0 && part.contribution > 0 ? part.contribution * (part.interview === null ? 1 : (0.3 * part.resume) / (0.7 * part.interview + 0.3 * part.resume)) : 0;
    return h("li", {}, `${named(part.dimension)}: +${pct(part.contribution)} (${tp("resumePart")} ${pct(resume)}, ${tp("interviewPart")} ${pct(part.contribution - resume)})`);
  });
  return h("tr", { "data-candidate": match.candidate_id },
    h("td", {}, h("a", { href: `#/candidates/${encodeURIComponent(match.candidate_id)}` }, match.name)),
    h("td", {}, statusName(match.status) || (tp("reasons")[match.status] ?? match.status)),
    h("td", {}, bar(match.score, tp("score")), h("div", { class: "muted" }, `${tp("resumePart")} ${pct(match.resume_share)} · ${tp("interviewPart")} ${pct(match.interview_share)}`)),
    h("td", {}, h("ul", {}, ...parts)),
    h("td", {}, h("ul", {}, ...reasons.map((r) => h("li", {}, r)))),
    h("td", {}, action ? action(match) : null));
}

function matchTable(matches, dimensions, action) {
  return h("table", {}, h("tbody", {}, ...matches.map((m) => matchRow(m, dimensions, action))));
}

export function rankingView(main, positionId, me) {
  const path = `/positions/${encodeURIComponent(positionId)}`;
  load(main, async () => {
    const [position, applicants] = await Promise.all([api(path), api(`${path}/ranking`)]);
    const dimensions = Object.fromEntries(position.competency_model.dimensions.map((d) => [d.key, d]));
    const poolBox = h("section", { id: "pool-matches" });
    const message = h("div", { "aria-live": "polite" });
    const invite = (match) => h("button", { type: "button", class: "secondary", onclick: async () => {
      try {
        const created = await api(`/talent-pool/${encodeURIComponent(match.candidate_id)}/invite`, {
          method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ position_id: positionId }) });
        location.hash = `#/candidates/${encodeURIComponent(created.id)}`;
      } catch (error) { message.replaceChildren(h("p", { class: "error", role: "alert" }, errorMessage(error))); }
    } }, tp("invite"));
    const showPool = (list) => poolBox.replaceChildren(h("h2", {}, tp("poolMatches")),
      list.computed_at ? h("p", { class: "muted" }, `${tp("computed")}: ${when(list.computed_at)}`) : null,
      list.matches.length ? matchTable(list.matches, dimensions, invite) : empty(tp("noMatches")),
      h("button", { type: "button", id: "match-now", onclick: async () => {
        try { showPool(await api(`${path}/pool-matches`, { method: "POST" })); }
        catch (error) { message.replaceChildren(h("p", { class: "error", role: "alert" }, errorMessage(error))); }
      } }, tp("matchNow")));
    if (can(me, "talent_pool")) {
      try { showPool(await api(`${path}/pool-matches`)); } catch (error) { poolBox.replaceChildren(failure(error)); }
    }
    // What load() shows (a loader that fills ``main`` itself is overwritten by its result).
    return [h("h1", {}, `${tp("rankingTitle")} · ${placeName(position.title, position.title_zh)}`), message,
      h("h2", {}, tp("applicants")),
      applicants.length ? matchTable(applicants, dimensions, null) : empty(tp("noApplicants")), poolBox];
  });
}
