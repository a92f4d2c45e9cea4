// (h) Pairing end to end: HR creates a program, runs the pairing on the demo organisation, sees the
// pairs with their reasons, the unmatched and the fairness summary, approves one pair, swaps two,
// publishes with "Approve all and publish"; a mentee of a published pair sees the proposal with its
// reasons and accepts it; the mentor of another pair declines with a reason and sees it recorded.
// axe-core on both views; markup in names and reasons renders as text; the profile's matches
// reflow at 320px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, signIn, api, en, fr, HR_ADMIN, hrReady, profileReady, seriousViolations, assertNoProblems, setModule } from '../lib/harness.mjs';

let browser;
// Filled by the HR scenario, used by the people's scenarios.
const state = { programId: null, accepting: null, declining: null };

before(async () => {
  browser = await launchBrowser();
  await setModule(browser, true);
});
after(async () => { await browser?.close(); });

// The demo user name of an employee id, looked up as HR (names are not unique: match the id).
async function userNameOf(context, person) {
  const res = await api(context, 'GET', `/api/v1/employees?q=${encodeURIComponent(person.displayName)}&pageSize=100`);
  assert.equal(res.status, 200, res.text);
  const found = res.json.items.find((e) => e.id === person.id);
  assert.ok(found, `employee ${person.id} (${person.displayName}) not found`);
  return found.userName;
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('HR runs the pairing, reviews pairs with their reasons, approves one, swaps two and publishes', async () => {
  const { context, page, problems } = await openPage(browser, { bypassCSP: true });
  await signIn(context, HR_ADMIN, 'en');
  await page.goto('/ui/hr.html');
  await hrReady(page);

  // A program through the Programs form (the demo seed creates none).
  const name = `E2E pairing ${Date.now()}`;
  await page.getByLabel(en['hr.programs.name'], { exact: true }).fill(name);
  await page.getByLabel(en['hr.programs.startsOn']).fill('2031-01-05');
  await page.getByLabel(en['hr.programs.endsOn']).fill('2031-06-30');
  await page.getByRole('button', { name: en['hr.programs.create'] }).click();
  await page.locator('.tdm-programs tbody th', { hasText: name }).waitFor();
  const program = (await api(context, 'GET', '/api/v1/programs')).json.items.find((p) => p.name === name);
  assert.ok(program, 'the program is stored');
  state.programId = program.id;

  // Choose it in the pairing section: no run yet.
  const pairing = page.locator('.tdm-pairing');
  await pairing.getByLabel(en['hr.pairing.program']).selectOption({ label: name });
  await pairing.locator('.tdm-empty', { hasText: en['hr.pairing.noRun'] }).waitFor();
  await pairing.getByRole('button', { name: en['hr.pairing.run'] }).click();
  await pairing.locator('.tdm-pair').first().waitFor();
  assert.match(await pairing.locator('.tdm-section-status').textContent(), /^Pairing done: \d+ pairs, \d+ people not matched\.$/);
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.classList.contains('tdm-run-title')), true,
    'focus moves to the run heading');

  // What the page shows is the stored draft.
  const runs = await api(context, 'GET', `/api/v1/programs/${program.id}/runs`);
  const draft = runs.json.items.find((r) => r.status === 'draft');
  assert.ok(draft, 'a draft run is stored');
  const detail = (await api(context, 'GET', `/api/v1/programs/${program.id}/runs/${draft.id}`)).json;
  assert.ok(detail.matches.length >= 4, `pairs: ${detail.matches.length}`);
  assert.ok(detail.unmatched.length >= 1, 'the demo organisation leaves some people unmatched');
  assert.equal(await pairing.locator('.tdm-pair').count(), detail.matches.length);

  // Each pair side by side with its score and the reasons of its score parts.
  const first = detail.matches[0];
  const firstCard = pairing.locator(`.tdm-pair[data-match-id="${first.id}"]`);
  assert.equal(await firstCard.locator('.tdm-person-mentor .tdm-person-name').textContent(), first.mentor.displayName);
  assert.equal(await firstCard.locator('.tdm-person-mentee .tdm-person-name').textContent(), first.mentee.displayName);
  assert.match(await firstCard.locator('.tdm-person-mentee .tdm-person-meta').textContent(), new RegExp(escapeRe(first.mentee.department)));
  assert.equal(await firstCard.locator('.tdm-pair-status').textContent(), en['match.status.proposed']);
  assert.equal(await firstCard.locator('.tdm-pair-origin').textContent(), en['match.origin.solver']);
  assert.equal(await firstCard.locator('.tdm-part').count(), first.parts.length);
  const skillsPart = first.parts.find((p) => p.name === 'skills');
  const skillsItem = firstCard.locator('.tdm-part[data-part="skills"]');
  assert.equal(await skillsItem.locator('.tdm-part-name').textContent(), en['match.part.skills']);
  assert.equal(await skillsItem.locator('.tdm-part-reason').textContent(), skillsPart.reason);
  assert.ok(skillsPart.reason.length > 10, 'a plain-language reason');

  // The unmatched with their reason, and the fairness summary.
  const unmatchedRows = pairing.locator('.tdm-unmatched tbody tr');
  assert.equal(await unmatchedRows.count(), detail.unmatched.length);
  const u = detail.unmatched[0];
  assert.equal(await unmatchedRows.first().locator('.tdm-unmatched-name').textContent(), u.person.displayName);
  assert.match(await unmatchedRows.first().textContent(), new RegExp(escapeRe(u.reason)));
  // Each reason is worded from its template and arguments: in English, the server's sentence.
  assert.ok(detail.unmatched.every((x) => typeof x.reasonCode === 'string' && x.args), 'every reason has a template');
  assert.deepEqual(await unmatchedRows.locator('.tdm-unmatched-why').allTextContents(), detail.unmatched.map((x) => x.reason));
  const totals = detail.fairness.mentees.totals;
  assert.match(await pairing.locator('.tdm-fairness-mentees .tdm-fairness-total').textContent(),
    new RegExp(`^${totals.matched} of ${totals.people} matched`));
  assert.ok(await pairing.locator('.tdm-fairness-byDepartment').count() >= 1, 'groups by department');
  const suppressed = detail.fairness.mentees.byDepartment.suppressedPeople;
  if (suppressed) {
    await pairing.locator('.tdm-fairness-suppressed[data-side="mentees"][data-dim="byDepartment"]',
      { hasText: `${suppressed} people not shown: groups under 5` }).waitFor();
  }

  // Approve the first pair.
  await firstCard.getByRole('button', { name: en['hr.pairing.approve'], exact: true }).click();
  await pairing.locator(`.tdm-pair[data-match-id="${first.id}"][data-status="approved"]`).waitFor();
  assert.equal(await pairing.locator('.tdm-section-status').textContent(), en['hr.pairing.approved']);
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.classList.contains('tdm-pair-title')), true,
    'focus stays on the pair');
  const approved = (await api(context, 'GET', `/api/v1/programs/${program.id}/matches?status=approved`)).json.items;
  assert.deepEqual(approved.map((m) => m.id), [first.id]);

  // The pin note form opens and closes with Escape; then axe on the review.
  const second = detail.matches[1];
  const secondCard = pairing.locator(`.tdm-pair[data-match-id="${second.id}"]`);
  await secondCard.getByRole('button', { name: en['hr.pairing.pin'], exact: true }).click();
  await secondCard.getByLabel(en['hr.pairing.pinNote']).waitFor();
  assert.deepEqual(await seriousViolations(page, 'hr pairing review'), []);
  await page.keyboard.press('Escape');
  await secondCard.locator('.tdm-pin-form').waitFor({ state: 'hidden' });

  // Swap the mentees of two proposed pairs.
  const third = detail.matches[2];
  await secondCard.getByLabel(en['hr.pairing.selectForSwap']).check();
  await pairing.locator(`.tdm-pair[data-match-id="${third.id}"]`).getByLabel(en['hr.pairing.selectForSwap']).check();
  // A swap a constraint refuses answers 409 naming it: the page shows that message as an alert.
  const refusal = 'the new pair (A, b) breaks the minimum level gap';
  await page.route('**/api/v1/programs/*/swap', (route) => route.fulfill({
    status: 409, contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'failed_precondition', message: refusal } }),
  }), { times: 1 });
  await pairing.getByRole('button', { name: en['hr.pairing.swap'] }).click();
  await pairing.getByRole('alert').filter({ hasText: en['hr.pairing.swapRefused'].replace('{message}', refusal) }).waitFor();
  await page.unroute('**/api/v1/programs/*/swap');
  await pairing.getByRole('button', { name: en['hr.pairing.swap'] }).click();
  await pairing.locator('.tdm-section-status', { hasText: en['hr.pairing.swapped'] }).waitFor();
  assert.equal(await pairing.locator('.tdm-pairing-alert').textContent(), '', 'the alert is cleared');
  const swapped = (await api(context, 'GET', `/api/v1/programs/${program.id}/matches`)).json.items.filter((m) => m.origin === 'swap');
  assert.equal(swapped.length, 2, 'two swapped pairs');
  assert.equal(await pairing.locator('.tdm-pair .tdm-pair-origin', { hasText: en['match.origin.swap'] }).count(), 2);

  // Publish: pairs are still proposed, so the page offers "Approve all and publish".
  await pairing.getByRole('button', { name: en['hr.pairing.publish'], exact: true }).click();
  const approveAll = pairing.getByRole('button', { name: en['hr.pairing.approveAllPublish'] });
  await approveAll.waitFor();
  assert.equal(await approveAll.evaluate((el) => el === document.activeElement), true, 'focus moves to the confirmation');
  await approveAll.click();
  await pairing.locator('.tdm-run-title', { hasText: en['hr.pairing.runTitle.published'].replace('{id}', String(draft.id)) }).waitFor();
  assert.match(await pairing.locator('.tdm-section-status').textContent(), /^\d+ pairs published/);
  assert.equal(await pairing.getByRole('button', { name: en['hr.pairing.approve'], exact: true }).count(), 0, 'a published run is read-only');

  const published = (await api(context, 'GET', `/api/v1/programs/${program.id}/matches?status=published`)).json.items;
  assert.ok(published.length >= 3, `published pairs: ${published.length}`);
  const accepting = published.find((m) => m.id === first.id) || published[0];
  const people = new Set([accepting.mentor.id, accepting.mentee.id]);
  const declining = published.find((m) => m.id !== accepting.id && !people.has(m.mentor.id) && !people.has(m.mentee.id));
  assert.ok(declining, 'a second published pair with other people');
  state.accepting = { match: accepting, userName: await userNameOf(context, accepting.mentee) };
  state.declining = { match: declining, userName: await userNameOf(context, declining.mentor) };
  assertNoProblems(problems, 'hr pairing');
  await context.close();
});

