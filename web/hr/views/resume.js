// The candidate page's résumé section: upload (presigned POST, with progress and the
// reason a file is refused), the status (polled while the résumé is being read), each
// section's fields with the text they were read from (click a value: its source and
// page), what could not be read, HR's per-section corrections (kept through a new
// reading) with their history, and a one-minute download link (audited by the server).
// Who may upload or correct is the server's ``edit`` action on the candidate.
import { api } from "/shared/auth.js";
import { rname, rt } from "../i18n-resume.js";
import { message } from "../i18n.js";
import { can, empty, failure, h, load, when } from "../ui.js";

const SECTIONS = ["education", "experience", "skills", "certificates", "languages"];
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const POLL_MS = 3000;
const json = (method, body) => ({ method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

export function resumeSection(candidate) {
  const section = h("section", { class: "card wide", id: "resume", "aria-labelledby": "resume-title" });
  const body = h("div", {});
  const status = h("div", { role: "status", "aria-live": "polite" });
  const path = `/candidates/${encodeURIComponent(candidate.id)}/resume`;
  const refresh = () => load(body, async () => {
    const resume = await api(path);  // null: no résumé yet
    if (resume && resume.status === "waiting") poll();
    return resume ? show(resume) : empty(rt("noResume"));
  });
  // While the résumé is read in the background, look again (while the page is shown).
  let polling = false;
  function poll() {
    if (polling) return;
    polling = true;
    setTimeout(async () => {
      polling = false;
      if (!section.isConnected) return;
      const now = await api(path).catch(() => null);
      if (now && now.status !== "waiting") refresh(); else poll();
    }, POLL_MS);
  }
  function show(resume) {
    const editable = can(candidate, "edit") && ["parsed", "unreadable"].includes(resume.status);
    return [
      header(resume, status, path),
      ...SECTIONS.map((name) => sectionBlock(resume, name, editable, path, status, refresh)),
      unread(resume),
      history(resume),
    ].filter(Boolean);
  }
  section.append(h("h2", { id: "resume-title" }, rt("resumeTitle")), body,
    can(candidate, "edit") ? uploader(path, status, refresh) : null, status);
  refresh();
  return section;
}

function header(resume, status, path) {
  const reason = resume.status_code ? message(resume.status_code, resume.status_params) : null;
  const facts = resume.status === "parsed" ? rt("facts", resume.pages, rname("methods", resume.method)) : null;
  const download = resume.download_url ? h("button", { type: "button", class: "secondary", id: "resume-download", onclick: async () => {
    // A fresh link each time: it works for a minute, and the server audits each one.
    try {
      const now = await api(path);
      const anchor = h("a", { href: now.download_url, rel: "noopener", download: "" });
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      status.replaceChildren(rt("downloading"));
    } catch (error) { status.replaceChildren(failure(error)); }
  } }, rt("download")) : null;
  return h("div", { class: "resume-head", "data-status": resume.status },
    h("p", {}, h("strong", { class: resume.status === "parsed" ? "" : "flag-tag" }, rname("statuses", resume.status)),
      " · ", resume.file_name || "", " · ", rname("origins", resume.origin), " · ", when(resume.uploaded_at),
      facts ? ` · ${facts}` : ""),
    resume.status === "waiting" ? h("p", { class: "state" }, h("progress", {}), " ", rt("waiting")) : null,
    reason ? h("p", { class: "reason", id: "resume-reason" }, reason) : null,
    download);
}

// One value with its source: the span's text and page, shown on click (and on hover).
function sourced(label, span) {
  if (!span || !span.text) return h("span", {}, label);
  const source = h("small", { class: "resume-source", hidden: true }, `${rt("source", span.page)}: “${span.text}”`);
  const value = h("button", { type: "button", class: "link", title: `${rt("source", span.page)}: ${span.text}`,
    "aria-expanded": "false", onclick: () => {
      source.hidden = !source.hidden;
      value.setAttribute("aria-expanded", String(!source.hidden));
    } }, label);
  return h("span", {}, value, " ", source);
}

function years(a, b) {
  return a || b ? `${a || "?"}–${b || "?"}` : "";
}

function itemLabel(name, item) {
  if (name === "education") {
    return [item.school, item.degree, item.major, years(item.start_year, item.end_year)].filter(Boolean).join(" · ");
  }
  if (name === "experience") {
    const end = item.current ? rt("current") : item.end;
    return [item.employer, item.title, years(item.start, end), item.months ? rt("months", item.months) : ""].filter(Boolean).join(" · ");
  }
  return item.level ? `${item.text} (${item.level})` : item.text;
}

function sectionBlock(resume, name, editable, path, status, refresh) {
  const items = resume.fields[name] || [];
  const corrected = resume.corrected_sections.includes(name);
  const box = h("div", { class: "resume-section", "data-section": name });
  const list = items.length
    ? h("ul", { class: "plain" }, ...items.map((item) => h("li", {}, sourced(itemLabel(name, item), item.span))))
    : h("p", { class: "muted" }, rt("nothingRead"));
  const edit = editable ? h("button", { type: "button", class: "secondary small", "data-edit": name,
    onclick: () => box.replaceChildren(editor(resume, name, path, status, refresh)) }, rt("edit")) : null;
  box.append(h("h3", {}, rname("sections", name), corrected ? h("small", { class: "flag-tag" }, ` ${rt("corrected")}`) : null, " ", edit), list);
  return box;
}

const ROW_FIELDS = {
  education: ["school", "degree", "major", "start_year", "end_year"],
  experience: ["employer", "title", "start", "end", "current"],
};

function editor(resume, name, path, status, refresh) {
  const original = resume.fields[name] || [];
  const form = h("form", { class: "resume-editor", "data-section": name });
  let read;
  if (ROW_FIELDS[name]) {
    const rows = h("div", {});
    const addRow = (item = {}) => {
      const inputs = ROW_FIELDS[name].map((field) => (field === "current"
        ? h("label", {}, h("input", { type: "checkbox", name: field, checked: Boolean(item.current) }), rname("fields", field))
        : h("label", {}, rname("fields", field), h("input", { name: field, value: item[field] ?? "",
          inputmode: field.endsWith("_year") ? "numeric" : null }))));
      const row = h("fieldset", { class: "resume-row" }, ...inputs,
        h("button", { type: "button", class: "secondary small", onclick: () => row.remove() }, rt("remove")));
      row.item = item;
      rows.append(row);
    };
    original.forEach(addRow);
    form.append(rows, h("button", { type: "button", class: "secondary small", onclick: () => addRow() }, rt("addItem")));
    read = () => [...rows.children].map((row) => {
      const item = { ...row.item };
      for (const field of ROW_FIELDS[name]) {
        const input = row.querySelector(`[name="${field}"]`);
        if (field === "current") item.current = input.checked;
        else if (field.endsWith("_year")) item[field] = input.value.trim() ? Number(input.value) : null;
        else item[field] = input.value.trim() || null;
      }
      return item;
    });
  } else {
    const text = h("textarea", { name: "lines", rows: Math.max(3, original.length + 1) },
      original.map((c) => (c.level ? `${c.text} | ${c.level}` : c.text)).join("\n"));
    form.append(h("label", {}, rt("claimLines"), text));
    read = () => text.value.split("\n").map((line) => line.trim()).filter(Boolean).map((line) => {
      const [value, level] = line.split("|").map((part) => part.trim());
      const before = original.find((c) => c.text === value);
      // An unchanged claim keeps where it was read (its span); a new one has none.
      return before ? { ...before, level: level || null } : { text: value, level: level || null };
    });
  }
  form.append(h("div", { class: "actions" },
    h("button", { type: "submit" }, rt("save")),
    h("button", { type: "button", class: "secondary", onclick: () => refresh() }, rt("cancel"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.replaceChildren();
    try {
      await api(`${path}/${name}`, json("PUT", { items: read(), revision: resume.revision }));
      await refresh();
      status.replaceChildren(rt("saved"));
    } catch (error) { status.replaceChildren(failure(error)); }
  });
  return form;
}

function unread(resume) {
  if (!resume.unread.length) return null;
  return h("div", { class: "resume-unread" }, h("h3", {}, rt("unreadTitle")),
    h("ul", {}, ...resume.unread.map((part) => h("li", {}, message(part.code, part.params),
      part.page ? ` (${rt("source", part.page)})` : "", part.span?.text ? `: “${part.span.text}”` : ""))));
}

function history(resume) {
  if (!resume.corrections.length) return null;
  const summary = (items, name) => items.map((item) => itemLabel(name, item)).join("; ") || "—";
  return h("details", { class: "resume-history" }, h("summary", {}, `${rt("historyTitle")} (${resume.corrections.length})`),
    h("ol", { class: "plain" }, ...[...resume.corrections].reverse().map((c) => h("li", {},
      h("div", {}, h("small", {}, rt("historyItem", c.by, when(c.at), rname("sections", c.section)))),
      h("div", {}, h("del", { "aria-label": rt("before") }, summary(c.before, c.section)), " → ",
        h("ins", { "aria-label": rt("after") }, summary(c.after, c.section)))))));
}

function contentType(file) {
  if (file.type) return file.type;
  return /\.docx$/i.test(file.name) ? DOCX : "application/octet-stream";
}

function postToS3(grant, file, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(grant.fields)) form.append(k, v);
    form.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", grant.url);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    // S3's refusal (the grant expired, a larger file than the policy allows) is not ours to translate.
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(rt("uploadFailed"))));
    xhr.onerror = () => reject(new Error(rt("uploadFailed")));
    xhr.send(form);
  });
}

