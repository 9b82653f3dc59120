import { expect, test } from '@playwright/test';
import { demo, other } from './hosts';
import { snap, visit, waitForHydration } from './helpers';

// These tests start signed out.
test.use({ storageState: { cookies: [], origins: [] } });

test('signing in: pages send you to sign in, wrong passwords are refused, then you land where you were going', async ({ page }, testInfo) => {
  const response = await visit(page, `${demo}/clients?q=Ada`);
  expect(response.status()).toBe(200);
  await expect(page).toHaveURL(`${demo}/login?next=%2Fclients%3Fq%3DAda`);
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Demo Law LLP');
  await snap(page, testInfo, 'sign-in');

  const form = page.getByTestId('sign-in-form');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('error-email')).toBeVisible();
  await expect(page.getByTestId('error-password')).toBeVisible();

  await form.locator('input[name="email"]').fill('admin@demo.test');
  await form.locator('input[name="password"]').fill('not the password');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('form-error')).toContainText('do not match');
  await snap(page, testInfo, 'sign-in-refused');

  await form.locator('input[name="password"]').fill('demo-docket-2026');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${demo}/clients?q=Ada`);
  await expect(page.getByTestId('clients-table')).toContainText('Ada Lovelace');
  await expect(page.getByTestId('user-name')).toHaveText('Administrator');

  // Signed in at demo is not signed in at another firm.
  await visit(page, `${other}/clients`);
  await expect(page).toHaveURL(/\/login\?next=/);

  // Signing out ends the session.
  await visit(page, `${demo}/`);
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${demo}/login`);
  await visit(page, `${demo}/clients`);
  await expect(page).toHaveURL(/\/login\?next=/);
});