test('in French, HR reads why people are not matched in French', async (t) => {
  if (!state.programId) return t.skip('the HR scenario did not run');
  const { context, page, problems } = await openPage(browser, { locale: 'fr-FR' });
  await signIn(context, HR_ADMIN, 'fr');
  const runs = (await api(context, 'GET', `/api/v1/programs/${state.programId}/runs`)).json.items;
  const detail = (await api(context, 'GET', `/api/v1/programs/${state.programId}/runs/${runs[0].id}`)).json;
  await page.goto('/ui/hr.html');
  await hrReady(page);
  const pairing = page.locator('.tdm-pairing');
  await pairing.getByLabel(fr['hr.pairing.program']).selectOption(String(state.programId));
  const rows = pairing.locator('.tdm-unmatched tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), detail.unmatched.length);

  // Every reason is in French: none is the server's English sentence, no placeholder is left.
  const shown = await rows.locator('.tdm-unmatched-why').allTextContents();
  shown.forEach((text, i) => {
    assert.notEqual(text, detail.unmatched[i].reason, `row ${i} is in English`);
    assert.doesNotMatch(text, /\{\w+\}/, `row ${i}: ${text}`);
  });

  // A known case of the demo organisation: a mentor who was a candidate, the mentees went to others.
  const i = detail.unmatched.findIndex((x) => x.reasonCode === 'unmatched.notSelected');
  assert.ok(i >= 0, `a not-selected mentor among ${detail.unmatched.map((x) => x.reasonCode).join(', ')}`);
  const u = detail.unmatched[i];
  assert.equal(u.code, 'not_selected');
  assert.equal(u.args.person, u.person.displayName);
  const mentees = Number(u.args.mentees);
  assert.ok(mentees >= 1, `mentees: ${u.args.mentees}`);
  const unit = fr[`hr.pairing.unmatchedReason.unit.mentees.${mentees < 2 ? 'one' : 'other'}`]
    .replace('{mentees}', new Intl.NumberFormat('fr').format(mentees));
  const expected = fr['hr.pairing.unmatchedReason.unmatched.notSelected']
    .replace('{menteesText}', unit).replace('{person}', u.person.displayName);
  assert.equal(shown[i], expected);
  assert.equal(await rows.nth(i).locator('.tdm-unmatched-code').textContent(), fr['hr.pairing.code.not_selected']);
  assert.equal(await rows.nth(i).locator('td').first().textContent(), fr['hr.pairing.role.mentor']);

  // A run stored before reasons had templates shows the server's sentence.
  await page.route('**/api/v1/programs/*/runs/*', async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    for (const x of body.unmatched) { delete x.reasonCode; delete x.args; }
    await route.fulfill({ response: res, json: body });
  });
  await pairing.getByLabel(fr['hr.pairing.program']).selectOption({ index: 0 });
  await pairing.getByLabel(fr['hr.pairing.program']).selectOption(String(state.programId));
  await pairing.locator('.tdm-unmatched tbody tr .tdm-unmatched-why', { hasText: u.reason }).first().waitFor();
  assert.deepEqual(await rows.locator('.tdm-unmatched-why').allTextContents(), detail.unmatched.map((x) => x.reason));
  assertNoProblems(problems, 'hr pairing unmatched (fr)');
  await context.close();
});

