// (g) Directory sync on the HR page, against the private slapd run.sh starts: never synced at first;
// "Sync now" (from the keyboard) shows a labelled progress bar, then the result with the people
// added; an employee gets no sync section and the API refuses them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, signIn, api, en, EMPLOYEE, HR_ADMIN, hrReady, seriousViolations, assertNoProblems, setModule } from '../lib/harness.mjs';

const LDAP_PEOPLE = Number(process.env.E2E_LDAP_PEOPLE || 300);
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const digits = (text) => Number(String(text).replace(/\D/g, ''));

let browser;
before(async () => {
  browser = await launchBrowser();
  await setModule(browser, true);
});
after(async () => { await browser?.close(); });

test('HR admin: never synced, Sync now shows progress, then the result with the people added', async () => {
  const { context, page, problems } = await openPage(browser);
  await signIn(context, HR_ADMIN);
  const before = await api(context, 'GET', '/api/v1/admin/directory/sync');
  assert.equal(before.status, 200, before.text);
  assert.equal(before.json.configured, true, 'run.sh gives tandem serve the slapd as ldap.* settings');
  assert.equal(before.json.last, undefined, `a fresh data directory was never synced: ${before.text}`);

  await page.goto('/ui/hr.html');
  await hrReady(page);
  const section = page.locator('.tdm-directory-sync');
  assert.equal(await section.getByRole('heading', { name: en['hr.sync.title'] }).count(), 1);
  assert.equal(await section.locator('.tdm-sync-state').textContent(), en['hr.sync.never']);
  const nextPrefix = en['hr.sync.next'].split('{when}')[0];
  assert.ok((await section.locator('.tdm-sync-next').textContent()).startsWith(nextPrefix),
    'the next automatic sync is shown (ldap.sync_interval_minutes defaults to 60)');
  assert.equal(await section.locator('.tdm-sync-progress').isVisible(), false);

  const button = section.getByRole('button', { name: en['hr.sync.now'] });
  assert.equal(await button.isEnabled(), true);
  await button.focus();
  await page.keyboard.press('Enter');

  // While it runs: a progress bar whose accessible name says so (from the POST answer until the
  // first poll a second later, and on every poll while the sync still runs).
  const bar = section.getByRole('progressbar', { name: new RegExp(escapeRe(en['hr.sync.running'])) });
  await bar.waitFor({ state: 'visible' });

  // Then the result (bounded: the locator waits up to 60 s).
  await section.locator('.tdm-sync-state[data-status="ok"]').waitFor({ timeout: 60_000 });
  assert.equal(await section.locator('.tdm-sync-progress').isVisible(), false);
  const added = digits(await section.locator('.tdm-sync-added').textContent());
  assert.ok(added > 0, `people added: ${added}`);
  assert.ok(added <= LDAP_PEOPLE, `at most the ${LDAP_PEOPLE} generated people: ${added}`);
  assert.equal(digits(await section.locator('.tdm-sync-deactivated').textContent()), 0);
  const status = page.locator('.tdm-hr .tdm-status');
  assert.match(await status.textContent(), new RegExp(escapeRe(en['hr.sync.done'].split('{added}')[0])));
  assert.equal(await button.getAttribute('aria-disabled'), null, 'Sync now is available again');

  // The page shows what the API recorded.
  const afterSync = await api(context, 'GET', '/api/v1/admin/directory/sync');
  assert.equal(afterSync.json.running, false);
  assert.equal(afterSync.json.last.status, 'ok');
  assert.equal(afterSync.json.last.summary.added, added);
  const warnings = afterSync.json.last.summary.warnings.length;
  assert.equal(digits(await section.locator('.tdm-sync-warning-count').textContent()), warnings);
  assert.equal(await section.locator('.tdm-sync-warnings li').count(), Math.min(3, warnings));
  for (const secretish of ['password_file', 'bind_dn', 'cn=sync']) {
    assert.equal(JSON.stringify(afterSync.json).includes(secretish), false, `no ${secretish} in the answer`);
  }

  // After a reload the last result stays (it is read from the store).
  await page.reload();
  await hrReady(page);
  assert.equal(await page.locator('.tdm-directory-sync .tdm-sync-state').getAttribute('data-status'), 'ok');
  assertNoProblems(problems, 'hr page, directory sync');
  await context.close();
});

test('the HR page with a sync result has no serious accessibility violation', async () => {
  const { context, page, problems } = await openPage(browser, { bypassCSP: true });
  await signIn(context, HR_ADMIN);
  await page.goto('/ui/hr.html');
  await hrReady(page);
  await page.locator('.tdm-directory-sync .tdm-sync-state').waitFor();
  assert.deepEqual(await seriousViolations(page, 'hr directory sync'), []);
  assertNoProblems(problems, 'hr directory sync (axe)');
  await context.close();
});

test('an employee gets no sync section and the API refuses them', async () => {
  const { context, page, problems } = await openPage(browser);
  await signIn(context, EMPLOYEE);
  await page.goto('/ui/hr.html');
  await hrReady(page);
  assert.equal(await page.locator('.tdm-forbidden').isVisible(), true);
  assert.equal(await page.locator('.tdm-directory-sync').count(), 0);
  for (const method of ['GET', 'POST']) {
    const res = await api(context, method, '/api/v1/admin/directory/sync', method === 'POST' ? {} : undefined);
    assert.equal(res.status, 403, `${method}: ${res.text}`);
    assert.equal(res.json.error.code, 'permission_denied');
  }
  assertNoProblems(problems, 'hr page as employee');
  await context.close();
});
