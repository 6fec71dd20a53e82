// HQ's administration screens: positions and their competency models, notification texts
// (with a preview in both languages), users and branches, the audit trail, and the offer
// letters' words and logos (views/offer-letters.js). Only HQ sees them in the navigation;
// the API refuses everyone else whatever the URL.
import { api } from "/shared/auth.js";
import { locale, t } from "../i18n.js";
import { empty, failure, h, load, when } from "../ui.js";
import { integrationsScreen } from "./integrations.js";
import { offerLettersScreen } from "./offer-letters.js";
import { DEFAULT_LINE, trainingAdminScreen } from "./training-admin.js";
import { sharePercentileChange, sharePercentileField } from "./feedback.js";
import { personLookup, READ_ACTIONS, readActionName } from "./audit-reads.js";
import { aiSwitchNote } from "./ai-switch.js";

export const ADMIN_SCREENS = ["positions", "notifications", "users", "audit", "letters", "integrations", "training"];
// The events told to staff: the only ones a group robot posts (notifications.model.STAFF_EVENTS).
const STAFF_EVENTS = ["interviewer_assigned", "report_ready", "review_reminder", "alternative_requested", "needs_attention",
  "offer_approval", "offer_approval_reminder", "offer_returned", "offer_answered", "offer_link_locked"];
const ROBOT_CHANNELS = ["dingtalk", "wecom"];
const ROLES = ["hq_admin", "hq_hr", "branch_hr", "hiring_manager", "interviewer", "approver", "it"];
const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const named = (item, en, zh) => (locale === "zh" && item[zh]) || item[en];

export function roleName(role) { return t("roles")[role] || role; }

// A refusal with the API's reasons, one line per field, in the reader's language.
const refusal = (error) => failure(error);

function saved(text = t("saved")) { return h("p", { class: "ok", role: "status" }, text); }

function tabs(current) {
  return h("nav", { class: "tabs", "aria-label": t("admin") }, ...ADMIN_SCREENS.map((screen) =>
    h("a", { href: `#/admin/${screen}`, "aria-current": screen === current ? "page" : null }, t(`admin_${screen}`))));
}

export function adminView(main, screen, params, me) {
  const current = ADMIN_SCREENS.includes(screen) ? screen : "positions";
  const body = h("div", { id: `admin-${current}` });
  main.replaceChildren(h("h1", {}, `${t("admin")} · ${t(`admin_${current}`)}`), tabs(current), body);
  if (!me.is_hq) { body.append(h("p", { class: "state" }, t("hqOnlyAdmin"))); return; }
  ({ positions: positionsScreen, notifications: notificationsScreen, users: usersScreen, audit: auditScreen, letters: offerLettersScreen,
    integrations: integrationsScreen, training: trainingAdminScreen })[current](body, params, me);
}

