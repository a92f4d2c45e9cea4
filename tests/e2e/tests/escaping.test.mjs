// (g) Directory data is rendered as text, never parsed as HTML: the API answers are intercepted to
// carry markup, which must show up literally and create no element.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, signIn, EMPLOYEE, profileReady, assertNoProblems } from '../lib/harness.mjs';

const NAME = '<img src=x onerror="window.__xss=1">';
const TITLE = '<b>Chief</b> & <i>Officer</i>';
const DEPARTMENT = '<script>window.__xss=2</script>';
const SKILL = '<em onmouseover="window.__xss=3">Evil skill</em>';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function markupInside(page, selector) {
  return page.locator(selector).evaluate((root) => root.querySelectorAll('img, b, i, em, script').length);
}

test('profile page and embedded panel render directory data as text', async () => {
  for (const url of ['/ui/profile.html', '/intranet']) {
    const { context, page, problems } = await openPage(browser);
    await signIn(context, EMPLOYEE, 'en');
    await page.route('**/api/v1/me', async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      Object.assign(body.employee, { displayName: NAME, title: TITLE, department: DEPARTMENT });
      await route.fulfill({ response: res, json: body });
    });
    await page.route('**/api/v1/skills', async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      body.items[0].localizedName = SKILL;
      body.items[0].name = SKILL;
      await route.fulfill({ response: res, json: body });
    });
    await page.goto(url);
    await profileReady(page);
    const panel = '.tdm-profile';
    assert.equal(await page.locator(`${panel} .tdm-who-name`).textContent(), NAME);
    assert.equal(await page.locator(`${panel} .tdm-who-title`).textContent(), TITLE);
    assert.equal(await page.locator(`${panel} .tdm-who-department`).textContent(), DEPARTMENT);
    assert.ok(await page.locator(`${panel} label`, { hasText: 'Evil skill' }).count() >= 1);
    assert.equal(await page.locator(`${panel} label`, { hasText: 'Evil skill' }).first().textContent(), SKILL);
    assert.equal(await markupInside(page, panel), 0, `${url}: no element was created from data`);
    if (url === '/ui/profile.html') {
      assert.equal(await page.locator('.tdm-user-name').textContent(), NAME);
      assert.equal(await markupInside(page, '.tdm-header'), 0);
    }
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assertNoProblems(problems, `escaping ${url}`);
    await context.close();
  }
});

test('login page renders account data as text', async () => {
  const { context, page, problems } = await openPage(browser);
  await page.route('**/auth/demo-accounts*', (route) => route.fulfill({
    status: 200, contentType: 'application/json',
    body: JSON.stringify({ items: [{ userName: 'x.y', displayName: NAME, title: TITLE, department: DEPARTMENT, locale: 'en', groups: [], roles: ['employee', '<b>boss</b>'] }] }),
  }));
  await page.goto('/login');
  await page.locator('.tdm-account').waitFor();
  assert.equal(await page.locator('.tdm-account-name').textContent(), NAME);
  assert.equal(await markupInside(page, '.tdm-accounts'), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assertNoProblems(problems, 'escaping login');
  await context.close();
});
