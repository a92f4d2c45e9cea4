// (f) Keyboard only: skip link, opt in (Tab, Space, Enter), save, then opt out through the
// confirmation step; focus is always visible.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, signIn, api, en, EMPLOYEE, HR_ADMIN, profileReady, assertNoProblems, setModule } from '../lib/harness.mjs';

let browser;
let userName;
before(async () => {
  browser = await launchBrowser();
  await setModule(browser, true);
  // Any demo employee other than the two the other scenarios use.
  const { context } = await openPage(browser);
  const res = await context.request.get('/auth/demo-accounts?q=');
  const items = (await res.json()).items;
  const pick = items.find((a) => ![EMPLOYEE, HR_ADMIN].includes(a.userName) && !(a.roles || []).includes('hr_admin'));
  userName = pick.userName;
  await context.close();
});
after(async () => { await browser?.close(); });

async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const outline = el ? getComputedStyle(el) : null;
    return el ? {
      tag: el.tagName, type: el.type || '', value: el.value, className: el.className || '',
      id: el.id, checked: !!el.checked, name: el.name || '',
      // False while focus is on a part inside the element's UA shadow tree (the clock button of
      // <input type=time>), which draws its own focus ring.
      ownFocus: el.matches(':focus'),
      inRoles: !!el.closest('.tdm-roles'), inReadiness: !!el.closest('.tdm-readiness'),
      direction: el.dataset.direction || '', skillId: el.dataset.skillId || '',
      groupChecked: el.type === 'radio' ? !!document.querySelector(`input[name="${el.name}"]:checked`) : false,
      outline: outline.outlineStyle, outlineWidth: outline.outlineWidth,
    } : null;
  });
}

test('opt in and opt out with the keyboard only', async () => {
  const { context, page, problems } = await openPage(browser);
  await signIn(context, userName, 'en');
  await page.goto('/ui/profile.html');
  await profileReady(page);

  // Skip link first, then into <main>.
  await page.keyboard.press('Tab');
  let f = await focused(page);
  assert.match(f.className, /tdm-skip-link/, 'the first Tab reaches the skip link');
  assert.notEqual(f.outline, 'none', 'the skip link shows a focus outline');
  await page.keyboard.press('Enter');
  f = await focused(page);
  assert.equal(f.id, 'tdm-main', 'the skip link moves focus to <main>');

  let learnSkill = null;
  let saved = false;
  for (let i = 0; i < 400 && !saved; i += 1) {
    await page.keyboard.press('Tab');
    f = await focused(page);
    if (f.tag !== 'BODY' && f.tag !== 'MAIN' && f.ownFocus) {
      assert.notEqual(f.outline, 'none', `focus is visible on ${f.tag}.${f.className}#${f.id}`);
    }
    if (f.type === 'radio' && f.inRoles && !f.groupChecked) {
      await page.keyboard.press('Space'); // the first role (mentor) when nothing was chosen
    } else if (f.type === 'radio' && f.inReadiness && !f.groupChecked) {
      await page.keyboard.press('Space'); // "Yes"
    } else if (f.type === 'checkbox' && f.direction === 'learn' && !learnSkill && !f.checked) {
      await page.keyboard.press('Space');
      learnSkill = f.skillId;
    } else if (f.type === 'submit' && /tdm-save/.test(f.className)) {
      await page.keyboard.press('Enter');
      saved = true;
    }
  }
  assert.ok(saved, 'the Save button is reachable with Tab');
  await page.locator('.tdm-profile .tdm-status-success').waitFor();
  const me = await api(context, 'GET', '/api/v1/me');
  assert.equal(me.json.participant.status, 'active');
  if (learnSkill) {
    assert.ok(me.json.participant.skills.some((s) => String(s.skillId) === learnSkill && s.direction === 'learn'),
      'the skill chosen with Space is stored');
  }

  // Opt out: Tab from Save reaches the "Opt out" button; Enter opens the confirmation with focus
  // on "Yes"; Escape cancels; Enter again confirms.
  await page.keyboard.press('Tab');
  f = await focused(page);
  assert.match(f.className, /tdm-optout-button/);
  await page.keyboard.press('Enter');
  f = await focused(page);
  assert.match(f.className, /tdm-optout-confirm/, 'focus moves to the confirm button');
  await page.keyboard.press('Escape');
  f = await focused(page);
  assert.match(f.className, /tdm-optout-button/, 'Escape cancels and focus returns');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.locator('.tdm-profile .tdm-status-success', { hasText: en['profile.status.optedOut'] }).waitFor();
  const after = await api(context, 'GET', '/api/v1/me');
  assert.equal(after.json.participant.status, 'opted_out');
  assert.equal(await page.locator('.tdm-summary').textContent(), en['profile.summary.optedOut']);
  assertNoProblems(problems, 'keyboard');
  await context.close();
});
