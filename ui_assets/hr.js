// The HR page: switch Tandem on or off company-wide, the directory sync, the skills catalogue,
// programs (hr-programs.js), and pairing (run, review, publish: hr-pairing.js).
//
//   import { mountHrPage } from '/ui/hr.js';
//   await mountHrPage(document.getElementById('tandem-hr'), { apiBase: '' });

import { createApi } from './api.js';
import { loadLocale, getLocale, browserLocale, t, has, formatDate, formatNumber, errorText } from './i18n.js';
import { h, clear, heading, idFactory, wireConfirmStep } from './dom.js';
import { renderPairing } from './hr-pairing.js';
import { renderPrograms } from './hr-programs.js';

const SYNC_POLL_MS = 1000;
const SYNC_WARNINGS_SHOWN = 3;

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
      const [sync, skills, programs] = await Promise.allSettled([
        api.get('/api/v1/admin/directory/sync'), api.get('/api/v1/skills'), api.get('/api/v1/programs'),
      ]);
      section.append(renderDirectorySync(sync));
      section.append(renderSkills(skills));
      const programList = programs.status === 'fulfilled' ? [...((programs.value && programs.value.items) || [])] : [];
      const pairing = renderPairing({ api, id, level: sub, programs: programList });
      section.append(renderPrograms({ api, id, level: sub, setStatus }, programs, programList,
        () => pairing.setPrograms(programList)));
      section.append(pairing.el);
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

  // ---- directory sync ---------------------------------------------------------------------------

  function renderDirectorySync(result) {
    const titleId = id('sync-title');
    const hintId = id('sync-hint');
    const progressId = id('sync-progress');
    const progressLabelId = id('sync-progress-label');
    const body = h('div', { className: 'tdm-sync-body' });
    const progressText = h('span', { className: 'tdm-sync-percent' });
    const progress = h('progress', {
      id: progressId, className: 'tdm-sync-bar', max: 1, attrs: { 'aria-labelledby': progressLabelId },
    });
    const progressBox = h('div', { className: 'tdm-sync-progress', hidden: true },
      h('p', { id: progressLabelId, className: 'tdm-sync-progress-label' },
        h('span', { text: t('hr.sync.running') }), ' ', progressText),
      progress);
    const button = h('button', {
      type: 'button', className: 'tdm-button tdm-button-primary tdm-sync-now', text: t('hr.sync.now'),
    });
    const section = h('section', { className: 'tdm-card tdm-directory-sync', attrs: { 'aria-labelledby': titleId } },
      heading(sub, { id: titleId, text: t('hr.sync.title') }),
      h('p', { id: hintId, className: 'tdm-hint', text: t('hr.sync.hint') }),
      body, progressBox, h('div', { className: 'tdm-actions' }, button));
    if (result.status !== 'fulfilled') {
      body.append(h('p', { className: 'tdm-notice tdm-notice-error', text: errorText(result.reason) }));
      button.disabled = true;
      return section;
    }
    let state = result.value || {};
    let timer = null;
    let busy = false;

    const when = (iso) => formatDate(iso, { withTime: true });
    const stat = (label, value, className) => [
      h('dt', { text: label }), h('dd', { className, text: formatNumber(value ?? 0) })];

    const renderLast = (last) => {
      const summary = (last && last.summary) || {};
      const mode = has(`hr.sync.mode.${last.mode}`) ? t(`hr.sync.mode.${last.mode}`) : (last.mode || '');
      const stateKey = last.status === 'ok' ? 'hr.sync.lastOk'
        : last.status === 'failed' ? 'hr.sync.lastFailed' : 'hr.sync.lastRunning';
      const at = last.status === 'running' ? last.startedAt : (last.finishedAt || last.startedAt);
      body.append(h('p', {
        className: `tdm-sync-state tdm-sync-${last.status === 'ok' ? 'ok' : last.status === 'failed' ? 'failed' : 'running'}`,
        dataset: { status: last.status || '' },
        text: t(stateKey, { when: when(at), mode }),
      }));
      if (last.status === 'failed' && summary.error) {
        body.append(h('p', { className: 'tdm-notice tdm-notice-error tdm-sync-error', text: t('hr.sync.error', { message: summary.error }) }));
      }
      if (last.status === 'running') return;
      const warnings = Array.isArray(summary.warnings) ? summary.warnings : [];
      body.append(h('dl', { className: 'tdm-stats tdm-sync-counts' },
        ...stat(t('hr.sync.added'), summary.added, 'tdm-sync-added'),
        ...stat(t('hr.sync.updated'), summary.updated, 'tdm-sync-updated'),
        ...stat(t('hr.sync.deactivated'), summary.deactivated, 'tdm-sync-deactivated'),
        ...stat(t('hr.sync.unchanged'), summary.unchanged, 'tdm-sync-unchanged'),
        ...stat(t('hr.sync.warnings'), warnings.length, 'tdm-sync-warning-count')));
      const deactivation = summary.deactivation || {};
      if (!summary.deactivated && deactivation.reason) {
        body.append(h('p', { className: 'tdm-sync-guard', text: t('hr.sync.guard', { reason: deactivation.reason }) }));
      }
      if (warnings.length) {
        const listTitleId = id('sync-warnings-title');
        body.append(h('p', { id: listTitleId, className: 'tdm-sync-warnings-title',
          text: t('hr.sync.firstWarnings', { shown: Math.min(SYNC_WARNINGS_SHOWN, warnings.length), count: warnings.length }) }),
        h('ul', { className: 'tdm-sync-warnings', attrs: { 'aria-labelledby': listTitleId } },
          warnings.slice(0, SYNC_WARNINGS_SHOWN).map((w) => h('li', { text: String(w) }))));
      }
    };

    const render = () => {
      clear(body);
      const configured = !!state.configured;
      if (!configured) {
        body.append(h('p', { className: 'tdm-sync-state tdm-sync-off', text: t('hr.sync.notConfigured') }),
          h('p', { className: 'tdm-hint tdm-sync-off-hint', text: t('hr.sync.notConfiguredHint') }));
      } else if (state.last && state.last.status === 'running' && state.running) {
        // The run recorded as running is this one: the progress bar below tells about it.
      } else if (state.last) {
        renderLast(state.last);
      } else {
        body.append(h('p', { className: 'tdm-sync-state tdm-sync-never', text: t('hr.sync.never') }));
      }
      if (state.lastError) {
        body.append(h('p', { className: 'tdm-notice tdm-notice-error tdm-sync-last-error',
          text: t('hr.sync.lastError', { when: when(state.lastError.at),
            message: state.lastError.code === 'sync_running' ? t('hr.sync.alreadyRunning') : state.lastError.message }) }));
      }
      if (configured && state.nextRunAt) {
        body.append(h('p', { className: 'tdm-sync-next', text: t('hr.sync.next', { when: when(state.nextRunAt) }) }));
      } else if (configured && !state.intervalSeconds) {
        body.append(h('p', { className: 'tdm-sync-next', text: t('hr.sync.noSchedule') }));
      }
      const running = !!state.running;
      progressBox.hidden = !running;
      if (running) {
        const fraction = Math.min(1, Math.max(0, Number(state.progress && state.progress.fraction) || 0));
        progress.value = fraction;
        progressText.textContent = t('hr.sync.percent', { percent: formatNumber(Math.round(fraction * 100)) });
      }
      button.disabled = !configured;
      if (running) button.setAttribute('aria-disabled', 'true');
      else button.removeAttribute('aria-disabled');
    };

    const poll = () => {
      timer = setTimeout(async () => {
        timer = null;
        if (!section.isConnected) return;
        try {
          state = await api.get('/api/v1/admin/directory/sync');
        } catch (e) {
          state = { ...state, running: false };
          render();
          setStatus(errorText(e), 'error');
          return;
        }
        render();
        if (state.running) {
          poll();
          return;
        }
        const last = state.last || {};
        const summary = last.summary || {};
        if (last.status === 'ok') {
          setStatus(t('hr.sync.done', { added: formatNumber(summary.added ?? 0),
            updated: formatNumber(summary.updated ?? 0), deactivated: formatNumber(summary.deactivated ?? 0) }), 'success');
        } else {
          setStatus(t('hr.sync.failed'), 'error');
        }
      }, SYNC_POLL_MS);
    };

    button.addEventListener('click', async () => {
      if (busy || state.running || !state.configured) return;
      busy = true;
      button.setAttribute('aria-disabled', 'true');
      try {
        state = await api.post('/api/v1/admin/directory/sync', {});
        render();
        setStatus(t('hr.sync.started'));
        if (!timer) poll();
      } catch (e) {
        if (e.code === 'sync_running') {
          setStatus(t('hr.sync.alreadyRunning'), 'error');
          state = { ...state, running: true };
          render();
          if (!timer) poll();
        } else if (e.code === 'directory_not_configured') {
          setStatus(t('hr.sync.notConfigured'), 'error');
        } else if (e.code === 'directory_config_invalid') {
          setStatus(t('hr.sync.invalidConfig', { message: e.message }), 'error');
        } else {
          setStatus(e.status === 403 && e.code === 'permission_denied' ? t('hr.forbidden') : errorText(e), 'error');
        }
      } finally {
        busy = false;
        if (!state.running) button.removeAttribute('aria-disabled');
      }
    });

    render();
    if (state.running) poll();
    return section;
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

  await load();
  return { reload: load };
}
