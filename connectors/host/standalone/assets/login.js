// Sign-in page of the standalone host. GET /auth/config says which form to show:
//   "demo": pick an account (tandem serve --demo), no password;
//   "ldap": user name and password, checked by the host with an LDAP bind.
// Either way POST /auth/login, then go to the profile page. Account data is set with textContent only.

import { loadLocale, browserLocale, t, translateTree } from '/ui/i18n.js';
import { h, clear, srOnly } from '/ui/dom.js';

const search = document.getElementById('login-search');
const localeSelect = document.getElementById('login-locale');
const statusEl = document.getElementById('login-status');
const list = document.getElementById('login-accounts');
const form = document.getElementById('login-form');
const intro = document.getElementById('login-intro');
const demoFields = document.getElementById('login-demo-fields');
const demoList = document.getElementById('login-demo-list');
const passwordFields = document.getElementById('login-password-fields');
const userInput = document.getElementById('login-user');
const passwordInput = document.getElementById('login-password');
const submitButton = document.getElementById('login-submit');

let mode = 'demo';

let accounts = [];
let loadError = false;
let requestSeq = 0;
let debounce = null;
let signingIn = false;

function setStatus(message, kind = 'info') {
  statusEl.className = `tdm-status tdm-status-${kind}`;
  statusEl.textContent = message || '';
}

async function applyLocale() {
  await loadLocale(localeSelect.value || browserLocale(), { setDocumentLang: true });
  translateTree(document);
  document.title = t(mode === 'ldap' ? 'login.passwordDocumentTitle' : 'login.documentTitle');
  if (mode === 'demo') renderAccounts();
}

function roleName(role) {
  const key = `role.${role}`;
  const text = t(key);
  return text === key ? role : text;
}

function renderAccounts() {
  clear(list);
  if (loadError) {
    setStatus(t('login.loadError'), 'error');
    return;
  }
  if (!accounts.length) {
    list.append(h('li', { className: 'tdm-empty', text: search.value.trim() ? t('login.noMatch', { q: search.value.trim() }) : t('login.none') }));
  }
  for (const account of accounts) {
    const name = account.displayName || account.userName || '';
    const meta = [account.title, account.department].filter((v) => typeof v === 'string' && v.trim());
    const roles = Array.isArray(account.roles) ? account.roles : [];
    const button = h('button', {
      type: 'button', className: 'tdm-button tdm-button-primary tdm-signin',
      dataset: { userName: account.userName || '' },
      on: { click: () => signIn(account.userName) },
    }, h('span', { text: t('login.signIn') }), srOnly(` ${t('login.signInAs', { name })}`));
    list.append(h('li', { className: 'tdm-account' },
      h('div', { className: 'tdm-account-info' },
        h('p', { className: 'tdm-account-name', text: name }),
        meta.length ? h('p', { className: 'tdm-account-meta', text: meta.join(' · ') }) : null,
        h('p', { className: 'tdm-account-user', text: account.userName || '' }),
        roles.length ? h('ul', { className: 'tdm-badges', attrs: { 'aria-label': t('login.rolesLabel') } },
          roles.map((r) => h('li', { className: `tdm-badge tdm-badge-${String(r).replace(/[^a-z_]/gi, '')}`, text: roleName(r) }))) : null),
      button));
  }
  if (!signingIn) setStatus(t('login.count', { count: accounts.length }));
}

async function fetchAccounts() {
  const seq = ++requestSeq;
  const q = search.value.trim();
  try {
    const res = await fetch(`/auth/demo-accounts?q=${encodeURIComponent(q)}`, {
      credentials: 'same-origin', headers: { Accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const data = await res.json();
    if (seq !== requestSeq) return;
    accounts = Array.isArray(data && data.items) ? data.items : [];
    loadError = false;
  } catch {
    if (seq !== requestSeq) return;
    accounts = [];
    loadError = true;
  }
  renderAccounts();
}

async function signIn(userName, password) {
  if (signingIn || !userName) return;
  signingIn = true;
  setStatus(t('login.signingIn'));
  const body = { userName };
  if (password !== undefined) body.password = password;
  if (localeSelect.value) body.locale = localeSelect.value;
  try {
    const res = await fetch('/auth/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) {
      signingIn = false;
      setStatus(t(failureKey(res.status)), 'error');
      if (mode === 'ldap') {
        passwordInput.value = '';
        passwordInput.focus();
      }
      return;
    }
    window.location.assign('/ui/profile.html');
  } catch {
    signingIn = false;
    setStatus(t('login.error'), 'error');
  }
}

function failureKey(status) {
  if (mode !== 'ldap') return 'login.error';
  if (status === 401) return 'login.invalidCredentials';
  if (status === 429) return 'login.tooManyAttempts';
  if (status === 403) return 'login.notProvisioned';
  if (status === 503) return 'login.directoryUnavailable';
  return 'login.error';
}

async function fetchMode() {
  try {
    const res = await fetch('/auth/config', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (res.ok) {
      const data = await res.json();
      if (data && typeof data.mode === 'string') return data.mode;
    }
  } catch {
    // Fall back to the demo picker, which reports its own errors.
  }
  return 'demo';
}

function showMode() {
  const ldap = mode === 'ldap';
  demoFields.hidden = ldap;
  demoList.hidden = ldap;
  passwordFields.hidden = !ldap;
  submitButton.hidden = !ldap;
  userInput.required = ldap;
  passwordInput.required = ldap;
  intro.dataset.i18n = ldap ? 'login.passwordNotice' : 'login.demoNotice';
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  if (mode === 'ldap') {
    const userName = userInput.value.trim();
    if (!userName || !passwordInput.value) {
      setStatus(t('login.missingCredentials'), 'error');
      return;
    }
    signIn(userName, passwordInput.value);
    return;
  }
  clearTimeout(debounce);
  fetchAccounts();
});
search.addEventListener('input', () => {
  clearTimeout(debounce);
  debounce = setTimeout(fetchAccounts, 250);
});
localeSelect.addEventListener('change', applyLocale);

mode = await fetchMode();
showMode();
await applyLocale();
if (mode === 'ldap') {
  userInput.focus();
} else {
  await fetchAccounts();
}
