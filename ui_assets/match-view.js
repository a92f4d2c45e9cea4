// Shared pieces of the pairing views (HR review, "My matches"): the score parts of a pair (name,
// points, plain-language reason), localized names of statuses, origins and answers, the alert slot
// for errors and the reason form used to decline. Data (names, reasons) is only set as text.

import { t, has, formatNumber, formatDate } from './i18n.js';
import { h, clear, describedBy } from './dom.js';

export const MAX_REASON_BYTES = 500;

// The catalogue's text for `${prefix}.${value}`, else the value itself.
export function labelOf(prefix, value) {
  const key = `${prefix}.${value}`;
  return has(key) ? t(key) : String(value ?? '');
}

// Points rounded to one decimal, localized.
export function formatPoints(value) {
  const n = Number(value);
  return formatNumber(Number.isFinite(n) ? Math.round(n * 10) / 10 : 0);
}

// A share 0..1 as a localized percentage.
export function formatRate(value) {
  const n = Number(value);
  return t('match.percent', { percent: formatNumber(Number.isFinite(n) ? Math.round(n * 1000) / 10 : 0) });
}

// "Title · Department" of a person (either may be missing), as a text node list.
export function personMeta(person, { withLevel = false } = {}) {
  const bits = [person && person.title, person && person.department]
    .filter((v) => typeof v === 'string' && v.trim());
  if (withLevel && person && person.level !== undefined && person.level !== null) {
    bits.push(t('match.levelValue', { level: formatNumber(person.level) }));
  }
  return bits.join(' · ');
}

// A weekly overlap in minutes, e.g. "2 h 30 min".
function durationText(minutes) {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return t('match.reason.duration.minutes', { minutes: formatNumber(rest) });
  if (rest === 0) return t('match.reason.duration.hours', { hours: formatNumber(hours) });
  return t('match.reason.duration.both', { hours: formatNumber(hours), minutes: formatNumber(rest) });
}

// How a person's time zone was read: its name, or why UTC was used instead.
function zoneText(person, zone, state) {
  if (state === 'none') return t('match.reason.zone.none', { person });
  if (state === 'unknown') return t('match.reason.zone.unknown', { person, zone });
  return zone || '';
}

// A score part's reason in the reader's language: the catalogue's "match.reason.<code>" filled
// with the part's arguments (numbers, durations, dates, skill kinds and time zones worded here).
// The server's English sentence when the part has no code (runs stored before codes existed) or
// the catalogue has no template for it.
export function reasonText(part) {
  const code = part && typeof part.code === 'string' ? part.code : '';
  const args = part && part.args && typeof part.args === 'object' ? part.args : null;
  if (!code || !args || !has(`match.reason.${code}`)) return (part && part.reason) || '';
  const text = (key) => (typeof args[key] === 'string' ? args[key] : '');
  const number = (key) => {
    const n = Number(text(key));
    return Number.isFinite(n) ? formatNumber(n) : text(key);
  };
  const kind = ['digital', 'business'].includes(text('kind')) ? text('kind') : 'any';
  return t(`match.reason.${code}`, {
    ...args,
    count: number('count'),
    wanted: number('wanted'),
    level: number('level'),
    kindSkills: t(`match.reason.kindSkills.${kind}`),
    duration: durationText(Number(text('minutes')) || 0),
    date: formatDate(text('date')),
    mentorZone: zoneText(text('mentor'), text('mentorZone'), text('mentorZoneState')),
    menteeZone: zoneText(text('mentee'), text('menteeZone'), text('menteeZoneState')),
  });
}

