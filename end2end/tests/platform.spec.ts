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

  test('a platform admin adds a plan and moves a firm onto it and back', async ({ page }, testInfo) => {
    await visit(page, `${platform}/`);
    await waitForHydration(page);
    const form = page.getByTestId('plan-form');
    // Refused field by field; nothing is saved.
    await form.locator('input[name="id"]').fill('Bad Id');
    await form.locator('input[name="seat_limit"]').fill('-1');
    await form.getByRole('button', { name: 'Save plan' }).click();
    await expect(form.getByTestId('error-id')).toBeVisible();
    await expect(form.getByTestId('error-seat_limit')).toBeVisible();
    await expect(form.getByTestId('plan-saved')).toHaveCount(0);

    await form.locator('input[name="id"]').fill('boutique');
    await form.locator('input[name="name"]').fill('Boutique');
    await form.locator('input[name="seat_limit"]').fill('5');
    await form.locator('input[name="storage_quota_mb"]').fill('2048');
    await form.locator('input[name="max_file_mb"]').fill('50');
    await form.getByRole('checkbox', { name: 'Documents', exact: true }).check();
    await form.getByRole('checkbox', { name: 'Time and billing', exact: true }).uncheck();
    await form.getByRole('button', { name: 'Save plan' }).click();
    await expect(form.getByTestId('plan-saved')).toBeVisible();
    const plans = page.getByTestId('plans-table');
    await expect(plans).toContainText('Boutique');
    await expect(plans.getByTestId('plan-row-boutique')).toContainText('2 GB');
    await snap(page, testInfo, 'platform-plans');

    // Moving a firm reloads the table, which then shows the firm on its new plan.
    const select = page.getByTestId('firm-other').getByTestId('plan-other');
    const changed = () => page.waitForResponse((r) => r.url().includes('platform/firm-plan') && r.ok());
    await Promise.all([changed(), select.selectOption('boutique')]);
    await expect(select).toHaveValue('boutique');
    await expect(page.getByTestId('firm-plan-error')).toHaveCount(0);

    // Back to Standard: the other tests use this firm's billing, which Boutique lacks.
    await Promise.all([changed(), select.selectOption('standard')]);
    await expect(select).toHaveValue('standard');
    await visit(page, `${platform}/`);
    await expect(page.getByTestId('firm-other').getByTestId('plan-other')).toHaveValue('standard');
  });

  test('a platform admin opens a firm from the console', async ({ page }, testInfo) => {
    await visit(page, `${platform}/`);
    await waitForHydration(page);
    const form = page.getByTestId('new-firm-form');
    // A subdomain another firm has is refused in place; nothing opens.
    await form.getByLabel('Firm name').fill('Newco Legal');
    await form.getByLabel('Subdomain').fill('demo');
    await form.getByLabel("Owner's name").fill('Nora Newman');
    await form.getByLabel("Owner's email").fill('nora@newco.test');
    await form.getByRole('button', { name: 'Open the firm' }).click();
    await expect(form.getByTestId('error-slug')).toContainText('already taken');
    await expect(page.getByTestId('new-firm-status')).toHaveCount(0);
    await form.getByLabel('Subdomain').fill('newco');
    await form.getByLabel('Plan').selectOption('starter');
    await form.getByRole('button', { name: 'Open the firm' }).click();
    await expect(page.getByTestId('new-firm-status')).toContainText('Newco Legal is open at newco');
    await expect(form.getByLabel('Firm name')).toHaveValue('');
    // The firms table lists it, on its plan.
    await expect(page.getByTestId('firm-newco')).toBeVisible();
    await expect(page.getByTestId('firm-newco').getByTestId('plan-newco')).toHaveValue('starter');
    await snap(page, testInfo, 'platform-new-firm');
  });
});
