// (e) axe-core finds no serious or critical violation on the login, profile (en and fr), HR and
// intranet pages; the profile reflows at 320px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, signIn, en, EMPLOYEE, HR_ADMIN, profileReady, hrReady, seriousViolations, assertNoProblems, setModule } from '../lib/harness.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
  await setModule(browser, true);
});
after(async () => { await browser?.close(); });

test('login page', async () => {
  const { context, page, problems } = await openPage(browser, { bypassCSP: true });
  await page.goto('/login');
  await page.locator('.tdm-account').first().waitFor();
  assert.deepEqual(await seriousViolations(page, 'login'), []);
  assertNoProblems(problems, 'login');
  await context.close();
});

for (const locale of ['en', 'fr']) {
  test(`profile page (${locale}), with the readiness check, a time window and the opt-out confirmation open`, async () => {
    const { context, page, problems } = await openPage(browser, { bypassCSP: true });
    await signIn(context, EMPLOYEE, locale);
    await page.goto('/ui/profile.html');
    await profileReady(page);
    assert.equal(await page.getAttribute('html', 'lang'), locale);
    await page.locator('.tdm-roles input[value="both"]').check();
    await page.locator('.tdm-readiness input[value="no"]').first().check();
    await page.locator('.tdm-add-window').click();
    // Show field errors too: an impossible window.
    await page.locator('.tdm-window input[data-role="start"]').last().fill('18:00');
    await page.locator('.tdm-window input[data-role="end"]').last().fill('08:00');
    await page.locator('.tdm-save').click();
    await page.locator('.tdm-availability .tdm-field-error').waitFor();
    if (await page.locator('.tdm-optout-button').isVisible()) await page.locator('.tdm-optout-button').click();
    assert.deepEqual(await seriousViolations(page, `profile ${locale}`), []);
    assertNoProblems(problems, `profile ${locale}`);
    await context.close();
  });
}

test('HR page (with the switch confirmation open)', async () => {
  const { context, page, problems } = await openPage(browser, { bypassCSP: true });
  await signIn(context, HR_ADMIN);
  await page.goto('/ui/hr.html');
  await hrReady(page);
  await page.locator('.tdm-module-toggle').click();
  await page.locator('.tdm-module-confirm').waitFor();
  assert.deepEqual(await seriousViolations(page, 'hr'), []);
  await page.locator('.tdm-module-cancel').click(); // leave the module as it was
  assertNoProblems(problems, 'hr');
  await context.close();
});

test('intranet page with the embedded panel', async () => {
  const { context, page, problems } = await openPage(browser, { bypassCSP: true });
  await signIn(context, EMPLOYEE);
  await page.goto('/intranet');
  await profileReady(page, '#tandem-profile');
  assert.deepEqual(await seriousViolations(page, 'intranet'), []);
  assertNoProblems(problems, 'intranet');
  await context.close();
});

test('the profile page reflows at 320px without horizontal scrolling', async () => {
  const { context, page, problems } = await openPage(browser, { viewport: { width: 320, height: 640 } });
  await signIn(context, EMPLOYEE);
  await page.goto('/ui/profile.html');
  await profileReady(page);
  await page.locator('.tdm-roles input[value="both"]').check();
  await page.locator('.tdm-add-window').click();
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(widths[0] <= widths[1], `page is ${widths[0]}px wide in a ${widths[1]}px viewport`);
  assertNoProblems(problems, 'profile 320px');
  await context.close();
});
