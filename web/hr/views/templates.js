import { api } from "/shared/auth.js";
import { locale, t } from "../i18n.js";

const localised = (text) => (locale === "zh" && text.zh) || text.en;
import { empty, failure, h, load, when } from "../ui.js";

const KINDS = ["behavioural", "position", "scenario", "cognitive"];

export function templatesView(main, me) {
  main.replaceChildren(h("h1", {}, t("templates")));
  if (!me.is_hq) { main.append(h("p", { class: "state" }, t("hqOnly"))); return; }
  const list = h("div");
  main.append(list);
  load(list, async () => {
    const templates = await api("/templates");
    if (!templates.length) return empty();
    return h("ul", { class: "plain" }, ...templates.map((tpl) => h("li", {},
      h("a", { href: `#/templates/${tpl.id}` }, localised(tpl.name)), ` · ${t("version")} ${tpl.version} · ${when(tpl.created_at)}`)));
  });
}

// Rubric lines: "key | label | cue, cue" (English cues; Chinese cues after a second "|").
function rubricText(rubric) {
  return rubric.map((p) => [p.key, p.label.en, (p.cues.en || []).join(", "), (p.cues.zh || []).join("，")].join(" | ")).join("\n");
}

function parseRubric(text) {
  return text.split("\n").map((line) => line.trim()).filter(Boolean).map((line) => {
    const [key, label, en = "", zh = ""] = line.split("|").map((x) => x.trim());
    const split = (s) => s.split(/[,，]/).map((c) => c.trim()).filter(Boolean);
    return { key, label: { en: label || key }, cues: { en: split(en), zh: split(zh) } };
  });
}

function questionEditor(question, stageIndex, index) {
  const id = `s${stageIndex}q${index}`;
  const field = (label, name, control) => h("label", { for: `${id}-${name}` }, label, control);
  return h("fieldset", { class: "question", "data-id": question.id },
    h("legend", {}, `${t("question")} ${question.id}`),
    field(t("textEn"), "en", h("textarea", { id: `${id}-en`, name: "en", rows: 2, required: true }, question.text.en)),
    field(t("textZh"), "zh", h("textarea", { id: `${id}-zh`, name: "zh", rows: 2 }, question.text.zh || "")),
    field(t("kind"), "kind", h("select", { id: `${id}-kind`, name: "kind" }, ...KINDS.map((k) => h("option", { value: k, selected: k === question.kind }, t("kinds")[k] || k)))),
    field(t("dimensions"), "dimensions", h("input", { id: `${id}-dimensions`, name: "dimensions", value: question.dimensions.join(", "), required: true })),
    field(t("rubricChain"), "rubric", h("textarea", { id: `${id}-rubric`, name: "rubric", rows: 4 }, rubricText(question.rubric))),
    field(t("exemplars"), "exemplars", h("textarea", { id: `${id}-exemplars`, name: "exemplars", rows: 3 }, question.exemplar_answers.join("\n"))));
}

function readQuestion(fieldset, original) {
  const value = (name) => fieldset.querySelector(`[name="${name}"]`).value.trim();
  return { ...original, text: { en: value("en"), ...(value("zh") ? { zh: value("zh") } : {}) }, kind: value("kind"),
    dimensions: value("dimensions").split(",").map((d) => d.trim()).filter(Boolean),
    rubric: parseRubric(value("rubric")),
    exemplar_answers: value("exemplars").split("\n").map((x) => x.trim()).filter(Boolean) };
}

export function templateView(main, id, me) {
  if (!me.is_hq) { main.replaceChildren(h("p", { class: "state" }, t("hqOnly"))); return; }
  load(main, async () => {
    const template = await api(`/templates/${id}`);
    const message = h("div", { "aria-live": "polite" });
    const stages = template.stages.map((stage, si) => h("section", { class: "card wide stage" },
      h("h2", {}, `${t("stages")} ${si + 1}: ${localised(stage.name)}`),
      h("label", {}, t("answerSeconds"), h("input", { type: "number", min: 10, max: 900, name: "answer_seconds", value: stage.answer_seconds })),
      h("div", { class: "questions" }, ...stage.questions.map((q, qi) => questionEditor(q, si, qi)))));
    const weights = h("fieldset", { class: "weights" }, h("legend", {}, t("dimensionWeights")),
      ...Object.entries(template.dimension_weights).map(([key, weight]) => h("label", {}, key,
        h("input", { type: "number", min: 0, max: 1, step: 0.05, name: key, value: weight }))));
    const addQuestion = h("button", { type: "button", class: "secondary", onclick: () => {
      const last = stages[stages.length - 1].querySelector(".questions");
      const n = last.children.length;
      const fresh = { id: `question-${Date.now().toString(36)}`, kind: "position", text: { en: "" },
        dimensions: [Object.keys(template.dimension_weights)[0]], rubric: [], exemplar_answers: [] };
      last.append(questionEditor(fresh, stages.length - 1, n));
      last.lastChild.querySelector("textarea").focus();
    } }, t("addQuestion"));
    const form = h("form", { onsubmit: async (event) => {
      event.preventDefault();
      const draft = {
        name: template.name, base_version: template.version, feature_weights: template.feature_weights || {},
        dimension_weights: Object.fromEntries([...weights.querySelectorAll("input")].map((i) => [i.name, Number(i.value)])),
        stages: template.stages.map((stage, si) => {
          const fieldsets = [...stages[si].querySelectorAll("fieldset.question")];
          const byId = Object.fromEntries(stage.questions.map((q) => [q.id, q]));
          return { ...stage, answer_seconds: Number(stages[si].querySelector('[name="answer_seconds"]').value),
            questions: fieldsets.map((f) => readQuestion(f, byId[f.dataset.id] || { id: f.dataset.id })) };
        }),
      };
      try {
        const saved = await api(`/templates/${id}`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(draft) });
        message.replaceChildren(h("p", { class: "ok", role: "status" }, t("versionSaved", saved.version)));
        template.version = saved.version;
        versionLabel.textContent = `${t("version")} ${saved.version}`;
      } catch (error) { message.replaceChildren(failure(error)); }
    } }, ...stages, weights, h("div", { class: "actions" }, addQuestion, h("button", { type: "submit" }, t("saveVersion"))), message);
    const versionLabel = h("span", { class: "version" }, `${t("version")} ${template.version}`);
    return [h("h1", {}, `${t("templateEditor")}: ${localised(template.name)} `, versionLabel), form];
  });
}
