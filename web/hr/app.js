// The HR single-page app: hash routes, one view module per screen.
import { api, loadConfig, signIn, signOut, token } from "/shared/auth.js";
import { errorMessage, locale, localeChosen, placeName, setLocale, signInError, t } from "./i18n.js";
import { can, h } from "./ui.js";
import { candidateView } from "./views/candidate.js";
import { candidateFormView } from "./views/candidate-form.js";
import { candidatesView } from "./views/candidates.js";
import { dashboardView } from "./views/dashboard.js";
import { importView } from "./views/import.js";
import { attentionLink, attentionView } from "./views/oversight.js";
import { templateView, templatesView } from "./views/templates.js";
import { adminView } from "./views/admin.js";
import { approvalsLink, approvalsView } from "./views/offer.js";
import { approvalChainsView, employeesView } from "./views/offer-admin.js";
import { probationDueList } from "./views/employee-probation.js";
import { employeeView, myTasksView } from "./views/onboarding.js";
import { onboardingTemplatesView } from "./views/onboarding-templates.js";
import { robotsView } from "./views/integrations.js";
import { challengeScreen, twoStepDialog } from "./two_step.js";
import { menteesView } from "./views/mentees.js";
import { trainingImportView } from "./views/training-import.js";
import { kpiFormulasView, performanceImportView } from "./views/employee-performance.js";
import { tf } from "./i18n-performance.js";
import { reassessmentSchedulesView } from "./views/reassessments.js";
import { tr } from "./i18n-reassessment.js";
import { analyticsView } from "./views/analytics.js";
import { ta } from "./i18n-analytics.js";
import { talentPoolView } from "./views/talent-pool.js";
import { rankingView } from "./views/ranking.js";
import { tp } from "./i18n-pool.js";
import { skillMapView } from "./views/skill-map.js";
import { tt } from "./i18n-talent.js";
import { duplicatesView } from "./views/duplicates.js";
import { td } from "./i18n-duplicates.js";
import { feedbackSuggestionsView, requestsView } from "./views/feedback.js";
import { tf as tfb } from "./i18n-feedback.js";
import { personTrailView } from "./views/audit-reads.js";
import { aiSwitchView } from "./views/ai-switch.js";
import { tai } from "./i18n-ai-switch.js";
import { privacyRequestsView } from "./views/privacy-requests.js";
import { tpr } from "./i18n-privacy-requests.js";
import { privacyAdminView } from "./views/privacy-admin.js";
import { tpa } from "./i18n-privacy-admin.js";

const root = document.getElementById("app");
let config;
let me = null;

function signInScreen(message = "") {
  const error = h("p", { class: "error", role: "alert", id: "sign-in-error" }, message);
  const form = h("form", { id: "sign-in", class: "card narrow", onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = "";
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const challenge = await signIn(config, form.username.value.trim(), form.password.value);
      if (challenge) challengeScreen(root, config, challenge, { done: start, restart: signInScreen, footer: languageSwitch });
      else await start();
    } catch (e) {
      error.textContent = signInError(e);
    } finally { button.disabled = false; }
  } },
    h("h1", {}, t("appName")),
    h("label", { for: "username" }, t("username")),
    h("input", { id: "username", name: "username", autocomplete: "username", required: true }),
    h("label", { for: "password" }, t("password")),
    h("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true }),
    h("button", { type: "submit" }, t("signIn")), error, languageSwitch());
  root.replaceChildren(h("main", { id: "main" }, form));
  form.username.focus();
}

function languageSwitch(redraw = start) {
  return h("label", { class: "language" }, t("language"),
    h("select", { id: "language", onchange: (event) => { chooseLocale(event.target.value); redraw(); } },
      h("option", { value: "zh", selected: locale === "zh" }, "中文"),
      h("option", { value: "en", selected: locale === "en" }, "English")));
}

// A signed-in user's choice is kept on their profile: the app opens in it next time and
// their e-mails (report ready, reminders) are written in it.
function chooseLocale(next) {
  setLocale(next);
  if (me) api("/me/locale", { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ locale: next }) }).catch(() => {});
}

