// Shared helpers of the end-to-end tests: browser launch, sign-in, API calls with the CSRF token,
// catalogue strings, axe-core runs. The server under test is at TANDEM_URL (see ../run.sh).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import axe from 'axe-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const uiDir = path.resolve(here, '../../../ui_assets');

export const BASE_URL = (process.env.TANDEM_URL || '').replace(/\/+$/, '');
if (!BASE_URL) throw new Error('TANDEM_URL is not set: run the tests through tests/e2e/run.sh');

export const en = JSON.parse(fs.readFileSync(path.join(uiDir, 'i18n/en.json'), 'utf8'));
export const fr = JSON.parse(fs.readFileSync(path.join(uiDir, 'i18n/fr.json'), 'utf8'));

export const EMPLOYEE = 'zoe.lindqvist'; // a junior in the demo data
export const HR_ADMIN = 'amara.okafor'; // member of tandem-hr-admins in the demo data

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60_000,
  });
}

// A fresh context (own cookies) and page. `problems` collects uncaught page errors and console
// errors other than failed resource loads (a 401 answer logs one), including CSP violations.
// bypassCSP lets axe-core be injected as an inline script (the host's CSP is default-src 'self').
export async function openPage(browser, { locale = 'en-US', viewport, bypassCSP = false } = {}) {
  const context = await browser.newContext({
    baseURL: BASE_URL, locale, bypassCSP, viewport: viewport || { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  return { context, page, problems };
}

// Signs in through the demo host's JSON endpoint (the cookie lands in the context).
export async function signIn(context, userName, locale) {
  const res = await context.request.post('/auth/login', {
    data: locale ? { userName, locale } : { userName },
  });
  assert.ok(res.ok(), `POST /auth/login for ${userName} answered ${res.status()}: ${await res.text()}`);
}

// Calls the API with the session's CSRF token (taken from GET /api/v1/me as the UI does).
export async function api(context, method, urlPath, body) {
  const me = await context.request.get('/api/v1/me');
  const token = me.headers()['x-csrf-token'];
  const res = await context.request.fetch(urlPath, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { 'X-CSRF-Token': token } : {}) },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  return { status: res.status(), json, text };
}

export async function setModule(browser, enabled) {
  const { context } = await openPage(browser);
  try {
    await signIn(context, HR_ADMIN);
    const res = await api(context, 'PUT', '/api/v1/admin/module', { enabled });
    assert.equal(res.status, 200, `PUT /api/v1/admin/module answered ${res.status}: ${res.text}`);
  } finally {
    await context.close();
  }
}

// Waits until the profile panel mounted on `root` has rendered.
export async function profileReady(page, root = '.tdm-profile') {
  await page.locator(`${root}:not([aria-busy]) .tdm-summary`).first().waitFor();
}

export const EXPECTED_EMPLOYEES = Number(process.env.E2E_EMPLOYEES || 520);

export async function hrReady(page) {
  // The panel drops aria-busy once every section is rendered.
  await page.locator('.tdm-hr:not([aria-busy]) :is(.tdm-module-state, .tdm-forbidden)').first().waitFor();
}

// Runs axe-core on the page; returns the serious and critical violations (and prints them).
export async function seriousViolations(page, label) {
  await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(async () => window.axe.run(document, {
    resultTypes: ['violations'],
  }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) {
    console.log(`[axe] ${label}: ${v.impact} ${v.id}: ${v.help}`);
    for (const node of v.nodes.slice(0, 5)) console.log(`    ${node.target.join(' ')} :: ${node.failureSummary}`);
  }
  return bad;
}

export function assertNoProblems(problems, label) {
  assert.deepEqual(problems, [], `${label}: errors in the page:\n${problems.join('\n')}`);
}
