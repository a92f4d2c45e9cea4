// Chrome of the standalone pages (profile.html, hr.html): catalogue and <html lang>, document title,
// the nav (HR link only for hr_admin), the signed-in name and, in the standalone host, sign out.
// Redirects to /login when the API answers 401.

import { createApi, getCsrfToken } from './api.js';
import { loadLocale, browserLocale, t, translateTree, errorText } from './i18n.js';
import { h } from './dom.js';

async function standaloneSession() {
  try {
    const res = await fetch('/auth/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!res.ok) return null;
    const data = await res.json();
    return data && typeof data === 'object' ? data : null;
  } catch {
    return null;
  }
}

async function signOut(session) {
  const token = (session && session.csrfToken) || getCsrfToken('');
  try {
    await fetch('/auth/logout', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', ...(token ? { 'X-CSRF-Token': token } : {}) },
      body: '{}',
    });
  } finally {
    window.location.assign('/login');
  }
}

// page: "profile" | "hr"; titleKey: catalogue key of the document title;
// mount(mainEl): mounts the page's panel.
export async function bootPage({ page, titleKey, mount }) {
  const api = createApi();
  const main = document.getElementById('tdm-main');
  let me;
  try {
    me = await api.get('/api/v1/me');
  } catch (e) {
    if (e.status === 401) {
      window.location.replace('/login');
      return;
    }
    await loadLocale(browserLocale(), { setDocumentLang: true });
    translateTree(document);
    document.title = t(titleKey);
    main.append(h('p', { className: 'tdm-notice tdm-notice-error', text: errorText(e) }));
    return;
  }
  await loadLocale(me.locale, { setDocumentLang: true });
  translateTree(document);
  document.title = t(titleKey);

  const roles = Array.isArray(me.roles) ? me.roles : [];
  for (const item of document.querySelectorAll('[data-nav-item="hr"]')) item.hidden = !roles.includes('hr_admin');
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === page) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const nameEl = document.querySelector('.tdm-user-name');
  if (nameEl && me.employee) nameEl.textContent = me.employee.displayName || me.employee.userName || '';

  const signOutButton = document.querySelector('.tdm-signout');
  if (signOutButton) {
    const session = await standaloneSession();
    if (session) {
      signOutButton.hidden = false;
      signOutButton.addEventListener('click', () => signOut(session));
    }
  }
  await mount(main);
}
