// Two-step sign-in (an authenticator app's 6-digit code, TOTP): the sign-in screen's
// challenge steps (a code, or setting an app up when the pool requires it) and the
// account control's dialog that turns it on. Cognito's calls live in /shared/auth.js.
import {
  answerCode, beginSetup, beginTwoStep, finishSetup, finishTwoStep, otpauthUri, twoStepEnabled,
} from "/shared/auth.js";
import qrcode from "/vendor/qrcode-generator/qrcode.js";
import { t } from "./i18n.js";
import { h } from "./ui.js";

// Cognito's refusals of a code, in the reader's language. `restart` is set when the
// sign-in has to start over (the challenge's session expired or had too many wrong codes).
function codeError(error) {
  switch (error.code) {
    case "CodeMismatchException":
    case "EnableSoftwareTokenMFAException": // VerifySoftwareToken's "code mismatch"
      return { message: t("mfaWrongCode") };
    case "ExpiredCodeException":
      return { message: t("mfaUsedCode") };
    case "NotAuthorizedException":
    case "ResourceNotFoundException": // an unknown session
      return { message: t("mfaSessionExpired"), restart: true };
    default:
      return { message: error.message };
  }
}

// A form that sends one 6-digit code at a time (its button disabled meanwhile).
// `send(code)` does the work; `refused(error, show)` judges a refusal, and `show(message)`
// says it under the field and clears the field for the next code.
function codeForm(id, { send, refused }, fields) {
  const error = h("p", { class: "error", role: "alert", id: "mfa-error" });
  const input = h("input", {
    id: "mfa-code", name: "code", inputmode: "numeric", autocomplete: "one-time-code",
    pattern: "[0-9]{6}", maxlength: "6", required: true, title: t("mfaCodeFormat"),
  });
  const show = (message) => { error.textContent = message; input.value = ""; input.focus(); };
  const form = h("form", { id, onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = "";
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await send(input.value.trim());
    } catch (e) {
      refused(e, show);
    } finally { button.disabled = false; }
  } }, ...fields(input), error);
  return { form, input };
}

// On the sign-in screen an expired challenge starts the sign-in over.
const signInRefused = (restart) => (e, show) => {
  const { message, restart: again } = codeError(e);
  if (again) restart(message);
  else show(message);
};

const SVG = "http://www.w3.org/2000/svg";

// The otpauth:// URI as a QR code, drawn as SVG (no inline style: the CSP allows none).
function qrCode(uri) {
  const qr = qrcode(0, "M");
  qr.addData(uri);
  qr.make();
  const count = qr.getModuleCount();
  let path = "";
  for (let row = 0; row < count; row += 1) {
    for (let col = 0; col < count; col += 1) if (qr.isDark(row, col)) path += `M${col} ${row}h1v1h-1z`;
  }
  const svg = document.createElementNS(SVG, "svg");
  for (const [name, value] of Object.entries({ viewBox: `-4 -4 ${count + 8} ${count + 8}`, width: "200",
    height: "200", role: "img", "aria-label": t("mfaQr"), class: "qr", "shape-rendering": "crispEdges" })) {
    svg.setAttribute(name, value);
  }
  const background = document.createElementNS(SVG, "rect");
  for (const [name, value] of Object.entries({ x: "-4", y: "-4", width: count + 8, height: count + 8, fill: "#fff" })) {
    background.setAttribute(name, String(value));
  }
  const modules = document.createElementNS(SVG, "path");
  modules.setAttribute("d", path);
  modules.setAttribute("fill", "#000");
  svg.append(background, modules);
  return svg;
}

// What a person needs to add the account to an authenticator app, and the code field.
function setUpForm(secret, username, handling) {
  const key = secret.toUpperCase();
  const uri = otpauthUri(key, username);
  return codeForm("mfa-setup", handling, (input) => [
    h("p", {}, t("mfaStepApp")),
    h("p", {}, t("mfaStepScan")),
    qrCode(uri),
    h("p", {}, t("mfaSecretLabel"), " ", h("code", { id: "mfa-secret" }, key.replace(/(.{4})/g, "$1 ").trim())),
    h("p", {}, h("a", { href: uri, id: "mfa-uri" }, t("mfaOpenApp"))),
    h("label", { for: "mfa-code" }, t("mfaStepCode")),
    input,
    h("div", { class: "actions" }, h("button", { type: "submit" }, t("mfaVerify")))]);
}

