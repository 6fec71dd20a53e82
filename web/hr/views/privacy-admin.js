// HQ's privacy administration (docs/privacy.md "Consent and notice", "Retention"): the
// jurisdictions (minimum notice, consents asked), their notice versions and publishing the
// next one in Chinese and English side by side, each branch's jurisdiction; the retention
// policies (data classes × the company default and each branch's override) and the
// sweeps' receipts. Branch HR see their branch's jurisdiction, notice and effective
// policies read-only; the API refuses changes whatever the page offers.
import { api } from "/shared/auth.js";
import { placeName } from "../i18n.js";
import { tpa, tpaName } from "../i18n-privacy-admin.js";
import { can, empty, failure, h, load, when } from "../ui.js";

const TABS = ["notices", "retention"];
const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const enc = encodeURIComponent;
const status = (text) => h("p", { class: "state ok", role: "status" }, text);
const jurisdictionName = (j) => placeName(j.name, j.name_zh) || j.id;
const branchName = (b) => placeName(b.name, b.name_zh) || b.id;

export function privacyAdminView(main, tab, me) {
  const current = TABS.includes(tab) ? tab : "notices";
  const body = h("div", { id: `privacy-${current}` });
  main.replaceChildren(h("h1", {}, tpa("title")),
    h("nav", { class: "tabs", "aria-label": tpa("title") }, ...TABS.map((name) => h("a", {
      href: `#/privacy/${name}`, "aria-current": name === current ? "page" : null,
    }, tpa(name === "notices" ? "tabNotices" : "tabRetention")))), body);
  (current === "notices" ? noticesScreen : retentionScreen)(body, me);
}

// ------------------------------------------------------------------ notices
function noticesScreen(body, me) {
  const hq = can(me, "privacy.manage");
  const detail = h("div", { id: "jurisdiction-detail" });
  const list = h("div");
  body.append(list, detail);
  const render = (flash) => load(list, async () => {
    const [jurisdictions, branches] = await Promise.all([api("/privacy/jurisdictions"), hq ? api("/branches") : []]);
    if (!jurisdictions.length) return empty(tpa("noJurisdictions"));
    if (!hq) { jurisdictionDetail(detail, jurisdictions[0], false, render); return h("p", { class: "hint" }, tpa("readOnlyNotice")); }
    const names = Object.fromEntries(branches.map((b) => [b.id, branchName(b)]));
    return [flash ? status(flash) : null, h("h2", {}, tpa("jurisdictions")),
      h("div", { class: "table-wrap" }, h("table", { class: "grid", id: "jurisdictions" },
        h("thead", {}, h("tr", {}, ...[tpa("jurisdiction"), tpa("minNotice"), tpa("purposesAsked"), tpa("latest"), tpa("branchesUnder"), ""]
          .map((x) => h("th", { scope: "col" }, x)))),
        h("tbody", {}, ...jurisdictions.map((j) => h("tr", { "data-jurisdiction": j.id },
          h("td", {}, jurisdictionName(j), j.built_in ? h("small", { class: "hint" }, ` (${tpa("builtIn")})`) : null),
          h("td", {}, tpa("minNoticeDays", j.min_notice_business_days)),
          h("td", {}, j.purposes.map((p) => tpaName("purpose", p)).join(" · ")),
          h("td", {}, j.latest_version ? tpa("version", j.latest_version) : "—"),
          h("td", {}, j.branches.map((b) => names[b] || b).join("，") || "—"),
          h("td", {}, h("button", { type: "button", class: "secondary", onclick: () => jurisdictionDetail(detail, j, true, render) }, tpa("open")))))))),
      ...mappingTable(jurisdictions, branches.filter((b) => !b.is_hq), render)];
  });
  render("");
}