function uploader(path, status, refresh) {
  const bar = h("progress", { max: 1, value: 0, hidden: true, "aria-label": rt("uploading") });
  const input = h("input", { type: "file", id: "resume-file", accept: `application/pdf,.pdf,.docx,${DOCX},image/*`, onchange: async () => {
    const file = input.files[0];
    if (!file) return;
    status.replaceChildren(rt("uploading"));
    input.disabled = true;
    try {
      const grant = await api(`${path}/upload`, json("POST", { file_name: file.name, content_type: contentType(file) }));
      if (file.size > grant.max_bytes) {
        const params = { max_mb: Math.round(grant.max_bytes / 1048576) };
        throw Object.assign(new Error(), { status: 413, body: { code: "resume_too_large", params, message: "" } });
      }
      bar.hidden = false;
      await postToS3(grant, file, (share) => { bar.value = share; });
      status.replaceChildren(rt("waiting"));
      await refresh();
    } catch (error) {
      status.replaceChildren(failure(error));
    } finally {
      input.disabled = false;
      input.value = "";
      bar.hidden = true;
    }
  } });
  return h("div", { class: "resume-upload" }, h("label", { for: "resume-file" }, rt("upload")), input,
    h("p", { class: "hint" }, rt("uploadHint")), bar);
}
