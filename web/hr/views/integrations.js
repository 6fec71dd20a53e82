// Administration → Integrations: webhook subscriptions (the HQ admin: ``integrations.edit``)
// and the group robots of a branch (HR: ``robots.edit``; branch HR reach their own
// branch's from the "Group robots" link, views/integrations.js's robotsView). The API
// checks both whatever the page shows; secrets are write-only (a webhook's is shown
// once, when made or rotated; a robot's address is shown masked).
import { api } from "/shared/auth.js";
import { placeName, t } from "../i18n.js";
import { can, confirmDialog, empty, failure, h, load, when } from "../ui.js";

const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const KINDS = ["dingtalk", "wecom"];
const ok = (text) => h("p", { class: "ok", role: "status" }, text);

export function integrationsScreen(body, params, me) {
  if (can(me, "integrations.edit")) {
    const webhooks = h("section", { id: "webhooks", "aria-labelledby": "webhooks-title" });
    body.append(webhooks);
    webhooksSection(webhooks, params);
  }
  if (can(me, "robots.edit")) {
    const robots = h("section", { id: "robots", "aria-labelledby": "robots-title" });
    body.append(robots);
    robotsSection(robots, params, me);
  }
}

// Branch HR's own screen (they have no Administration).
export function robotsView(main, params, me) {
  const robots = h("section", { id: "robots", "aria-labelledby": "robots-title" });
  main.replaceChildren(h("h1", {}, t("robotsNav")), robots);
  robotsSection(robots, params, me);
}

