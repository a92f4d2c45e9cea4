// (d) The fake intranet page (/intranet) embeds the profile panel by importing /ui/profile.js.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, signIn, en, EMPLOYEE, profileReady, assertNoProblems } from '../lib/harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('the intranet page shows the embedded profile panel', async () => {
  const { context, page, problems } = await openPage(browser);
  await signIn(context, EMPLOYEE, 'en');
  await page.goto('/intranet');
  await profileReady(page, '#tandem-profile');
  assert.equal(await page.locator('.acme-logo').textContent(), en['intranet.brand']);
  assert.equal(await page.locator('h1').textContent(), en['intranet.title']);
  const panel = page.locator('#tandem-profile');
  assert.equal(await panel.evaluate((el) => el.classList.contains('tandem-root')), true);
  assert.equal(await panel.locator('h2').first().textContent(), en['profile.title']);
  assert.ok((await panel.locator('.tdm-who-name').textContent()).trim().length > 0, 'who am I is shown');
  assert.equal(await panel.locator('form.tdm-form').count(), 1);
  assert.equal(await panel.getAttribute('lang'), 'en');
  // The host's unscoped CSS (Georgia buttons) does not restyle the panel, and Tandem's scoped CSS
  // does not restyle the host.
  const panelFont = await panel.locator('.tdm-save').evaluate((el) => getComputedStyle(el).fontFamily);
  assert.doesNotMatch(panelFont, /Georgia/, panelFont);
  const hostFont = await page.locator('.acme-logo').evaluate((el) => getComputedStyle(el).fontFamily);
  assert.match(hostFont, /Georgia/);
  assert.equal(await page.locator('.tdm-header').count(), 0, 'no standalone chrome inside the host page');
  assertNoProblems(problems, 'intranet');
  await context.close();
});
