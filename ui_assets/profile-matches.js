// "My matches" on the profile: the caller's published proposals with their reasons, Accept and
// Decline (with a required reason; shows whether a new proposal was offered), and for programs in
// shortlist mode the mentee's top mentors with "Ask" and their requests, and the mentor's received
// requests with Accept and Decline. Directory data and reasons are only ever set as text.

import { t, formatDate, formatNumber, errorText } from './i18n.js';
import { h, clear, heading, idFactory } from './dom.js';
import { labelOf, formatPoints, personMeta, scoreParts, alertSlot, reasonForm } from './match-view.js';

// Reads everything the section shows. Never throws: a part that fails is reported in `errors`.
// The Decline button hides the answer buttons and opens the reason form.
function openFormOnClick(decline, buttons, form) {
  decline.addEventListener('click', () => {
    buttons.hidden = true;
    decline.setAttribute('aria-expanded', 'true');
    form.open();
  });
}

export async function loadMatchData(api) {
  const [matches, programs, requests] = await Promise.allSettled([
    api.get('/api/v1/me/matches'), api.get('/api/v1/me/programs'), api.get('/api/v1/me/requests'),
  ]);
  const data = {
    matches: matches.status === 'fulfilled' ? [...((matches.value && matches.value.items) || [])] : [],
    matchesError: matches.status === 'rejected' ? matches.reason : null,
    requests: requests.status === 'fulfilled' ? [...((requests.value && requests.value.items) || [])] : [],
    shortlists: [],
  };
  const shortlistPrograms = programs.status === 'fulfilled'
    ? ((programs.value && programs.value.items) || []).filter((p) => p.mode === 'shortlist') : [];
  data.shortlistPrograms = shortlistPrograms;
  const lists = await Promise.allSettled(shortlistPrograms.map((p) => api.get(`/api/v1/me/programs/${p.id}/shortlist`)));
  lists.forEach((r, i) => {
    // 409: not an eligible mentee of that program (e.g. a mentor): no shortlist to show.
    if (r.status === 'fulfilled' && r.value) data.shortlists.push({ program: shortlistPrograms[i], list: r.value });
  });
  return data;
}

