// The profile panel: who I am, the module state, my matches (profile-matches.js), and the opt-in
// form (role, readiness check, skills, languages, availability, capacity, hope note), save and opt
// out. Works embedded in any host page:
//
//   import { mountProfilePanel } from '/ui/profile.js';
//   await mountProfilePanel(document.getElementById('tandem'), { apiBase: '' });
//
// Directory data (names, titles, departments, skill names) is only ever set with textContent.

import { createApi } from './api.js';
import { loadLocale, getLocale, browserLocale, t, has, formatDate, errorText } from './i18n.js';
import { h, clear, heading, idFactory, srOnly, describedBy, wireConfirmStep } from './dom.js';
import { loadMatchData, renderMyMatches } from './profile-matches.js';

export const LANGUAGE_CODES = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'pl', 'sv', 'da', 'fi',
  'cs', 'ro', 'tr', 'ar', 'zh', 'ja', 'hi'];
export const READINESS_QUESTIONS = ['willingToLearn', 'setAsideAuthority', 'readyForMistakes',
  'tryNewThings'];
const ROLES = ['mentor', 'mentee', 'both'];
const DIRECTIONS = ['teach', 'learn'];
const KINDS = ['digital', 'business'];
const MAX_SKILLS_PER_DIRECTION = 12;
const MAX_HOPE_NOTE = 500;
const MAX_CAPACITY = 10;
const SERVER_FIELDS = {
  role: 'role', capacity: 'capacity', languages: 'languages', availability: 'availability',
  hopeNote: 'hopeNote', readiness: 'readiness', skills: 'skills',
};

const takesMentees = (role) => role === 'mentor' || role === 'both';
const seeksMentor = (role) => role === 'mentee' || role === 'both';

function languageName(code) {
  return has(`language.${code}`) ? t(`language.${code}`) : code.toUpperCase();
}

