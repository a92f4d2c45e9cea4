// The HR page: switch Tandem on or off company-wide, the skills catalogue, programs.
//
//   import { mountHrPage } from '/ui/hr.js';
//   await mountHrPage(document.getElementById('tandem-hr'), { apiBase: '' });

import { createApi } from './api.js';
import { loadLocale, getLocale, browserLocale, t, has, formatDate, formatNumber, errorText } from './i18n.js';
import { h, clear, heading, idFactory, describedBy, wireConfirmStep } from './dom.js';

const PROGRAM_STATUSES = ['draft', 'open', 'running', 'closed'];

// Options: apiBase (default ""), headingLevel (default 2). Returns { reload() }.
export async function mountHrPage(rootEl, { apiBase = '', headingLevel = 2 } = {}) {
  if (!rootEl) throw new TypeError('mountHrPage: rootEl is required');
  const api = createApi({ apiBase });
  const id = idFactory('hr');
  const sub = headingLevel + 1;
  rootEl.classList.add('tandem-root', 'tdm-hr');
  const statusEl = h('div', {
    className: 'tdm-status', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' },
  });
  const setStatus = (message, kind = 'info') => {
    statusEl.className = `tdm-status tdm-status-${kind}`;
    statusEl.textContent = message || '';
  };

  function shell() {
    clear(rootEl);
    const titleId = id('title');
    const section = h('section', { className: 'tdm-panel', attrs: { 'aria-labelledby': titleId } },
      heading(headingLevel, { id: titleId, className: 'tdm-title', text: t('hr.title') }), statusEl);
    rootEl.append(section);
    return section;
  }

  async function load() {
    rootEl.setAttribute('aria-busy', 'true');
    try {
      let me;
      try {
        me = await api.get('/api/v1/me');
      } catch (e) {
        await loadLocale(getLocale() === 'en' ? browserLocale() : getLocale());
        rootEl.lang = getLocale();
        shell().append(h('p', {
          className: 'tdm-notice tdm-notice-error',
          text: e.status === 401 ? t('error.unauthenticated') : errorText(e),
        }));
        return;
      }
      rootEl.lang = await loadLocale(me.locale);
      const section = shell();
      let moduleState;
      try {
        moduleState = await api.get('/api/v1/admin/module');
      } catch (e) {
        section.append(h('p', {
          className: 'tdm-notice tdm-notice-error tdm-forbidden',
          text: e.status === 403 ? t('hr.forbidden') : errorText(e),
        }));
        return;
      }
      section.append(h('p', { className: 'tdm-intro', text: t('hr.intro') }));
      section.append(renderModule(moduleState));
      const [skills, programs] = await Promise.allSettled([
        api.get('/api/v1/skills'), api.get('/api/v1/programs'),
      ]);
      section.append(renderSkills(skills));
      section.append(renderPrograms(programs));
    } finally {
      rootEl.removeAttribute('aria-busy');
    }
  }

  // ---- module switch ----------------------------------------------------------------------------

  function renderModule(initial) {
    let state = initial;
    const titleId = id('module-title');
    const stateText = h('p', { className: 'tdm-module-state' });
    const counts = h('dl', { className: 'tdm-stats' });
    const toggle = h('button', { type: 'button', className: 'tdm-button tdm-module-toggle' });
    const questionId = id('module-question');
    const question = h('p', { id: questionId, className: 'tdm-confirm-question' });
    const yes = h('button', { type: 'button', className: 'tdm-button tdm-button-primary tdm-module-confirm' });
    const no = h('button', { type: 'button', className: 'tdm-button tdm-module-cancel', text: t('common.cancel') });
    const confirmBox = h('div', {
      className: 'tdm-confirm', hidden: true, attrs: { role: 'group', 'aria-labelledby': questionId },
    }, question, h('div', { className: 'tdm-actions' }, yes, no));

    const update = () => {
      const on = !!state.enabled;
      stateText.textContent = on ? t('hr.module.stateOn') : t('hr.module.stateOff');
      stateText.className = `tdm-module-state ${on ? 'tdm-state-on' : 'tdm-state-off'}`;
      stateText.dataset.enabled = String(on);
      clear(counts);
      const stat = (label, value) => [h('dt', { text: label }), h('dd', { text: value })];
      counts.append(...stat(t('hr.module.employees'), formatNumber(state.employees ?? 0)),
        ...stat(t('hr.module.participants'), formatNumber(state.participants ?? 0)));
      if (state.updatedAt) {
        counts.append(...stat(t('hr.module.lastChange'), state.updatedBy
          ? t('hr.module.lastChangeBy', { who: state.updatedBy, when: formatDate(state.updatedAt, { withTime: true }) })
          : formatDate(state.updatedAt, { withTime: true })));
      }
      toggle.textContent = on ? t('hr.module.disable') : t('hr.module.enable');
      toggle.className = `tdm-button tdm-module-toggle ${on ? 'tdm-button-danger' : 'tdm-button-primary'}`;
      question.textContent = on ? t('hr.module.confirmDisable') : t('hr.module.confirmEnable');
      yes.textContent = on ? t('hr.module.confirmDisableYes') : t('hr.module.confirmEnableYes');
      yes.className = `tdm-button tdm-module-confirm ${on ? 'tdm-button-danger' : 'tdm-button-primary'}`;
    };
    const cancel = wireConfirmStep({ trigger: toggle, box: confirmBox, yes, no });
    let busy = false;
    yes.addEventListener('click', async () => {
      if (busy) return;
      busy = true;
      yes.setAttribute('aria-disabled', 'true');
      const target = !state.enabled;
      setStatus(t('common.saving'));
      try {
        state = await api.put('/api/v1/admin/module', { enabled: target });
        update();
        setStatus(state.enabled ? t('hr.module.nowOn') : t('hr.module.nowOff'), 'success');
        cancel();
      } catch (e) {
        setStatus(e.status === 403 && e.code === 'permission_denied' ? t('hr.forbidden') : errorText(e), 'error');
      } finally {
        busy = false;
        yes.removeAttribute('aria-disabled');
      }
    });
    update();
    return h('section', { className: 'tdm-card tdm-module', attrs: { 'aria-labelledby': titleId } },
      heading(sub, { id: titleId, text: t('hr.module.title') }),
      stateText, counts, h('p', { className: 'tdm-hint', text: t('hr.module.hint') }), toggle, confirmBox);
  }

  // ---- skills catalogue -------------------------------------------------------------------------

  function renderSkills(result) {
    const titleId = id('skills-title');
    const section = h('section', { className: 'tdm-card tdm-catalogue', attrs: { 'aria-labelledby': titleId } },
      heading(sub, { id: titleId, text: t('hr.skills.title') }),
      h('p', { className: 'tdm-hint', text: t('hr.skills.hint') }));
    if (result.status !== 'fulfilled') {
      section.append(h('p', { className: 'tdm-notice tdm-notice-error', text: errorText(result.reason) }));
      return section;
    }
    const items = (result.value && result.value.items) || [];
    if (!items.length) {
      section.append(h('p', { className: 'tdm-empty', text: t('hr.skills.empty') }));
      return section;
    }
    const tbody = h('tbody');
    for (const s of items) {
      tbody.append(h('tr', {},
        h('th', { attrs: { scope: 'row' }, text: s.localizedName || s.name || s.slug }),
        h('td', { text: t(`skill.kind.${s.kind}`) }),
        h('td', { text: s.active === false ? t('hr.skills.inactive') : t('hr.skills.active') })));
    }
    section.append(h('div', { className: 'tdm-table-wrap', tabIndex: 0, attrs: { role: 'region', 'aria-labelledby': titleId } },
      h('table', { className: 'tdm-table' },
        h('caption', { className: 'tdm-sr-only', text: t('hr.skills.caption', { count: items.length }) }),
        h('thead', {}, h('tr', {},
          h('th', { attrs: { scope: 'col' }, text: t('hr.skills.name') }),
          h('th', { attrs: { scope: 'col' }, text: t('hr.skills.kind') }),
          h('th', { attrs: { scope: 'col' }, text: t('hr.skills.status') }))),
        tbody)));
    return section;
  }

  // ---- programs ---------------------------------------------------------------------------------

  function renderPrograms(result) {
    const titleId = id('programs-title');
    const section = h('section', { className: 'tdm-card tdm-programs', attrs: { 'aria-labelledby': titleId } },
      heading(sub, { id: titleId, text: t('hr.programs.title') }));
    const programs = result.status === 'fulfilled' ? [...((result.value && result.value.items) || [])] : [];
    const listHolder = h('div', { className: 'tdm-programs-list' });
    const renderList = () => {
      clear(listHolder);
      if (result.status !== 'fulfilled') {
        listHolder.append(h('p', { className: 'tdm-notice tdm-notice-error', text: errorText(result.reason) }));
        return;
      }
      if (!programs.length) {
        listHolder.append(h('p', { className: 'tdm-empty', text: t('hr.programs.empty') }));
        return;
      }
      const tbody = h('tbody');
      for (const p of programs) {
        const statusKey = PROGRAM_STATUSES.includes(p.status) ? `hr.programs.status.${p.status}` : null;
        tbody.append(h('tr', {},
          h('th', { attrs: { scope: 'row' }, text: p.name || '' }),
          h('td', { text: formatDate(p.startsOn) }),
          h('td', { text: formatDate(p.endsOn) }),
          h('td', { text: statusKey && has(statusKey) ? t(statusKey) : (p.status || '') })));
      }
      listHolder.append(h('div', { className: 'tdm-table-wrap', tabIndex: 0, attrs: { role: 'region', 'aria-labelledby': titleId } },
        h('table', { className: 'tdm-table' },
          h('caption', { className: 'tdm-sr-only', text: t('hr.programs.caption', { count: programs.length }) }),
          h('thead', {}, h('tr', {},
            h('th', { attrs: { scope: 'col' }, text: t('hr.programs.name') }),
            h('th', { attrs: { scope: 'col' }, text: t('hr.programs.startsOn') }),
            h('th', { attrs: { scope: 'col' }, text: t('hr.programs.endsOn') }),
            h('th', { attrs: { scope: 'col' }, text: t('hr.programs.status') }))),
          tbody)));
    };
    renderList();
    section.append(listHolder, renderProgramForm(programs, renderList));
    return section;
  }

  function renderProgramForm(programs, renderList) {
    const titleId = id('program-form-title');
    const field = (key, type, extra = {}) => {
      const inputId = id(`program-${key}`);
      const errorId = id(`program-${key}-error`);
      const input = h('input', { type, id: inputId, name: key, required: true, ...extra });
      const error = h('p', { id: errorId, className: 'tdm-field-error', hidden: true });
      return {
        input, error,
        el: h('div', { className: 'tdm-field' }, h('label', { htmlFor: inputId, text: t(`hr.programs.${key}`) }), error, input),
      };
    };
    const name = field('name', 'text', { maxLength: 200, autocomplete: 'off' });
    const startsOn = field('startsOn', 'date');
    const endsOn = field('endsOn', 'date');
    const fields = { name, startsOn, endsOn };
    const submit = h('button', { type: 'submit', className: 'tdm-button tdm-button-primary', text: t('hr.programs.create') });
    const clearErrors = () => {
      for (const f of Object.values(fields)) {
        f.error.hidden = true;
        f.error.textContent = '';
        f.input.removeAttribute('aria-invalid');
        describedBy(f.input, f.error.id, false);
      }
    };
    const showError = (f, message) => {
      f.error.textContent = message;
      f.error.hidden = false;
      f.input.setAttribute('aria-invalid', 'true');
      describedBy(f.input, f.error.id, true);
    };
    let busy = false;
    const form = h('form', {
      className: 'tdm-form tdm-program-form', noValidate: true, attrs: { 'aria-labelledby': titleId },
      on: {
        submit: async (ev) => {
          ev.preventDefault();
          if (busy) return;
          clearErrors();
          const body = {
            name: name.input.value.trim(), description: '',
            startsOn: startsOn.input.value, endsOn: endsOn.input.value,
          };
          const invalid = [];
          if (!body.name) invalid.push([name, t('hr.programs.error.name')]);
          if (!/^\d{4}-\d{2}-\d{2}$/.test(body.startsOn)) invalid.push([startsOn, t('hr.programs.error.date')]);
          if (!/^\d{4}-\d{2}-\d{2}$/.test(body.endsOn)) invalid.push([endsOn, t('hr.programs.error.date')]);
          else if (body.startsOn && body.endsOn < body.startsOn) invalid.push([endsOn, t('hr.programs.error.order')]);
          if (invalid.length) {
            for (const [f, message] of invalid) showError(f, message);
            invalid[0][0].input.focus();
            setStatus(t('hr.programs.error.fix'), 'error');
            return;
          }
          busy = true;
          submit.setAttribute('aria-disabled', 'true');
          setStatus(t('common.saving'));
          try {
            const created = await api.post('/api/v1/programs', body);
            programs.push(created || body);
            renderList();
            form.reset();
            setStatus(t('hr.programs.created', { name: (created && created.name) || body.name }), 'success');
            name.input.focus();
          } catch (e) {
            const f = e.status === 400 && e.field ? fields[e.field] : null;
            if (f) {
              showError(f, e.field === 'name' ? t('hr.programs.error.name') : t('hr.programs.error.date'));
              f.input.focus();
              setStatus(t('hr.programs.error.fix'), 'error');
            } else if (e.status === 400) {
              setStatus(t('hr.programs.error.invalid'), 'error');
            } else {
              setStatus(e.status === 403 && e.code === 'permission_denied' ? t('hr.forbidden') : errorText(e), 'error');
            }
          } finally {
            busy = false;
            submit.removeAttribute('aria-disabled');
          }
        },
      },
    }, heading(sub + 1, { id: titleId, text: t('hr.programs.formTitle') }),
    name.el, h('div', { className: 'tdm-field-row' }, startsOn.el, endsOn.el),
    h('div', { className: 'tdm-actions' }, submit));
    return form;
  }

  await load();
  return { reload: load };
}