function shell() {
  // Screens a role cannot use are not offered: the server lists what it may do.
  const links = [];
  if (can(me, "dashboard")) links.push(["#/dashboard", t("dashboard")]);
  if (can(me, "candidates.list")) links.push(["#/candidates", t("candidates")]);
  if (can(me, "candidates.import")) links.push(["#/import", t("importCandidates")]);
  if (can(me, "templates.edit")) links.push(["#/templates", t("templates")]);
  if (can(me, "notifications.edit") || can(me, "users.add") || can(me, "branches.edit")) links.push(["#/admin", t("admin")]);
  if (can(me, "approval_chains.edit")) links.push(["#/approval-chains", t("approvalChains")]);
  if (can(me, "employees.list")) links.push(["#/employees", t("employees")]);
  if (can(me, "onboarding.tasks")) links.push(["#/tasks", t("myTasks")]);
  if (can(me, "onboarding_templates.edit")) links.push(["#/onboarding-templates", t("onboardingTemplates")]);
  // HQ reach the robots under Administration → Integrations; branch HR here.
  if (can(me, "robots.edit") && !me.is_hq) links.push(["#/robots", t("robotsNav")]);
  if (can(me, "onboarding.tasks")) links.push(["#/mentees", t("trMentees")]);
  if (can(me, "training.import")) links.push(["#/training-import", t("trImport")]);
  if (can(me, "performance.import")) links.push(["#/performance-import", tf("importTitle")]);
  if (can(me, "kpi_formulas.edit")) links.push(["#/kpi-formulas", tf("formulaTitle")]);
  if (can(me, "reassessments.schedule")) links.push(["#/reassessments", tr("nav")]);
  if (can(me, "analytics.read") || can(me, "analytics.groups")) links.push(["#/analytics", ta("nav")]);
  if (can(me, "talent_pool")) links.push(["#/talent-pool", tp("nav")]);
  if (can(me, "skill_map.read")) links.push(["#/skill-map", tt("skillMapNav")]);
  if (can(me, "duplicates.judge")) links.push(["#/duplicates", td("nav")]);
  if (can(me, "candidate_requests.answer")) links.push(["#/candidate-requests", tfb("requestsTitle")]);
  if (can(me, "feedback_suggestions.edit")) links.push(["#/feedback-suggestions", tfb("suggestionsTitle")]);
  if (can(me, "ai_switch.read")) links.push(["#/ai-switch", tai("nav")]);
  if (can(me, "privacy_requests")) links.push(["#/privacy-requests", tpr("nav")]);
  if (can(me, "retention.read")) links.push(["#/privacy", tpa("nav")]);
  const nav = h("nav", { "aria-label": "main" }, ...links.map(([href, label]) => h("a", { href }, label)),
    can(me, "attention.list") ? attentionLink() : null,
    can(me, "offers.approve") ? approvalsLink() : null,
    config.local ? h("a", { href: "/local/outbox", target: "_blank", rel: "noopener" }, t("localOutbox")) : null);
  const header = h("header", { class: "top" }, h("a", { class: "brand", href: "#/dashboard" }, t("appName")), nav,
    h("div", { class: "who" }, h("span", { id: "who" }, `${me.display_name || me.username} · ${placeName(me.branch_name, me.branch_name_zh) || me.branch_id}`),
      languageSwitch(),
      config.mfa && config.mfa !== "OFF" ? h("button", { type: "button", class: "secondary", id: "two-step-open", onclick: () => twoStepDialog(config, me) }, t("twoStep")) : null,
      h("button", { type: "button", class: "secondary", id: "sign-out", onclick: () => { signOut(); me = null; signInScreen(); } }, t("signOut"))));
  const main = h("main", { id: "main", tabindex: "-1" });
  root.replaceChildren(h("a", { class: "skip", href: "#main", onclick: (e) => { e.preventDefault(); main.focus(); } }, t("skipToContent")), header, main);
  return main;
}