// ------------------------------------------------------------------ positions
function positionsScreen(body, params) {
  const editor = h("div", { id: "position-editor" });
  const list = h("div");
  body.append(list, editor);
  load(list, async () => {
    const [positions, branches] = await Promise.all([api("/positions"), api("/branches")]);
    const branchName = Object.fromEntries(branches.map((b) => [b.id, named(b, "name", "name_zh")]));
    if (!positions.length) return empty();
    const chosen = params.get("id");
    if (chosen) positionEditor(editor, chosen);
    return h("table", { class: "grid" },
      h("thead", {}, h("tr", {}, ...[t("position"), t("branch"), t("dimensions"), t("openPosition")].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, ...positions.map((p) => h("tr", {},
        h("td", {}, h("a", { href: `#/admin/positions?id=${encodeURIComponent(p.id)}` }, named(p, "title", "title_zh"))),
        h("td", {}, branchName[p.branch_id] || p.branch_id),
        h("td", {}, p.competency_model.dimensions.map((d) => `${named(d, "name", "name_zh")} ${Math.round(d.weight * 100)}%`).join("，")),
        h("td", {}, p.open ? t("yes") : t("no"))))));
  });
}

function dimensionRow(d = { key: "", name: "", name_zh: "", weight: 0, pass_line: null }) {
  return h("tr", { class: "dimension" },
    h("td", {}, h("input", { name: "key", value: d.key, required: true, size: 14, "aria-label": t("dimensionKey") })),
    h("td", {}, h("input", { name: "name", value: d.name, required: true, "aria-label": t("nameEn") })),
    h("td", {}, h("input", { name: "name_zh", value: d.name_zh || "", "aria-label": t("nameZh") })),
    h("td", {}, h("input", { name: "weight", type: "number", min: 0, max: 100, step: 1, value: Math.round(d.weight * 100), required: true, "aria-label": t("weightPercent") })),
    h("td", {}, h("input", { name: "pass_line", type: "number", min: 0, max: 100, step: 1, size: 4, value: d.pass_line ?? "", placeholder: String(DEFAULT_LINE), "aria-label": t("trLine") })),
    h("td", {}, h("button", { type: "button", class: "link", onclick: (e) => e.target.closest("tr").remove() }, t("remove"))));
}

function positionEditor(editor, id) {
  load(editor, async () => {
    const position = await api(`/positions/${encodeURIComponent(id)}`);
    const aiOff = h("div", { id: "ai-switch-note" }); // HQ switched AI scoring off (ai-switch.js)
    aiSwitchNote(position.branch_id, position.id).then((note) => note && aiOff.replaceChildren(note));
    const message = h("div", { "aria-live": "polite" });
    const rows = h("tbody", {}, ...position.competency_model.dimensions.map((d) => dimensionRow(d)));
    const total = h("span", { id: "weight-total" });
    const sum = () => [...rows.querySelectorAll("[name=weight]")].reduce((s, i) => s + Number(i.value || 0), 0);
    const showTotal = () => { total.textContent = t("weightTotal", sum()); total.className = sum() === 100 ? "ok" : "error"; };
    rows.addEventListener("input", showTotal);
    const form = h("form", { class: "card wide", onsubmit: async (event) => {
      event.preventDefault();
      const value = (name) => form.querySelector(`[name=${name}]`);
      const ai = Number(value("ai_weight").value);
      const change = {
        revision: position.revision, title: value("title").value.trim(),
        title_zh: value("title_zh").value.trim() || null, open: value("open").checked,
        score_weights: { ai: ai / 100, human: (100 - ai) / 100 },
        competency_model: { dimensions: [...rows.querySelectorAll("tr")].map((row) => {
          const field = (name) => row.querySelector(`[name=${name}]`).value.trim();
          return { key: field("key"), name: field("name"), name_zh: field("name_zh") || null, weight: Number(field("weight")) / 100,
            pass_line: field("pass_line") === "" ? null : Number(field("pass_line")) };
        }) },
        ...sharePercentileChange(form),
      };
      try {
        const updated = await api(`/positions/${encodeURIComponent(id)}`, json("PATCH", change));
        position.revision = updated.revision;
        message.replaceChildren(saved());
      } catch (error) { message.replaceChildren(refusal(error)); }
    } },
      h("h2", {}, `${t("editPosition")}: ${named(position, "title", "title_zh")}`),
      aiOff,
      h("label", {}, t("titleEn"), h("input", { name: "title", value: position.title, required: true })),
      h("label", {}, t("titleZh"), h("input", { name: "title_zh", value: position.title_zh || "" })),
      h("label", { class: "inline" }, h("input", { type: "checkbox", name: "open", checked: position.open }), ` ${t("openPosition")}`),
      h("label", {}, t("aiWeight"), h("input", { name: "ai_weight", type: "number", min: 0, max: 100, step: 5, value: Math.round(position.score_weights.ai * 100) })),
      h("p", { class: "state" }, t("aiWeightHint")),
      ...sharePercentileField(position),
      h("h3", {}, t("competencyModel")),
      h("div", { class: "scroll" }, h("table", { class: "grid" },
        h("thead", {}, h("tr", {}, ...[t("dimensionKey"), t("nameEn"), t("nameZh"), t("weightPercent"), t("trLine"), ""].map((x) => h("th", { scope: "col" }, x)))), rows)),
      h("p", { class: "hint" }, t("trLineHint", DEFAULT_LINE)),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary", onclick: () => { rows.append(dimensionRow()); showTotal(); } }, t("addDimension")), total,
        h("button", { type: "submit" }, t("save"))), message);
    showTotal();
    return form;
  });
}

