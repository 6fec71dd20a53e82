// Adding one candidate by hand, and editing one: the fields HR keeps, with the API's
// reason shown next to each field it refuses.
import { api } from "/shared/auth.js";
import { CHANNELS, channelName, errorFields, placeName, t } from "../i18n.js";
import { failure, h, load } from "../ui.js";

const JSON_HEADERS = { "Content-Type": "application/json" };

function field(name, label, control) {
  control.id = `candidate-${name}`;
  control.name = name;
  return h("div", { class: "field", "data-field": name },
    h("label", { for: control.id }, label), control,
    h("p", { class: "error field-error", id: `candidate-${name}-error`, role: "alert" }));
}

export function candidateFormView(main, candidateId, me) {
  load(main, async () => {
    const candidate = candidateId ? await api(`/candidates/${encodeURIComponent(candidateId)}`) : null;
    const [positions, branches] = await Promise.all([api("/positions"), api("/branches")]);
    const title = (p) => placeName(p.title, p.title_zh);
    const branchName = (b) => placeName(b.name, b.name_zh);
    const usable = branches.filter((b) => !b.is_hq);
    const branchId = candidate ? candidate.branch_id : (me.is_hq ? (usable[0] || {}).id : me.branch_id);
    const branch = h("select", { disabled: !!candidate || !me.is_hq },
      ...usable.map((b) => h("option", { value: b.id, selected: b.id === branchId }, branchName(b))));
    const position = h("select", { required: true });
    const fillPositions = () => position.replaceChildren(...positions.filter((p) => p.branch_id === branch.value)
      .map((p) => h("option", { value: p.id, selected: candidate && p.id === candidate.position_id }, title(p))));
    branch.addEventListener("change", fillPositions);
    fillPositions();
    const value = (name) => (candidate && candidate[name]) || "";
    const channel = h("select", {}, h("option", { value: "" }, t("notRecorded")),
      ...CHANNELS.map((c) => h("option", { value: c, selected: value("channel") === c }, channelName(c))));
    const language = h("select", {}, h("option", { value: "zh", selected: value("locale") !== "en" }, "中文"),
      h("option", { value: "en", selected: value("locale") === "en" }, "English"));
    const message = h("div", { "aria-live": "polite" });
    const form = h("form", { class: "card candidate-form", id: "candidate-form", novalidate: true, onsubmit: async (event) => {
      event.preventDefault();
      for (const p of form.querySelectorAll(".field-error")) p.textContent = "";
      message.replaceChildren();
      const data = Object.fromEntries(new FormData(form).entries());
      const body = { name: data.name, phone: data.phone, email: data.email, locale: data.locale,
        channel: data.channel || null, resume_ref: data.resume_ref || null };
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        let saved;
        if (candidate) {
          saved = await api(`/candidates/${candidate.id}`, { method: "PATCH", headers: JSON_HEADERS,
            body: JSON.stringify({ ...body, revision: candidate.revision }) });
          if (data.position_id && data.position_id !== candidate.position_id) {
            saved = await api(`/candidates/${candidate.id}/assign`, { method: "POST", headers: JSON_HEADERS,
              body: JSON.stringify({ position_id: data.position_id, revision: saved.revision }) });
          }
        } else {
          saved = await api("/candidates", { method: "POST", headers: JSON_HEADERS,
            body: JSON.stringify({ ...body, branch_id: branch.value, position_id: data.position_id }) });
        }
        sessionStorage.setItem("hireflow.flash", candidate ? t("candidateSaved") : t("candidateAdded"));
        location.hash = `#/candidates/${saved.id}`;
      } catch (error) {
        // Each field's reason in the reader's language (messages.js).
        const shown = errorFields(error).filter((e) => {
          const target = form.querySelector(`#candidate-${e.field}-error`);
          if (target) target.textContent = e.text;
          return target;
        });
        // Reasons by the fields they concern; the general message only when none fits.
        if (shown.length) form.querySelector(`#candidate-${shown[0].field}`).focus();
        else message.replaceChildren(failure(error));
      } finally { button.disabled = false; }
    } },
      h("h1", {}, candidate ? `${t("editCandidate")}: ${candidate.name}` : t("addCandidate")),
      field("name", t("name"), h("input", { required: true, value: value("name"), autocomplete: "off" })),
      field("phone", t("phone"), h("input", { required: true, type: "tel", value: value("phone"), inputmode: "tel" })),
      field("email", t("email"), h("input", { required: true, type: "email", value: value("email") })),
      field("branch_id", t("branch"), branch),
      field("position_id", t("position"), position),
      field("locale", t("interviewLanguage"), language),
      field("channel", t("sourceChannel"), channel),
      field("resume_ref", t("resume"), h("input", { value: value("resume_ref") })),
      h("div", { class: "actions" }, h("button", { type: "submit", id: "candidate-save" }, t("save")),
        h("a", { href: candidate ? `#/candidates/${candidate.id}` : "#/candidates" }, t("cancel"))),
      message);
    return form;
  });
}
