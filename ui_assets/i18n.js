// Message catalogues. Keys are flat ("profile.title"); values may hold {name} placeholders.
// The catalogues live next to this module (i18n/en.json, i18n/fr.json), so they load from /ui/i18n/
// in the standalone host and from wherever a host serves the UI files.

export const FALLBACK_LOCALE = 'en';
export const SUPPORTED_LOCALES = ['en', 'fr'];

const loaded = new Map(); // locale -> catalogue object
const pending = new Map(); // locale -> Promise<catalogue>
let current = FALLBACK_LOCALE;

// "fr-FR" -> "fr", "FR" -> "fr", unknown or empty -> "en".
export function normalizeLocale(value) {
  if (typeof value !== 'string' || !value.trim()) return FALLBACK_LOCALE;
  const base = value.trim().toLowerCase().split(/[-_]/)[0];
  return SUPPORTED_LOCALES.includes(base) ? base : FALLBACK_LOCALE;
}

// The first supported language of the browser, else English.
export function browserLocale() {
  const langs = (navigator.languages && navigator.languages.length)
    ? navigator.languages : [navigator.language];
  for (const lang of langs) {
    const base = typeof lang === 'string' ? lang.toLowerCase().split(/[-_]/)[0] : '';
    if (SUPPORTED_LOCALES.includes(base)) return base;
  }
  return FALLBACK_LOCALE;
}

function fetchCatalogue(locale) {
  if (loaded.has(locale)) return Promise.resolve(loaded.get(locale));
  if (!pending.has(locale)) {
    const url = new URL(`./i18n/${locale}.json`, import.meta.url);
    const p = fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then((res) => (res.ok ? res.json() : {}))
      .catch(() => ({}))
      .then((catalogue) => {
        const safe = catalogue && typeof catalogue === 'object' ? catalogue : {};
        loaded.set(locale, safe);
        pending.delete(locale);
        return safe;
      });
    pending.set(locale, p);
  }
  return pending.get(locale);
}

// Loads the catalogue for `requested` (and English, the fallback) and makes it current.
// With setDocumentLang, sets <html lang> (standalone pages only: an embedded panel sets the lang
// attribute on its own root instead). Returns the normalized locale.
export async function loadLocale(requested, { setDocumentLang = false } = {}) {
  const locale = normalizeLocale(requested);
  await Promise.all([fetchCatalogue(FALLBACK_LOCALE), fetchCatalogue(locale)]);
  current = locale;
  if (setDocumentLang) document.documentElement.lang = locale;
  return locale;
}

export function getLocale() {
  return current;
}

function lookup(locale, key) {
  const cat = loaded.get(locale);
  if (cat && Object.prototype.hasOwnProperty.call(cat, key) && typeof cat[key] === 'string') {
    return cat[key];
  }
  return undefined;
}

export function has(key) {
  return lookup(current, key) !== undefined || lookup(FALLBACK_LOCALE, key) !== undefined;
}

// Translates `key` in the current locale, falling back to English, then to the key itself.
// {name} placeholders are replaced by params.name (as text: the result is meant for textContent).
export function t(key, params) {
  let text = lookup(current, key) ?? lookup(FALLBACK_LOCALE, key) ?? key;
  if (params) {
    text = text.replace(/\{(\w+)\}/g, (match, name) =>
      (Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match));
  }
  return text;
}

// Fills static markup: data-i18n (text), data-i18n-aria-label, data-i18n-placeholder, data-i18n-title.
export function translateTree(root) {
  const scope = root || document;
  for (const el of scope.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of scope.querySelectorAll('[data-i18n-aria-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  }
  for (const el of scope.querySelectorAll('[data-i18n-placeholder]')) {
    el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  }
  for (const el of scope.querySelectorAll('[data-i18n-title]')) {
    el.setAttribute('title', t(el.dataset.i18nTitle));
  }
}

export function formatNumber(n) {
  try {
    return new Intl.NumberFormat(current).format(n);
  } catch {
    return String(n);
  }
}

// The plural category of n in the current locale ("one", "other", ... as CLDR names them): a key
// with plural forms has one variant per category, "<key>.one", "<key>.other".
export function pluralCategory(n) {
  try {
    return new Intl.PluralRules(current).select(n);
  } catch {
    return 'other';
  }
}

// "2025-03-12" or "2025-03-12T10:00:00Z" -> a localized date; anything unparsable is returned as is.
export function formatDate(value, { withTime = false } = {}) {
  if (!value) return '';
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return String(value);
  const opts = { year: 'numeric', month: 'long', day: 'numeric', timeZone: dateOnly ? 'UTC' : undefined };
  if (withTime && !dateOnly) Object.assign(opts, { hour: '2-digit', minute: '2-digit' });
  try {
    return new Intl.DateTimeFormat(current, opts).format(d);
  } catch {
    return String(value);
  }
}

// The message for an error thrown by api.js: the catalogue's "error.<code>", else a generic one.
export function errorText(e) {
  const code = e && e.code ? e.code : 'internal';
  return has(`error.${code}`) ? t(`error.${code}`) : t('error.generic');
}
