// The pairing section of the HR page: pick a program, run the pairing, review the draft run (each
// pair side by side with its score and reasons; approve, unapprove, pin, block, swap), see who is
// not matched and why, the fairness summary, then publish or discard. A run that is no longer a
// draft is shown read-only. Every review action reloads the run, so the page shows what is stored.

import { t, has, formatDate, formatNumber, pluralCategory, errorText } from './i18n.js';
import { h, clear, heading, idFactory, wireConfirmStep } from './dom.js';
import { labelOf, formatPoints, formatRate, personMeta, scoreParts, alertSlot } from './match-view.js';

const REVIEWABLE = new Set(['proposed', 'approved']);
const MAX_NOTE = 500;
const SIDES = ['mentees', 'mentors'];
const DIMENSIONS = ['byDepartment', 'byLevel'];

// Why a person is not matched, from the catalogue (plugin/src/pairing/reason_template.h lists the
// reason codes and their arguments).
const REASON = 'hr.pairing.unmatchedReason';
// The arguments that hold a number (shown localized).
const NUMBER_ARGS = new Set(['level', 'min', 'max', 'years', 'gap', 'minutes', 'eliminated', 'considered',
  'candidates', 'mentees']);

// The reason an unmatched person is given, in the reader's language: the catalogue's
// "hr.pairing.unmatchedReason.<reasonCode>" filled with the row's arguments. Numbers are localized;
// {<arg>Text} is a number with its noun in the plural form the number takes
// ("...unmatchedReason.unit.<arg>.<plural category>"); side, employeeType and constraint are
// worded from their own keys ("...side.<side>", "...employeeType.<type>" else the type as given,
// "...constraint.<name>" filled with the same arguments). The server's English sentence when the
// row has no reasonCode (runs stored before reasons had templates) or the catalogue lacks a
// template it needs. Names stay as given: the result is meant for textContent.
export function unmatchedReasonText(u) {
  const fallback = (u && typeof u.reason === 'string') ? u.reason : '';
  const code = u && typeof u.reasonCode === 'string' ? u.reasonCode : '';
  const args = u && u.args && typeof u.args === 'object' && !Array.isArray(u.args) ? u.args : null;
  if (!code || !args || !has(`${REASON}.${code}`)) return fallback;
  const params = Object.create(null);
  for (const [name, value] of Object.entries(args)) {
    if (typeof value !== 'string') continue;
    const n = NUMBER_ARGS.has(name) && value.trim() !== '' ? Number(value) : NaN;
    params[name] = Number.isFinite(n) ? formatNumber(n) : value;
    if (Number.isFinite(n) && has(`${REASON}.unit.${name}.other`)) {
      const category = pluralCategory(n);
      const unit = has(`${REASON}.unit.${name}.${category}`) ? category : 'other';
      params[`${name}Text`] = t(`${REASON}.unit.${name}.${unit}`, { [name]: params[name] });
    }
  }
  if (typeof args.side === 'string') params.side = labelOf(`${REASON}.side`, args.side);
  if (typeof args.employeeType === 'string') {
    params.employeeType = labelOf(`${REASON}.employeeType`, args.employeeType);
  }
  if (typeof args.constraint === 'string') {
    const key = `${REASON}.constraint.${args.constraint}`;
    if (!has(key)) return fallback;
    params.constraint = t(key, params);
  }
  return t(`${REASON}.${code}`, params);
}

