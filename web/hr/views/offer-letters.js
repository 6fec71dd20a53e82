// HQ's "Offer letters" administration tab: the words of a branch's offer letters in one
// language (title, body, closing; the branch's own, else HQ's, else the built-in ones)
// and the logo printed on them. Texts need ``notifications.edit``, the logo
// ``branches.edit``; the API checks both whatever the page shows.
import { api } from "/shared/auth.js";
import { errorFields, errorMessage, fieldLabel, locale, placeName, t } from "../i18n.js";
import { can, failure, h, load, when } from "../ui.js";

// The placeholders the server accepts (hireflow.offers.model.PLACEHOLDERS).
export const LETTER_PLACEHOLDERS = ["candidate_name", "position", "department", "branch", "company",
  "start_date", "work_location", "deadline", "probation_months"];
const FIELDS = ["title", "body", "closing"];
const LANGUAGES = [["zh", "中文"], ["en", "English"]];

const templatePath = (branchId, lang) => `/branches/${encodeURIComponent(branchId)}/offer-template/${lang}`;
const languageName = (lang) => (LANGUAGES.find(([code]) => code === lang) || [lang, lang])[1];

export function offerLettersScreen(body, params, me) {
  load(body, async () => {
    const branches = await api("/branches");
    const names = Object.fromEntries(branches.map((b) => [b.id, placeName(b.name, b.name_zh)]));
    const ids = branches.map((b) => b.id);
    const start = ids.includes(params.get("branch")) ? params.get("branch") : (branches.find((b) => b.is_hq) || branches[0]).id;
    const branch = h("select", { id: "letter-branch", name: "branch" }, ...branches.map((b) =>
      h("option", { value: b.id, selected: b.id === start }, b.is_hq ? t("letterHqBranch", names[b.id]) : names[b.id])));
    const lang = h("select", { id: "letter-locale", name: "locale" }, ...LANGUAGES.map(([code, name]) =>
      h("option", { value: code, selected: code === (params.get("locale") || locale) }, name)));
    const words = h("div");
    const logo = h("div");
    const show = () => {
      // The choice stays in the address (a reload or a shared link opens the same letter)
      // without the router drawing the screen again.
      history.replaceState(null, "", `#/admin/letters?branch=${encodeURIComponent(branch.value)}&locale=${lang.value}`);
      wordsEditor(words, branch.value, names[branch.value], lang.value, me);
      if (can(me, "branches.edit")) logoUpload(logo, branch.value, names[branch.value]);
    };
    branch.addEventListener("change", show);
    lang.addEventListener("change", show);
    show();
    return [
      h("form", { class: "filters", id: "letter-choice", onsubmit: (event) => event.preventDefault() },
        h("label", { for: "letter-branch" }, t("branch")), branch,
        h("label", { for: "letter-locale" }, t("language")), lang),
      h("p", { class: "hint" }, t("letterHelp")),
      words, logo,
    ];
  });
}

// ------------------------------------------------------------------ the words
function wordsEditor(container, branchId, branchName, lang, me) {
  // A fresh box per choice: an answer for an earlier choice lands in a detached box.
  const box = h("div");
  container.replaceChildren(box);
  load(box, async () => {
    const view = await api(templatePath(branchId, lang));
    const editable = can(me, "notifications.edit");
    const source = h("p", { class: "hint", id: "letter-source" });
    const describe = (v) => source.replaceChildren(v.own
      ? t("letterOwn", v.template.updated_by || "", when(v.template.updated_at))
      : v.template.branch_id === "hq" && branchId !== "hq" ? t("letterFromHq") : t("letterBuiltIn"));
    describe(view);
    const reasons = {};
    const inputs = {};
    let last = null; // where a placeholder goes: the field the cursor was in
    function field(name, input, hint) {
      reasons[name] = h("p", { class: "field-error", id: `letter-${name}-error`, role: "alert" });
      inputs[name] = input;
      Object.assign(input, { id: `letter-${name}`, name, readOnly: !editable, value: view.template[name] || "" });
      input.setAttribute("aria-describedby", [hint ? `letter-${name}-hint` : "", `letter-${name}-error`].join(" ").trim());
      input.addEventListener("focus", () => { last = input; });
      return h("div", { class: "field", "data-field": name }, h("label", { for: `letter-${name}` }, t("letterFields")[name]),
        input, hint ? h("p", { class: "hint", id: `letter-${name}-hint` }, hint) : null, reasons[name]);
    }
    const said = h("div", { "aria-live": "polite" });
    const insert = (name) => {
      const target = last || inputs.body;
      if (target.readOnly) return;
      target.setRangeText(`{${name}}`, target.selectionStart, target.selectionEnd, "end");
      target.focus();
    };
    const placeholders = h("section", { class: "placeholders", id: "letter-placeholders", "aria-labelledby": "letter-placeholders-title" },
      h("h3", { id: "letter-placeholders-title" }, t("letterPlaceholders")),
      h("p", { class: "hint" }, editable ? t("letterPlaceholdersHint") : ""),
      h("ul", { class: "plain placeholder-list" }, ...LETTER_PLACEHOLDERS.map((name) => h("li", { "data-placeholder": name },
        editable ? h("button", { type: "button", class: "link", "aria-label": t("insertPlaceholder", `{${name}}`), onclick: () => insert(name) }, h("code", {}, `{${name}}`))
          : h("code", {}, `{${name}}`),
        ` ${t("placeholderNames")[name]}`))));
    const form = h("form", { class: "card wide letter-words", id: "letter-template-form", onsubmit: async (event) => {
      event.preventDefault();
      for (const reason of Object.values(reasons)) reason.textContent = "";
      said.replaceChildren();
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        const saved = await api(templatePath(branchId, lang), { method: "PUT", headers: { "Content-Type": "application/json" },
          body: JSON.stringify(Object.fromEntries(FIELDS.map((name) => [name, inputs[name].value]))) });
        describe(saved);
        said.replaceChildren(h("p", { class: "ok", role: "status" }, t("letterWordsSaved", branchName, languageName(lang))));
      } catch (error) {
        said.replaceChildren(refusal(error, inputs, reasons));
      } finally { button.disabled = false; }
    } },
      h("h2", {}, t("letterWordsTitle", branchName, languageName(lang))),
      source,
      field("title", h("input", { maxlength: 100, required: true })),
      field("body", h("textarea", { rows: 12, maxlength: 5000, required: true }), t("letterBodyHint")),
      field("closing", h("textarea", { rows: 3, maxlength: 1000 })),
      placeholders,
      editable ? h("div", { class: "actions" }, h("button", { type: "submit", id: "letter-save" }, t("saveLetterWords"))) : h("p", { class: "state" }, t("letterWordsReadOnly")),
      said);
    return form;
  });
}