test('a mentee sees the published proposal with its reasons and accepts it', async (t) => {
  if (!state.accepting) return t.skip('the HR scenario did not publish');
  const { match, userName } = state.accepting;
  const { context, page, problems } = await openPage(browser);
  await signIn(context, userName, 'en');
  await page.goto('/ui/profile.html');
  await profileReady(page);
  const card = page.locator(`.tdm-my-matches .tdm-match[data-match-id="${match.id}"]`);
  await card.waitFor();
  assert.equal(await card.locator('.tdm-match-title').textContent(), match.mentor.displayName);
  assert.equal(await card.locator('.tdm-match-role').textContent(),
    en['profile.matches.youAreMentored'].replace('{name}', match.mentor.displayName));
  assert.equal(await card.locator('.tdm-match-status').textContent(), en['match.status.published']);
  assert.equal(await card.locator('.tdm-part').count(), match.parts.length);
  assert.equal(await card.locator('.tdm-part[data-part="skills"] .tdm-part-reason').textContent(),
    match.parts.find((p) => p.name === 'skills').reason);

  await card.getByRole('button', { name: en['profile.matches.accept'], exact: true }).click();
  await card.locator('.tdm-match-my-response', { hasText: en['match.response.accepted'] }).waitFor();
  assert.equal(await page.locator('.tdm-my-matches .tdm-section-status').textContent(),
    en['profile.matches.acceptedWaiting'].replace('{name}', match.mentor.displayName));
  assert.equal(await card.getByRole('button', { name: en['profile.matches.accept'], exact: true }).count(), 0, 'answered: no more buttons');
  const mine = (await api(context, 'GET', '/api/v1/me/matches')).json.items.find((m) => m.id === match.id);
  assert.equal(mine.myResponse, 'accepted');
  assertNoProblems(problems, 'profile accept');
  await context.close();
});