function mappingTable(jurisdictions, branches, reload) {
  const of = Object.fromEntries(jurisdictions.flatMap((j) => j.branches.map((b) => [b, j.id])));
  return [h("h2", {}, tpa("mapping")), h("div", { class: "table-wrap" }, h("table", { class: "grid", id: "branch-mapping" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, tpa("branch")), h("th", { scope: "col" }, tpa("jurisdiction")), h("th", {}, ""))),
    h("tbody", {}, ...branches.map((b) => {
      const said = h("span", { "aria-live": "polite" });
      const select = h("select", { "aria-label": `${tpa("jurisdiction")} · ${branchName(b)}`, onchange: async () => {
        try {
          await api(`/privacy/branches/${enc(b.id)}`, json("PUT", { jurisdiction_id: select.value }));
          reload(tpa("mapped", select.selectedOptions[0].textContent));
        } catch (error) { said.replaceChildren(failure(error)); }
      } }, ...jurisdictions.map((j) => h("option", { value: j.id, selected: of[b.id] === j.id }, jurisdictionName(j))));
      return h("tr", { "data-branch": b.id }, h("td", {}, branchName(b)), h("td", {}, select), h("td", {}, said));
    }))))];
}

function jurisdictionDetail(detail, jurisdiction, hq, reloadList) {
  const render = (flash) => load(detail, async () => {
    const versions = await api(`/privacy/jurisdictions/${enc(jurisdiction.id)}/notices`);
    return [h("h2", {}, tpa("versions", jurisdictionName(jurisdiction))), flash ? status(flash) : null,
      hq ? jurisdictionForm(jurisdiction, (saved) => { reloadList(tpa("saved")); jurisdictionDetail(detail, saved, hq, reloadList); }) : h("p", {}, `${tpa("minNotice")}: ${tpa("minNoticeDays", jurisdiction.min_notice_business_days)}`),
      h("ol", { class: "notice-versions", reversed: true }, ...versions.map((v, index) => h("li", { "data-version": v.version },
        h("details", { open: index === 0 && !hq },
          h("summary", {}, h("strong", {}, tpa("version", v.version)), " · ",
            tpa("publishedBy", when(v.published_at), v.published_by === "seed" ? tpa("seed") : v.published_by)),
          noticeText(v))))),
      hq && versions.length ? publishForm(jurisdiction, versions[0], (said) => { render(said); reloadList(""); }) : null];
  });
  render("");
  detail.scrollIntoView?.({ block: "start" });
}

function noticeText(version) {
  const pair = (label, text) => h("div", { class: "notice-text" }, h("h4", {}, label),
    h("div", { class: "side-by-side" }, h("p", { lang: "zh-CN" }, text.zh), h("p", { lang: "en" }, text.en)));
  return h("div", {}, pair(tpa("general"), version.general),
    ...Object.entries(version.purposes).map(([p, text]) => pair(tpaName("purpose", p), text)));
}

function jurisdictionForm(j, onSaved) {
  const said = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "jurisdiction-form", onsubmit: async (event) => {
    event.preventDefault();
    const purposes = [...form.querySelectorAll("input[name=purpose]:checked")].map((x) => x.value);
    try {
      onSaved(await api(`/privacy/jurisdictions/${enc(j.id)}`, json("PUT", { name: form.name_en.value.trim(),
        name_zh: form.name_zh.value.trim() || null, min_notice_business_days: Number(form.min_notice.value), purposes })));
    } catch (error) { said.replaceChildren(failure(error)); }
  } },
  h("label", {}, tpa("nameEn"), h("input", { name: "name_en", value: j.name, required: true, maxlength: 100 })),
  h("label", {}, tpa("nameZh"), h("input", { name: "name_zh", value: j.name_zh || "", maxlength: 100 })),
  h("label", {}, tpa("minNotice"), h("input", { name: "min_notice", type: "number", min: 0, max: 60, value: j.min_notice_business_days, required: true })),
  h("fieldset", {}, h("legend", {}, tpa("purposesAsked")), ...["recording", "ai_analysis", "talent_pool", "transfer"].map((p) =>
    h("label", { class: "inline" }, h("input", { type: "checkbox", name: "purpose", value: p, checked: j.purposes.includes(p) }), " ", tpaName("purpose", p)))),
  h("button", { type: "submit" }, tpa("save")), said);
  return h("details", {}, h("summary", {}, tpa("edit")), form);
}