// ------------------------------------------------------------------ webhooks
function webhooksSection(section, params) {
  const flash = h("div", { "aria-live": "polite" });
  const list = h("div", { class: "card wide" });
  const log = h("div", { id: "webhook-log" });
  const form = h("div");
  section.replaceChildren(h("h2", { id: "webhooks-title" }, t("webhooksTitle")), h("p", { class: "hint" }, t("webhooksHelp")), flash, list, log, form);
  const reload = (message = "") => {
    flash.replaceChildren(message ? (message instanceof Node ? message : ok(message)) : "");
    load(list, render);
  };
  async function render() {
    const [subscriptions, types] = await Promise.all([api("/webhooks"), api("/webhook-event-types")]);
    newWebhookForm(form, types, (created) => { reload(secretPanel(created.secret, created.subscription.name)); });
    const chosen = params.get("webhook");
    const shown = subscriptions.find((s) => s.id === chosen);
    if (shown) deliveryLog(log, shown);
    if (!subscriptions.length) return empty(t("noWebhooks"));
    return h("table", { class: "grid cards-on-phone", id: "webhook-list" },
      h("thead", {}, h("tr", {}, ...[t("webhookName"), t("webhookUrl"), t("webhookEvents"), t("deliveryStatus"), ""].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, ...subscriptions.map((s) => h("tr", { "data-webhook": s.id, class: s.enabled ? null : "disabled" },
        h("td", { "data-label": t("webhookName") }, s.name, h("br"), h("small", {}, `${t("webhookCreated")} ${when(s.created_at)} · ${s.created_by}`)),
        h("td", { "data-label": t("webhookUrl") }, h("code", {}, s.url)),
        h("td", { "data-label": t("webhookEvents") }, s.event_types.length ? s.event_types.join(", ") : t("allEvents")),
        h("td", { "data-label": t("deliveryStatus") }, s.enabled ? t("webhookEnabled") : t("webhookOff")),
        h("td", {}, h("div", { class: "actions" },
          h("button", { type: "button", class: "link", onclick: () => { history.replaceState(null, "", `#/admin/integrations?webhook=${encodeURIComponent(s.id)}`); deliveryLog(log, s); } }, t("deliveries")),
          h("button", { type: "button", class: "link", onclick: async () => {
            try {
              const sent = await api(`/webhooks/${encodeURIComponent(s.id)}/test`, json("POST", {}));
              flash.replaceChildren(sent.status === "delivered" ? ok(t("testSent")) : h("p", { class: "error", role: "alert" }, t("testFailed")));
              if (log.dataset.webhook === s.id) deliveryLog(log, s);
            } catch (error) { flash.replaceChildren(failure(error)); }
          } }, t("sendTest")),
          h("button", { type: "button", class: "link", onclick: async () => {
            if (!await confirmDialog(t("rotateConfirm"))) return;
            try {
              const rotated = await api(`/webhooks/${encodeURIComponent(s.id)}/rotate-secret`, json("POST", {}));
              reload(secretPanel(rotated.secret, s.name));
            } catch (error) { flash.replaceChildren(failure(error)); }
          } }, t("rotateSecret")),
          h("button", { type: "button", class: "link", onclick: async () => {
            if (s.enabled && !await confirmDialog(t("disableConfirm"))) return;
            try {
              await api(`/webhooks/${encodeURIComponent(s.id)}`, json("PATCH", { enabled: !s.enabled, revision: s.revision }));
              reload(t("saved"));
            } catch (error) { flash.replaceChildren(failure(error)); }
          } }, s.enabled ? t("disableWebhook") : t("enableWebhook"))))))));
  }
  reload();
}

// The secret, this once: a warning, the value, a copy button.
function secretPanel(secret, name) {
  const said = h("span", { "aria-live": "polite" });
  const value = h("code", { id: "webhook-secret", class: "secret" }, secret);
  const panel = h("div", { class: "card wide warning", role: "alert", id: "webhook-secret-panel" },
    h("h3", {}, name),
    h("p", {}, t("secretOnce")),
    h("p", {}, value),
    h("div", { class: "actions" },
      h("button", { type: "button", id: "copy-secret", onclick: async () => {
        try { await navigator.clipboard.writeText(secret); said.textContent = t("secretCopied"); }
        catch { getSelection().selectAllChildren(value); }
      } }, t("copySecret")),
      h("button", { type: "button", class: "secondary", onclick: () => panel.remove() }, t("secretDone")), said));
  return panel;
}

function newWebhookForm(container, types, created) {
  const said = h("div", { "aria-live": "polite" });
  const events = h("fieldset", { class: "checks", id: "webhook-events" }, h("legend", {}, t("webhookEvents")),
    h("p", { class: "hint" }, t("allEventsHint")),
    ...types.map((type) => h("label", { class: "inline" }, h("input", { type: "checkbox", name: "event_types", value: type }), ` ${type}`)));
  const form = h("form", { class: "card wide", id: "new-webhook", onsubmit: async (event) => {
    event.preventDefault();
    said.replaceChildren();
    const body = {
      name: form.querySelector("[name=name]").value.trim(),
      url: form.querySelector("[name=url]").value.trim(),
      event_types: [...form.querySelectorAll("[name=event_types]:checked")].map((c) => c.value),
    };
    try { created(await api("/webhooks", json("POST", body))); }
    catch (error) { said.replaceChildren(failure(error)); }
  } },
    h("h3", {}, t("newWebhook")),
    h("label", {}, t("webhookName"), h("input", { name: "name", required: true, maxlength: 100 })),
    h("label", {}, t("webhookUrl"), h("input", { name: "url", type: "url", required: true, maxlength: 2000, size: 60, placeholder: "https://ehr.example.com/hooks/hireflow" })),
    events,
    h("div", { class: "actions" }, h("button", { type: "submit" }, t("createWebhook"))), said);
  container.replaceChildren(form);
}

function deliveryLog(container, subscription) {
  container.dataset.webhook = subscription.id;
  const table = h("div");
  const pages = [];
  const box = h("section", { class: "card wide", "aria-labelledby": "webhook-log-title" },
    h("h3", { id: "webhook-log-title" }, t("deliveriesOf", subscription.name)), table,
    h("button", { type: "button", class: "secondary", onclick: () => { container.replaceChildren(); delete container.dataset.webhook; history.replaceState(null, "", "#/admin/integrations"); } }, t("closeLog")));
  container.replaceChildren(box);
  const path = `/webhooks/${encodeURIComponent(subscription.id)}/deliveries`;
  const last = (d) => [d.last_status_code, d.last_error && (t("deliveryErrors")[d.last_error] || d.last_error)].filter(Boolean).join(" · ");
  function page(cursor) {
    load(table, async () => {
      const listing = await api(`${path}?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      const said = h("div", { "aria-live": "polite" });
      const nav = h("nav", { class: "pager", "aria-label": "pages" },
        pages.length ? h("button", { type: "button", class: "secondary", onclick: () => { pages.pop(); page(pages[pages.length - 1] || null); } }, t("previousPage")) : null,
        listing.cursor ? h("button", { type: "button", onclick: () => { pages.push(listing.cursor); page(listing.cursor); } }, t("next")) : null);
      if (!listing.items.length) return [empty(t("noDeliveries")), nav];
      const cols = [t("deliveryAt"), t("deliveryEvent"), t("deliveryStatus"), t("deliveryAttempts"), t("deliveryLast"), t("deliveryNext"), ""];
      return [said, h("div", { class: "scroll" }, h("table", { class: "grid", id: "webhook-deliveries" },
        h("thead", {}, h("tr", {}, ...cols.map((x) => h("th", { scope: "col" }, x)))),
        h("tbody", {}, ...listing.items.map((d) => h("tr", { "data-delivery": d.id, "data-status": d.status },
          h("td", {}, when(d.created_at)),
          h("td", {}, d.detail_type, h("br"), h("small", {}, d.event_id)),
          h("td", {}, t("deliveryStatuses")[d.status] || d.status),
          h("td", {}, d.attempts),
          h("td", {}, last(d), d.response_excerpt ? h("br") : null, d.response_excerpt ? h("small", {}, d.response_excerpt) : null),
          h("td", {}, when(d.next_attempt_at)),
          h("td", {}, h("button", { type: "button", class: "link", onclick: async () => {
            try { await api(`${path}/${encodeURIComponent(d.id)}/redeliver`, json("POST", {})); said.replaceChildren(ok(t("redelivered"))); page(cursor); }
            catch (error) { said.replaceChildren(failure(error)); }
          } }, t("redeliver")))))))), nav];
    });
  }
  page(null);
}

// ------------------------------------------------------------------ group robots
function robotsSection(section, params, me) {
  const flash = h("div", { "aria-live": "polite" });
  const list = h("div", { class: "card wide" });
  const branchChoice = h("div");
  const form = h("div");
  section.replaceChildren(h("h2", { id: "robots-title" }, t("robotsTitle")), h("p", { class: "hint" }, t("robotsHelp")), branchChoice, flash, list, form);
  load(branchChoice, async () => {
    const branches = await api("/branches");
    const ids = branches.map((b) => b.id);
    const start = ids.includes(params.get("branch")) ? params.get("branch") : ids.includes(me.branch_id) ? me.branch_id : ids[0];
    const select = h("select", { id: "robot-branch", name: "branch" }, ...branches.map((b) =>
      h("option", { value: b.id, selected: b.id === start }, placeName(b.name, b.name_zh))));
    const show = () => {
      flash.replaceChildren();
      showRobots(list, form, flash, select.value);
    };
    select.addEventListener("change", show);
    show();
    return h("form", { class: "filters", onsubmit: (event) => event.preventDefault() },
      h("label", { for: "robot-branch" }, t("robotBranch")), select);
  });
}

function showRobots(list, form, flash, branchId) {
  const base = `/branches/${encodeURIComponent(branchId)}/robots`;
  const reload = (message = "") => {
    flash.replaceChildren(message ? ok(message) : "");
    load(list, render);
  };
  async function render() {
    const robots = await api(base);
    robotForm(form, base, (robot) => reload(t("robotAdded", robot.name)));
    if (!robots.length) return empty(t("noRobots"));
    return h("table", { class: "grid cards-on-phone", id: "robot-list" },
      h("thead", {}, h("tr", {}, ...[t("robotName"), t("robotKind"), t("robotUrl"), t("robotLanguage"), ""].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, ...robots.map((r) => h("tr", { "data-robot": r.id },
        h("td", { "data-label": t("robotName") }, r.name),
        h("td", { "data-label": t("robotKind") }, t("robotKinds")[r.kind] || r.kind, " · ", r.signed ? t("robotSigned") : t("robotUnsigned")),
        h("td", { "data-label": t("robotUrl") }, h("code", {}, r.masked_url)),
        h("td", { "data-label": t("robotLanguage") }, r.locale === "zh" ? "中文" : "English"),
        h("td", {}, h("div", { class: "actions" },
          h("button", { type: "button", class: "link", onclick: async () => {
            try {
              const tested = await api(`${base}/${encodeURIComponent(r.id)}/test`, json("POST", {}));
              flash.replaceChildren(tested.delivered ? ok(t("robotTestOk")) : h("p", { class: "error", role: "alert" }, t("robotTestFailed")));
            } catch (error) { flash.replaceChildren(failure(error)); }
          } }, t("testRobot")),
          h("button", { type: "button", class: "link", onclick: async () => {
            if (!await confirmDialog(t("removeRobotConfirm"))) return;
            try { await api(`${base}/${encodeURIComponent(r.id)}`, { method: "DELETE" }); reload(t("robotRemoved")); }
            catch (error) { flash.replaceChildren(failure(error)); }
          } }, t("removeRobot"))))))));
  }
  reload();
}

function robotForm(container, base, added) {
  const said = h("div", { "aria-live": "polite" });
  const kind = h("select", { name: "kind", id: "robot-kind" }, ...KINDS.map((k) => h("option", { value: k }, t("robotKinds")[k])));
  const url = h("input", { name: "url", id: "robot-url", type: "url", required: true, maxlength: 2000, size: 60, autocomplete: "off" });
  const secret = h("input", { name: "secret", id: "robot-secret", type: "password", maxlength: 200, autocomplete: "off", "aria-describedby": "robot-secret-hint" });
  const secretField = h("div", {}, h("label", { for: "robot-secret" }, t("robotSecret")), secret, h("p", { class: "hint", id: "robot-secret-hint" }, t("robotSecretHint")));
  const sync = () => {
    url.placeholder = t("robotUrlHint")[kind.value];
    secretField.hidden = kind.value !== "dingtalk";
  };
  kind.addEventListener("change", sync);
  sync();
  const form = h("form", { class: "card wide", id: "new-robot", onsubmit: async (event) => {
    event.preventDefault();
    said.replaceChildren();
    const body = { kind: kind.value, name: form.querySelector("[name=name]").value.trim(), url: url.value.trim(),
      locale: form.querySelector("[name=locale]").value };
    if (kind.value === "dingtalk" && secret.value.trim()) body.secret = secret.value.trim();
    try {
      const robot = await api(base, json("POST", body));
      form.reset();
      sync();
      added(robot);
    } catch (error) { said.replaceChildren(failure(error)); }
  } },
    h("h3", {}, t("addRobot")),
    h("div", { class: "form-grid" },
      h("div", {}, h("label", { for: "robot-kind" }, t("robotKind")), kind),
      h("div", {}, h("label", { for: "robot-name" }, t("robotName")), h("input", { name: "name", id: "robot-name", required: true, maxlength: 100 })),
      h("div", {}, h("label", { for: "robot-locale" }, t("robotLanguage")), h("select", { name: "locale", id: "robot-locale" },
        h("option", { value: "zh" }, "中文"), h("option", { value: "en" }, "English")))),
    h("label", { for: "robot-url" }, t("robotUrl")), url,
    secretField,
    h("div", { class: "actions" }, h("button", { type: "submit" }, t("addRobot"))), said);
  container.replaceChildren(form);
}