// ------------------------------------------------------------------ notification texts
function notificationsScreen(body, params) {
  const editor = h("div", { id: "notification-editor" });
  const list = h("div");
  body.append(list, editor);
  load(list, async () => {
    const texts = await api("/notification-templates");
    const chosen = params.get("id");
    if (chosen) notificationEditor(editor, chosen);
    return [h("table", { class: "grid" },
      h("thead", {}, h("tr", {}, ...[t("event"), t("channel"), t("language"), t("subjectOrText")].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, ...texts.map((text) => h("tr", { "data-text": text.id, class: text.enabled === false ? "disabled" : null },
        h("td", {}, h("a", { href: `#/admin/notifications?id=${encodeURIComponent(text.id)}` }, t("events")[text.event] || text.event)),
        h("td", {}, t("channels")[text.channel] || text.channel, text.enabled === false ? ` (${t("robotTextOff")})` : ""),
        h("td", {}, text.locale === "zh" ? "中文" : "English"),
        h("td", {}, (text.subject || text.body).trim().slice(0, 60)))))), newRobotText(texts)];
  });
}

// A group-robot text for a staff event that has none yet (the editor opens on it).
function newRobotText(texts) {
  const have = new Set(texts.map((x) => x.id));
  const said = h("div", { "aria-live": "polite" });
  const pick = (name, values, label) => h("select", { name, "aria-label": label }, ...values.map(([v, text]) => h("option", { value: v }, text)));
  const form = h("form", { class: "filters", id: "new-robot-text", onsubmit: async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form).entries());
    const id = `${values.event}-${values.channel}-${values.locale}`;
    if (have.has(id)) { location.hash = `#/admin/notifications?id=${encodeURIComponent(id)}`; return; }
    const body = { id, ...values, body: `### ${t("events")[values.event] || values.event}: {candidate_name}\n**{position}** · {branch}\n\n[{candidate_name}]({candidate_link})` };
    try {
      await api("/notification-templates", json("POST", body));
      location.hash = `#/admin/notifications?id=${encodeURIComponent(id)}`;
    } catch (error) { said.replaceChildren(refusal(error)); }
  } },
    h("strong", {}, t("newRobotText")),
    pick("event", STAFF_EVENTS.map((e) => [e, t("events")[e] || e]), t("event")),
    pick("channel", ROBOT_CHANNELS.map((c) => [c, t("channels")[c]]), t("channel")),
    pick("locale", [["zh", "中文"], ["en", "English"]], t("language")),
    h("button", { type: "submit" }, t("createRobotText")));
  return h("div", { class: "card wide" }, form, h("p", { class: "hint" }, t("robotTextHelp")), said);
}

