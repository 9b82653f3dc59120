import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { demo, platform, port } from './hosts';
import { signIn, snap, visit, waitForHydration } from './helpers';

const lapsed = `http://lapsed.localhost:${port}`;

test.describe('platform console', () => {
  test('a platform admin suspends a firm and its user sees the suspension page', async ({ page, browser }, testInfo) => {
    // The firm's admin, signed in in a browser of their own.
    const firmUser = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const firmPage = await firmUser.newPage();
    const password = readFileSync('.auth/lapsed-password', 'utf8').trim();
    await signIn(firmPage, lapsed, 'admin@lapsed.test', password);
    await expect(firmPage.getByTestId('firm-name')).toHaveText('Lapsed & Co');

    await visit(page, `${platform}/`);
    await waitForHydration(page);
    const row = page.getByTestId('firm-lapsed');
    await expect(row.getByTestId('firm-status')).toHaveText('active');
    await row.getByTestId('suspend-lapsed').click();
    const form = page.getByTestId('reason-form');
    // No reason: refused with a message, nothing changes.
    await form.getByTestId('confirm-reason').click();
    await expect(form.getByTestId('error-reason')).toContainText('Give the reason');
    await expect(row.getByTestId('firm-status')).toHaveText('active');
    await form.locator('input[name="reason"]').fill('Subscription lapsed in November');
    await snap(page, testInfo, 'platform-suspend-form');
    await form.getByTestId('confirm-reason').click();
    await expect(row.getByTestId('firm-status')).toHaveText('suspended');
    await expect(row).toContainText('Subscription lapsed in November');
    await snap(page, testInfo, 'platform-firm-suspended');

    // The firm's user, on their next page, sees the suspension and its reason.
    const response = await visit(firmPage, `${lapsed}/clients`);
    expect(response.status()).toBe(403);
    await expect(firmPage.locator('h1')).toHaveText('Account suspended');
    await expect(firmPage.locator('body')).toContainText('Subscription lapsed in November');
    await snap(firmPage, testInfo, 'firm-suspended-page');

    // Reactivated, the firm's host serves again; the user signs in afresh.
    await row.getByTestId('reactivate-lapsed').click();
    await expect(row.getByTestId('firm-status')).toHaveText('active');
    await signIn(firmPage, lapsed, 'admin@lapsed.test', password);
    await expect(firmPage.getByTestId('firm-name')).toHaveText('Lapsed & Co');
    await firmUser.close();
  });

  test('a support session shows its banner on every page and cannot save a change', async ({ browser }, testInfo) => {
    // Only the platform admin's cookie: entering support on demo.localhost must not take over
    // the demo admin's session that the other tests share.
    const state = JSON.parse(readFileSync('.auth/state.json', 'utf8'));
    const cookies = state.cookies.filter((c: { domain: string }) => c.domain.startsWith('admin.'));
    const context = await browser.newContext({ storageState: { cookies, origins: [] } });
    const page = await context.newPage();
    await visit(page, `${platform}/`);
    await waitForHydration(page);
    const row = page.getByTestId('firm-demo');
    await row.getByTestId('support-demo').click();
    const form = page.getByTestId('reason-form');
    await form.locator('input[name="reason"]').fill('Ticket 4521: a client page looks wrong');
    await snap(page, testInfo, 'platform-support-form');
    await form.getByTestId('confirm-reason').click();

    // The one-time link opens the session on the firm's own host.
    await page.waitForURL(`${demo}/`);
    await waitForHydration(page);
    const banner = page.getByTestId('support-banner');
    await expect(banner).toContainText('Support session');
    await expect(banner).toContainText('read-only');
    await snap(page, testInfo, 'support-dashboard');

    await visit(page, `${demo}/clients`);
    await waitForHydration(page);
    await expect(banner).toBeVisible();
    const clientForm = page.getByTestId('client-form');
    await clientForm.locator('input[name="name"]').fill('Made By Support');
    await clientForm.getByRole('button', { name: 'Add client', exact: true }).click();
    await expect(page.getByTestId('form-error')).toContainText('read-only');
    await expect(page.getByTestId('form-status')).not.toContainText('Client added');
    await snap(page, testInfo, 'support-refused-change');
    await context.close();
  });

  test('the dashboard shows key figures, charts and a firms table to search and sort', async ({ page }, testInfo) => {
    await visit(page, `${platform}/`);
    await waitForHydration(page);
    for (const chart of ['chart-new-firms', 'chart-active-firms', 'chart-storage']) {
      await expect(page.getByTestId(chart).locator('svg').first()).toBeVisible();
    }
    for (const kpi of ['kpi-firms', 'kpi-active', 'kpi-suspended']) {
      await expect(page.getByTestId(kpi)).toHaveText(/^\d[\d,]*$/);
    }
    const table = page.getByTestId('firms-table');
    for (const slug of ['demo', 'other', 'lapsed']) {
      await expect(table.getByTestId(`firm-${slug}`)).toBeVisible();
    }
    await snap(page, testInfo, 'platform-dashboard');

    // A search is kept in the address and leaves only the firms it matches.
    const search = page.getByTestId('dashboard-search');
    await search.fill('demo');
    await search.press('Enter');
    await expect(page).toHaveURL(/[?&]q=demo(&|$)/);
    await expect(table.locator('tr[data-testid^="firm-"]')).toHaveCount(1);
    await expect(table.getByTestId('firm-demo')).toBeVisible();

    // So is the order, with the search still in force.
    await page.getByTestId('dashboard-sort').selectOption({ label: 'Storage' });
    await expect(page).toHaveURL(/[?&]sort=storage(&|$)/);
    await expect(page).toHaveURL(/[?&]q=demo(&|$)/);
    await expect(table.getByTestId('firm-demo')).toBeVisible();
  });
});