// The server's reasons, each under its field. An unknown placeholder is reported on the
// request as a whole, so it goes under every field that uses one of the unknown names.
function refusal(error, inputs, reasons) {
  const rest = [];
  const raw = (error.body && error.body.errors) || [];
  // errorFields says each reason in the reader's language, in the API's order.
  for (const [i, { text }] of errorFields(error).entries()) {
    const e = raw[i];
    let under = FIELDS.includes(e.field) ? [e.field] : [];
    if (e.code === "unknown_placeholder") {
      const unknown = String((e.params || {}).unknown || "").match(/\{[^{}]*\}/g) || [];
      const using = FIELDS.filter((name) => unknown.some((p) => inputs[name].value.includes(p)));
      if (using.length) under = using;
    }
    if (under.length) for (const name of under) reasons[name].textContent = text;
    else rest.push(e.field ? `${fieldLabel(e.field)}${locale === "zh" ? "：" : ": "}${text}` : text);
  }
  if (!raw.length) return failure(error);
  return h("div", { class: "state error", role: "alert" }, h("p", {}, errorMessage(error)),
    rest.length ? h("ul", {}, ...rest.map((line) => h("li", {}, line))) : null);
}

// ------------------------------------------------------------------ the logo
function logoUpload(container, branchId, branchName) {
  const input = h("input", { type: "file", id: "letter-logo-file", accept: "image/png,image/jpeg", "aria-describedby": "letter-logo-hint" });
  const preview = h("img", { id: "letter-logo-preview", class: "logo-preview", alt: t("logoPreviewAlt") });
  preview.hidden = true;
  const about = h("p", { class: "hint", id: "letter-logo-chosen" });
  const said = h("div", { "aria-live": "polite" });
  const upload = h("button", { type: "submit", id: "letter-logo-upload", disabled: true }, t("uploadLogo"));
  let shown = null;
  input.addEventListener("change", () => {
    said.replaceChildren();
    if (shown) URL.revokeObjectURL(shown);
    const file = input.files[0];
    shown = file ? URL.createObjectURL(file) : null;
    preview.hidden = !file;
    if (file) preview.src = shown; else preview.removeAttribute("src");
    about.textContent = file ? `${file.name} · ${Math.ceil(file.size / 1000)} KB` : "";
    upload.disabled = !file;
  });
  const form = h("form", { class: "card wide", id: "letter-logo", onsubmit: async (event) => {
    event.preventDefault();
    const file = input.files[0];
    if (!file) return;
    said.replaceChildren();
    upload.disabled = true;
    try {
      // The file itself is the body; the server reads its type from Content-Type and
      // checks the bytes (PNG or JPEG, at most 500 KB).
      await api(`/branches/${encodeURIComponent(branchId)}/logo`, { method: "PUT", headers: { "Content-Type": file.type || "application/octet-stream" }, body: file });
      said.replaceChildren(h("p", { class: "ok", role: "status" }, t("logoUploaded", branchName)));
    } catch (error) {
      said.replaceChildren(failure(error));
    } finally { upload.disabled = !input.files[0]; }
  } },
    h("h2", {}, t("logoTitle", branchName)),
    h("p", { class: "hint", id: "letter-logo-hint" }, t("logoHint")),
    h("label", { for: "letter-logo-file" }, t("logoFile")), input, about, preview,
    h("div", { class: "actions" }, upload), said);
  container.replaceChildren(form);
}