function notificationEditor(editor, id) {
  load(editor, async () => {
    const text = await api(`/notification-templates/${encodeURIComponent(id)}`);
    const message = h("div", { "aria-live": "polite" });
    const preview = h("div", { id: "notification-preview", class: "previews" });
    const subject = text.channel === "email" ? h("input", { name: "subject", value: text.subject || "", required: true }) : null;
    const bodyField = h("textarea", { name: "body", rows: 8, required: true }, text.body);
    const robot = ROBOT_CHANNELS.includes(text.channel);
    const enabled = robot ? h("input", { type: "checkbox", name: "enabled", checked: text.enabled !== false }) : null;
    const draft = () => ({ ...(subject ? { subject: subject.value } : {}), body: bodyField.value });
    const showPreview = async () => {
      try {
        const rendered = await api(`/notification-templates/${encodeURIComponent(id)}/preview`, json("POST", draft()));
        preview.replaceChildren(...rendered.map((p) => h("article", { class: "card preview", lang: p.locale === "zh" ? "zh-CN" : "en", "data-locale": p.locale },
          h("h3", {}, `${p.locale === "zh" ? "中文" : "English"}${p.draft ? ` · ${t("unsavedDraft")}` : ""}`),
          p.subject ? h("p", {}, h("strong", {}, p.subject)) : null,
          h("pre", { class: "message-body" }, p.body.trim()))));
      } catch (error) { preview.replaceChildren(refusal(error)); }
    };
    const form = h("form", { class: "card wide", onsubmit: async (event) => {
      event.preventDefault();
      try {
        const change = { ...draft(), revision: text.revision, ...(enabled ? { enabled: enabled.checked } : {}) };
        const updated = await api(`/notification-templates/${encodeURIComponent(id)}`, json("PUT", change));
        text.revision = updated.revision;
        message.replaceChildren(saved());
        showPreview();
      } catch (error) { message.replaceChildren(refusal(error)); }
    } },
      h("h2", {}, `${t("events")[text.event] || text.event} · ${t("channels")[text.channel]} · ${text.locale === "zh" ? "中文" : "English"}`),
      subject ? h("label", {}, t("subject"), subject) : null,
      enabled ? h("label", { class: "inline" }, enabled, ` ${t("robotTextOn")}`) : null,
      h("label", {}, t("messageText"), bodyField),
      robot ? h("p", { class: "hint" }, t("robotTextHint")) : null,
      h("p", { class: "state" }, t("placeholdersHint")),
      h("div", { class: "actions" }, h("button", { type: "button", class: "secondary", onclick: showPreview }, t("preview")),
        h("button", { type: "submit" }, t("save"))), message, preview);
    showPreview();
    return form;
  });
}

// ------------------------------------------------------------------ users and branches
function usersScreen(body, params, me) {
  const admin = me.roles.includes("hq_admin");
  load(body, async () => {
    const [users, branches] = await Promise.all([api("/users"), api("/branches")]);
    const branchOptions = (selected) => branches.map((b) => h("option", { value: b.id, selected: b.id === selected }, named(b, "name", "name_zh")));
    const roleOptions = (selected) => ROLES.map((r) => h("option", { value: r, selected: r === selected }, roleName(r)));
    const rows = users.map((user) => {
      const message = h("span", { "aria-live": "polite" });
      const role = h("select", { name: "role", disabled: !admin, "aria-label": t("role") }, ...roleOptions(user.role));
      const branch = h("select", { name: "branch_id", disabled: !admin, "aria-label": t("branch") }, ...branchOptions(user.branch_id));
      const enabled = h("input", { type: "checkbox", name: "enabled", checked: user.enabled !== false, disabled: !admin, "aria-label": t("accountEnabled") });
      const save = h("button", { type: "button", class: "secondary", onclick: async () => {
        save.disabled = true;
        try {
          const updated = await api(`/users/${encodeURIComponent(user.user_id)}`, json("PATCH",
            { role: role.value, branch_id: branch.value, enabled: enabled.checked, revision: user.revision }));
          user.revision = updated.revision;
          message.replaceChildren(saved());
        } catch (error) { message.replaceChildren(refusal(error)); } finally { save.disabled = false; }
      } }, t("save"));
      return h("tr", { "data-username": user.username, class: user.enabled === false ? "disabled" : null },
        h("td", {}, user.display_name, h("br"), h("small", {}, user.username)), h("td", {}, user.email || ""),
        h("td", {}, role), h("td", {}, branch), h("td", {}, enabled), h("td", {}, admin ? save : null, message));
    });
    const created = h("div", { "aria-live": "polite" });
    const newUser = h("form", { class: "card", id: "new-user", onsubmit: async (event) => {
      event.preventDefault();
      const values = Object.fromEntries(new FormData(newUser).entries());
      try {
        await api("/users", json("POST", values));
        created.replaceChildren(saved(t("userCreated", values.username)));
        setTimeout(() => usersScreen(body, params, me), 600);
      } catch (error) { created.replaceChildren(refusal(error)); }
    } }, h("h2", {}, t("newUser")),
      h("label", {}, t("username"), h("input", { name: "username", required: true, pattern: "[a-z0-9][a-z0-9._\\-]{2,63}" })),
      h("label", {}, t("displayName"), h("input", { name: "display_name", required: true })),
      h("label", {}, t("email"), h("input", { name: "email", type: "email", required: true })),
      h("label", {}, t("role"), h("select", { name: "role", "aria-label": t("role") }, ...roleOptions("interviewer"))),
      h("label", {}, t("branch"), h("select", { name: "branch_id", "aria-label": t("branch") }, ...branchOptions(branches.find((b) => !b.is_hq)?.id))),
      h("div", { class: "actions" }, h("button", { type: "submit" }, t("createUser"))), created);
    return [
      admin ? null : h("p", { class: "state" }, t("adminOnlyUsers")),
      h("div", { class: "scroll" }, h("table", { class: "grid", id: "users" },
        h("thead", {}, h("tr", {}, ...[t("name"), t("email"), t("role"), t("branch"), t("accountEnabled"), ""].map((x) => h("th", { scope: "col" }, x)))),
        h("tbody", {}, ...rows))),
      h("div", { class: "cards" }, admin ? newUser : null, branchesCard(branches, admin, () => usersScreen(body, params, me))),
    ].filter(Boolean);
  });
}