// Mounts the panel into rootEl. Options: apiBase (prefix of /api/v1, default ""), headingLevel
// (level of the panel's heading, default 2). Resolves once the panel is rendered; returns
// { reload() }.
export async function mountProfilePanel(rootEl, { apiBase = '', headingLevel = 2 } = {}) {
  if (!rootEl) throw new TypeError('mountProfilePanel: rootEl is required');
  const api = createApi({ apiBase });
  const id = idFactory('profile');
  const sub = headingLevel + 1;
  rootEl.classList.add('tandem-root', 'tdm-profile');

  const statusEl = h('div', {
    className: 'tdm-status', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' },
  });

  let me = null;
  let skills = [];
  let skillsLoaded = false;
  let participant = null;
  let moduleEnabled = true;
  let matchData = null;
  // The live form controls of the current render.
  let ui = {};

  function setStatus(message, kind = 'info') {
    statusEl.className = `tdm-status tdm-status-${kind}`;
    statusEl.textContent = message || '';
  }

  async function load() {
    rootEl.setAttribute('aria-busy', 'true');
    try {
      me = await api.get('/api/v1/me');
    } catch (e) {
      await loadLocale(getLocale() === 'en' ? browserLocale() : getLocale());
      rootEl.lang = getLocale();
      renderFatal(e);
      return;
    }
    rootEl.lang = await loadLocale(me.locale);
    moduleEnabled = me.moduleEnabled !== false;
    participant = me.participant || null;
    const [skillsRes, matchesRes] = await Promise.allSettled([
      api.get('/api/v1/skills'), moduleEnabled ? loadMatchData(api) : Promise.resolve(null),
    ]);
    skillsLoaded = skillsRes.status === 'fulfilled';
    skills = skillsLoaded && Array.isArray(skillsRes.value && skillsRes.value.items) ? skillsRes.value.items : [];
    matchData = matchesRes.status === 'fulfilled' ? matchesRes.value : null;
    render();
  }

  function finish() {
    rootEl.removeAttribute('aria-busy');
  }

  function renderFatal(e) {
    clear(rootEl);
    const titleId = id('title');
    const message = e && e.status === 401 ? t('error.unauthenticated') : errorText(e);
    rootEl.append(h('section', { className: 'tdm-panel', attrs: { 'aria-labelledby': titleId } },
      heading(headingLevel, { id: titleId, className: 'tdm-title', text: t('profile.title') }),
      h('p', { className: 'tdm-notice tdm-notice-error', text: message })));
    finish();
  }

  function render() {
    clear(rootEl);
    ui = { errors: {} };
    const titleId = id('title');
    const section = h('section', { className: 'tdm-panel', attrs: { 'aria-labelledby': titleId } },
      heading(headingLevel, { id: titleId, className: 'tdm-title', text: t('profile.title') }),
      renderWhoAmI(),
      h('p', { className: 'tdm-intro', text: t('profile.intro') }));
    ui.summary = h('p', { className: 'tdm-summary', tabIndex: -1 });
    section.append(ui.summary, statusEl);
    if (!moduleEnabled) {
      section.append(h('div', { className: 'tdm-notice tdm-notice-warning tdm-module-disabled' },
        h('p', { className: 'tdm-notice-title', text: t('profile.moduleDisabled') }),
        h('p', { text: t('profile.moduleDisabledDetail') })));
    } else {
      // My matches: for participants, and for anyone with a proposal or a request to show.
      const hasMatchData = matchData && (matchData.matches.length || matchData.requests.length
        || matchData.shortlists.length || matchData.matchesError);
      if (matchData && (participant || hasMatchData)) {
        section.append(renderMyMatches({ api, id, level: sub, data: matchData }));
      }
      section.append(renderForm(), renderOptOut());
    }
    rootEl.append(section);
    updateSummary();
    finish();
  }

  function renderWhoAmI() {
    const e = (me && me.employee) || {};
    const meta = [e.title, e.department].filter((v) => typeof v === 'string' && v.trim());
    return h('div', { className: 'tdm-card tdm-who' },
      h('p', { className: 'tdm-who-label', text: t('profile.who.label') }),
      h('p', { className: 'tdm-who-name', text: e.displayName || e.userName || '' }),
      meta.length
        ? h('p', { className: 'tdm-who-meta' },
          e.title ? h('span', { className: 'tdm-who-title', text: e.title }) : null,
          e.title && e.department ? h('span', { className: 'tdm-sep', attrs: { 'aria-hidden': 'true' }, text: ' · ' }) : null,
          e.department ? h('span', { className: 'tdm-who-department', text: e.department }) : null)
        : null);
  }

  function updateSummary() {
    if (!ui.summary) return;
    let text;
    if (!participant) text = t('profile.summary.none');
    else if (participant.status === 'opted_out') text = t('profile.summary.optedOut');
    else {
      text = t('profile.summary.active', {
        role: t(`profile.roleName.${participant.role}`),
        date: formatDate(participant.consentAt),
      });
    }
    ui.summary.textContent = text;
    if (ui.saveButton) {
      ui.saveButton.textContent = participant && participant.status === 'active'
        ? t('profile.save.update') : t('profile.save.optIn');
    }
    if (ui.optOut) ui.optOut.hidden = !(participant && participant.status === 'active');
  }

  // ---- form building blocks ------------------------------------------------------------------

  function errorSlot(key, targets = []) {
    const el = h('p', { id: id(`error-${key}`), className: 'tdm-field-error', hidden: true });
    ui.errors[key] = { el, targets };
    return el;
  }

  function fieldset(legendText, className, ...children) {
    return h('fieldset', { className: `tdm-fieldset ${className || ''}`.trim() },
      h('legend', { text: legendText }), ...children);
  }

  function radio(name, value, labelText, checked, extra = {}) {
    const inputId = id(`${name}-${value}`);
    const input = h('input', { type: 'radio', name: id(name), value, id: inputId, checked: !!checked, ...extra });
    return { input, el: h('div', { className: 'tdm-choice' }, input, h('label', { htmlFor: inputId, text: labelText })) };
  }

  function renderForm() {
    const p = participant || {};
    const form = h('form', { className: 'tdm-form', noValidate: true, on: { submit: onSubmit } });
    ui.form = form;

    // Role.
    ui.roleInputs = [];
    const roleError = errorSlot('role');
    const roleFs = fieldset(t('profile.role.legend'), 'tdm-roles', roleError);
    for (const role of ROLES) {
      const hintId = id(`role-${role}-hint`);
      const r = radio('role', role, t(`profile.role.${role}`), p.role === role,
        { attrs: { 'aria-describedby': hintId }, on: { change: onRoleChange } });
      r.el.append(h('p', { id: hintId, className: 'tdm-hint', text: t(`profile.role.${role}Hint`) }));
      ui.roleInputs.push(r.input);
      roleFs.append(r.el);
    }
    ui.errors.role.targets = ui.roleInputs;
    form.append(roleFs);

    // Senior readiness check (mentee or both), before the rest.
    form.append(renderReadiness(p.readiness || {}));

    // Capacity (mentor or both).
    const capId = id('capacity');
    const capHintId = id('capacity-hint');
    ui.capacity = h('input', {
      type: 'number', id: capId, min: '1', max: String(MAX_CAPACITY), step: '1', inputMode: 'numeric',
      value: String(p.capacity || 1), attrs: { 'aria-describedby': capHintId },
    });
    ui.capacityField = h('div', { className: 'tdm-field tdm-capacity' },
      h('label', { htmlFor: capId, text: t('profile.capacity.label') }),
      h('p', { id: capHintId, className: 'tdm-hint', text: t('profile.capacity.hint', { max: MAX_CAPACITY }) }),
      errorSlot('capacity', [ui.capacity]), ui.capacity);
    form.append(ui.capacityField);

    // Skills.
    ui.skillInputs = [];
    form.append(errorSlot('skills'));
    for (const direction of DIRECTIONS) form.append(renderSkills(direction, p.skills || []));

    // Languages.
    form.append(renderLanguages(p));

    // Availability.
    form.append(renderAvailability(p.availability || []));

    // Hope note.
    const hopeId = id('hope');
    const counterId = id('hope-counter');
    ui.hope = h('textarea', {
      id: hopeId, rows: 4, maxLength: MAX_HOPE_NOTE, value: p.hopeNote || '',
      attrs: { 'aria-describedby': counterId },
    });
    const counter = h('p', { id: counterId, className: 'tdm-hint tdm-counter' });
    const updateCounter = () => {
      counter.textContent = t('profile.hope.counter', { count: [...ui.hope.value].length, max: MAX_HOPE_NOTE });
    };
    ui.hope.addEventListener('input', updateCounter);
    updateCounter();
    form.append(h('div', { className: 'tdm-field tdm-hope' },
      h('label', { htmlFor: hopeId, text: t('profile.hope.label') }),
      h('p', { className: 'tdm-hint', text: t('profile.hope.hint') }),
      errorSlot('hopeNote', [ui.hope]), ui.hope, counter));

    // Save.
    ui.saveButton = h('button', { type: 'submit', className: 'tdm-button tdm-button-primary tdm-save' });
    form.append(h('div', { className: 'tdm-actions' }, ui.saveButton));
    onRoleChange();
    return form;
  }

  function renderReadiness(answers) {
    ui.readiness = {};
    const guidance = h('div', { className: 'tdm-guidance', hidden: true },
      h('p', { className: 'tdm-guidance-title', text: t('profile.readiness.guidanceTitle') }),
      h('p', { text: t('profile.readiness.guidance') }));
    const guidanceLive = h('div', { attrs: { 'aria-live': 'polite' } }, guidance);
    const updateGuidance = () => {
      guidance.hidden = !Object.values(ui.readiness).some((q) => q.no.checked);
    };
    const allTargets = [];
    const fs = fieldset(t('profile.readiness.legend'), 'tdm-readiness',
      h('p', { className: 'tdm-hint', text: t('profile.readiness.intro') }),
      h('p', { className: 'tdm-hint tdm-private', text: t('profile.readiness.private') }),
      errorSlot('readiness', allTargets));
    for (const q of READINESS_QUESTIONS) {
      const value = answers[q];
      const yes = radio(`ready-${q}`, 'yes', t('common.yes'), value === true, { on: { change: updateGuidance } });
      const no = radio(`ready-${q}`, 'no', t('common.no'), value === false, { on: { change: updateGuidance } });
      yes.input.dataset.question = q;
      no.input.dataset.question = q;
      allTargets.push(yes.input, no.input);
      ui.readiness[q] = { yes: yes.input, no: no.input };
      fs.append(h('fieldset', { className: 'tdm-question' },
        h('legend', { text: t(`profile.readiness.${q}`) }),
        h('div', { className: 'tdm-inline-choices' }, yes.el, no.el)));
    }
    fs.append(guidanceLive);
    updateGuidance();
    ui.readinessFieldset = fs;
    return fs;
  }

  function renderSkills(direction, chosenSkills) {
    const chosen = new Map(chosenSkills.filter((s) => s.direction === direction)
      .map((s) => [Number(s.skillId), Number(s.level)]));
    const key = direction === 'teach' ? 'skillsTeach' : 'skillsLearn';
    const err = errorSlot(key);
    const fs = fieldset(t(`profile.skills.${direction}Legend`), `tdm-skills tdm-skills-${direction}`,
      h('p', { className: 'tdm-hint', text: t(`profile.skills.${direction}Hint`, { max: MAX_SKILLS_PER_DIRECTION }) }),
      err);
    if (!skillsLoaded) {
      fs.append(h('p', { className: 'tdm-notice tdm-notice-error', text: t('profile.skills.loadError') }));
      return fs;
    }
    const defaultLevel = direction === 'teach' ? 3 : 1;
    for (const kind of KINDS) {
      const list = skills.filter((s) => s.kind === kind && (s.active !== false || chosen.has(Number(s.id))));
      if (!list.length) continue;
      const ul = h('ul', { className: 'tdm-skill-list' });
      for (const s of list) {
        const sid = Number(s.id);
        const name = s.localizedName || s.name || s.slug || String(sid);
        const cbId = id(`${direction}-${sid}`);
        const selId = id(`${direction}-${sid}-level`);
        const cb = h('input', {
          type: 'checkbox', id: cbId, value: String(sid), checked: chosen.has(sid),
          dataset: { skillId: String(sid), direction },
        });
        const select = h('select', {
          id: selId, disabled: !chosen.has(sid), dataset: { skillId: String(sid), direction, role: 'level' },
        });
        for (let level = 1; level <= 5; level += 1) {
          select.append(h('option', { value: String(level), text: t(`level.${level}`) }));
        }
        select.value = String(chosen.get(sid) || defaultLevel);
        cb.addEventListener('change', () => { select.disabled = !cb.checked; });
        ui.skillInputs.push({ direction, skillId: sid, checkbox: cb, select });
        ul.append(h('li', { className: 'tdm-skill' },
          h('span', { className: 'tdm-skill-pick' }, cb, h('label', { htmlFor: cbId, text: name })),
          h('span', { className: 'tdm-skill-level' },
            h('label', { htmlFor: selId },
              h('span', { attrs: { 'aria-hidden': 'true' }, text: t('profile.skills.level') }),
              srOnly(t('profile.skills.levelFor', { skill: name }))),
            select)));
      }
      fs.append(h('fieldset', { className: 'tdm-subgroup' }, h('legend', { text: t(`skill.kind.${kind}`) }), ul));
    }
    ui.errors[key].targets = ui.skillInputs.filter((s) => s.direction === direction).map((s) => s.checkbox);
    return fs;
  }

  function renderLanguages(p) {
    const employeeLangs = (me.employee && Array.isArray(me.employee.languages)) ? me.employee.languages : [];
    const selected = new Set(Array.isArray(p.languages) ? p.languages
      : (employeeLangs.length ? employeeLangs : [getLocale()]));
    const codes = [...LANGUAGE_CODES, ...[...selected].filter((c) => !LANGUAGE_CODES.includes(c))];
    ui.languageInputs = [];
    const list = h('ul', { className: 'tdm-checkbox-grid' });
    for (const code of codes) {
      const inputId = id(`lang-${code}`);
      const input = h('input', { type: 'checkbox', id: inputId, value: code, checked: selected.has(code) });
      ui.languageInputs.push(input);
      list.append(h('li', { className: 'tdm-choice' }, input,
        h('label', { htmlFor: inputId, text: languageName(code) })));
    }
    return fieldset(t('profile.languages.legend'), 'tdm-languages',
      h('p', { className: 'tdm-hint', text: t('profile.languages.hint') }),
      errorSlot('languages', ui.languageInputs), list);
  }

  function renderAvailability(windows) {
    ui.windows = [];
    const rows = h('ol', { className: 'tdm-windows' });
    const empty = h('p', { className: 'tdm-empty', text: t('profile.availability.empty') });
    const addButton = h('button', { type: 'button', className: 'tdm-button tdm-add-window', text: t('profile.availability.add') });
    const tz = me.employee && me.employee.timeZone;
    const renumber = () => {
      ui.windows.forEach((w, i) => {
        w.legend.textContent = t('profile.availability.window', { n: i + 1 });
        w.removeLabel.textContent = t('profile.availability.removeWindow', { n: i + 1 });
      });
      empty.hidden = ui.windows.length > 0;
    };
    const addRow = (w, focus) => {
      const rowId = idFactory('window');
      const day = h('select', { id: rowId('day'), dataset: { role: 'weekday' } });
      for (let d = 1; d <= 7; d += 1) day.append(h('option', { value: String(d), text: t(`weekday.${d}`) }));
      day.value = String(w.weekday || 1);
      const start = h('input', { type: 'time', id: rowId('start'), value: w.start || '09:00', step: 900, dataset: { role: 'start' } });
      const end = h('input', { type: 'time', id: rowId('end'), value: w.end || '10:00', step: 900, dataset: { role: 'end' } });
      const legend = h('legend', { className: 'tdm-window-legend' });
      const removeLabel = srOnly('');
      const entry = { day, start, end, legend, removeLabel };
      const remove = h('button', {
        type: 'button', className: 'tdm-button tdm-button-small tdm-remove-window',
        on: {
          click: () => {
            const index = ui.windows.indexOf(entry);
            ui.windows.splice(index, 1);
            li.remove();
            renumber();
            const next = ui.windows[Math.min(index, ui.windows.length - 1)];
            (next ? next.day : addButton).focus();
          },
        },
      }, h('span', { attrs: { 'aria-hidden': 'true' }, text: t('profile.availability.remove') }), removeLabel);
      const li = h('li', { className: 'tdm-window' }, h('fieldset', { className: 'tdm-window-fields' }, legend,
        h('span', { className: 'tdm-field-inline' }, h('label', { htmlFor: day.id, text: t('profile.availability.day') }), day),
        h('span', { className: 'tdm-field-inline' }, h('label', { htmlFor: start.id, text: t('profile.availability.start') }), start),
        h('span', { className: 'tdm-field-inline' }, h('label', { htmlFor: end.id, text: t('profile.availability.end') }), end),
        remove));
      ui.windows.push(entry);
      rows.append(li);
      renumber();
      if (focus) day.focus();
    };
    addButton.addEventListener('click', () => addRow({ weekday: 1, start: '09:00', end: '10:00' }, true));
    for (const w of windows) addRow(w, false);
    renumber();
    const err = errorSlot('availability');
    ui.availabilityError = err;
    return fieldset(t('profile.availability.legend'), 'tdm-availability',
      h('p', { className: 'tdm-hint', text: tz ? t('profile.availability.hintTz', { tz }) : t('profile.availability.hint') }),
      err, empty, rows, h('div', { className: 'tdm-actions' }, addButton));
  }

  function renderOptOut() {
    const titleId = id('optout-title');
    const questionId = id('optout-question');
    const optOutButton = h('button', { type: 'button', className: 'tdm-button tdm-button-danger tdm-optout-button', text: t('profile.optOut.button') });
    const yes = h('button', { type: 'button', className: 'tdm-button tdm-button-danger tdm-optout-confirm', text: t('profile.optOut.confirm') });
    const no = h('button', { type: 'button', className: 'tdm-button tdm-optout-cancel', text: t('profile.optOut.cancel') });
    const confirmBox = h('div', {
      className: 'tdm-confirm', hidden: true, attrs: { role: 'group', 'aria-labelledby': questionId },
    }, h('p', { id: questionId, className: 'tdm-confirm-question', text: t('profile.optOut.confirmQuestion') }),
    h('div', { className: 'tdm-actions' }, yes, no));
    wireConfirmStep({ trigger: optOutButton, box: confirmBox, yes, no });
    let busy = false;
    yes.addEventListener('click', async () => {
      if (busy) return;
      busy = true;
      yes.setAttribute('aria-disabled', 'true');
      setStatus(t('profile.status.optingOut'));
      try {
        participant = await api.delete('/api/v1/me/participation');
        confirmBox.hidden = true;
        optOutButton.hidden = false;
        updateSummary();
        setStatus(t('profile.status.optedOut'), 'success');
        ui.summary.focus();
      } catch (e) {
        handleError(e);
      } finally {
        busy = false;
        yes.removeAttribute('aria-disabled');
      }
    });
    ui.optOut = h('section', { className: 'tdm-optout', attrs: { 'aria-labelledby': titleId } },
      heading(sub, { id: titleId, text: t('profile.optOut.title') }),
      h('p', { className: 'tdm-hint', text: t('profile.optOut.text') }),
      optOutButton, confirmBox);
    return ui.optOut;
  }

  // ---- behaviour -------------------------------------------------------------------------------

  function currentRole() {
    const checked = (ui.roleInputs || []).find((r) => r.checked);
    return checked ? checked.value : null;
  }

  function onRoleChange() {
    const role = currentRole();
    if (ui.readinessFieldset) ui.readinessFieldset.hidden = !seeksMentor(role);
    if (ui.capacityField) ui.capacityField.hidden = !takesMentees(role);
  }

  function clearErrors() {
    for (const { el, targets } of Object.values(ui.errors || {})) {
      el.hidden = true;
      el.textContent = '';
      for (const target of targets) {
        target.removeAttribute('aria-invalid');
        describedBy(target, el.id, false);
      }
    }
  }

  function showError(key, message) {
    const slot = ui.errors[key];
    if (!slot) return null;
    slot.el.textContent = message;
    slot.el.hidden = false;
    for (const target of slot.targets) {
      target.setAttribute('aria-invalid', 'true');
      describedBy(target, slot.el.id, true);
    }
    return slot.targets.find((x) => !x.disabled && !x.closest('[hidden]')) || null;
  }

  // Reads the form into a PUT body; returns { body, errors: [[key, message]] }.
  function collect() {
    const errors = [];
    const role = currentRole();
    if (!role) errors.push(['role', t('profile.error.role')]);
    const body = { role };

    const capText = ui.capacity.value.trim();
    const cap = Number(capText);
    const capValid = /^\d+$/.test(capText) && cap >= 1 && cap <= MAX_CAPACITY;
    if (takesMentees(role) && !capValid) errors.push(['capacity', t('profile.error.capacity', { max: MAX_CAPACITY })]);
    body.capacity = capValid ? cap : ((participant && participant.capacity) || 1);

    body.languages = ui.languageInputs.filter((i) => i.checked).map((i) => i.value);

    body.availability = ui.windows.map((w) => ({
      weekday: Number(w.day.value), start: w.start.value, end: w.end.value,
    }));
    const badWindow = ui.windows.find((w) => !/^\d{2}:\d{2}$/.test(w.start.value)
      || !/^\d{2}:\d{2}$/.test(w.end.value) || w.end.value <= w.start.value);
    if (badWindow) {
      errors.push(['availability', t('profile.error.availability')]);
      ui.errors.availability.targets = [badWindow.start, badWindow.end];
    } else {
      ui.errors.availability.targets = [];
    }

    body.hopeNote = ui.hope.value;
    if ([...body.hopeNote].length > MAX_HOPE_NOTE) errors.push(['hopeNote', t('profile.error.hopeNote', { max: MAX_HOPE_NOTE })]);

    if (seeksMentor(role)) {
      const readiness = {};
      let missing = false;
      for (const q of READINESS_QUESTIONS) {
        const { yes, no } = ui.readiness[q];
        if (yes.checked) readiness[q] = true;
        else if (no.checked) readiness[q] = false;
        else missing = true;
      }
      if (missing) errors.push(['readiness', t('profile.error.readiness')]);
      body.readiness = readiness;
    }

    if (skillsLoaded) {
      body.skills = ui.skillInputs.filter((s) => s.checkbox.checked).map((s) => ({
        skillId: s.skillId, direction: s.direction, level: Number(s.select.value),
      }));
      for (const direction of DIRECTIONS) {
        const count = body.skills.filter((s) => s.direction === direction).length;
        if (count > MAX_SKILLS_PER_DIRECTION) {
          errors.push([direction === 'teach' ? 'skillsTeach' : 'skillsLearn',
            t('profile.error.tooManySkills', { max: MAX_SKILLS_PER_DIRECTION })]);
        }
      }
    }
    return { body, errors };
  }

  function handleError(e, { duringSave = false } = {}) {
    if (e && e.code === 'module_disabled') {
      moduleEnabled = false;
      render();
      setStatus(t('profile.moduleDisabled'), 'error');
      ui.summary.focus();
      return;
    }
    if (duringSave && e && e.status === 400 && e.code === 'invalid_argument') {
      const key = SERVER_FIELDS[e.field];
      if (key) {
        const target = showError(key, t(`profile.error.${key}`, { max: key === 'capacity' ? MAX_CAPACITY : MAX_HOPE_NOTE }));
        setStatus(t('profile.status.fixErrors'), 'error');
        if (target) target.focus();
        return;
      }
    }
    if (e && e.status === 401) setStatus(t('error.unauthenticated'), 'error');
    else setStatus(errorText(e), 'error');
  }

  let saving = false;
  async function onSubmit(ev) {
    ev.preventDefault();
    if (saving) return;
    clearErrors();
    const { body, errors } = collect();
    if (errors.length) {
      let first = null;
      for (const [key, message] of errors) {
        const target = showError(key, message);
        if (!first) first = target || ui.errors[key].el;
      }
      setStatus(t('profile.status.fixErrors'), 'error');
      if (first) {
        if (!first.matches('input, select, textarea, button')) first.tabIndex = -1;
        first.focus();
      }
      return;
    }
    saving = true;
    ui.saveButton.setAttribute('aria-disabled', 'true');
    setStatus(t('profile.status.saving'));
    const wasActive = !!(participant && participant.status === 'active');
    try {
      participant = await api.put('/api/v1/me/participation', body);
      updateSummary();
      setStatus(t(wasActive ? 'profile.status.updated' : 'profile.status.optedIn'), 'success');
    } catch (e) {
      handleError(e, { duringSave: true });
    } finally {
      saving = false;
      if (ui.saveButton) ui.saveButton.removeAttribute('aria-disabled');
    }
  }

  await load();
  return {
    reload: load,
    get participant() { return participant; },
  };
}