// Options: api, id (idFactory), level (heading level), data (loadMatchData). Returns the section.
export function renderMyMatches({ api, id, level, data }) {
  const titleId = id('matches-title');
  const statusEl = h('div', {
    className: 'tdm-section-status', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' },
  });
  const alert = alertSlot('tdm-matches-alert');
  const section = h('section', { className: 'tdm-card tdm-my-matches', attrs: { 'aria-labelledby': titleId } },
    heading(level, { id: titleId, text: t('profile.matches.title') }), statusEl, alert.el);
  const setStatus = (message, kind = 'info') => {
    statusEl.className = `tdm-section-status tdm-status-${kind}`;
    statusEl.textContent = message || '';
  };
  const fail = (e) => {
    setStatus('');
    alert.show(e && e.status === 409 && e.message ? t('profile.matches.refused', { message: e.message }) : errorText(e));
  };

  // ---- proposals --------------------------------------------------------------------------------

  const list = h('ul', { className: 'tdm-matches' });
  const empty = h('p', { className: 'tdm-empty', text: t('profile.matches.empty') });
  if (data.matchesError) section.append(h('p', { className: 'tdm-notice tdm-notice-error', text: errorText(data.matchesError) }));
  else section.append(empty, list);

  const renderAll = () => {
    clear(list);
    for (const m of data.matches) list.append(renderMatch(m));
    empty.hidden = data.matches.length > 0;
  };

  function replaceMatch(updated, extra) {
    const i = data.matches.findIndex((m) => m.id === updated.id);
    const merged = { ...(i >= 0 ? data.matches[i] : {}), ...updated, ...extra };
    if (i >= 0) data.matches[i] = merged;
    else data.matches.unshift(merged);
    return merged;
  }

  function renderMatch(m, result) {
    const mid = idFactory(`match-${m.id}`);
    const titleId = mid('title');
    const partsId = mid('parts');
    const partner = m.partner || {};
    const name = partner.displayName || '';
    const li = h('li', { className: 'tdm-match', dataset: { matchId: String(m.id), status: m.status || '' } },
      heading(level + 1, { id: titleId, className: 'tdm-match-title', tabIndex: -1, text: name }),
      h('p', { className: 'tdm-match-meta', text: personMeta(partner) }),
      h('p', { className: 'tdm-match-role', text: t(m.role === 'mentor' ? 'profile.matches.youMentor' : 'profile.matches.youAreMentored', { name }) }),
      m.programName ? h('p', { className: 'tdm-match-program', text: t('profile.matches.program', { name: m.programName }) }) : null,
      h('dl', { className: 'tdm-stats tdm-match-facts' },
        h('dt', { text: t('profile.matches.status') }), h('dd', { className: 'tdm-match-status', text: labelOf('match.status', m.status) }),
        h('dt', { text: t('profile.matches.myResponse') }), h('dd', { className: 'tdm-match-my-response', text: labelOf('match.response', m.myResponse) }),
        h('dt', { text: t('profile.matches.partnerResponse', { name }) }), h('dd', { className: 'tdm-match-partner-response', text: labelOf('match.response', m.partnerResponse) }),
        h('dt', { text: t('profile.matches.score') }), h('dd', { text: t('match.points', { points: formatPoints(m.score) }) }),
        ...(m.declineReason ? [h('dt', { text: t('profile.matches.declineReason') }), h('dd', { className: 'tdm-match-decline-reason', text: m.declineReason })] : [])),
      h('p', { id: partsId, className: 'tdm-parts-title', text: t('profile.matches.why') }),
      scoreParts(m.parts, partsId));
    if (result) li.append(result);
    if (m.status === 'published' && m.myResponse === 'pending') li.append(answerControls(m, titleId, mid));
    return li;
  }

  function focusMatch(matchId, selector = '.tdm-match-title') {
    const el = list.querySelector(`.tdm-match[data-match-id="${matchId}"] ${selector}`);
    if (el) el.focus();
  }

  function answerControls(m, titleId, mid) {
    const described = { 'aria-describedby': titleId };
    const accept = h('button', { type: 'button', className: 'tdm-button tdm-button-primary tdm-match-accept', text: t('profile.matches.accept'), attrs: described });
    const decline = h('button', { type: 'button', className: 'tdm-button tdm-button-danger tdm-match-decline', text: t('profile.matches.decline'), attrs: { ...described, 'aria-expanded': 'false' } });
    const buttons = h('div', { className: 'tdm-actions' }, accept, decline);
    const holder = h('div', { className: 'tdm-match-answer' }, buttons);
    const form = reasonForm({
      id: mid, holder,
      legend: t('profile.matches.declineLegend', { name: (m.partner && m.partner.displayName) || '' }),
      submitText: t('profile.matches.declineSend'),
      onCancel: () => { buttons.hidden = false; decline.setAttribute('aria-expanded', 'false'); decline.focus(); },
      onSubmit: async (reason) => {
        alert.clear();
        setStatus(t('common.saving'));
        let res;
        try {
          res = await api.post(`/api/v1/me/matches/${m.id}/decline`, { reason });
        } catch (e) {
          if (e.status === 400 && e.field === 'reason') { setStatus(''); throw e; }
          fail(e);
          return;
        }
        const updated = replaceMatch(res.match);
        if (res.rematch) replaceMatch(res.rematch);
        const result = h('div', { className: 'tdm-notice tdm-match-result', tabIndex: -1 },
          h('p', { text: t('profile.matches.declined') }),
          h('p', { className: 'tdm-match-result-reason', text: t('profile.matches.reasonRecorded', { reason: updated.declineReason || reason }) }),
          res.rematchOffered ? h('p', { className: 'tdm-match-rematch', text: t(res.rematch ? 'profile.matches.rematchYou' : 'profile.matches.rematchOffered') }) : null,
          res.rematchNote ? h('p', { text: res.rematchNote }) : null);
        renderAll();
        const card = list.querySelector(`.tdm-match[data-match-id="${updated.id}"]`);
        if (card) card.replaceWith(renderMatch(updated, result));
        setStatus(t('profile.matches.declinedStatus'), 'success');
        focusMatch(updated.id, '.tdm-match-result');
      },
    });
    openFormOnClick(decline, buttons, form);
    accept.addEventListener('click', async () => {
      if (accept.getAttribute('aria-disabled') === 'true') return;
      accept.setAttribute('aria-disabled', 'true');
      alert.clear();
      setStatus(t('common.saving'));
      try {
        const res = await api.post(`/api/v1/me/matches/${m.id}/accept`, {});
        const updated = replaceMatch(res.match);
        renderAll();
        setStatus(t(updated.status === 'accepted' ? 'profile.matches.acceptedBoth' : 'profile.matches.acceptedWaiting',
          { name: (updated.partner && updated.partner.displayName) || '' }), 'success');
        focusMatch(updated.id);
      } catch (e) {
        accept.removeAttribute('aria-disabled');
        fail(e);
      }
    });
    return holder;
  }

  renderAll();

  // ---- shortlist mode ---------------------------------------------------------------------------

  for (const entry of data.shortlists) section.append(renderShortlist(entry));
  if (data.shortlistPrograms.length || data.requests.length) section.append(renderReceived());

  function requestStatus(r) {
    return labelOf('match.request', r.status);
  }

  function renderShortlist(entry) {
    const sid = idFactory(`shortlist-${entry.program.id}`);
    const titleId = sid('title');
    const box = h('section', { className: 'tdm-shortlist', dataset: { programId: String(entry.program.id) }, attrs: { 'aria-labelledby': titleId } });
    const draw = (focusSelector) => {
      clear(box);
      const sl = entry.list;
      const pending = (sl.requests || []).some((r) => r.status === 'pending');
      box.append(heading(level + 1, { id: titleId, className: 'tdm-shortlist-title', tabIndex: -1, text: t('profile.shortlist.title', { name: entry.program.name || '' }) }),
        h('p', { className: 'tdm-hint', text: t('profile.shortlist.hint', { hours: formatNumber(sl.responseHours ?? 72) }) }));
      if (sl.matched) box.append(h('p', { className: 'tdm-notice', text: t('profile.shortlist.matched') }));
      const mentors = sl.mentors || [];
      if (!mentors.length) box.append(h('p', { className: 'tdm-empty', text: t('profile.shortlist.empty') }));
      const ol = h('ol', { className: 'tdm-shortlist-mentors' });
      for (const offer of mentors) {
        const mentor = offer.mentor || {};
        const oid = idFactory(`offer-${mentor.id}`);
        const nameId = oid('name');
        const partsId = oid('parts');
        const asked = (sl.requests || []).find((r) => r.mentor && r.mentor.id === mentor.id);
        const ask = h('button', { type: 'button', className: 'tdm-button tdm-button-primary tdm-button-small tdm-ask', text: t('profile.shortlist.ask'), attrs: { 'aria-describedby': nameId } });
        if (asked || pending || sl.matched) ask.hidden = true;
        ask.addEventListener('click', async () => {
          if (ask.getAttribute('aria-disabled') === 'true') return;
          ask.setAttribute('aria-disabled', 'true');
          alert.clear();
          setStatus(t('common.saving'));
          try {
            await api.post(`/api/v1/me/programs/${entry.program.id}/requests`, { mentorId: mentor.id });
            entry.list = await api.get(`/api/v1/me/programs/${entry.program.id}/shortlist`);
            draw('.tdm-shortlist-requests-title');
            setStatus(t('profile.shortlist.asked', { name: mentor.displayName || '' }), 'success');
          } catch (e) {
            ask.removeAttribute('aria-disabled');
            fail(e);
          }
        });
        ol.append(h('li', { className: 'tdm-offer', dataset: { mentorId: String(mentor.id) } },
          h('p', { id: nameId, className: 'tdm-offer-name', text: mentor.displayName || '' }),
          h('p', { className: 'tdm-match-meta', text: personMeta(mentor) }),
          h('p', { className: 'tdm-offer-score', text: t('profile.shortlist.rankScore', { rank: formatNumber(offer.rank), points: formatPoints(offer.score) }) }),
          h('p', { id: partsId, className: 'tdm-parts-title', text: t('profile.matches.why') }),
          scoreParts(offer.parts, partsId),
          asked ? h('p', { className: 'tdm-offer-asked', text: t('profile.shortlist.alreadyAsked', { status: requestStatus(asked) }) }) : null,
          h('div', { className: 'tdm-actions' }, ask)));
      }
      box.append(ol);
      const reqs = sl.requests || [];
      const reqTitleId = sid('requests');
      box.append(heading(level + 2, { id: reqTitleId, className: 'tdm-shortlist-requests-title', tabIndex: -1, text: t('profile.shortlist.requests') }));
      if (!reqs.length) box.append(h('p', { className: 'tdm-empty', text: t('profile.shortlist.noRequests') }));
      else {
        box.append(h('ul', { className: 'tdm-requests', attrs: { 'aria-labelledby': reqTitleId } }, reqs.map((r) => h('li', { className: 'tdm-request', dataset: { status: r.status } },
          h('span', { className: 'tdm-request-name', text: (r.mentor && r.mentor.displayName) || '' }), ' ',
          h('span', { className: 'tdm-request-status', text: requestStatus(r) }),
          r.status === 'pending' && r.expiresAt ? h('span', { className: 'tdm-hint', text: ` ${t('profile.shortlist.expires', { when: formatDate(r.expiresAt, { withTime: true }) })}` }) : null,
          r.reason ? h('p', { className: 'tdm-request-reason', text: t('profile.matches.reasonGiven', { reason: r.reason }) }) : null))));
      }
      if (focusSelector) { const el = box.querySelector(focusSelector); if (el) el.focus(); }
    };
    draw();
    return box;
  }

  function renderReceived() {
    const titleId = id('received-title');
    const box = h('section', { className: 'tdm-received', attrs: { 'aria-labelledby': titleId } });
    const draw = (focusId) => {
      clear(box);
      box.append(heading(level + 1, { id: titleId, text: t('profile.requests.title') }));
      if (!data.requests.length) {
        box.append(h('p', { className: 'tdm-empty', text: t('profile.requests.empty') }));
        return;
      }
      const ul = h('ul', { className: 'tdm-requests' });
      for (const r of data.requests) {
        const rid = idFactory(`request-${r.id}`);
        const nameId = rid('name');
        const partsId = rid('parts');
        const mentee = r.mentee || {};
        const li = h('li', { className: 'tdm-request', dataset: { requestId: String(r.id), status: r.status } },
          h('p', { id: nameId, className: 'tdm-request-name', tabIndex: -1, text: mentee.displayName || '' }),
          h('p', { className: 'tdm-match-meta', text: personMeta(mentee) }),
          h('p', { className: 'tdm-request-status', text: t('profile.requests.status', { status: requestStatus(r) }) }),
          r.status === 'pending' && r.expiresAt ? h('p', { className: 'tdm-hint', text: t('profile.shortlist.expires', { when: formatDate(r.expiresAt, { withTime: true }) }) }) : null,
          r.reason ? h('p', { className: 'tdm-request-reason', text: t('profile.matches.reasonGiven', { reason: r.reason }) }) : null,
          h('p', { id: partsId, className: 'tdm-parts-title', text: t('profile.matches.why') }),
          scoreParts(r.parts, partsId));
        if (r.status === 'pending') li.append(requestAnswer(r, nameId, rid, draw));
        ul.append(li);
      }
      box.append(ul);
      if (focusId) { const el = box.querySelector(`[data-request-id="${focusId}"] .tdm-request-name`); if (el) el.focus(); }
    };
    draw();
    return box;
  }

  function requestAnswer(r, nameId, rid, draw) {
    const described = { 'aria-describedby': nameId };
    const accept = h('button', { type: 'button', className: 'tdm-button tdm-button-primary tdm-request-accept', text: t('profile.matches.accept'), attrs: described });
    const decline = h('button', { type: 'button', className: 'tdm-button tdm-button-danger tdm-request-decline', text: t('profile.matches.decline'), attrs: { ...described, 'aria-expanded': 'false' } });
    const buttons = h('div', { className: 'tdm-actions' }, accept, decline);
    const holder = h('div', { className: 'tdm-match-answer' }, buttons);
    const answered = (updated, message) => {
      const i = data.requests.findIndex((x) => x.id === updated.id);
      if (i >= 0) data.requests[i] = updated;
      draw(updated.id);
      setStatus(message, 'success');
    };
    const form = reasonForm({
      id: rid, holder,
      legend: t('profile.requests.declineLegend', { name: (r.mentee && r.mentee.displayName) || '' }),
      submitText: t('profile.matches.declineSend'),
      onCancel: () => { buttons.hidden = false; decline.setAttribute('aria-expanded', 'false'); decline.focus(); },
      onSubmit: async (reason) => {
        alert.clear();
        try {
          answered(await api.post(`/api/v1/me/requests/${r.id}/decline`, { reason }), t('profile.requests.declined'));
        } catch (e) {
          if (e.status === 400 && e.field === 'reason') throw e;
          fail(e);
        }
      },
    });
    openFormOnClick(decline, buttons, form);
    accept.addEventListener('click', async () => {
      if (accept.getAttribute('aria-disabled') === 'true') return;
      accept.setAttribute('aria-disabled', 'true');
      alert.clear();
      try {
        answered(await api.post(`/api/v1/me/requests/${r.id}/accept`, {}), t('profile.requests.accepted'));
      } catch (e) {
        accept.removeAttribute('aria-disabled');
        fail(e);
      }
    });
    return holder;
  }

  return section;
}
