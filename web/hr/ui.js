// Small DOM helpers: every value goes in as text, never as HTML.
import { errorFields, errorMessage, fieldLabel, locale, t } from "./i18n.js";

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function loading() {
  return h("p", { class: "state", role: "status", "aria-live": "polite" }, t("loading"));
}

export function empty(text = t("nothingYet")) {
  return h("p", { class: "state empty" }, text);
}

// An error as the reader's sentence, with each field's reason (a 422 names them).
export function failure(error, retry) {
  const message = error.status === 404 ? t("notFound") : errorMessage(error);
  const fields = errorFields(error);
  return h("div", { class: "state error", role: "alert" }, h("p", {}, message),
    fields.length ? h("ul", { class: "field-errors" }, ...fields.map((f) => h("li", { "data-field": f.field }, h("strong", {}, fieldLabel(f.field)), ": ", f.text))) : null,
    retry ? h("button", { type: "button", onclick: retry }, t("retry")) : null);
}

// Runs an async loader into a container with loading, error (and retry) states.
export async function load(container, loader) {
  container.replaceChildren(loading());
  try {
    const content = await loader();
    container.replaceChildren(...[content].flat());
  } catch (error) {
    if (error.status === 401) { location.reload(); return; } // signed out: ask again
    container.replaceChildren(failure(error, () => load(container, loader)));
  }
}

export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

// Dates and times in the reader's language (not the browser's): a Chinese screen says
// 2026年11月25日, an English one Nov 25, 2026.
const dateLocale = () => (locale === "zh" ? "zh-CN" : "en");

export function when(iso) {
  return iso ? new Date(iso).toLocaleString(dateLocale(), { dateStyle: "medium", timeStyle: "short" }) : "";
}

// The colon after a label: full-width in Chinese.
export const colon = () => (locale === "zh" ? "：" : ": ");

// A calendar day (an ISO date, no time), read as that day wherever the reader is.
export function day(iso) {
  return iso ? new Date(`${iso}T00:00:00`).toLocaleDateString(dateLocale(), { dateStyle: "medium" }) : "–";
}

export function duration(seconds) {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

// A horizontal bar chart as SVG (one row per item); label text stays readable for
// screen readers through <title> and a table fallback is given by the caller.
export function bars(items, { max, format = (v) => String(v) } = {}) {
  const top = max ?? Math.max(1, ...items.map((i) => i.value));
  // Sized like the cards it sits in, so its text stays at body size.
  const rowHeight = 24, labelWidth = 110, width = 340;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${items.length * rowHeight}`);
  svg.setAttribute("class", "bars");
  svg.setAttribute("role", "img");
  items.forEach((item, index) => {
    const y = index * rowHeight;
    const length = ((width - labelWidth - 50) * item.value) / top;
    const g = document.createElementNS(svg.namespaceURI, "g");
    const title = document.createElementNS(svg.namespaceURI, "title");
    title.textContent = `${item.label}: ${format(item.value)}`;
    const label = document.createElementNS(svg.namespaceURI, "text");
    label.setAttribute("x", 0); label.setAttribute("y", y + 17); label.textContent = item.label;
    const bar = document.createElementNS(svg.namespaceURI, "rect");
    bar.setAttribute("x", labelWidth); bar.setAttribute("y", y + 4);
    bar.setAttribute("width", Math.max(1, length)); bar.setAttribute("height", rowHeight - 8);
    bar.setAttribute("class", item.tone || "bar");
    const value = document.createElementNS(svg.namespaceURI, "text");
    value.setAttribute("x", labelWidth + length + 6); value.setAttribute("y", y + 17);
    value.textContent = format(item.value);
    g.append(title, label, bar, value);
    svg.append(g);
  });
  return svg;
}

// A confirmation dialog; resolves with the form's values, or null when cancelled.
export function confirmDialog(title, fields = []) {
  return new Promise((settle) => {
    let settled = false;
    const resolve = (value) => { if (!settled) { settled = true; settle(value); } };
    const form = h("form", { method: "dialog" },
      h("h2", {}, title),
      ...fields.map((f) => h("label", {}, f.label,
        f.multiline ? h("textarea", { name: f.name, rows: f.rows || 3, required: f.required }, f.value || "")
          : h("input", { name: f.name, required: f.required, value: f.value || "" }),
        f.hint ? h("small", { class: "hint" }, f.hint) : "")),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary", value: "cancel",
          onclick: () => { dialog.close(); resolve(null); } }, t("cancel")),
        h("button", { type: "submit", value: "ok" }, t("confirm"))));
    const dialog = h("dialog", { "aria-label": title }, form);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const values = Object.fromEntries(new FormData(form).entries());
      dialog.close();
      resolve(values);
    });
    dialog.addEventListener("close", () => { resolve(null); dialog.remove(); });
    document.body.append(dialog);
    dialog.showModal();
  });
}

// What the server says the caller may do (identity.permissions): /api/me's
// ``capabilities`` or a candidate's ``actions``. The app offers nothing else.
export function can(subject, what) {
  return Boolean(subject) && (subject.capabilities || subject.actions || []).includes(what);
}