// The list of score parts of a pair; labelId names the element that labels the list.
export function scoreParts(parts, labelId) {
  const list = h('ul', { className: 'tdm-parts', attrs: { 'aria-labelledby': labelId } });
  for (const p of Array.isArray(parts) ? parts : []) {
    list.append(h('li', { className: 'tdm-part', dataset: { part: String(p.name || '') } },
      h('span', { className: 'tdm-part-head' },
        h('span', { className: 'tdm-part-name', text: labelOf('match.part', p.name) }),
        h('span', {
          className: 'tdm-part-points',
          text: t('match.pointsOf', { points: formatPoints(p.points), max: formatPoints(p.weight) }),
        })),
      h('span', { className: 'tdm-part-reason', text: reasonText(p) })));
  }
  return list;
}

// An always-present role=alert region; show(message) puts an error notice in it, clear() empties it.
export function alertSlot(className = '') {
  const el = h('div', { className: `tdm-alert ${className}`.trim(), attrs: { role: 'alert' } });
  return {
    el,
    show(message) {
      clear(el);
      el.append(h('p', { className: 'tdm-notice tdm-notice-error', text: message }));
    },
    clear() { clear(el); },
  };
}

// A small form asking why (required, at most MAX_REASON_BYTES bytes), put into `holder` when first
// opened (so a page holds no such form until someone declines). onSubmit(reason) may throw a 400
// ApiError about the reason: it is shown on the field. Escape or Cancel calls onCancel.
// Returns { el, open(), close() }.
export function reasonForm({ id, holder, legend, submitText, onSubmit, onCancel }) {
  const inputId = id('reason');
  const hintId = id('reason-hint');
  const errorId = id('reason-error');
  const input = h('textarea', {
    id: inputId, rows: 3, maxLength: MAX_REASON_BYTES, required: true,
    className: 'tdm-reason-input', attrs: { 'aria-describedby': hintId, 'aria-required': 'true' },
  });
  const error = h('p', { id: errorId, className: 'tdm-field-error', hidden: true });
  const submit = h('button', { type: 'submit', className: 'tdm-button tdm-button-danger tdm-reason-submit', text: submitText });
  const cancel = h('button', { type: 'button', className: 'tdm-button tdm-reason-cancel', text: t('common.cancel') });
  const showError = (message) => {
    error.textContent = message;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    describedBy(input, errorId, true);
    input.focus();
  };
  const resetError = () => {
    error.hidden = true;
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    describedBy(input, errorId, false);
  };
  let busy = false;
  const form = h('form', {
    className: 'tdm-reason-form', noValidate: true, hidden: true,
    on: {
      submit: async (ev) => {
        ev.preventDefault();
        if (busy) return;
        resetError();
        const reason = input.value.trim();
        if (!reason) { showError(t('match.reason.required')); return; }
        if (new TextEncoder().encode(reason).length > MAX_REASON_BYTES) {
          showError(t('match.reason.tooLong', { max: MAX_REASON_BYTES }));
          return;
        }
        busy = true;
        submit.setAttribute('aria-disabled', 'true');
        try {
          await onSubmit(reason);
        } catch (e) {
          if (e && e.status === 400 && e.field === 'reason') showError(t('match.reason.required'));
          else throw e;
        } finally {
          busy = false;
          submit.removeAttribute('aria-disabled');
        }
      },
      keydown: (ev) => {
        if (ev.key === 'Escape') { ev.preventDefault(); close(); onCancel(); }
      },
    },
  }, h('fieldset', { className: 'tdm-fieldset' },
    h('legend', { text: legend }),
    h('div', { className: 'tdm-field' },
      h('label', { htmlFor: inputId, text: t('match.reason.label') }),
      h('p', { id: hintId, className: 'tdm-hint', text: t('match.reason.hint', { max: MAX_REASON_BYTES }) }),
      error, input),
    h('div', { className: 'tdm-actions' }, submit, cancel)));
  function close() {
    form.hidden = true;
    resetError();
  }
  cancel.addEventListener('click', () => { close(); onCancel(); });
  return {
    el: form,
    open() {
      if (!form.isConnected) holder.append(form);
      form.hidden = false;
      input.focus();
    },
    close,
  };
}
