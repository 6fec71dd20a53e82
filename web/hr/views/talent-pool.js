// The talent pool (docs/talent.md): who is kept, why, since when and until when; tags HR
// edit; filter by tag or text; remove someone; invite someone to a position. The server
// lists only the caller's branch (HQ: all) and refuses everything else.
import { api } from "/shared/auth.js";
import { errorMessage, placeName } from "../i18n.js";
import { tp } from "../i18n-pool.js";
import { empty, h, load, when } from "../ui.js";

const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

function entryRow(entry, positions, refresh) {
  const message = h("span", { "aria-live": "polite" });
  const said = (text, error) => message.replaceChildren(h("span", { class: error ? "error" : "muted" }, text));
  const tags = h("input", { value: entry.tags.join(", "), "aria-label": tp("tags") });
  const position = h("select", { "aria-label": tp("position") },
    ...positions.filter((p) => p.open).map((p) => h("option", { value: p.id }, placeName(p.title, p.title_zh))));
  const id = encodeURIComponent(entry.candidate_id);
  const act = (fn) => async () => { try { await fn(); } catch (error) { said(errorMessage(error), true); } };
  return h("tr", { "data-candidate": entry.candidate_id },
    h("td", {}, entry.name), h("td", {}, tp("reasons")[entry.reason] ?? entry.reason),
    h("td", {}, when(entry.joined_at)), h("td", {}, when(entry.retain_until)),
    h("td", {}, entry.skills.join(", ")),
    h("td", {}, tags, h("button", { type: "button", class: "secondary", onclick: act(async () => {
      await api(`/talent-pool/${id}/tags`, json("PUT", { tags: tags.value.split(/[,，]/).map((t) => t.trim()).filter(Boolean) }));
      said(tp("saved"));
    }) }, tp("saveTags"))),
    h("td", {}, position, h("button", { type: "button", onclick: act(async () => {
      const created = await api(`/talent-pool/${id}/invite`, json("POST", { position_id: position.value }));
      location.hash = `#/candidates/${encodeURIComponent(created.id)}`;
    }) }, tp("invite"))),
    h("td", {}, h("button", { type: "button", class: "secondary", onclick: act(async () => {
      if (!window.confirm(tp("confirmRemove"))) return;
      await api(`/talent-pool/${id}`, { method: "DELETE" });
      refresh();
    }) }, tp("remove")), message));
}

export function talentPoolView(main, params) {
  const tag = h("input", { id: "pool-tag", value: params.get("tag") || "", "aria-label": tp("tagFilter"), placeholder: tp("tagFilter") });
  const q = h("input", { id: "pool-q", value: params.get("q") || "", "aria-label": tp("search"), placeholder: tp("search") });
  const list = h("div");
  const refresh = () => load(list, async () => {
    const query = new URLSearchParams(Object.entries({ tag: tag.value.trim(), q: q.value.trim() }).filter(([, v]) => v));
    const [entries, positions] = await Promise.all([api(`/talent-pool?${query}`), api("/positions")]);
    list.replaceChildren(entries.length ? h("table", {},
      h("thead", {}, h("tr", {}, ...["name", "reason", "joined", "until", "skills", "tags", "invite", "remove"].map((k) => h("th", {}, tp(k))))),
      h("tbody", {}, ...entries.map((e) => entryRow(e, positions, refresh)))) : empty(tp("none")));
  });
  main.replaceChildren(h("h1", {}, tp("title")), h("p", { class: "muted" }, tp("intro")),
    h("form", { class: "filters", onsubmit: (e) => { e.preventDefault(); refresh(); } }, tag, q, h("button", { type: "submit" }, tp("filter"))),
    list);
  refresh();
}