function branchesCard(branches, admin, reload) {
  const message = h("div", { "aria-live": "polite" });
  const rows = branches.map((branch) => {
    const nameZh = h("input", { name: "name_zh", value: branch.name_zh || "", disabled: !admin, "aria-label": `${t("nameZh")} ${branch.id}` });
    const name = h("input", { name: "name", value: branch.name, disabled: !admin, "aria-label": `${t("nameEn")} ${branch.id}` });
    return h("tr", { "data-branch": branch.id }, h("td", {}, branch.id), h("td", {}, name), h("td", {}, nameZh),
      h("td", {}, admin ? h("button", { type: "button", class: "secondary", onclick: async () => {
        try {
          const updated = await api(`/branches/${branch.id}`, json("PATCH", { name: name.value, name_zh: nameZh.value || null, revision: branch.revision }));
          branch.revision = updated.revision;
          message.replaceChildren(saved());
        } catch (error) { message.replaceChildren(refusal(error)); }
      } }, t("save")) : null));
  });
  const form = h("form", { class: "filters", onsubmit: async (event) => {
    event.preventDefault();
    const values = Object.fromEntries([...new FormData(form).entries()].filter(([, v]) => v));
    try { await api("/branches", json("POST", values)); reload(); } catch (error) { message.replaceChildren(refusal(error)); }
  } },
    h("label", {}, t("branchId"), h("input", { name: "id", required: true, pattern: "[a-z0-9][a-z0-9\\-]{0,39}", size: 10 })),
    h("label", {}, t("nameEn"), h("input", { name: "name", required: true, size: 12 })),
    h("label", {}, t("nameZh"), h("input", { name: "name_zh", size: 10 })),
    h("button", { type: "submit" }, t("createBranch")));
  return h("section", { class: "card", id: "branches" }, h("h2", {}, t("branches")),
    h("table", { class: "grid" }, h("thead", {}, h("tr", {}, ...["ID", t("nameEn"), t("nameZh"), ""].map((x) => h("th", { scope: "col" }, x)))), h("tbody", {}, ...rows)),
    admin ? form : null, message);
}

// ------------------------------------------------------------------ audit trail
const FILTERS = ["actor", "candidate_id", "action", "date_from", "date_to", "branch_id"];

function actionName(action) { return t("actions")[action] || readActionName(action) || action; }