// Options: api (api.js), id (idFactory of the page), level (heading level of the section),
// programs (array, shared with the Programs section). Returns { el, setPrograms(programs) }.
export function renderPairing({ api, id, level, programs }) {
  const titleId = id('pairing-title');
  const selectId = id('pairing-program');
  const select = h('select', { id: selectId, className: 'tdm-pairing-program' });
  const statusEl = h('div', {
    className: 'tdm-section-status', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' },
  });
  const alert = alertSlot('tdm-pairing-alert');
  const body = h('div', { className: 'tdm-pairing-body' });
  const section = h('section', { className: 'tdm-card tdm-pairing', attrs: { 'aria-labelledby': titleId } },
    heading(level, { id: titleId, text: t('hr.pairing.title') }),
    h('p', { className: 'tdm-hint', text: t('hr.pairing.hint') }),
    h('div', { className: 'tdm-field' }, h('label', { htmlFor: selectId, text: t('hr.pairing.program') }), select),
    statusEl, alert.el, body);

  const setStatus = (message, kind = 'info') => {
    statusEl.className = `tdm-section-status tdm-status-${kind}`;
    statusEl.textContent = message || '';
  };
  const fail = (e, message) => {
    setStatus('');
    alert.show(message || (e && e.status === 403 && e.code === 'permission_denied' ? t('hr.forbidden') : errorText(e)));
  };

  let list = programs;
  let programId = null;
  let loadToken = 0;

  function fillSelect() {
    const current = select.value;
    clear(select);
    select.append(h('option', { value: '', text: t('hr.pairing.chooseProgram') }));
    for (const p of list) select.append(h('option', { value: String(p.id), text: p.name || String(p.id) }));
    select.value = list.some((p) => String(p.id) === current) ? current : '';
    select.disabled = !list.length;
  }

  select.addEventListener('change', () => {
    alert.clear();
    setStatus('');
    programId = select.value ? Number(select.value) : null;
    open({});
  });

  // Loads the program's latest draft (else its latest run) and renders it. focus: 'run' or a match id.
  async function open({ focus } = {}) {
    const token = ++loadToken;
    clear(body);
    if (!programId) return;
    const program = list.find((p) => p.id === programId) || {};
    section.setAttribute('aria-busy', 'true');
    try {
      const runs = await api.get(`/api/v1/programs/${programId}/runs`);
      const items = (runs && runs.items) || [];
      const chosen = items.find((r) => r.status === 'draft') || items[0] || null;
      const run = chosen ? await api.get(`/api/v1/programs/${programId}/runs/${chosen.id}`) : null;
      if (token !== loadToken) return;
      renderProgram(program, run);
      focusAfter(focus);
    } catch (e) {
      if (token === loadToken) fail(e);
    } finally {
      if (token === loadToken) section.removeAttribute('aria-busy');
    }
  }

  function focusAfter(focus) {
    let target = null;
    if (focus === 'run') target = body.querySelector('.tdm-run-title');
    else if (focus) target = body.querySelector(`.tdm-pair[data-match-id="${focus}"] .tdm-pair-title`);
    if (target) target.focus();
  }

  // Runs a review call: busy guard on the button, errors in the alert (errorMessage(e) may give a
  // specific text), reload on success.
  async function act(button, call, { success, focus, errorMessage }) {
    if (button.getAttribute('aria-disabled') === 'true') return;
    button.setAttribute('aria-disabled', 'true');
    alert.clear();
    setStatus(t('hr.pairing.working'));
    try {
      const result = await call();
      await open({ focus: typeof focus === 'function' ? focus(result) : focus });
      setStatus(typeof success === 'function' ? success(result) : success, 'success');
    } catch (e) {
      button.removeAttribute('aria-disabled');
      fail(e, errorMessage ? errorMessage(e) : null);
    }
  }

  function renderProgram(program, run) {
    clear(body);
    const base = `/api/v1/programs/${programId}`;
    const isDraft = !!run && run.status === 'draft';
    const runTitleId = id('run-title');
    const mode = program.settings && program.settings.mode;
    if (mode === 'shortlist') body.append(h('p', { className: 'tdm-notice tdm-notice-warning', text: t('hr.pairing.shortlistMode') }));

    const runButton = h('button', {
      type: 'button', className: isDraft ? 'tdm-button tdm-pairing-run' : 'tdm-button tdm-button-primary tdm-pairing-run',
      text: isDraft ? t('hr.pairing.rerun') : t('hr.pairing.run'),
    });
    runButton.addEventListener('click', () => act(runButton, () => api.post(`${base}/runs`, { dryRun: false }), {
      success: (r) => t('hr.pairing.ran', { pairs: formatNumber(r.pairs ?? 0), unmatched: formatNumber(r.unmatched ?? 0) }),
      focus: 'run',
    }));
    const actions = h('div', { className: 'tdm-actions tdm-run-actions' }, runButton);
    const head = h('div', { className: 'tdm-run-head' },
      heading(level + 1, { id: runTitleId, className: 'tdm-run-title', tabIndex: -1, text: runTitle(run) }),
      run ? h('p', { className: 'tdm-run-summary', text: runSummary(run) }) : h('p', { className: 'tdm-empty', text: t('hr.pairing.noRun') }),
      actions);
    body.append(head);
    if (isDraft) {
      // The buttons in one row, their confirmation steps below it.
      const [publish, publishBox] = publishControls(run, base);
      const [discard, discardBox] = discardControls(run, base);
      actions.append(publish, discard);
      head.append(publishBox, discardBox);
    }
    if (!run) return;
    body.append(renderPairs(run, isDraft, base, level + 1), renderUnmatched(run, level + 1),
      renderFairness(run.fairness, level + 1));
  }

  function runTitle(run) {
    if (!run) return t('hr.pairing.noRunTitle');
    const key = `hr.pairing.runTitle.${run.status}`;
    return has(key) ? t(key, { id: run.id }) : t('hr.pairing.runTitle.other', { id: run.id, status: run.status });
  }

  function runSummary(run) {
    const counts = new Map();
    for (const m of run.matches || []) counts.set(m.status, (counts.get(m.status) || 0) + 1);
    return t('hr.pairing.summary', {
      when: formatDate(run.createdAt, { withTime: true }), who: run.createdBy || '',
      counts: counts.size ? [...counts].map(([status, n]) => `${labelOf('match.status', status)}: ${formatNumber(n)}`).join(', ')
        : formatNumber(0),
      unmatched: formatNumber((run.unmatched || []).length),
    });
  }

  // Publish: a direct confirmation, or "Approve all and publish" while pairs are still proposed.
  function publishControls(run, base) {
    const matches = run.matches || [];
    const proposed = matches.filter((m) => m.status === 'proposed').length;
    const approved = matches.filter((m) => m.status === 'approved').length;
    const trigger = h('button', { type: 'button', className: 'tdm-button tdm-button-primary tdm-pairing-publish', text: t('hr.pairing.publish') });
    const questionId = id('publish-question');
    const yes = h('button', {
      type: 'button', className: 'tdm-button tdm-button-primary tdm-publish-confirm',
      text: proposed ? t('hr.pairing.approveAllPublish') : t('hr.pairing.publishConfirm'),
    });
    const no = h('button', { type: 'button', className: 'tdm-button tdm-publish-cancel', text: t('common.cancel') });
    const box = h('div', { className: 'tdm-confirm tdm-confirm-neutral', hidden: true, attrs: { role: 'group', 'aria-labelledby': questionId } },
      h('p', { id: questionId, className: 'tdm-confirm-question',
        text: proposed ? t('hr.pairing.stillProposed', { proposed: formatNumber(proposed), approved: formatNumber(approved) })
          : t('hr.pairing.publishQuestion', { approved: formatNumber(approved) }) }),
      h('div', { className: 'tdm-actions' }, yes, no));
    wireConfirmStep({ trigger, box, yes, no });
    yes.addEventListener('click', () => act(yes, () => api.post(`${base}/runs/${run.id}/publish`, { approveAll: proposed > 0 }), {
      success: (r) => t('hr.pairing.published', { published: formatNumber(r.published ?? 0) }),
      focus: 'run',
    }));
    return [trigger, box];
  }

  function discardControls(run, base) {
    const trigger = h('button', { type: 'button', className: 'tdm-button tdm-button-danger tdm-pairing-discard', text: t('hr.pairing.discard') });
    const questionId = id('discard-question');
    const yes = h('button', { type: 'button', className: 'tdm-button tdm-button-danger tdm-discard-confirm', text: t('hr.pairing.discardConfirm') });
    const no = h('button', { type: 'button', className: 'tdm-button tdm-discard-cancel', text: t('common.cancel') });
    const box = h('div', { className: 'tdm-confirm', hidden: true, attrs: { role: 'group', 'aria-labelledby': questionId } },
      h('p', { id: questionId, className: 'tdm-confirm-question', text: t('hr.pairing.discardQuestion') }),
      h('div', { className: 'tdm-actions' }, yes, no));
    wireConfirmStep({ trigger, box, yes, no });
    yes.addEventListener('click', () => act(yes, () => api.post(`${base}/runs/${run.id}/discard`, {}), {
      success: t('hr.pairing.discarded'), focus: 'run',
    }));
    return [trigger, box];
  }

  // ---- pairs ------------------------------------------------------------------------------------

  function renderPairs(run, isDraft, base, lvl) {
    const matches = run.matches || [];
    const titleId = id('pairs-title');
    const wrap = h('section', { className: 'tdm-pairs-section', attrs: { 'aria-labelledby': titleId } },
      heading(lvl, { id: titleId, text: t('hr.pairing.pairsTitle', { count: formatNumber(matches.length) }) }));
    if (!matches.length) {
      wrap.append(h('p', { className: 'tdm-empty', text: t('hr.pairing.noPairs') }));
      return wrap;
    }
    const selected = new Set();
    const swapCount = h('p', { className: 'tdm-swap-count', attrs: { 'aria-live': 'polite' } });
    const swapButton = h('button', { type: 'button', className: 'tdm-button tdm-pairing-swap', text: t('hr.pairing.swap') });
    const updateSwap = () => {
      swapCount.textContent = t('hr.pairing.swapSelected', { count: formatNumber(selected.size) });
      if (selected.size === 2) swapButton.removeAttribute('aria-disabled');
      else swapButton.setAttribute('aria-disabled', 'true');
    };
    swapButton.addEventListener('click', () => {
      if (selected.size !== 2) {
        alert.show(t('hr.pairing.swapPickTwo'));
        return;
      }
      const ids = [...selected];
      act(swapButton, () => api.post(`${base}/swap`, { matches: ids }), {
        success: t('hr.pairing.swapped'),
        focus: (r) => (r && r.items && r.items[0] ? r.items[0].id : 'run'),
        // 409: a constraint refuses a new pair; the server's message names it.
        errorMessage: (e) => (e.status === 409 && e.message ? t('hr.pairing.swapRefused', { message: e.message }) : null),
      });
    });
    if (isDraft) {
      wrap.append(h('div', { className: 'tdm-swap-bar' },
        h('p', { className: 'tdm-hint', text: t('hr.pairing.swapHint') }), swapCount, swapButton));
      updateSwap();
    }
    const ol = h('ol', { className: 'tdm-pairs' });
    matches.forEach((m, i) => ol.append(renderPair(m, i + 1, isDraft, base, lvl + 1, selected, updateSwap)));
    wrap.append(ol);
    return wrap;
  }

  function person(p, roleKey) {
    return h('div', { className: `tdm-person tdm-person-${roleKey}` },
      h('p', { className: 'tdm-person-role', text: t(`hr.pairing.${roleKey}`) }),
      h('p', { className: 'tdm-person-name', text: (p && p.displayName) || '' }),
      h('p', { className: 'tdm-person-meta', text: personMeta(p, { withLevel: true }) }));
  }

  function renderPair(m, n, isDraft, base, lvl, selected, updateSwap) {
    const pid = idFactory(`pair-${m.id}`);
    const titleId = pid('title');
    const partsId = pid('parts');
    const mentorName = (m.mentor && m.mentor.displayName) || '';
    const menteeName = (m.mentee && m.mentee.displayName) || '';
    const facts = h('dl', { className: 'tdm-stats tdm-pair-facts' },
      h('dt', { text: t('hr.pairing.score') }), h('dd', { className: 'tdm-pair-score', text: t('match.points', { points: formatPoints(m.score) }) }),
      h('dt', { text: t('hr.pairing.status') }), h('dd', { className: 'tdm-pair-status', dataset: { status: m.status }, text: labelOf('match.status', m.status) }),
      h('dt', { text: t('hr.pairing.origin') }), h('dd', { className: 'tdm-pair-origin', text: labelOf('match.origin', m.origin) }));
    const answered = [m.mentorResponse, m.menteeResponse].some((r) => r && r !== 'pending');
    if (answered || !REVIEWABLE.has(m.status)) {
      facts.append(h('dt', { text: t('hr.pairing.mentorAnswer') }), h('dd', { text: labelOf('match.response', m.mentorResponse) }),
        h('dt', { text: t('hr.pairing.menteeAnswer') }), h('dd', { text: labelOf('match.response', m.menteeResponse) }));
    }
    if (m.declineReason) facts.append(h('dt', { text: t('hr.pairing.declineReason') }), h('dd', { className: 'tdm-pair-decline', text: m.declineReason }));
    if (m.closedReason) facts.append(h('dt', { text: t('hr.pairing.closedReason') }), h('dd', { text: m.closedReason }));
    const li = h('li', { className: 'tdm-pair', dataset: { matchId: String(m.id), status: m.status } },
      heading(lvl, { id: titleId, className: 'tdm-pair-title', tabIndex: -1, text: t('hr.pairing.pairTitle', { n: formatNumber(n), mentor: mentorName, mentee: menteeName }) }),
      h('div', { className: 'tdm-pair-people' }, person(m.mentor, 'mentor'), person(m.mentee, 'mentee')),
      facts,
      h('p', { id: partsId, className: 'tdm-parts-title', text: t('hr.pairing.why') }),
      scoreParts(m.parts, partsId));
    if (isDraft && REVIEWABLE.has(m.status)) li.append(pairActions(m, base, titleId, pid, selected, updateSwap));
    return li;
  }

  function pairActions(m, base, titleId, pid, selected, updateSwap) {
    const described = { 'aria-describedby': titleId };
    const approve = h('button', {
      type: 'button', className: `tdm-button tdm-button-small ${m.status === 'proposed' ? 'tdm-button-primary tdm-approve' : 'tdm-unapprove'}`,
      text: m.status === 'proposed' ? t('hr.pairing.approve') : t('hr.pairing.unapprove'), attrs: described,
    });
    approve.addEventListener('click', () => {
      const verb = m.status === 'proposed' ? 'approve' : 'unapprove';
      act(approve, () => api.post(`${base}/matches/${m.id}/${verb}`, {}), {
        success: t(verb === 'approve' ? 'hr.pairing.approved' : 'hr.pairing.unapproved'), focus: m.id,
      });
    });
    const row = h('div', { className: 'tdm-actions tdm-pair-actions' }, approve);
    const notes = [];
    for (const kind of ['pin', 'block']) {
      const trigger = h('button', {
        type: 'button', className: `tdm-button tdm-button-small${kind === 'block' ? ' tdm-button-danger' : ''} tdm-${kind}`,
        text: t(`hr.pairing.${kind}`), attrs: { ...described, 'aria-expanded': 'false' },
      });
      const noteId = pid(`${kind}-note`);
      const note = h('input', { type: 'text', id: noteId, maxLength: MAX_NOTE, autocomplete: 'off' });
      const yes = h('button', { type: 'submit', className: `tdm-button tdm-button-small ${kind === 'block' ? 'tdm-button-danger' : 'tdm-button-primary'} tdm-${kind}-confirm`, text: t(`hr.pairing.${kind}Confirm`) });
      const no = h('button', { type: 'button', className: 'tdm-button tdm-button-small', text: t('common.cancel') });
      const form = h('form', { className: `tdm-note-form tdm-${kind}-form`, hidden: true, noValidate: true },
        h('div', { className: 'tdm-field' },
          h('label', { htmlFor: noteId, text: t(`hr.pairing.${kind}Note`) }),
          h('p', { className: 'tdm-hint', text: t(`hr.pairing.${kind}Hint`) }), note),
        h('div', { className: 'tdm-actions' }, yes, no));
      const close = () => {
        form.hidden = true;
        trigger.setAttribute('aria-expanded', 'false');
        trigger.focus();
      };
      trigger.addEventListener('click', () => {
        const opening = form.hidden;
        for (const other of notes) if (other !== form) other.hidden = true;
        for (const b of row.querySelectorAll('[aria-expanded]')) b.setAttribute('aria-expanded', 'false');
        form.hidden = !opening;
        trigger.setAttribute('aria-expanded', String(opening));
        if (opening) note.focus();
      });
      no.addEventListener('click', close);
      form.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { ev.preventDefault(); close(); } });
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        act(yes, () => api.post(`${base}/matches/${m.id}/${kind}`, { note: note.value.trim() }), {
          success: t(kind === 'pin' ? 'hr.pairing.pinned' : 'hr.pairing.blocked'), focus: m.id,
        });
      });
      notes.push(form);
      row.append(trigger);
    }
    const swapId = pid('swap');
    const swapBox = h('input', { type: 'checkbox', id: swapId, className: 'tdm-swap-select', checked: selected.has(m.id), attrs: described });
    swapBox.addEventListener('change', () => {
      if (swapBox.checked) selected.add(m.id);
      else selected.delete(m.id);
      updateSwap();
    });
    row.append(h('span', { className: 'tdm-choice tdm-swap-choice' }, swapBox, h('label', { htmlFor: swapId, text: t('hr.pairing.selectForSwap') })));
    return h('div', { className: 'tdm-pair-review' }, row, ...notes);
  }

  // ---- unmatched --------------------------------------------------------------------------------

  function renderUnmatched(run, lvl) {
    const items = run.unmatched || [];
    const titleId = id('unmatched-title');
    const wrap = h('section', { className: 'tdm-unmatched', attrs: { 'aria-labelledby': titleId } },
      heading(lvl, { id: titleId, text: t('hr.pairing.unmatchedTitle', { count: formatNumber(items.length) }) }));
    if (!items.length) {
      wrap.append(h('p', { className: 'tdm-empty', text: t('hr.pairing.unmatchedNone') }));
      return wrap;
    }
    const tbody = h('tbody');
    for (const u of items) {
      const p = u.person || {};
      tbody.append(h('tr', { dataset: { code: u.code || '' } },
        h('th', { attrs: { scope: 'row' } }, h('span', { className: 'tdm-unmatched-name', text: p.displayName || '' }),
          h('span', { className: 'tdm-unmatched-meta', text: personMeta(p, { withLevel: true }) })),
        h('td', { text: labelOf('hr.pairing.role', u.role) }),
        h('td', { className: 'tdm-unmatched-reason' },
          h('span', { className: 'tdm-unmatched-code', text: labelOf('hr.pairing.code', u.code) }),
          h('span', { className: 'tdm-unmatched-why', text: unmatchedReasonText(u) }))));
    }
    wrap.append(h('div', { className: 'tdm-table-wrap', tabIndex: 0, attrs: { role: 'region', 'aria-labelledby': titleId } },
      h('table', { className: 'tdm-table' },
        h('caption', { className: 'tdm-sr-only', text: t('hr.pairing.unmatchedCaption', { count: formatNumber(items.length) }) }),
        h('thead', {}, h('tr', {},
          h('th', { attrs: { scope: 'col' }, text: t('hr.pairing.person') }),
          h('th', { attrs: { scope: 'col' }, text: t('hr.pairing.roleColumn') }),
          h('th', { attrs: { scope: 'col' }, text: t('hr.pairing.reason') }))),
        tbody)));
    return wrap;
  }

  // ---- fairness ---------------------------------------------------------------------------------

  function renderFairness(fairness, lvl) {
    const titleId = id('fairness-title');
    const wrap = h('section', { className: 'tdm-fairness', attrs: { 'aria-labelledby': titleId } },
      heading(lvl, { id: titleId, text: t('hr.pairing.fairnessTitle') }));
    if (!fairness || typeof fairness !== 'object' || !fairness.mentees) {
      wrap.append(h('p', { className: 'tdm-empty', text: t('hr.pairing.fairnessNone') }));
      return wrap;
    }
    const minGroup = fairness.minGroup ?? 5;
    wrap.append(h('p', { className: 'tdm-hint', text: t('hr.pairing.fairnessHint', { min: formatNumber(minGroup) }) }));
    for (const side of SIDES) {
      const s = fairness[side] || {};
      const sideTitleId = id(`fairness-${side}`);
      const totals = s.totals || {};
      const box = h('section', { className: `tdm-fairness-side tdm-fairness-${side}`, attrs: { 'aria-labelledby': sideTitleId } },
        heading(lvl + 1, { id: sideTitleId, text: t(`hr.pairing.side.${side}`) }));
      if (totals.matchRate === undefined) {
        box.append(h('p', { className: 'tdm-fairness-total', text: t('hr.pairing.tooFew', { people: formatNumber(totals.people ?? 0), min: formatNumber(minGroup) }) }));
      } else {
        box.append(h('p', { className: 'tdm-fairness-total', text: t('hr.pairing.totals', {
          matched: formatNumber(totals.matched ?? 0), people: formatNumber(totals.people ?? 0), rate: formatRate(totals.matchRate),
        }) }));
        if (totals.meanScore !== null && totals.meanScore !== undefined) {
          box.append(h('p', { className: 'tdm-fairness-mean', text: t('hr.pairing.meanScore', { points: formatPoints(totals.meanScore) }) }));
        }
      }
      const unmatched = s.unmatched && typeof s.unmatched === 'object' ? Object.entries(s.unmatched) : [];
      if (unmatched.length) {
        box.append(h('p', { className: 'tdm-fairness-unmatched', text: t('hr.pairing.unmatchedByCode', {
          list: unmatched.map(([code, n]) => `${labelOf('hr.pairing.code', code)}: ${formatNumber(n)}`).join(', '),
        }) }));
      }
      for (const dim of DIMENSIONS) box.append(...renderGroups(s[dim] || {}, side, dim, minGroup));
      wrap.append(box);
    }
    return wrap;
  }

  function renderGroups(dimension, side, dim, minGroup) {
    const groups = Array.isArray(dimension.groups) ? dimension.groups : [];
    const captionText = t(`hr.pairing.dim.${dim}`);
    const out = [];
    if (groups.length) {
      const tbody = h('tbody');
      for (const g of groups) {
        const name = dim === 'byLevel' ? labelOf('hr.pairing.band', g.name) : (g.name === 'unknown' ? t('hr.pairing.unknownDepartment') : g.name);
        tbody.append(h('tr', {},
          h('th', { attrs: { scope: 'row' }, text: name }),
          h('td', { text: formatNumber(g.people ?? 0) }),
          h('td', { text: formatNumber(g.matched ?? 0) }),
          h('td', { text: formatRate(g.matchRate) }),
          h('td', { text: g.meanScore === null || g.meanScore === undefined ? t('hr.pairing.noScore') : formatPoints(g.meanScore) })));
      }
      const captionId = id(`fairness-${side}-${dim}`);
      out.push(h('div', { className: 'tdm-table-wrap', tabIndex: 0, attrs: { role: 'region', 'aria-labelledby': captionId } },
        h('table', { className: `tdm-table tdm-fairness-table tdm-fairness-${dim}` },
          h('caption', { id: captionId, className: 'tdm-table-caption', text: `${t(`hr.pairing.side.${side}`)} · ${captionText}` }),
          h('thead', {}, h('tr', {},
            h('th', { attrs: { scope: 'col' }, text: t(dim === 'byLevel' ? 'hr.pairing.levelBand' : 'hr.pairing.department') }),
            h('th', { attrs: { scope: 'col' }, text: t('hr.pairing.people') }),
            h('th', { attrs: { scope: 'col' }, text: t('hr.pairing.matched') }),
            h('th', { attrs: { scope: 'col' }, text: t('hr.pairing.matchRate') }),
            h('th', { attrs: { scope: 'col' }, text: t('hr.pairing.meanScoreColumn') }))),
          tbody)));
    } else {
      out.push(h('p', { className: 'tdm-fairness-nogroups', text: t('hr.pairing.noGroups', { dimension: captionText }) }));
    }
    if (dimension.suppressedPeople) {
      out.push(h('p', { className: 'tdm-fairness-suppressed', dataset: { side, dim },
        text: t('hr.pairing.suppressed', { count: formatNumber(dimension.suppressedPeople), min: formatNumber(minGroup) }) }));
    }
    return out;
  }

  fillSelect();
  return {
    el: section,
    setPrograms(next) {
      list = next;
      fillSelect();
    },
  };
}
