// Fetch wrapper for the Tandem API: JSON in and out, same-origin cookies, and the CSRF contract
// (remember the X-CSRF-Token response header, send it back on POST/PUT/PATCH/DELETE).
// Errors {"error":{"code","message"}} become thrown ApiError objects carrying the code.

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const csrfTokens = new Map(); // normalized apiBase -> last token seen

const CODES_BY_STATUS = {
  400: 'invalid_argument', 401: 'unauthenticated', 403: 'permission_denied', 404: 'not_found',
  405: 'method_not_allowed', 409: 'failed_precondition', 413: 'payload_too_large', 503: 'unavailable',
};

export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.body = body;
  }

  // Validation messages start with the field they are about: "capacity: must be 1 to 10".
  get field() {
    const m = /^([A-Za-z][A-Za-z0-9_.]*):\s/.exec(this.message || '');
    return m ? m[1] : null;
  }
}

function normalizeBase(apiBase) {
  return String(apiBase || '').replace(/\/+$/, '');
}

export function setCsrfToken(apiBase, token) {
  if (token) csrfTokens.set(normalizeBase(apiBase), token);
}

export function getCsrfToken(apiBase) {
  return csrfTokens.get(normalizeBase(apiBase)) || null;
}

export function createApi({ apiBase = '' } = {}) {
  const base = normalizeBase(apiBase);

  async function request(method, path, body, { headers = {} } = {}) {
    const m = method.toUpperCase();
    const init = {
      method: m,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...headers },
    };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    if (UNSAFE_METHODS.has(m)) {
      if (!csrfTokens.has(base) && path !== '/api/v1/me') {
        // The token comes with any authenticated GET; fetch one if this is the first call.
        try { await request('GET', '/api/v1/me'); } catch { /* the real call reports errors */ }
      }
      const token = csrfTokens.get(base);
      if (token) init.headers['X-CSRF-Token'] = token;
    }
    let res;
    try {
      res = await fetch(base + path, init);
    } catch (e) {
      throw new ApiError(0, 'network_error', e && e.message ? e.message : 'network error');
    }
    const token = res.headers.get('X-CSRF-Token');
    if (token) csrfTokens.set(base, token);
    const text = res.status === 204 ? '' : await res.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
    if (!res.ok) {
      const err = (data && typeof data === 'object' && data.error) || {};
      throw new ApiError(res.status, err.code || CODES_BY_STATUS[res.status] || 'internal',
        err.message || res.statusText, data);
    }
    return data;
  }

  return {
    base,
    request,
    get: (path, opts) => request('GET', path, undefined, opts),
    post: (path, body, opts) => request('POST', path, body, opts),
    put: (path, body, opts) => request('PUT', path, body, opts),
    patch: (path, body, opts) => request('PATCH', path, body, opts),
    delete: (path, opts) => request('DELETE', path, undefined, opts),
    csrfToken: () => csrfTokens.get(base) || null,
  };
}