test('the mentor of another pair declines it with a reason and sees the decline recorded', async (t) => {
  if (!state.declining) return t.skip('the HR scenario did not publish');
  const { match, userName } = state.declining;
  const { context, page, problems } = await openPage(browser, { bypassCSP: true });
  await signIn(context, userName, 'en');
  await page.goto('/ui/profile.html');
  await profileReady(page);
  const card = page.locator(`.tdm-my-matches .tdm-match[data-match-id="${match.id}"]`);
  await card.waitFor();
  assert.equal(await card.locator('.tdm-match-role').textContent(),
    en['profile.matches.youMentor'].replace('{name}', match.mentee.displayName));

  await card.getByRole('button', { name: en['profile.matches.decline'], exact: true }).click();
  const reasonBox = card.getByLabel(en['match.reason.label']);
  await reasonBox.waitFor();
  assert.equal(await reasonBox.evaluate((el) => el === document.activeElement), true, 'focus moves to the reason');
  // The reason is required.
  await card.getByRole('button', { name: en['profile.matches.declineSend'] }).click();
  await card.locator('.tdm-field-error', { hasText: en['match.reason.required'] }).waitFor();
  assert.equal(await reasonBox.getAttribute('aria-invalid'), 'true');
  assert.deepEqual(await seriousViolations(page, 'profile matches (decline form)'), []);

  const reason = 'No time this quarter <b>sorry</b>';
  await reasonBox.fill(reason);
  await card.getByRole('button', { name: en['profile.matches.declineSend'] }).click();
  const result = card.locator('.tdm-match-result');
  await result.waitFor();
  assert.equal(await result.locator('.tdm-match-result-reason').textContent(),
    en['profile.matches.reasonRecorded'].replace('{reason}', reason));
  assert.equal(await card.locator('b').count(), 0, 'the reason is text');
  assert.equal(await card.locator('.tdm-match-status').textContent(), en['match.status.declined']);
  assert.equal(await page.locator('.tdm-my-matches .tdm-section-status').textContent(), en['profile.matches.declinedStatus']);
  const res = (await api(context, 'GET', '/api/v1/me/matches')).json.items.find((m) => m.id === match.id);
  assert.equal(res.status, 'declined');
  assert.equal(res.declineReason, reason);
  if (await result.locator('.tdm-match-rematch').count()) {
    assert.equal(await result.locator('.tdm-match-rematch').textContent(), en['profile.matches.rematchOffered']);
  }

  // After a reload the decline and its reason are still shown.
  await page.reload();
  await profileReady(page);
  await card.locator('.tdm-match-decline-reason', { hasText: reason }).waitFor();
  assert.equal(await card.getByRole('button', { name: en['profile.matches.decline'], exact: true }).count(), 0);
  assertNoProblems(problems, 'profile decline');
  await context.close();

  // HR sees the decline and its reason.
  const hr = await openPage(browser);
  await signIn(hr.context, HR_ADMIN);
  const stored = (await api(hr.context, 'GET', `/api/v1/programs/${state.programId}/matches?status=declined`)).json.items
    .find((m) => m.id === match.id);
  assert.ok(stored, 'HR lists the declined pair');
  assert.equal(stored.declineReason, reason);
  await hr.context.close();
});

