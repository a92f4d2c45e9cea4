// (i) HR edits a program's settings on the HR page: Edit in the programs table opens the form
// prefilled from the API; name, status, a weight, an eligibility bound and the department rule
// are changed and saved, and the API shows them stored with every other setting kept (including
// a department that is not in the directory, with a comma in it). A value the server refuses
// shows the server's message in the form's alert, stores nothing and keeps the typed values; a
// client-side check (max below min) sends nothing; Cancel and the keyboard. axe on the open form;
// French labels; 320px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, signIn, api, en, fr, HR_ADMIN, hrReady, seriousViolations, assertNoProblems, setModule } from '../lib/harness.mjs';

let browser;
// The program under test, created through the API with settings away from the defaults.
const state = { id: null, name: null, before: null };

before(async () => {
  browser = await launchBrowser();
  await setModule(browser, true);
  const { context } = await openPage(browser);
  try {
    await signIn(context, HR_ADMIN);
    const departments = (await api(context, 'GET', '/api/v1/departments')).json.items;
    assert.ok(departments.length >= 2, `departments: ${departments}`);
    // Markup in the name must render as text.
    state.name = `E2E <i>settings</i> ${Date.now()}`;
    const created = await api(context, 'POST', '/api/v1/programs', {
      name: state.name, description: 'Kept as it is', startsOn: '2032-01-05', endsOn: '2032-06-30', status: 'draft',
      settings: {
        eligibility: {
          mentor: { minLevel: 3, excludeEmployeeTypes: ['contractor'] },
          mentee: { departments: [departments[0], 'Legacy, EMEA'], maxTenureYears: 12.5 },
        },
        constraints: { minAvailabilityOverlapMinutes: 30, sharedLanguageRequired: true },
        weights: { intent: 12.5 },
        defaultCapacity: 2, candidatesPerMentee: 40, shortlistResponseHours: 48,
      },
    });
    assert.equal(created.status, 201, created.text);
    state.id = created.json.id;
    state.before = (await api(context, 'GET', `/api/v1/programs/${state.id}`)).json;
  } finally {
    await context.close();
  }
});
after(async () => { await browser?.close(); });

const editName = (catalogue, name) => catalogue['hr.programs.editLabel'].replace('{name}', name);

async function openHrPage(page, context, locale = 'en') {
  await signIn(context, HR_ADMIN, locale);
  await page.goto('/ui/hr.html');
  await hrReady(page);
}

// Opens the program's edit form from its row; returns the form locator.
async function openForm(page, catalogue = en) {
  // The row's Edit button is named after the program (aria-label: French puts no-break spaces
  // inside its quotes, so the label is compared as written rather than as an accessible name).
  const edit = page.locator(`.tdm-programs tbody tr[data-program-id="${state.id}"] .tdm-program-edit-button`);
  assert.equal(await edit.textContent(), catalogue['hr.programs.edit']);
  assert.equal(await edit.getAttribute('aria-label'), editName(catalogue, state.name));
  await edit.click();
  const form = page.locator(`form.tdm-program-edit[data-program-id="${state.id}"]`);
  await form.waitFor();
  return form;
}

