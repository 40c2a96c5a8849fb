// The reader's token (pasted once, kept for this browser tab) and calls to this service's API.
const KEY = "tdkt.token";

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
  }
}

export function token() {
  return sessionStorage.getItem(KEY);
}

export function signIn(pasted) {
  const value = pasted.trim().replace(/^Bearer\s+/i, "");
  if (!claims(value)) return false;
  sessionStorage.setItem(KEY, value);
  return true;
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

// What the token says about its holder, for the menus only: the API decides what it answers.
export function claims(value = token()) {
  try {
    const payload = value.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const text = new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
    const found = JSON.parse(text);
    return { agency: found.agency ?? null, roles: found.roles ?? [], subject: found.sub ?? "" };
  } catch {
    return null;
  }
}

export function seesNation(who = claims()) {
  return Boolean(who && (who.roles.includes("analyst") || who.roles.includes("admin")));
}

function url(path, query = {}) {
  const params = new URLSearchParams(
    Object.entries(query).filter(([, value]) => value !== undefined && value !== null),
  );
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function call(path, query) {
  const response = await fetch(url(path, query), {
    headers: { Authorization: `Bearer ${token()}`, Accept: "application/json" },
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new ApiError(response.status, problem.detail || problem.title);
  }
  return response;
}

export async function getJson(path, query) {
  return (await call(path, query)).json();
}

// A download needs the token too, so it goes through fetch and a blob, not a plain link.
export async function download(path, query, fileName) {
  const blob = await (await call(path, query)).blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}
