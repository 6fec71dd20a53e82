// The portal's optional résumé card, on the device check page before the interview: the
// candidate may upload a PDF, a Word file or a photo of a paper résumé (a phone's camera
// works: accept="image/*"), straight to S3 through a presigned POST. The page shows the
// upload's progress and, if the file is refused, the reason in the candidate's language.
// Leaving it changes nothing; HR may also have the résumé already.

const TEXT = {
  en: {
    title: "Your résumé (optional)",
    why: "You may upload your résumé for the hiring team: a PDF, a Word (.docx) file or a photo of a paper résumé, up to 10 MB.",
    choose: "Choose a file or take a photo",
    uploading: "Uploading…",
    received: "Thank you: your résumé was received.",
    reading: "Received; it is being read.",
    uploaded: (name) => `Uploaded: ${name}`,
    refused: "This file could not be used:",
    failed: "The upload did not go through; try again.",
    already: "HR already has your résumé: nothing to do here.",
  },
  zh: {
    title: "您的简历（可选）",
    why: "您可以上传简历供招聘团队参考：PDF、Word（.docx）文件或纸质简历的照片，不超过 10 MB。",
    choose: "选择文件或拍照",
    uploading: "正在上传…",
    received: "谢谢，已收到您的简历。",
    reading: "已收到，正在读取。",
    uploaded: (name) => `已上传：${name}`,
    refused: "此文件无法使用：",
    failed: "上传未成功，请重试。",
    already: "HR 已有您的简历，此处无需操作。",
  },
};

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

function postToS3(grant, file, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(grant.fields)) form.append(k, v);
    form.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", grant.url);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error("s3")));
    xhr.onerror = () => reject(new Error("network"));
    xhr.send(form);
  });
}

// ``page``: the portal's helpers ({ api, el, lang, say }); the card, filled in when the
// server says whether a résumé came already.
export function resumeCard(page) {
  const { api, el, lang, say } = page;
  const t = TEXT[lang] || TEXT.zh;
  const state = el("div", { role: "status", "aria-live": "polite" });
  const bar = el("progress", { max: 1, value: 0, hidden: true, "aria-label": t.uploading });
  const status = async () => api("/resume").catch(() => null);
  const describe = (current) => {
    if (!current) return state.replaceChildren();
    if (current.status === "refused" || current.status === "unreadable") {
      return state.replaceChildren(el("p", { class: "error", role: "alert" }, `${t.refused} ${say(current.status_code, current.status_params)}`));
    }
    return state.replaceChildren(el("p", { class: "ok" }, current.status === "waiting" ? t.reading : t.received),
      current.file_name ? el("p", { class: "muted" }, t.uploaded(current.file_name)) : "");
  };
  const input = el("input", { id: "resume-file", type: "file", accept: "application/pdf,.docx,image/*", onchange: async () => {
    const file = input.files[0];
    if (!file) return;
    input.disabled = true;
    state.replaceChildren(el("p", {}, t.uploading));
    try {
      const type = file.type || (/\.docx$/i.test(file.name) ? DOCX : "application/octet-stream");
      const grant = await api("/resume/upload", { method: "POST", body: JSON.stringify({ file_name: file.name, content_type: type }) });
      if (file.size > grant.max_bytes) {
        throw new Error(say("resume_too_large", { max_mb: Math.round(grant.max_bytes / 1048576) }));
      }
      bar.hidden = false;
      await postToS3(grant, file, (share) => { bar.value = share; });
      describe(await status());
      // The file is read in the background: a refusal shows here when it comes.
      setTimeout(async () => { if (input.isConnected) describe(await status()); }, 5000);
    } catch (e) {
      const why = e.status === 409 && e.body && e.body.code === "resume_already_provided" ? t.already : e.message === "s3" || e.message === "network" ? t.failed : e.message;
      state.replaceChildren(el("p", { class: "error", role: "alert" }, why));
    } finally {
      input.disabled = false;
      input.value = "";
      bar.hidden = true;
    }
  } });
  describeLater(status, describe);
  return el("section", { class: "card", id: "resume-step" },
    el("h2", {}, t.title), el("p", {}, t.why),
    el("label", { for: "resume-file", class: "button secondary" }, t.choose), input, bar, state);
}

async function describeLater(status, describe) {
  describe(await status());
}
