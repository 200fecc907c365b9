// The API client: every call carries the signed-in user's token (kept in sessionStorage, so it
// lasts as long as the tab) and answers JSON or throws an ApiError holding the problem document.

const TOKEN_KEY = "quanta.token";
const listeners = new Set();

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  cache.clear();
}

/** Called with the error whenever the API refuses the token (401). */
export function onUnauthenticated(listener) {
  listeners.add(listener);
}

/** An error answer of the API, as application/problem+json describes it. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || "HTTP " + status);
    this.status = status;
    this.problem = problem || {};
  }

  /** Where the request was wrong: [{line, column, path, message}]. */
  get errors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }

  /** True when the server has no such route at all (an endpoint this version does not serve). */
  get missingEndpoint() {
    return this.status === 404 && /^No such resource: /.test(this.problem.detail || "");
  }
}

/**
 * Calls the API: api("/products") is GET /api/v1/products. A body is sent as JSON. A refused token
 * (401) is announced to onUnauthenticated's listeners, unless `quiet` (the sign-in box checking a
 * token says so itself).
 *
 * @throws ApiError for an error answer, TypeError when the server cannot be reached
 */
export async function api(path, { method = "GET", body, signal, purpose, quiet = false } = {}) {
  const headers = { Accept: "application/json" };
  const current = token();
  if (current) {
    headers.Authorization = "Bearer " + current;
  }
  if (purpose) {
    headers["X-Quanta-Purpose"] = purpose;
  }
  const init = { method, headers, signal, credentials: "omit", cache: "no-store" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch("/api/v1" + path, init);
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = { detail: text.slice(0, 500) };
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, json);
    if (response.status === 401 && !quiet) {
      listeners.forEach((listener) => listener(error));
    }
    throw error;
  }
  return json;
}

const cache = new Map();

/** A GET remembered for a few seconds: pages that need every root document share them. */
export function cached(path, seconds = 20) {
  const hit = cache.get(path);
  if (hit && hit.until > Date.now()) {
    return hit.promise;
  }
  const promise = api(path);
  cache.set(path, { until: Date.now() + seconds * 1000, promise });
  promise.catch(() => cache.delete(path));
  return promise;
}

/** GET of an endpoint this server may not have yet: null when it has no such route. */
export async function optional(path) {
  try {
    return await api(path);
  } catch (error) {
    if (error instanceof ApiError && error.missingEndpoint) {
      return null;
    }
    throw error;
  }
}

/** The API path of a product's root document. */
export function productPath(domain, name, major) {
  return (
    "/products/" +
    encodeURIComponent(domain) +
    "/" +
    encodeURIComponent(name) +
    (major === undefined || major === null ? "" : "/" + encodeURIComponent(major))
  );
}
