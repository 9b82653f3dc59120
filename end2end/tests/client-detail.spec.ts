import { expect, test } from '@playwright/test';
import { demo, other } from './hosts';
import { snap, visit, waitForHydration } from './helpers';

test('a client page opens from the list, validates and saves edits, and is not found at another firm', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const stamp = `${Date.now()}`;
  const name = `AAB Detail Client ${stamp}`;

  // Add the client through the list's form.
  await visit(page, `${demo}/clients`);
  await waitForHydration(page);
  const addForm = page.getByTestId('client-form');
  await addForm.locator('input[name="name"]').fill(name);
  await addForm.getByRole('button', { name: 'Add client', exact: true }).click();
  await expect(page.getByTestId('form-status')).toHaveText('Client added');

  // Open it from the table.
  await page.getByTestId('clients-table').getByRole('link', { name }).click();
  await expect(page).toHaveURL(/\/clients\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  const url = page.url();
  await snap(page, testInfo, 'client-detail');

  // A bad phone number is refused inline; a good edit is saved.
  const form = page.getByTestId('client-form');
  await form.locator('input[name="phone"]').fill('call me maybe');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('error-phone')).toContainText(/phone/i);
  await snap(page, testInfo, 'client-detail-error-phone');
  await form.locator('input[name="phone"]').fill('+44 20 7946 0958');
  await form.locator('textarea[name="notes"]').fill('Prefers email.');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('form-status')).toHaveText('Changes saved');
  await expect(page.getByTestId('error-phone')).toBeHidden();

  // The edit persists across a reload.
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId('client-form').locator('input[name="phone"]')).toHaveValue('+44 20 7946 0958');
  await expect(page.getByTestId('client-form').locator('textarea[name="notes"]')).toHaveValue('Prefers email.');

  // The dashboard lists it first among the recently viewed clients.
  await visit(page, `${demo}/`);
  await expect(page.getByTestId('recent-clients').locator('li').first()).toContainText(name);
  await snap(page, testInfo, 'dashboard');

  // The same id at another firm is not found, and says nothing of the client.
  const id = url.split('/').pop();
  const response = await visit(page, `${other}/clients/${id}`);
  expect(response.status()).toBe(404);
  await expect(page.getByText('Page not found')).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
  await snap(page, testInfo, 'client-detail-other-firm');
});

test('the clients page reads well at phone width', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const response = await visit(page, `${demo}/clients`);
  expect(response.status()).toBe(200);
  await waitForHydration(page);
  await expect(page.getByTestId('firm-name')).toBeVisible();
  await expect(page.getByTestId('clients-table')).toBeVisible();
  // Nothing pushes the page wider than the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await snap(page, testInfo, 'clients-phone');
});