function route() {
  if (!me) return;
  const main = shell();
  const [path, query = ""] = location.hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean);
  const params = new URLSearchParams(query);
  for (const link of document.querySelectorAll("nav a")) {
    if (link.getAttribute("href") === `#/${parts[0] || "dashboard"}`) link.setAttribute("aria-current", "page");
  }
  if (parts[0] === "candidates" && parts[1] === "new") candidateFormView(main, null, me);
  else if (parts[0] === "candidates" && parts[1] && parts[2] === "edit") candidateFormView(main, decodeURIComponent(parts[1]), me);
  else if (parts[0] === "candidates" && parts[1]) candidateView(main, decodeURIComponent(parts[1]), me);
  else if (parts[0] === "candidates") candidatesView(main, params, me);
  else if (parts[0] === "import") importView(main);
  else if (parts[0] === "attention") attentionView(main);
  else if (parts[0] === "templates" && parts[1]) templateView(main, decodeURIComponent(parts[1]), me);
  else if (parts[0] === "templates") templatesView(main, me);
  else if (parts[0] === "admin") adminView(main, parts[1], params, me);
  else if (parts[0] === "audit" && parts[1]) personTrailView(main, decodeURIComponent(parts[1]));
  else if (parts[0] === "approvals") approvalsView(main, parts[1] && decodeURIComponent(parts[1]), me);
  else if (parts[0] === "approval-chains") approvalChainsView(main);
  else if (parts[0] === "employees" && parts[1]) employeeView(main, decodeURIComponent(parts[1]), me);
  else if (parts[0] === "employees") employeesView(main);
  else if (parts[0] === "tasks") myTasksView(main, me, [probationDueList]);
  else if (parts[0] === "onboarding-templates") onboardingTemplatesView(main);
  else if (parts[0] === "robots") robotsView(main, params, me);
  else if (parts[0] === "mentees") menteesView(main);
  else if (parts[0] === "training-import") trainingImportView(main);
  else if (parts[0] === "performance-import") performanceImportView(main);
  else if (parts[0] === "kpi-formulas") kpiFormulasView(main);
  else if (parts[0] === "reassessments") reassessmentSchedulesView(main);
  else if (parts[0] === "analytics") analyticsView(main, parts[1], me);
  else if (parts[0] === "talent-pool") talentPoolView(main, params);
  else if (parts[0] === "ranking" && parts[1]) rankingView(main, decodeURIComponent(parts[1]), me);
  else if (parts[0] === "skill-map") skillMapView(main, me);
  else if (parts[0] === "duplicates") duplicatesView(main);
  else if (parts[0] === "candidate-requests") requestsView(main);
  else if (parts[0] === "feedback-suggestions") feedbackSuggestionsView(main);
  else if (parts[0] === "ai-switch") aiSwitchView(main, me);
  else if (parts[0] === "privacy-requests") privacyRequestsView(main, parts[1] && decodeURIComponent(parts[1]));
  else if (parts[0] === "privacy") privacyAdminView(main, parts[1], me);
  else if (can(me, "dashboard")) dashboardView(main);
  else if (can(me, "candidates.list")) candidatesView(main, params, me);
  else main.replaceChildren(h("p", { class: "state", id: "nothing-for-role" }, t("nothingForRole")));
}

async function start() {
  document.documentElement.lang = locale === "zh" ? "zh-CN" : "en";
  document.title = t("appName");
  if (!token()) { signInScreen(); return; }
  try {
    me = await api("/me");
    if (!localeChosen() && me.locale && me.locale !== locale) { setLocale(me.locale); document.title = t("appName"); }
  } catch (error) {
    me = null;
    signInScreen(error.status === 401 ? "" : errorMessage(error));
    return;
  }
  route();
}

window.addEventListener("hashchange", route);
window.addEventListener("unhandledrejection", (event) => {
  // A signed-out session (401) sends the user back to the sign-in screen.
  if (event.reason && event.reason.status === 401) { me = null; signInScreen(); }
});
try {
  config = await loadConfig();
  await start();
} catch (error) {
  root.replaceChildren(h("p", { class: "state error", role: "alert" }, t("configMissing")));
}
