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

test('the role editor adds a custom role, offers it in the invite form, and deletes it', async ({ page }, testInfo) => {
  await visit(page, `${demo}/settings`);
  await waitForHydration(page);
  const roles = page.getByTestId('roles-table');
  await expect(roles.locator('tbody tr', { hasText: 'Read-only' })).toContainText('Built-in');
  await expect(roles.locator('tbody tr', { hasText: 'Admin' })).toContainText('Everything');
  const form = page.getByTestId('role-form');
  // A role with no permissions is refused in place, and nothing is saved.
  await form.getByLabel('Name').fill('Trainee');
  await form.getByRole('button', { name: 'Save role' }).click();
  await expect(form.getByTestId('error-permissions')).toContainText('at least one permission');
  await expect(roles.locator('tbody tr', { hasText: 'Trainee' })).toHaveCount(0);
  // A built-in name is refused too.
  await form.getByLabel('Name').fill('read-only');
  await form.getByLabel('See clients').check();
  await form.getByRole('button', { name: 'Save role' }).click();
  await expect(form.getByTestId('error-name')).toContainText('built-in role');
  await form.getByLabel('Name').fill('Trainee');
  await form.getByLabel('Add and change clients').check();
  await form.getByRole('button', { name: 'Save role' }).click();
  const trainee = roles.locator('tbody tr', { hasText: 'Trainee' });
  await expect(trainee).toContainText('See clients');
  await expect(trainee).toContainText('Add and change clients');
  await expect(form.getByLabel('Name')).toHaveValue('');
  await snap(page, testInfo, 'settings-roles');
  // The new role is offered wherever roles are given.
  const invite = page.getByTestId('invite-form');
  await expect(invite.getByLabel('Role').locator('option', { hasText: 'Trainee' })).toHaveCount(1);
  // It survives a reload, and deleting it takes it out of the pickers too.
  await page.reload();
  await waitForHydration(page);
  const row = page.getByTestId('roles-table').locator('tbody tr', { hasText: 'Trainee' });
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('roles-table').locator('tbody tr', { hasText: 'Trainee' })).toHaveCount(0);
  await expect(page.getByTestId('invite-form').getByLabel('Role').locator('option', { hasText: 'Trainee' })).toHaveCount(0);
});