test('the pairing views render names and reasons as text', async (t) => {
  if (!state.declining) return t.skip('the HR scenario did not publish');
  const NAME = '<img src=x onerror="window.__xss=1">';
  const REASON = '<b>bold</b> & <script>window.__xss=2</script>';
  const markupInside = (page, selector) => page.locator(selector).evaluate((root) => root.querySelectorAll('img, b, script').length);

  const hr = await openPage(browser);
  await signIn(hr.context, HR_ADMIN, 'en');
  await hr.page.route('**/api/v1/programs/*/runs/*', async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    body.matches[0].mentor.displayName = NAME;
    // The reason is worded from its template arguments here (code present).
    const part = body.matches[0].parts[0];
    part.args = { ...part.args, teacher: REASON, learner: REASON, skills: REASON };
    if (body.unmatched[0]) {
      body.unmatched[0].reason = REASON;
      body.unmatched[0].args = { ...body.unmatched[0].args, person: REASON, department: REASON };
    }
    await route.fulfill({ response: res, json: body });
  });
  await hr.page.goto('/ui/hr.html');
  await hrReady(hr.page);
  await hr.page.locator('.tdm-pairing select').selectOption(String(state.programId));
  const firstPair = hr.page.locator('.tdm-pairing .tdm-pair').first();
  await firstPair.waitFor();
  assert.equal(await firstPair.locator('.tdm-person-mentor .tdm-person-name').textContent(), NAME);
  assert.ok((await firstPair.locator('.tdm-part-reason').first().textContent()).includes(REASON));
  assert.equal(await markupInside(hr.page, '.tdm-pairing'), 0, 'no element was created from data');
  assert.equal(await hr.page.evaluate(() => window.__xss), undefined);
  assertNoProblems(hr.problems, 'escaping hr pairing');
  await hr.context.close();

  const emp = await openPage(browser);
  await signIn(emp.context, state.declining.userName, 'en');
  await emp.page.route('**/api/v1/me/matches', async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    body.items[0].partner.displayName = NAME;
    // Without a code (runs stored before codes existed) the server's sentence is shown.
    delete body.items[0].parts[0].code;
    body.items[0].parts[0].reason = REASON;
    body.items[0].declineReason = REASON;
    await route.fulfill({ response: res, json: body });
  });
  await emp.page.goto('/ui/profile.html');
  await profileReady(emp.page);
  const card = emp.page.locator('.tdm-my-matches .tdm-match').first();
  assert.equal(await card.locator('.tdm-match-title').textContent(), NAME);
  assert.equal(await card.locator('.tdm-part-reason').first().textContent(), REASON);
  assert.equal(await markupInside(emp.page, '.tdm-my-matches'), 0, 'no element was created from data');
  assert.equal(await emp.page.evaluate(() => window.__xss), undefined);
  assertNoProblems(emp.problems, 'escaping my matches');
  await emp.context.close();
});

test('the matches on the profile reflow at 320px', async (t) => {
  if (!state.declining) return t.skip('the HR scenario did not publish');
  const { context, page, problems } = await openPage(browser, { viewport: { width: 320, height: 640 } });
  await signIn(context, state.declining.userName);
  await page.goto('/ui/profile.html');
  await profileReady(page);
  await page.locator('.tdm-my-matches .tdm-match').first().waitFor();
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(widths[0] <= widths[1], `page is ${widths[0]}px wide in a ${widths[1]}px viewport`);
  assertNoProblems(problems, 'profile matches 320px');
  await context.close();
});
