import { expect, test } from '@playwright/test';
import { demo } from './hosts';
import { snap, visit, waitForHydration } from './helpers';

// Only refused changes here: a real change would end the sessions the other tests share.
test('the account page refuses weak and mismatched new passwords inline', async ({ page }, testInfo) => {
  await visit(page, `${demo}/`);
  await page.getByTestId('user-name').click();
  await expect(page).toHaveURL(`${demo}/account`);
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account');

  const form = page.getByTestId('password-form');
  await form.locator('input[name="current_password"]').fill('demo-docket-2026');
  await form.locator('input[name="new_password"]').fill('password1234');
  await form.locator('input[name="confirm_password"]').fill('password1234');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByTestId('error-new_password')).toContainText('most common');
  await snap(page, testInfo, 'account-weak-password');

  await form.locator('input[name="new_password"]').fill('a long and unusual passphrase');
  await form.locator('input[name="confirm_password"]').fill('a different passphrase');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByTestId('error-confirm_password')).toBeVisible();
  await expect(page.getByTestId('error-new_password')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Sign out everywhere' })).toBeVisible();
});
