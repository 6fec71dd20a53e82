// Sign-in against the Cognito user pool named in /config.json (USER_PASSWORD_AUTH), with
// Cognito's two-step challenges (an authenticator app's code, TOTP). Locally the pool
// lives in the emulator; on AWS it is the deployed pool. The ID and access tokens are
// kept in sessionStorage only: closing the tab signs out.

const TOKEN_KEY = "hireflow.idToken";
const ACCESS_KEY = "hireflow.accessToken";
const ISSUER = "hireflow";

export async function loadConfig() {
  const response = await fetch("/config.json");
  if (!response.ok) throw new Error("The configuration could not be loaded.");
  return response.json();
}

function cognitoUrl(config) {
  return config.cognitoEndpoint || `https://cognito-idp.${config.region}.amazonaws.com/`;
}

// One call of Cognito's JSON API. A refusal throws an Error whose `code` is Cognito's
// error type (CodeMismatchException, NotAuthorizedException ...), for the page to explain.
async function cognito(config, action, body) {
  const response = await fetch(cognitoUrl(config), {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": `AWSCognitoIdentityProviderService.${action}`,
    },
    body: JSON.stringify(body),
  });
  const reply = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(reply.message || `${action} failed.`);
    error.code = String(reply.__type || "").split("#").pop();
    error.type = error.code || "other"; // the sign-in screen says it in the reader's language
    throw error;
  }
  return reply;
}

// Tokens: signed in, returns null. A challenge: returns the step to take next,
// { name: "SOFTWARE_TOKEN_MFA" | "MFA_SETUP" | ..., session, username }.
function settle(reply, username) {
  if (reply.AuthenticationResult) {
    sessionStorage.setItem(TOKEN_KEY, reply.AuthenticationResult.IdToken);
    sessionStorage.setItem(ACCESS_KEY, reply.AuthenticationResult.AccessToken);
    return null;
  }
  const parameters = reply.ChallengeParameters || {};
  return { name: reply.ChallengeName, session: reply.Session, username: parameters.USER_ID_FOR_SRP || username };
}

export async function signIn(config, username, password) {
  const reply = await cognito(config, "InitiateAuth", {
    AuthFlow: "USER_PASSWORD_AUTH",
    ClientId: config.userPoolClientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
  return settle(reply, username);
}

// SOFTWARE_TOKEN_MFA: the code the user's authenticator app shows now.
export async function answerCode(config, challenge, code) {
  const reply = await cognito(config, "RespondToAuthChallenge", {
    ChallengeName: "SOFTWARE_TOKEN_MFA",
    ClientId: config.userPoolClientId,
    Session: challenge.session,
    ChallengeResponses: { USERNAME: challenge.username, SOFTWARE_TOKEN_MFA_CODE: code },
  });
  return settle(reply, challenge.username);
}

// MFA_SETUP, first half: a new secret key for the user's authenticator app.
export async function beginSetup(config, challenge) {
  const reply = await cognito(config, "AssociateSoftwareToken", { Session: challenge.session });
  if (reply.Session) challenge.session = reply.Session;
  return reply.SecretCode;
}

// MFA_SETUP, second half: the app's first code proves the key was typed right; then the
// sign-in goes on.
export async function finishSetup(config, challenge, code) {
  const verified = await cognito(config, "VerifySoftwareToken", {
    Session: challenge.session, UserCode: code, FriendlyDeviceName: ISSUER,
  });
  challenge.session = verified.Session;
  const reply = await cognito(config, "RespondToAuthChallenge", {
    ChallengeName: "MFA_SETUP",
    ClientId: config.userPoolClientId,
    Session: verified.Session,
    ChallengeResponses: { USERNAME: challenge.username },
  });
  return settle(reply, challenge.username);
}

function accessToken() {
  const current = sessionStorage.getItem(ACCESS_KEY);
  if (!current) {
    const error = new Error("Signed in before two-step sign-in existed: sign in again.");
    error.code = "NotAuthorizedException";
    throw error;
  }
  return current;
}

// For a signed-in user: is two-step sign-in on?
export async function twoStepEnabled(config) {
  const user = await cognito(config, "GetUser", { AccessToken: accessToken() });
  return (user.UserMFASettingList || []).includes("SOFTWARE_TOKEN_MFA");
}

// For a signed-in user: a secret key for a new authenticator app...
export async function beginTwoStep(config) {
  const reply = await cognito(config, "AssociateSoftwareToken", { AccessToken: accessToken() });
  return reply.SecretCode;
}

// ...and, with the app's first code, two-step sign-in on from the next sign-in.
export async function finishTwoStep(config, code) {
  const token = accessToken();
  await cognito(config, "VerifySoftwareToken", { AccessToken: token, UserCode: code, FriendlyDeviceName: ISSUER });
  await cognito(config, "SetUserMFAPreference", {
    AccessToken: token,
    SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
  });
}

// What authenticator apps read from a QR code (Google Authenticator's key URI format).
export function otpauthUri(secret, username) {
  const label = `${encodeURIComponent(ISSUER)}:${encodeURIComponent(username)}`;
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(ISSUER)}`;
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(ACCESS_KEY);
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

// Calls the HR API with the caller's token; a 401 signs out so the page can ask again.
export async function api(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  const current = token();
  if (current) headers.Authorization = current;
  const response = await fetch(`/api${path}`, { ...options, headers });
  if (response.status === 401) signOut();
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    // ``body`` carries the code and params the page shows in its language (messages.js).
    const error = new Error((body && body.message) || `Request failed (${response.status})`);
    error.status = response.status;
    error.body = body;
    error.errors = (body && body.errors) || []; // the API's reason per field
    throw error;
  }
  return body;
}
