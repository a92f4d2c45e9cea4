// Standalone chrome: signed-out visitors go to /login, the nav shows HR only to HR admins, and
// "Sign out" (POST /auth/logout with the CSRF token) ends the session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, signIn, en, EMPLOYEE, HR_ADMIN, profileReady, hrReady, assertNoProblems } from '../lib/harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

for (const url of ['/ui/profile.html', '/ui/hr.html', '/intranet']) {
  test(`${url} sends a signed-out visitor to /login`, async () => {
    const { context, page } = await openPage(browser);
    await page.goto(url);
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: en['login.title'] }).waitFor();
    await context.close();
  });
}

test('the nav links Profile and HR for an HR admin, and sign out ends the session', async () => {
  const { context, page, problems } = await openPage(browser);
  await signIn(context, HR_ADMIN);
  await page.goto('/ui/profile.html');
  await profileReady(page);
  const nav = page.getByRole('navigation');
  assert.equal(await nav.getByRole('link', { name: en['nav.profile'] }).getAttribute('aria-current'), 'page');
  await nav.getByRole('link', { name: en['nav.hr'] }).click();
  await page.waitForURL('**/ui/hr.html');
  await hrReady(page);
  assert.equal(await page.title(), en['hr.documentTitle']);
  assert.equal(await nav.getByRole('link', { name: en['nav.hr'] }).getAttribute('aria-current'), 'page');
  await page.getByRole('button', { name: en['nav.signOut'] }).click();
  await page.waitForURL('**/login');
  const me = await context.request.get('/api/v1/me');
  assert.equal(me.status(), 401, 'the session is gone after signing out');
  assertNoProblems(problems, 'sign out');
  await context.close();
});

test('an employee sees no HR link', async () => {
  const { context, page, problems } = await openPage(browser);
  await signIn(context, EMPLOYEE);
  await page.goto('/ui/profile.html');
  await profileReady(page);
  assert.equal(await page.getByRole('link', { name: en['nav.hr'] }).isVisible(), false);
  assert.equal(await page.getByRole('button', { name: en['nav.signOut'] }).isVisible(), true);
  assertNoProblems(problems, 'employee nav');
  await context.close();
});
