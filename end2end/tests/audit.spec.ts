import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { demo } from './hosts';
import { signIn, snap, visit, waitForHydration } from './helpers';

const password = 'demo-docket-2026';

/**
 * Collects what shows a broken page: page errors (hydration panics), console errors and failed
 * requests. `expected` names the ones the test means to cause.
 */
function watchProblems(page: Page, expected: (problem: string) => boolean = () => false): string[] {
  const problems: string[] = [];
  const note = (problem: string) => {
    if (!expected(problem)) problems.push(problem);
  };
  page.on('pageerror', (e) => note(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') note(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) note(`${r.status()} ${r.url()}`);
  });
  return problems;
}

/** The number in "12 entries". */
const count = (text: string) => Number(text.replace(/\D/g, ''));

test('audit log: the admin finds their sign-in, filters by action through the URL, and downloads the CSV', async ({ browser }, testInfo) => {
  test.setTimeout(90_000);
  // A sign-in of its own, so that it is among the newest entries.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, demo, 'admin@demo.test', password);
  const name = ((await page.getByTestId('user-name').textContent()) ?? '').trim();
  expect(name).not.toBe('');
  const problems = watchProblems(page);

  await test.step('settings lead to the audit log', async () => {
    await visit(page, `${demo}/settings`);
    await waitForHydration(page);
    await expect(page.getByTestId('settings-audit-link')).toHaveAttribute('href', '/audit');
    await expect(page.getByTestId('settings-audit-link')).toContainText('Audit log');
  });

  await test.step('the log lists the sign-in, by the admin', async () => {
    const response = await visit(page, `${demo}/audit`);
    expect(response.status()).toBe(200);
    await waitForHydration(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
    const signIns = page.getByTestId('audit-table').locator('tbody tr', { hasText: 'Signed in' }).filter({ hasText: name });
    await expect(signIns.first()).toBeVisible();
    await expect(page.getByTestId('audit-total')).toHaveText(/^\d+ entr(y|ies)$/);
    await snap(page, testInfo, 'audit-log');
  });

  await test.step('filtering by "Signed in" narrows the list and keeps the filter in the URL', async () => {
    const total = page.getByTestId('audit-total');
    const before = count(await total.innerText());
    await page.getByTestId('audit-filter-action').selectOption({ label: 'Signed in' });
    await expect(page).toHaveURL(/\/audit\?(.*&)?action=auth\.sign_in(&|$)/);
    await expect.poll(async () => count(await total.innerText())).toBeLessThan(before);
    expect(count(await total.innerText())).toBeGreaterThan(0);
    const rows = page.getByTestId('audit-table').locator('tbody tr');
    await expect(rows.filter({ hasNotText: 'Signed in' })).toHaveCount(0);
    await expect(rows.filter({ hasText: name }).first()).toBeVisible();
    // The URL is the state: a reload shows the same filter.
    await page.reload();
    await waitForHydration(page);
    await expect(page.getByTestId('audit-filter-action')).toHaveValue('auth.sign_in');
    await expect(page.getByTestId('audit-table').locator('tbody tr').filter({ hasNotText: 'Signed in' })).toHaveCount(0);
    await snap(page, testInfo, 'audit-log-signed-in');
  });

  await test.step('the CSV export carries the filter', async () => {
    const link = page.getByTestId('audit-export');
    await expect(link).toHaveText('Download CSV');
    await expect(link).toHaveAttribute('href', /^\/audit\/export\.csv\?(.*&)?action=auth\.sign_in(&|$)/);
    const href = (await link.getAttribute('href'))!;
    // Fetched by the page, with its session: Node does not resolve *.localhost (see hosts.ts).
    const csv = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
    }, href);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    const lines = csv.text.split(/\r?\n/).filter((line) => line !== '');
    expect(lines[0]).toMatch(/^seq,/);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) expect(line).toContain(',Signed in,');
    // The link itself downloads (the router leaves it to the browser).
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('audit-log.csv');
    const path = `${testInfo.project.outputDir}/screenshots/audit-log.csv`;
    await download.saveAs(path);
    expect(readFileSync(path, 'utf8')).toMatch(/^seq,/);
  });

  expect(problems, 'the audit pages load and hydrate cleanly').toEqual([]);
  await context.close();
});

test('audit log: a paralegal is refused it, and settings offer no way to it', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, demo, 'paralegal@demo.test', password);
  // The refusal is the page's answer (403), which the browser also reports in the console.
  const problems = watchProblems(
    page,
    (p) => p === `403 ${demo}/audit` || /^console: Failed to load resource: .*403/.test(p),
  );

  const response = await visit(page, `${demo}/audit`);
  expect(response.status()).toBe(403);
  await waitForHydration(page);
  await expect(page.getByTestId('audit-error')).toHaveText(
    "You do not have permission to do this. Ask your firm's administrator if you need it.",
  );
  await expect(page.getByTestId('audit-table')).toHaveCount(0);
  await expect(page.getByTestId('audit-export')).toHaveCount(0);
  await snap(page, testInfo, 'audit-log-refused');

  await visit(page, `${demo}/settings`);
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
  await expect(page.getByTestId('settings-audit-link')).toHaveCount(0);
  await expect(page.getByRole('link', { name: /audit log/i })).toHaveCount(0);

  expect(problems, 'the pages load and hydrate cleanly').toEqual([]);
  await context.close();
});
