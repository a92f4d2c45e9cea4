// (c) Signing in with the locale "fr" (login page locale select) shows the panel in French.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, signIn, en, fr, EMPLOYEE, profileReady, assertNoProblems } from '../lib/harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('login with locale fr shows the profile panel in French', async () => {
  const { context, page, problems } = await openPage(browser, { locale: 'en-US' });
  await page.goto('/login');
  await page.getByRole('heading', { name: en['login.title'] }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.getByLabel(en['login.localeLabel']).selectOption('fr');
  // The login page itself switches to French.
  await page.getByRole('heading', { name: fr['login.title'] }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  await page.getByLabel(fr['login.searchLabel']).fill('lindqvist');
  const account = page.locator('.tdm-account', { has: page.locator('.tdm-account-user', { hasText: EMPLOYEE }) });
  await account.getByRole('button', { name: new RegExp(`^${fr['login.signIn']}`) }).click();
  await page.waitForURL('**/ui/profile.html');
  await profileReady(page);

  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.equal(await page.title(), fr['profile.documentTitle']);
  assert.equal(await page.locator('h1').textContent(), fr['profile.title']);
  assert.equal(await page.locator('.tdm-roles legend').first().textContent(), fr['profile.role.legend']);
  assert.equal(await page.getByRole('link', { name: fr['nav.profile'] }).count(), 1);
  assert.equal(await page.locator('.tdm-skills-learn > legend').textContent(), fr['profile.skills.learnLegend']);
  assert.equal(await page.locator('.tdm-skills-learn .tdm-subgroup > legend').first().textContent(), fr['skill.kind.digital']);
  // Skill names come from the API's localizedName: the seed catalogue has French names.
  assert.ok(await page.locator('.tdm-skills-learn label', { hasText: 'Analyse de données' }).count() >= 1);
  // Readiness questions in French.
  await page.getByRole('radio', { name: fr['profile.role.both'], exact: true }).check();
  await page.locator('.tdm-readiness legend', { hasText: fr['profile.readiness.willingToLearn'] }).waitFor();
  // Weekday names in French.
  await page.getByRole('button', { name: fr['profile.availability.add'] }).click();
  assert.equal(await page.locator('.tdm-window select option').first().textContent(), fr['weekday.1']);
  assertNoProblems(problems, 'profile (fr)');
  await context.close();
});

test('locale "fr-FR" from the API maps to French, an unknown locale to English', async () => {
  for (const [apiLocale, expected] of [['fr-FR', 'fr'], ['xx-YY', 'en']]) {
    const { context, page, problems } = await openPage(browser);
    await signIn(context, EMPLOYEE);
    await page.route('**/api/v1/me', async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      body.locale = apiLocale;
      await route.fulfill({ response: res, json: body });
    });
    await page.goto('/ui/profile.html');
    await profileReady(page);
    assert.equal(await page.getAttribute('html', 'lang'), expected, apiLocale);
    assert.equal(await page.locator('h1').textContent(), (expected === 'fr' ? fr : en)['profile.title']);
    assertNoProblems(problems, `profile (${apiLocale})`);
    await context.close();
  }
});
