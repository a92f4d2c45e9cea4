// A fake intranet page (the "host") that embeds Tandem's profile panel the way any host would:
// import /ui/profile.js and mount it into one of its own elements.

import { loadLocale, browserLocale, t, translateTree } from '/ui/i18n.js';
import { mountProfilePanel } from '/ui/profile.js';

let session = null;
try {
  const res = await fetch('/auth/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (res.status === 401) {
    window.location.replace('/login');
  } else if (res.ok) {
    session = await res.json();
  }
} catch {
  session = null;
}

await loadLocale((session && session.locale) || browserLocale(), { setDocumentLang: true });
translateTree(document);
document.title = t('intranet.documentTitle');
const userEl = document.querySelector('.acme-user');
if (userEl && session) userEl.textContent = session.displayName || session.userName || '';

await mountProfilePanel(document.getElementById('tandem-profile'), { apiBase: '', headingLevel: 2 });
