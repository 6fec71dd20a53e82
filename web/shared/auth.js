// Sign-in against the Cognito user pool named in /config.json (USER_PASSWORD_AUTH).
// Locally the pool lives in the emulator; on AWS it is the deployed pool. The ID token
// is kept in sessionStorage only: closing the tab signs out.

const TOKEN_KEY = "hireflow.idToken";

export async function loadConfig() {
  const response = await fetch("/config.json");
  if (!response.ok) throw new Error("The configuration could not be loaded.");
  return response.json();
}

function cognitoUrl(config) {
  return config.cognitoEndpoint || `https://cognito-idp.${config.region}.amazonaws.com/`;
}

export async function signIn(config, username, password) {
  const response = await fetch(cognitoUrl(config), {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
    },
    body: JSON.stringify({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: config.userPoolClientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.AuthenticationResult) {
    throw new Error(body.message || "Sign-in failed.");
  }
  sessionStorage.setItem(TOKEN_KEY, body.AuthenticationResult.IdToken);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
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
    const error = new Error((body && body.message) || `Request failed (${response.status})`);
    error.status = response.status;
    error.errors = (body && body.errors) || []; // per-field reasons, shown next to the fields
    throw error;
  }
  return body;
}
