// (b) The HR admin switches the module off on the HR page; the employee then sees the panel say so;
// the HR admin switches it back on (the state is left clean even when an assertion fails).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, signIn, api, en, EMPLOYEE, HR_ADMIN, profileReady, hrReady, assertNoProblems, setModule, EXPECTED_EMPLOYEES } from '../lib/harness.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
  await setModule(browser, true);
});
after(async () => {
  if (browser) {
    await setModule(browser, true).catch((e) => console.error('could not re-enable the module:', e));
    await browser.close();
  }
});

test('HR admin disables the module, the employee sees it is off, HR re-enables it', async () => {
  const hr = await openPage(browser);
  await signIn(hr.context, HR_ADMIN);
  await hr.page.goto('/ui/hr.html');
  await hrReady(hr.page);
  assert.equal(await hr.page.getByRole('link', { name: en['nav.hr'] }).isVisible(), true, 'HR link for hr_admin');
  const state = hr.page.locator('.tdm-module-state');
  assert.equal(await state.textContent(), en['hr.module.stateOn']);
  const counts = await hr.page.locator('.tdm-stats dd').allTextContents();
  assert.ok(Number(counts[0].replace(/\D/g, '')) >= EXPECTED_EMPLOYEES, `employee count ${counts[0]}`);

  await hr.page.getByRole('button', { name: en['hr.module.disable'] }).click();
  const confirm = hr.page.getByRole('button', { name: en['hr.module.confirmDisableYes'] });
  await confirm.waitFor();
  assert.equal(await confirm.evaluate((el) => el === document.activeElement), true, 'focus moves to the confirm button');
  await confirm.click();
  await state.filter({ hasText: en['hr.module.stateOff'] }).waitFor();
  assert.equal(await hr.page.locator('.tdm-hr .tdm-status').textContent(), en['hr.module.nowOff']);

  const emp = await openPage(browser);
  await signIn(emp.context, EMPLOYEE);
  await emp.page.goto('/ui/profile.html');
  await profileReady(emp.page);
  const notice = emp.page.locator('.tdm-module-disabled');
  await notice.waitFor();
  assert.match(await notice.textContent(), new RegExp(en['profile.moduleDisabled'].replace(/\./g, '\\.')));
  assert.equal(await emp.page.locator('.tdm-profile form').count(), 0, 'no opt-in form while the module is off');
  assert.equal(await emp.page.getByRole('link', { name: en['nav.hr'] }).isVisible(), false, 'no HR link for an employee');
  const put = await api(emp.context, 'PUT', '/api/v1/me/participation', { role: 'mentor', capacity: 1 });
  assert.equal(put.status, 409);
  assert.equal(put.json.error.code, 'module_disabled');
  assertNoProblems(emp.problems, 'profile (module off)');

  await hr.page.getByRole('button', { name: en['hr.module.enable'] }).click();
  await hr.page.getByRole('button', { name: en['hr.module.confirmEnableYes'] }).click();
  await state.filter({ hasText: en['hr.module.stateOn'] }).waitFor();
  assertNoProblems(hr.problems, 'hr page');

  await emp.page.reload();
  await profileReady(emp.page);
  assert.equal(await emp.page.locator('.tdm-profile form').count(), 1, 'the form is back');
  await hr.context.close();
  await emp.context.close();
});

test('an employee without the HR role gets a clear message on the HR page', async () => {
  const { context, page, problems } = await openPage(browser);
  await signIn(context, EMPLOYEE);
  await page.goto('/ui/hr.html');
  await hrReady(page);
  assert.equal(await page.locator('.tdm-forbidden').textContent(), en['hr.forbidden']);
  assertNoProblems(problems, 'hr page (forbidden)');
  await context.close();
});

test('HR admin creates a program', async () => {
  const { context, page, problems } = await openPage(browser);
  await signIn(context, HR_ADMIN);
  await page.goto('/ui/hr.html');
  await hrReady(page);
  assert.ok(await page.locator('.tdm-catalogue tbody tr').count() >= 1, 'the skills catalogue is listed');
  const name = `E2E cohort ${Date.now()}`;
  await page.getByLabel(en['hr.programs.name'], { exact: true }).fill(name);
  await page.getByLabel(en['hr.programs.startsOn']).fill('2031-01-05');
  await page.getByLabel(en['hr.programs.endsOn']).fill('2031-06-30');
  await page.getByRole('button', { name: en['hr.programs.create'] }).click();
  await page.locator('.tdm-programs tbody th', { hasText: name }).waitFor();
  assert.equal(await page.locator('.tdm-hr .tdm-status').textContent(), en['hr.programs.created'].replace('{name}', name));
  const list = await api(context, 'GET', '/api/v1/programs');
  assert.ok(list.json.items.some((p) => p.name === name));
  // The end cannot be before the start: caught before sending.
  await page.getByLabel(en['hr.programs.name'], { exact: true }).fill('Backwards');
  await page.getByLabel(en['hr.programs.startsOn']).fill('2031-06-30');
  await page.getByLabel(en['hr.programs.endsOn']).fill('2031-01-05');
  await page.getByRole('button', { name: en['hr.programs.create'] }).click();
  await page.locator('.tdm-program-form .tdm-field-error', { hasText: en['hr.programs.error.order'] }).waitFor();
  assertNoProblems(problems, 'hr programs');
  await context.close();
});
