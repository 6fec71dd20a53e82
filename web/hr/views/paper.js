// The review file (every round's AI report and the reviews) as a PDF, in the reader's
// language: fetched with the caller's token and offered as a download.
import { token } from "/shared/auth.js";
import { locale, t } from "../i18n.js";
import { failure, h } from "../ui.js";

export function reviewFileBar(candidate) {
  const message = h("span", { "aria-live": "polite" });
  const button = h("button", { type: "button", class: "secondary", id: "review-file", onclick: async () => {
    button.disabled = true;
    message.replaceChildren(t("preparingPdf"));
    try {
      const response = await fetch(`/api/candidates/${encodeURIComponent(candidate.id)}/report.pdf?lang=${locale}`,
        { headers: { Authorization: token() } });
      if (!response.ok) {
        const body = await response.json().catch(() => ({}));
        throw Object.assign(new Error(body.message || `Request failed (${response.status})`), { status: response.status });
      }
      const url = URL.createObjectURL(await response.blob());
      const link = h("a", { href: url, download: `review-${candidate.id}.pdf` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      message.replaceChildren(t("pdfReady"));
    } catch (error) { message.replaceChildren(failure(error)); } finally { button.disabled = false; }
  } }, t("downloadPdf"));
  return h("div", { class: "actions print-bar" }, button, message);
}
