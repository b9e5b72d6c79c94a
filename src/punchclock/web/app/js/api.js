// The REST API: the web token, JSON in and out, errors with the server's stable codes.

const KEY = "pc_token";
// Where the app lives (this module is at <base>assets/<version>/js/api.js): the API is found from
// here, so the app works under a path prefix (https://example.com/time/) with nothing to configure.
export const BASE = new URL("../../../", import.meta.url).href;
const API = new URL("api/v1", BASE).href;
const listeners = new Set();
const refusals = new Set();

export class ApiError extends Error {
  constructor(status, body, retryAfter = null) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code;
    this.conflict = (body && body.conflict) || null; // a 409 overlap's entry in the way
    this.retryAfter = retryAfter; // seconds, from the server's Retry-After
  }
}

/** The network is unreachable (offline, server down): the caller may queue the action. A 503 keeps
 * the server's code (e.g. mail_unavailable) for callers that explain it. */
export class Offline extends Error {
  constructor(message, body, retryAfter = null) {
    super(message);
    this.code = body && body.code;
    this.detail = body && body.message;
    this.retryAfter = retryAfter;
  }
}

export function token() {
  return localStorage.getItem(KEY);
}

export function setToken(value, expiresAt) {
  if (value) {
    localStorage.setItem(KEY, value);
    localStorage.setItem(`${KEY}_exp`, String(expiresAt || 0));
  } else {
    localStorage.removeItem(KEY);
    localStorage.removeItem(`${KEY}_exp`);
  }
}

export function onSignedOut(fn) {
  listeners.add(fn);
}

/** Be told of every refusal (an ApiError) before its caller is: a save refused as locked means the
 * app's copy of the locked time is out of date, whichever page made it (js/locks.js). */
export function onRefused(fn) {
  refusals.add(fn);
}

export async function api(method, path, body, headers = {}) {
  const init = { method, headers: { Accept: "application/json", ...headers } };
  const bearer = token();
  if (bearer) init.headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(`${API}${path}`, init);
  } catch (err) {
    throw new Offline(String(err));
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  // A 401 signs out only when the refused token is still this browser's: a request sent just before
  // a password change (its old token) must not throw away the fresh token the change handed back.
  const current = token() === bearer;
  if (res.status === 401 && bearer && current && !path.startsWith("/auth/session") && path !== "/auth/logout") {
    setToken(null);
    for (const fn of listeners) fn();
  }
  const wait = Number(res.headers.get("Retry-After")) || null;
  if (res.status >= 500) throw new Offline(`HTTP ${res.status}`, data, wait);
  if (!res.ok) {
    const err = new ApiError(res.status, data, wait);
    for (const fn of refusals) fn(err);
    throw err;
  }
  return data;
}

export const get = (path) => api("GET", path);

/** Every page of a list endpoint (per_page 100), for the key holding the items. The first `guess`
 * pages are fetched side by side (a week is usually two), any further ones once the count is known. */
export async function getAll(path, key, limit = 200, guess = 1) {
  const sep = path.includes("?") ? "&" : "?";
  const page = (n) => get(`${path}${sep}per_page=100&page=${n}`);
  const head = await Promise.all(Array.from({ length: Math.min(guess, limit) }, (_, i) => page(i + 1)));
  const pages = Math.min(limit, (head[0].pagination && head[0].pagination.pages) || 1);
  // The rest six at a time (a browser's connections per server), not in one burst.
  const rest = [];
  for (let n = head.length + 1; n <= pages; n += 6) {
    const batch = Array.from({ length: Math.min(6, pages - n + 1) }, (_, i) => page(n + i));
    rest.push(...(await Promise.all(batch)));
  }
  return [...head, ...rest].flatMap((data) => data[key]);
}

/** Download a file the server makes (an export) as the browser's own download: `path` is below
 * /api/v1, the name is the server's (Content-Disposition), else `fallback`. */
export async function download(path, fallback) {
  let res;
  try {
    res = await fetch(`${API}${path}`, { headers: { Authorization: `Bearer ${token()}` } });
  } catch (err) {
    throw new Offline(String(err));
  }
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    if (res.status >= 500) throw new Offline(`HTTP ${res.status}`, body);
    throw new ApiError(res.status, body);
  }
  const named = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "");
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = named ? named[1] : fallback;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  return q.toString();
}

/** Keep a browser signed in: swap the web token for a fresh one once half its life has passed. */
export async function refreshSoon() {
  const exp = Number(localStorage.getItem(`${KEY}_exp`) || 0);
  if (!token() || !exp) return;
  const left = exp - Date.now() / 1000;
  if (left > 6 * 3600) return;
  try {
    const data = await api("POST", "/auth/refresh");
    setToken(data.token, data.expires_at);
  } catch {
    // Offline or expired: the next request tells (401 signs out).
  }
}