test('HR edits a program\'s settings; the API stores them and keeps the rest', async () => {
  const { context, page, problems } = await openPage(browser, { bypassCSP: true });
  await openHrPage(page, context);
  // The button's accessible name includes the program's name.
  await page.getByRole('button', { name: editName(en, state.name), exact: true }).waitFor();
  const form = await openForm(page);
  const s = state.before.settings;

  // Prefilled from GET /api/v1/programs/{id}; focus on the first field; the name as text.
  const nameInput = form.getByLabel(en['hr.programs.name'], { exact: true });
  assert.equal(await nameInput.inputValue(), state.name);
  assert.equal(await nameInput.evaluate((el) => el === document.activeElement), true, 'focus moves to the form');
  assert.equal(await form.locator('.tdm-program-edit-title').textContent(), en['hr.programs.edit.title'].replace('{name}', state.name));
  assert.equal(await form.locator('.tdm-program-edit-title i').count(), 0, 'markup in the name is not interpreted');
  const mentors = form.getByRole('group', { name: en['hr.programs.eligibility.mentor'], exact: true });
  const mentees = form.getByRole('group', { name: en['hr.programs.eligibility.mentee'], exact: true });
  const weights = form.getByRole('group', { name: en['hr.programs.weights.title'], exact: true });
  assert.equal(await mentors.getByLabel(en['hr.programs.eligibility.minLevel']).inputValue(), '3');
  assert.equal(await mentees.getByLabel(en['hr.programs.eligibility.maxTenureYears']).inputValue(), '12.5');
  assert.deepEqual(await mentees.getByLabel(en['hr.programs.eligibility.departments'], { exact: true })
    .evaluate((el) => [...el.selectedOptions].map((o) => o.value)), s.eligibility.mentee.departments);
  assert.equal(await mentors.getByRole('checkbox', { name: en['hr.programs.employeeType.contractor'] }).count(), 2);
  assert.equal(await form.getByLabel(en['hr.programs.defaultCapacity'], { exact: true }).inputValue(), '2');
  assert.equal(await weights.getByLabel(en['match.part.intent'], { exact: true }).inputValue(), '12.5');
  assert.equal(await form.getByRole('checkbox', { name: en['hr.programs.constraints.sharedLanguageRequired'] }).isChecked(), true);
  const chain = form.getByRole('checkbox', { name: en['hr.programs.constraints.reportingChain'] });
  assert.equal(await chain.isChecked(), true, 'the reporting chain rule is shown on');
  assert.equal(await chain.isDisabled(), true, 'and cannot be switched off');
  assert.equal(await form.getByRole('radio', { name: en['hr.programs.constraints.department.preferred_different'] }).isChecked(), true);

  assert.deepEqual(await seriousViolations(page, 'program settings form'), []);

  // Change the name, the status, a weight, an eligibility bound and the department rule.
  const newName = `${state.name} (edited)`;
  await nameInput.fill(newName);
  await form.getByLabel(en['hr.programs.status'], { exact: true }).selectOption('open');
  await weights.getByLabel(en['match.part.skills'], { exact: true }).fill('55');
  await form.locator('.tdm-weights-total', { hasText: en['hr.programs.weights.total'].replace('{points}', '117.5') }).waitFor();
  await mentees.getByLabel(en['hr.programs.eligibility.maxLevel']).fill('7');
  await form.getByRole('radio', { name: en['hr.programs.constraints.department.required_different'] }).check();
  await form.getByRole('button', { name: en['hr.programs.edit.save'] }).click();

  await page.locator('.tdm-programs-status', { hasText: en['hr.programs.edit.saved'].replace('{name}', newName) }).waitFor();
  assert.equal(await form.count(), 0, 'the form closes after saving');
  const row = page.locator(`.tdm-programs tbody tr[data-program-id="${state.id}"]`);
  assert.equal(await row.locator('th').textContent(), newName);
  assert.equal(await row.locator('.tdm-program-status').textContent(), en['hr.programs.status.open']);
  assert.equal(await page.getByRole('button', { name: editName(en, newName), exact: true })
    .evaluate((el) => el === document.activeElement), true, 'focus goes back to the Edit button');
  // The pairing section's program list sees the new name.
  assert.equal(await page.locator('.tdm-pairing-program option', { hasText: newName }).count(), 1);

  // Stored: the changes, and every other setting and field as it was.
  const stored = (await api(context, 'GET', `/api/v1/programs/${state.id}`)).json;
  const expected = structuredClone(s);
  expected.weights.skills = 55;
  expected.eligibility.mentee.maxLevel = 7;
  expected.constraints.department = 'required_different';
  assert.equal(stored.name, newName);
  assert.equal(stored.status, 'open');
  assert.deepEqual(stored.settings, expected);
  assert.equal(stored.description, state.before.description);
  assert.equal(stored.startsOn, state.before.startsOn);
  assert.equal(stored.endsOn, state.before.endsOn);
  state.name = newName;
  state.before = stored;
  assertNoProblems(problems, 'program settings');
  await context.close();
});