// A sign-in challenge on the sign-in screen. `done()` when tokens arrived; `restart(msg)`
// goes back to the password form; `footer` holds the language switch.
export function challengeScreen(root, config, challenge, { done, restart, footer }) {
  const back = h("button", { type: "button", class: "secondary", id: "mfa-back", onclick: () => restart("") }, t("mfaBack"));
  const next = async (step) => {
    if (step) challengeScreen(root, config, step, { done, restart, footer });
    else await done();
  };
  const card = h("section", { class: "card narrow", id: "two-step-sign-in", "aria-labelledby": "mfa-title" });
  root.replaceChildren(h("main", { id: "main" }, card));

  if (challenge.name === "SOFTWARE_TOKEN_MFA") {
    const { form, input } = codeForm("mfa-answer", {
      send: async (code) => next(await answerCode(config, challenge, code)),
      refused: signInRefused(restart),
    }, (field) => [
      h("p", {}, t("mfaEnterCode")),
      h("label", { for: "mfa-code" }, t("mfaCode")), field,
      h("div", { class: "actions" }, h("button", { type: "submit" }, t("mfaVerify")), back)]);
    card.append(h("h1", { id: "mfa-title" }, t("mfaTitle")), form, footer(() => challengeScreen(root, config, challenge, { done, restart, footer })));
    input.focus();
    return;
  }

  if (challenge.name === "MFA_SETUP") {
    card.append(h("h1", { id: "mfa-title" }, t("mfaSetupTitle")), h("p", {}, t("mfaSetupRequired")));
    const status = h("p", { class: "state", role: "status" }, t("loading"));
    card.append(status);
    const redraw = () => challengeScreen(root, config, challenge, { done, restart, footer });
    beginSetup(config, challenge).then((secret) => {
      const { form, input } = setUpForm(secret, challenge.username, {
        send: async (code) => next(await finishSetup(config, challenge, code)),
        refused: signInRefused(restart),
      });
      status.replaceWith(form);
      form.append(h("div", { class: "actions" }, back));
      card.append(footer(redraw));
      input.focus();
    }, (e) => { restart(codeError(e).message); });
    return;
  }

  // NEW_PASSWORD_REQUIRED and the like: not offered by this app yet; say so plainly.
  restart(t("challengeUnsupported", challenge.name));
}

// The account control: whether two-step sign-in is on, and turning it on (OPTIONAL pools).
export function twoStepDialog(config, me) {
  const body = h("div", { id: "two-step-body" }, h("p", { class: "state", role: "status" }, t("loading")));
  const close = h("button", { type: "button", class: "secondary", id: "two-step-close" }, t("mfaClose"));
  const dialog = h("dialog", { id: "two-step", "aria-labelledby": "two-step-title" },
    h("h2", { id: "two-step-title" }, t("twoStep")), body, h("div", { class: "actions" }, close));
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();

  const failed = (e) => {
    body.replaceChildren(h("p", { class: "error", role: "alert" },
      e.code === "NotAuthorizedException" ? t("twoStepSignInAgain") : codeError(e).message));
  };
  const turnOn = async () => {
    body.replaceChildren(h("p", { class: "state", role: "status" }, t("loading")));
    try {
      const secret = await beginTwoStep(config);
      const { form, input } = setUpForm(secret, me.username, {
        send: async (code) => {
          await finishTwoStep(config, code);
          body.replaceChildren(h("p", { class: "ok", role: "status", id: "two-step-state" }, t("twoStepTurnedOn")));
        },
        // A signed-out session cannot turn it on: say so instead of the form.
        refused: (e, show) => (e.code === "NotAuthorizedException" ? failed(e) : show(codeError(e).message)),
      });
      body.replaceChildren(form);
      input.focus();
    } catch (e) { failed(e); }
  };
  // A pool with MFA ON signs nobody in without it: nothing to turn on.
  const state = config.mfa === "ON" ? Promise.resolve(true) : twoStepEnabled(config);
  state.then((enabled) => {
    if (enabled) {
      body.replaceChildren(h("p", { class: "ok", id: "two-step-state" }, t("twoStepOn")));
    } else {
      body.replaceChildren(h("p", { id: "two-step-state" }, t("twoStepOff")),
        h("button", { type: "button", id: "two-step-on", onclick: turnOn }, t("twoStepTurnOn")));
    }
  }, failed);
}
