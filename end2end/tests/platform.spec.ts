import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { platform, port } from './hosts';
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
    const form = page.getByTestId('suspend-form');
    // No reason: refused with a message, nothing changes.
    await form.getByTestId('confirm-suspend').click();
    await expect(form.getByTestId('error-reason')).toContainText('Give the reason');
    await expect(row.getByTestId('firm-status')).toHaveText('active');
    await form.locator('input[name="reason"]').fill('Subscription lapsed in November');
    await snap(page, testInfo, 'platform-suspend-form');
    await form.getByTestId('confirm-suspend').click();
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
});