test('a value the server refuses shows its message, stores nothing and keeps the typed values', async () => {
  const { context, page, problems } = await openPage(browser);
  const puts = [];
  page.on('request', (r) => { if (r.method() === 'PUT') puts.push(r.url()); });
  await openHrPage(page, context);
  const form = await openForm(page);
  const mentors = form.getByRole('group', { name: en['hr.programs.eligibility.mentor'], exact: true });
  const weights = form.getByRole('group', { name: en['hr.programs.weights.title'], exact: true });
  const save = form.getByRole('button', { name: en['hr.programs.edit.save'] });

  // Caught before sending: a maximum below the minimum.
  await mentors.getByLabel(en['hr.programs.eligibility.maxLevel']).fill('2');
  await save.click();
  await mentors.locator('.tdm-field-error', { hasText: en['hr.programs.error.minMax'] }).waitFor();
  assert.equal(await form.getByRole('alert').textContent(), en['hr.programs.edit.fix']);
  assert.equal(await mentors.getByLabel(en['hr.programs.eligibility.maxLevel']).getAttribute('aria-invalid'), 'true');
  assert.deepEqual(puts, [], 'nothing is sent');
  await mentors.getByLabel(en['hr.programs.eligibility.maxLevel']).fill('');

  // Refused by the server: weights are 0..1000 (pairing/program_settings.cpp).
  const typedName = 'Typed but refused';
  await form.getByLabel(en['hr.programs.name'], { exact: true }).fill(typedName);
  const skills = weights.getByLabel(en['match.part.skills'], { exact: true });
  await skills.fill('5000');
  await save.click();
  const alert = form.getByRole('alert');
  await alert.filter({ hasText: 'settings.weights.skills must be a number' }).waitFor();
  assert.match(await alert.textContent(), /^The settings were not saved\. The server says: settings\.weights\.skills must be a number >= 0 and <= 1000$/);
  assert.equal(puts.length, 1);
  assert.equal(await skills.getAttribute('aria-invalid'), 'true');
  assert.equal(await skills.evaluate((el) => el === document.activeElement), true, 'focus on the refused field');
  assert.equal(await weights.locator('.tdm-field-error:not([hidden])').textContent(), en['hr.programs.error.refused']);
  assert.equal(await skills.inputValue(), '5000', 'the typed values stay');
  assert.equal(await form.getByLabel(en['hr.programs.name'], { exact: true }).inputValue(), typedName);
  const stored = (await api(context, 'GET', `/api/v1/programs/${state.id}`)).json;
  assert.deepEqual(stored, state.before, 'nothing is stored');

  // Cancel closes without saving and gives focus back to the Edit button.
  await form.getByRole('button', { name: en['common.cancel'] }).click();
  assert.equal(await form.count(), 0);
  assert.equal(await page.getByRole('button', { name: editName(en, state.name), exact: true })
    .evaluate((el) => el === document.activeElement), true);
  // With the keyboard: Enter on the focused Edit button opens the form again, as stored.
  await page.keyboard.press('Enter');
  await form.waitFor();
  const nameAgain = form.getByLabel(en['hr.programs.name'], { exact: true });
  assert.equal(await nameAgain.evaluate((el) => el === document.activeElement), true);
  assert.equal(await nameAgain.inputValue(), state.name);
  assert.equal(await form.locator('input[name="settings.weights.skills"]').inputValue(), '55');
  await form.getByRole('button', { name: en['common.cancel'] }).focus();
  await page.keyboard.press('Space');
  await form.waitFor({ state: 'detached' });
  assert.equal(puts.length, 1);
  assert.deepEqual((await api(context, 'GET', `/api/v1/programs/${state.id}`)).json, state.before);
  assertNoProblems(problems, 'program settings (refused)');
  await context.close();
});

test('the settings form is in French for a French-speaking HR admin', async () => {
  const { context, page, problems } = await openPage(browser);
  await openHrPage(page, context, 'fr');
  const form = await openForm(page, fr);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  const legends = await form.locator(':scope > fieldset > legend').allTextContents();
  assert.deepEqual(legends, [fr['hr.programs.edit.general'], fr['hr.programs.eligibility.title'],
    fr['hr.programs.constraints.title'], fr['hr.programs.weights.title']]);
  const mentees = form.getByRole('group', { name: fr['hr.programs.eligibility.mentee'], exact: true });
  await mentees.getByLabel(fr['hr.programs.eligibility.minLevel']).waitFor();
  await form.getByRole('radio', { name: fr['hr.programs.constraints.department.required_different'] }).waitFor();
  await form.getByRole('checkbox', { name: fr['hr.programs.constraints.reportingChain'] }).waitFor();
  await form.getByLabel(fr['match.part.skills'], { exact: true }).waitFor();
  assert.equal(await form.getByRole('button', { name: fr['hr.programs.edit.save'] }).count(), 1);
  // Numbers in the French format: 55 + 15 + 10 + 10 + 15 + 12.5.
  assert.equal(await form.locator('.tdm-weights-total').textContent(), fr['hr.programs.weights.total'].replace('{points}', '117,5'));
  assertNoProblems(problems, 'program settings (fr)');
  await context.close();
});

test('the settings form reflows at 320px', async () => {
  const { context, page, problems } = await openPage(browser, { viewport: { width: 320, height: 640 } });
  await openHrPage(page, context);
  const form = await openForm(page);
  await form.getByRole('button', { name: en['hr.programs.edit.save'] }).scrollIntoViewIfNeeded();
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  // What runs off the screen (outside scrolling table regions), to name it when the check fails.
  const overflowing = await page.evaluate(() => [...document.querySelectorAll('.tdm-hr *')]
    .filter((el) => !el.closest('.tdm-table-wrap') && el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.id} ${Math.round(el.getBoundingClientRect().right)}px`));
  assert.ok(widths[0] <= widths[1], `page is ${widths[0]}px wide in a ${widths[1]}px viewport: ${overflowing.join(', ')}`);
  assert.deepEqual(overflowing, [], 'nothing runs off the screen');
  assertNoProblems(problems, 'program settings 320px');
  await context.close();
});