function publishForm(jurisdiction, latest, reload) {
  const said = h("div", { "aria-live": "polite" });
  const pair = (key, label, text = { zh: "", en: "" }) => h("fieldset", { class: "notice-pair", "data-text": key },
    h("legend", {}, label), h("div", { class: "side-by-side" },
      h("label", {}, `${label} · ${tpa("textZh")}`, h("textarea", { name: `${key}.zh`, lang: "zh-CN", rows: 6, required: true, maxlength: 4000 }, text.zh)),
      h("label", {}, `${label} · ${tpa("textEn")}`, h("textarea", { name: `${key}.en`, lang: "en", rows: 6, required: true, maxlength: 4000 }, text.en))));
  const form = h("form", { id: "publish-notice", onsubmit: async (event) => {
    event.preventDefault();
    const read = (key) => ({ zh: form.elements[`${key}.zh`].value.trim(), en: form.elements[`${key}.en`].value.trim() });
    try {
      const published = await api(`/privacy/jurisdictions/${enc(jurisdiction.id)}/notices`, json("POST", {
        general: read("general"), purposes: Object.fromEntries(jurisdiction.purposes.map((p) => [p, read(p)])) }));
      reload(tpa("published", published.version));
    } catch (error) { said.replaceChildren(failure(error)); }
  } },
  h("h3", {}, tpa("publish")), h("p", { class: "hint" }, tpa("neverEdited")),
  pair("general", tpa("general"), latest.general),
  ...jurisdiction.purposes.map((p) => pair(p, tpaName("purpose", p), latest.purposes[p])),
  h("button", { type: "submit" }, tpa("publishButton")), said);
  return form;
}

// ------------------------------------------------------------------ retention
const slotOf = (p) => `${p.data_class}:${p.counted_from}`;
const SOURCES = { default: "sourceDefault", company: "sourceCompany", branch: "sourceBranch" };
const policyWords = (p) => `${tpa("daysValue", p.days)} · ${tpaName("actions", p.action)}`;

function retentionScreen(body, me) {
  const hq = can(me, "retention.edit");
  const policies = h("div", { id: "retention-policies" });
  const receipts = h("div", { id: "sweep-receipts" });
  body.append(h("h2", {}, tpa("policies")), h("p", { class: "hint" }, tpa("policiesIntro")), policies);
  const render = (flash) => load(policies, async () => {
    const [found, branches] = await Promise.all([api("/privacy/retention-policies"), hq ? api("/branches") : []]);
    return [flash ? status(flash) : null, ...(hq ? [policyGrid(found, branches.filter((b) => !b.is_hq), render)] : ownPolicies(found))];
  });
  render("");
  if (!hq) return;
  body.append(h("h2", {}, tpa("receipts")), h("p", { class: "hint" }, tpa("receiptsIntro")), receipts);
  load(receipts, async () => {
    const runs = await api("/privacy/retention-receipts");
    return runs.length ? runs.map(receipt) : empty(tpa("noReceipts"));
  });
}

function slotCells(p) {
  return [h("th", { scope: "row" }, tpaName("classes", p.data_class)), h("td", {}, tpaName("events", p.counted_from))];
}