function auditScreen(body, params) {
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) || ""]));
  const results = h("div", { class: "results", id: "audit-results" });
  const people = h("select", { name: "actor", id: "audit-actor", "aria-label": t("person") }, h("option", { value: "" }, t("all")));
  const branches = h("select", { name: "branch_id", id: "audit-branch", "aria-label": t("branch") }, h("option", { value: "" }, t("all")));
  const actions = h("select", { name: "action", id: "audit-action", "aria-label": t("action") }, h("option", { value: "" }, t("all")),
    ...[...READ_ACTIONS, ...Object.keys(t("actions"))].map((a) => h("option", { value: a, selected: filters.action === a }, actionName(a))));
  const form = h("form", { class: "filters", role: "search", onsubmit: (event) => {
    event.preventDefault();
    const data = new URLSearchParams([...new FormData(form).entries()].filter(([, v]) => v));
    location.hash = `#/admin/audit${data.toString() ? `?${data}` : ""}`;
  } },
    h("label", {}, t("person"), people),
    h("label", {}, t("candidateId"), h("input", { name: "candidate_id", value: filters.candidate_id, size: 20 })),
    h("label", {}, t("action"), actions),
    h("label", {}, t("dateFrom"), h("input", { type: "date", name: "date_from", value: filters.date_from })),
    h("label", {}, t("dateTo"), h("input", { type: "date", name: "date_to", value: filters.date_to })),
    h("label", {}, t("branch"), branches),
    h("button", { type: "submit" }, t("filter")));
  body.append(personLookup(), form, results);
  // The chosen person and branch are options at once, so a filter sent before the
  // lists arrive keeps them; the lists then replace them with their full names.
  const chosen = (select, value) => { if (value) select.append(h("option", { value, selected: true }, value)); };
  chosen(people, filters.actor);
  chosen(branches, filters.branch_id);
  const fill = (select, options) => select.replaceChildren(select.options[0], ...options);
  api("/users").then((users) => fill(people, users.map((u) => h("option", { value: u.username, selected: filters.actor === u.username }, `${u.display_name} (${u.username})`)))).catch(() => {});
  api("/branches").then((list) => fill(branches, list.map((b) => h("option", { value: b.id, selected: filters.branch_id === b.id }, named(b, "name", "name_zh"))))).catch(() => {});
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  const pages = [];
  function page(cursor) {
    load(results, async () => {
      const q = new URLSearchParams(query);
      q.set("limit", "25");
      if (cursor) q.set("cursor", cursor);
      const listing = await api(`/audit/search?${q}`);
      const nav = h("nav", { class: "pager", "aria-label": "pages" },
        pages.length ? h("button", { type: "button", class: "secondary", onclick: () => { pages.pop(); page(pages[pages.length - 1] || null); } }, t("previousPage")) : null,
        h("span", { class: "state" }, t("pageNumber", pages.length + 1)),
        listing.cursor ? h("button", { type: "button", onclick: () => { pages.push(listing.cursor); page(listing.cursor); } }, t("next")) : null);
      if (!listing.items.length) return [empty(t("noAuditEntries")), nav];
      const change = (entry) => {
        const noise = ["search", "updated_at", "revision"];
        const keys = Object.keys(entry.after || entry.before || {}).filter((k) => !noise.includes(k));
        return keys.slice(0, 6).map((k) => `${k}: ${JSON.stringify((entry.before || {})[k] ?? "")} → ${JSON.stringify((entry.after || {})[k] ?? "")}`).join("\n");
      };
      return [h("div", { class: "scroll" }, h("table", { class: "grid", id: "audit" },
        h("thead", {}, h("tr", {}, ...[t("when"), t("person"), t("action"), t("object"), t("branch"), t("change")].map((x) => h("th", { scope: "col" }, x)))),
        h("tbody", {}, ...listing.items.map((e) => h("tr", { "data-action": e.action },
          h("td", {}, when(e.at)), h("td", {}, e.actor), h("td", {}, actionName(e.action)),
          h("td", {}, e.entity === "candidate" ? h("a", { href: `#/candidates/${e.entity_id}` }, e.entity_id) : e.entity_id),
          h("td", {}, e.branch_id), h("td", {}, h("pre", { class: "change" }, change(e)))))))), nav];
    });
  }
  page(null);
}
