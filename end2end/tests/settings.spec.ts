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

test('the firm profile: inline validation, a logo in the top bar, and a new name shown at once', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await visit(page, `${demo}/settings`);
  await waitForHydration(page);
  const form = page.getByTestId('firm-profile-form');
  await expect(form.getByLabel('Firm name')).toHaveValue('Demo Law LLP');
  // A bad email is refused in place and nothing is saved.
  await form.getByLabel('Contact email').fill('office');
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(form.getByTestId('error-contact_email')).toContainText('office@example.com');
  await expect(page.getByTestId('firm-profile-status')).toHaveText('');
  // Contact details, a time zone and a new name: the top bar follows without a reload.
  await form.getByLabel('Contact email').fill('office@demo.test');
  await form.getByLabel('Telephone').fill('+1 207 555 0100');
  await form.getByLabel('Web site').fill('demo.law');
  await form.getByLabel('Time zone').selectOption('America/New_York');
  await form.getByLabel('Firm name').fill('Demo Law Partners LLP');
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByTestId('firm-profile-status')).toHaveText('Profile saved');
  await expect(page.getByTestId('firm-name')).toHaveText('Demo Law Partners LLP');
  // A file that is not a PNG is refused with what to do; a PNG becomes the logo.
  const card = page.getByTestId('logo-card');
  await page.getByTestId('logo-input').setInputFiles([{ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') }]);
  await expect(card.getByTestId('logo-error')).toContainText('Save the logo as PNG');
  await page.getByTestId('logo-input').setInputFiles('../server/tests/fixtures/logo.png');
  await expect(card.getByTestId('logo-status')).toHaveText('Logo saved');
  await expect(card.getByTestId('logo-preview')).toBeVisible();
  await expect(page.getByTestId('firm-logo')).toBeVisible();
  expect(await page.getByTestId('firm-logo').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(240);
  await snap(page, testInfo, 'settings-firm-profile');
  // It survives a reload; then the demo firm gets its name back and loses the logo.
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId('firm-name')).toHaveText('Demo Law Partners LLP');
  await expect(page.getByTestId('firm-logo')).toBeVisible();
  await expect(page.getByTestId('firm-profile-form').getByLabel('Time zone')).toHaveValue('America/New_York');
  await page.getByTestId('logo-remove').click();
  await expect(page.getByTestId('firm-logo')).toHaveCount(0);
  const again = page.getByTestId('firm-profile-form');
  await again.getByLabel('Firm name').fill('Demo Law LLP');
  await again.getByLabel('Time zone').selectOption('UTC');
  await again.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByTestId('firm-name')).toHaveText('Demo Law LLP');
});