function ownPolicies(found) {
  return [h("p", { class: "hint" }, tpa("readOnlyRetention")), h("div", { class: "table-wrap" }, h("table", { class: "grid", id: "retention-table" },
    h("thead", {}, h("tr", {}, ...[tpa("dataClass"), tpa("countedFrom"), tpa("days"), tpa("action"), ""].map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, ...found.map((p) => h("tr", { "data-slot": slotOf(p) }, ...slotCells(p),
      h("td", {}, tpa("daysValue", p.days)), h("td", {}, tpaName("actions", p.action)),
      h("td", {}, h("small", { class: "hint" }, tpa(SOURCES[p.source]))))))))];
}

// Rows: the data classes (each with what it is counted from); columns: the company's
// default and each branch's override ("company default" where it has none).
function policyGrid(found, branches, reload) {
  const company = found.filter((p) => p.branch_id === "*");
  const override = Object.fromEntries(found.filter((p) => p.branch_id !== "*").map((p) => [`${p.branch_id}|${slotOf(p)}`, p]));
  const cell = (p, branchId, label) => {
    const own = branchId === "*" ? p : override[`${branchId}|${slotOf(p)}`];
    return h("td", { "data-branch": branchId, class: own && branchId !== "*" ? "override" : "" },
      own ? policyWords(own) : h("span", { class: "hint" }, tpa("inherits")), " ",
      h("button", { type: "button", class: "link", "aria-label": `${tpa("edit")} · ${tpaName("classes", p.data_class)} · ${label}`,
        onclick: () => policyDialog(p, own || p, branchId, label, reload) }, tpa("edit")));
  };
  return h("div", { class: "table-wrap" }, h("table", { class: "grid", id: "retention-table" },
    h("thead", {}, h("tr", {}, ...[tpa("dataClass"), tpa("countedFrom"), tpa("companyDefault"), ...branches.map(branchName)].map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, ...company.map((p) => h("tr", { "data-slot": slotOf(p) }, ...slotCells(p),
      cell(p, "*", tpa("companyDefault")), ...branches.map((b) => cell(p, b.id, branchName(b))))))));
}

// The edit dialog stays open on a refusal, with the reason in the reader's language
// (e.g. audit entries below the legal minimum).
function policyDialog(slot, current, branchId, label, reload) {
  const said = h("div", { "aria-live": "polite" });
  const title = tpa("editPolicy", tpaName("classes", slot.data_class), label);
  const form = h("form", { method: "dialog" }, h("h2", {}, title), h("p", { class: "hint" }, tpaName("events", slot.counted_from)),
    h("label", {}, tpa("days"), h("input", { name: "days", type: "number", min: 0, max: 36500, value: current.days, required: true })),
    h("label", {}, tpa("action"), h("select", { name: "action" }, ...["delete", "anonymise", "archive"].map((a) =>
      h("option", { value: a, selected: a === current.action }, tpaName("actions", a))))),
    said,
    h("div", { class: "actions" },
      h("button", { type: "button", class: "secondary", onclick: () => dialog.close() }, tpa("cancel")),
      h("button", { type: "submit" }, tpa("save"))));
  const dialog = h("dialog", { "aria-label": title, id: "retention-dialog" }, form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api(`/privacy/retention-policies/${enc(branchId)}/${enc(slot.data_class)}/${enc(slot.counted_from)}`,
        json("PUT", { days: Number(form.elements.days.value), action: form.elements.action.value }));
      dialog.close();
      reload(tpa("saved"));
    } catch (error) { said.replaceChildren(failure(error)); }
  });
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}

function receipt(run) {
  const sum = (key) => run.lines.reduce((total, line) => total + line[key], 0);
  return h("details", { class: "sweep-receipt", "data-run": run.run_for },
    h("summary", {}, h("strong", {}, tpa("runFor", when(run.run_for))), " · ",
      run.finished_at ? tpa("totals", sum("subjects"), sum("items"), sum("held")) : tpa("running")),
    h("div", { class: "table-wrap" }, h("table", { class: "grid" },
      h("thead", {}, h("tr", {}, ...[tpa("policy"), tpa("subjects"), tpa("items"), tpa("held")].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, ...run.lines.map((line) => h("tr", {},
        h("td", {}, `${tpaName("classes", line.data_class)} · ${tpaName("events", line.counted_from)} · ${policyWords(line)}`,
          line.policy_branch !== "*" ? h("small", { class: "hint" }, ` (${line.policy_branch})`) : null),
        h("td", {}, line.subjects), h("td", {}, line.items), h("td", {}, line.held)))))));
}
