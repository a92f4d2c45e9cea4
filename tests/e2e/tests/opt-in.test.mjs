// (a) An employee signs in through the login page, opts in as a mentee with two skills to learn
// (answering the readiness check), saves, reloads and sees what was stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, signIn, api, en, EMPLOYEE, profileReady, assertNoProblems, setModule } from '../lib/harness.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
  await setModule(browser, true);
});
after(async () => { await browser?.close(); });

test('opt in as mentee with two skills to learn, then reload and see them', async () => {
  const { context, page, problems } = await openPage(browser);
  await page.goto('/login');
  await page.getByRole('heading', { name: en['login.title'] }).waitFor();
  await page.getByLabel(en['login.searchLabel']).fill('lindqvist');
  const account = page.locator('.tdm-account', { has: page.locator('.tdm-account-user', { hasText: EMPLOYEE }) });
  await account.waitFor();
  await account.getByRole('button', { name: new RegExp(`^${en['login.signIn']}`) }).click();
  await page.waitForURL('**/ui/profile.html');
  await profileReady(page);

  // Role: mentee. The readiness check appears before the rest of the form.
  await page.getByRole('radio', { name: en['profile.role.mentee'], exact: true }).check();
  const readiness = page.locator('.tdm-readiness');
  await readiness.waitFor();
  assert.equal(await page.locator('.tdm-capacity').isHidden(), true, 'capacity is only for mentors');
  const order = await page.evaluate(() => {
    const r = document.querySelector('.tdm-readiness');
    const s = document.querySelector('.tdm-skills-teach');
    return Boolean(r.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.ok(order, 'the readiness check comes before the skills');
  const questions = ['willingToLearn', 'setAsideAuthority', 'readyForMistakes', 'tryNewThings'];
  for (const q of questions.slice(0, 3)) {
    await readiness.getByRole('group', { name: en[`profile.readiness.${q}`] }).getByRole('radio', { name: en['common.yes'] }).check();
  }
  // A "no" shows guidance but does not block.
  await readiness.getByRole('group', { name: en['profile.readiness.tryNewThings'] }).getByRole('radio', { name: en['common.no'] }).check();
  await page.locator('.tdm-guidance').waitFor({ state: 'visible' });

  // Start from a clean slate of skills, then choose two digital skills to learn with levels.
  const checked = page.locator('.tdm-skills input[type=checkbox]:checked');
  for (let i = 0; i < 30 && await checked.count() > 0; i += 1) await checked.first().uncheck();
  assert.equal(await checked.count(), 0);
  const learn = page.locator('.tdm-skills-learn input[type=checkbox]');
  const first = learn.nth(0);
  const second = learn.nth(1);
  const ids = [await first.getAttribute('data-skill-id'), await second.getAttribute('data-skill-id')];
  await first.check();
  await second.check();
  await page.locator(`.tdm-skills-learn select[data-skill-id="${ids[0]}"]`).selectOption('2');
  await page.locator(`.tdm-skills-learn select[data-skill-id="${ids[1]}"]`).selectOption('4');

  // Languages and exactly one availability window.
  const removeButtons = page.locator('.tdm-remove-window');
  for (let i = 0; i < 30 && await removeButtons.count() > 0; i += 1) await removeButtons.first().click();
  await page.getByRole('checkbox', { name: en['language.fr'], exact: true }).check();
  await page.getByRole('button', { name: en['profile.availability.add'] }).click();
  const win = page.locator('.tdm-window').last();
  await win.getByLabel(en['profile.availability.day']).selectOption('3');
  await win.getByLabel(en['profile.availability.start']).fill('14:00');
  await win.getByLabel(en['profile.availability.end']).fill('15:30');
  await page.getByLabel(en['profile.hope.label']).fill('Learn to build dashboards & use AI <safely>.');

  await page.locator('.tdm-save').click();
  const status = page.locator('.tdm-profile .tdm-status-success');
  await status.waitFor();
  assert.ok([en['profile.status.optedIn'], en['profile.status.updated']].includes(await status.textContent()));
  assert.match(await page.locator('.tdm-summary').textContent(), new RegExp(en['profile.roleName.mentee']));

  // Stored on the server.
  const me = await api(context, 'GET', '/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.json.participant.role, 'mentee');
  assert.equal(me.json.participant.status, 'active');
  const learnSkills = me.json.participant.skills.filter((s) => s.direction === 'learn');
  assert.deepEqual(learnSkills.map((s) => [String(s.skillId), s.level]).sort(), [[ids[0], 2], [ids[1], 4]].sort());
  assert.equal(me.json.participant.readiness.tryNewThings, false);

  // After a reload the form shows the stored state.
  await page.reload();
  await profileReady(page);
  assert.equal(await page.getByRole('radio', { name: en['profile.role.mentee'], exact: true }).isChecked(), true);
  assert.equal(await page.locator('.tdm-skills-learn input[type=checkbox]:checked').count(), 2);
  assert.equal(await page.locator(`.tdm-skills-learn input[data-skill-id="${ids[0]}"]`).isChecked(), true);
  assert.equal(await page.locator(`.tdm-skills-learn input[data-skill-id="${ids[1]}"]`).isChecked(), true);
  assert.equal(await page.locator(`.tdm-skills-learn select[data-skill-id="${ids[0]}"]`).inputValue(), '2');
  assert.equal(await page.locator(`.tdm-skills-learn select[data-skill-id="${ids[1]}"]`).inputValue(), '4');
  assert.equal(await page.locator('.tdm-skills-teach input[type=checkbox]:checked').count(), 0);
  assert.equal(await page.getByRole('checkbox', { name: en['language.fr'], exact: true }).isChecked(), true);
  assert.equal(await page.locator('.tdm-window').count(), 1);
  const stored = page.locator('.tdm-window').last();
  assert.equal(await stored.getByLabel(en['profile.availability.day']).inputValue(), '3');
  assert.equal(await stored.getByLabel(en['profile.availability.start']).inputValue(), '14:00');
  assert.equal(await stored.getByLabel(en['profile.availability.end']).inputValue(), '15:30');
  assert.equal(await page.getByLabel(en['profile.hope.label']).inputValue(), 'Learn to build dashboards & use AI <safely>.');
  assert.equal(await page.locator('.tdm-guidance').isVisible(), true, 'the stored "no" answer shows the guidance again');
  assertNoProblems(problems, 'profile');
  await context.close();
});

test('client-side validation shows field errors and does not save', async () => {
  const { context, page, problems } = await openPage(browser);
  await signIn(context, EMPLOYEE);
  await page.goto('/ui/profile.html');
  await profileReady(page);
  await page.getByRole('radio', { name: en['profile.role.both'], exact: true }).check();
  await page.getByLabel(en['profile.capacity.label']).fill('12');
  await page.locator('.tdm-save').click();
  const capError = page.locator('.tdm-capacity .tdm-field-error');
  await capError.waitFor();
  assert.equal(await capError.textContent(), en['profile.error.capacity'].replace('{max}', '10'));
  assert.equal(await page.getByLabel(en['profile.capacity.label']).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('.tdm-profile .tdm-status').textContent(), en['profile.status.fixErrors']);
  // Nothing was saved: still a mentee.
  const me = await api(context, 'GET', '/api/v1/me');
  assert.equal(me.json.participant.role, 'mentee');
  assertNoProblems(problems, 'profile validation');
  await context.close();
});

test('a 400 from the server is shown on the field it names', async () => {
  const { context, page, problems } = await openPage(browser);
  await signIn(context, EMPLOYEE);
  await page.route('**/api/v1/me/participation', (route) => {
    if (route.request().method() !== 'PUT') return route.continue();
    return route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: { code: 'invalid_argument', message: 'hopeNote: at most 500 characters' } }) });
  });
  await page.goto('/ui/profile.html');
  await profileReady(page);
  await page.locator('.tdm-save').click();
  const err = page.locator('.tdm-hope .tdm-field-error');
  await err.waitFor();
  assert.equal(await err.textContent(), en['profile.error.hopeNote'].replace('{max}', '500'));
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'TEXTAREA');
  assertNoProblems(problems, 'profile server error');
  await context.close();
});
