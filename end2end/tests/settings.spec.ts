import { expect, test } from '@playwright/test';
import { demo } from './hosts';
import { snap, visit, waitForHydration } from './helpers';

test('the users page lists the firm admin and refuses to demote the last Owner', async ({ page }, testInfo) => {
  await visit(page, `${demo}/settings`);
  await waitForHydration(page);
  const table = page.getByTestId('users-table');
  const me = table.locator('tbody tr', { hasText: 'admin@demo.test' });
  await expect(me).toContainText('(you)');
  await expect(me).toContainText('Active');
  await me.getByLabel('Role').selectOption('lawyer');
  await expect(page.getByTestId('form-error')).toContainText('at least one active Owner');
  await snap(page, testInfo, 'settings-last-owner');
  // Nothing changed: after a reload the admin is still the Owner.
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId('users-table').locator('tbody tr', { hasText: 'admin@demo.test' }).getByLabel('Role')).toHaveValue('owner');
});
