import { expect, test } from '@playwright/test';
import { port, publicSite } from './hosts';
import { Secret, TOTP } from 'otpauth';
import { signIn, snap, visit, waitForHydration } from './helpers';
import { linkInMail } from './mail';

// A new firm's journey, in order: sign up, confirm by mail, invite a colleague, who joins from
// the link, forgets the password and resets it, finds no admin pages, and turns on two-factor
// sign-in.
test.describe.configure({ mode: 'serial' });
test.use({ storageState: { cookies: [], origins: [] } });

const firm = `http://harbor-legal.localhost:${port}`;
const owner = 'hana@harbor.test';
const colleague = 'kai@harbor.test';
const password = 'tidal basin moorings';
const fresh = 'anchor chain windlass';

test('a firm signs up with a live subdomain check and inline validation', async ({ page }, testInfo) => {
  await visit(page, `${publicSite}/`);
  await waitForHydration(page);
  await snap(page, testInfo, 'public-home');
  await page.getByTestId('sign-up-link').click();
  await expect(page).toHaveURL(`${publicSite}/signup`);
  await waitForHydration(page);
  const form = page.getByTestId('sign-up-form');
  await form.getByRole('button', { name: 'Create my firm' }).click();
  await expect(page.getByTestId('error-name')).toBeVisible();
  await expect(page.getByTestId('error-admin_password')).toBeVisible();
  await snap(page, testInfo, 'sign-up-invalid');

  // The subdomain follows the name and is checked as it changes.
  await form.locator('input[name="name"]').fill('Demo');
  await expect(page.getByTestId('slug-check')).toContainText('already taken');
  await form.locator('input[name="name"]').fill('Harbor Legal');
  await expect(form.locator('input[name="slug"]')).toHaveValue('harbor-legal');
  await expect(page.getByTestId('slug-check')).toContainText('available');
  await form.locator('input[name="admin_name"]').fill('Hana Harbor');
  await form.locator('input[name="admin_email"]').fill(owner);
  await form.locator('input[name="admin_password"]').fill('password12345');
  await form.getByRole('button', { name: 'Create my firm' }).click();
  await expect(page.getByTestId('error-admin_password')).toContainText(/common|guess/i);
  await form.locator('input[name="admin_password"]').fill(password);
  await snap(page, testInfo, 'sign-up-filled');
  await form.getByRole('button', { name: 'Create my firm' }).click();
  await expect(page.getByTestId('notice')).toContainText(`we sent a link to ${owner}`);
  await snap(page, testInfo, 'sign-up-done');
});

test('the verification link signs the owner in to a first-run checklist', async ({ page }, testInfo) => {
  const link = await linkInMail(owner, '/verify-email');
  expect(link.startsWith(`${firm}/verify-email?token=`)).toBe(true);
  await visit(page, link);
  await waitForHydration(page);
  await snap(page, testInfo, 'verify-email');
  await page.getByRole('button', { name: 'Confirm and open Docket' }).click();
  await page.waitForURL(`${firm}/`);
  const checklist = page.getByTestId('first-run');
  await expect(checklist).toContainText('0 of 3 done');
  await expect(checklist).toContainText('Invite your team');
  await expect(page.getByTestId('firm-name')).toHaveText('Harbor Legal');
  await snap(page, testInfo, 'first-run');
  await linkInMail(owner, '/', 2); // the welcome mail

  // Inviting a colleague from the users page.
  await page.goto(`${firm}/settings`);
  await waitForHydration(page);
  const invite = page.getByTestId('invite-form');
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByTestId('error-email')).toBeVisible();
  await invite.locator('input[name="email"]').fill(colleague);
  await invite.locator('select[name="role"]').selectOption('paralegal');
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByTestId('invite-status')).toContainText(`Invitation sent to ${colleague}`);
  await expect(page.getByTestId('invitations-table')).toContainText(colleague);
  await expect(page.getByTestId('invitations-table')).toContainText('Paralegal');
  await snap(page, testInfo, 'invitations');
  await page.goto(`${firm}/`);
  await expect(page.getByTestId('first-run')).toContainText('1 of 3 done');
});

test('the colleague joins from the invitation, then resets a forgotten password', async ({ page }, testInfo) => {
  const link = await linkInMail(colleague, '/invitation');
  await visit(page, link);
  await waitForHydration(page);
  await expect(page.getByTestId('auth-title')).toHaveText('Join Harbor Legal');
  await snap(page, testInfo, 'invitation');
  const form = page.getByTestId('accept-form');
  await form.locator('input[name="name"]').fill('Kai Keel');
  await form.locator('input[name="new_password"]').fill(password);
  await form.locator('input[name="confirm_password"]').fill('not the same at all');
  await form.getByRole('button', { name: 'Join and sign in' }).click();
  await expect(page.getByTestId('error-confirm_password')).toBeVisible();
  await form.locator('input[name="confirm_password"]').fill(password);
  await form.getByRole('button', { name: 'Join and sign in' }).click();
  await page.waitForURL(`${firm}/`);
  await expect(page.getByTestId('user-name')).toHaveText('Kai Keel');

  // Signed out, the colleague asks for a reset link.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${firm}/login`);
  await waitForHydration(page);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.waitForURL(`${firm}/forgot-password`);
  await waitForHydration(page);
  await page.getByTestId('forgot-form').locator('input[name="email"]').fill(colleague);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByTestId('notice')).toContainText('a link is on its way');
  await snap(page, testInfo, 'forgot-password');

  await visit(page, await linkInMail(colleague, '/reset-password', 2));
  await waitForHydration(page);
  const reset = page.getByTestId('reset-form');
  await reset.locator('input[name="new_password"]').fill(fresh);
  await reset.locator('input[name="confirm_password"]').fill(fresh);
  await snap(page, testInfo, 'reset-password');
  await reset.getByRole('button', { name: 'Set the new password' }).click();
  await page.waitForURL(`${firm}/login?reset=done`);
  await expect(page.getByTestId('notice')).toContainText('password was changed');
  await waitForHydration(page);
  const signIn = page.getByTestId('sign-in-form');
  await signIn.locator('input[name="email"]').fill(colleague);
  await signIn.locator('input[name="password"]').fill(fresh);
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${firm}/`);
});

test('the paralegal finds no admin pages, then signs in with a two-factor code', async ({ page }, testInfo) => {
  await signIn(page, firm, colleague, fresh);
  await page.goto(`${firm}/settings`);
  await waitForHydration(page);
  await expect(page.getByText("Your firm's administrators manage users and settings.")).toBeVisible();
  await expect(page.getByTestId('users-table')).toHaveCount(0);
  await expect(page.getByTestId('invite-form')).toHaveCount(0);
  // The admin server functions refuse the paralegal, whatever the screen shows.
  const statuses = await page.evaluate(async () => {
    const post = (endpoint: string, body: string) =>
      fetch(`/api/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      }).then((r) => r.status);
    return [
      await post('users/list', ''),
      await post('invitations/create', 'email=mallory%40harbor.test&role=owner'),
      await post('two-factor/set-required', 'required=true'),
    ];
  });
  expect(statuses).toEqual([403, 403, 403]);

  await page.goto(`${firm}/account`);
  await waitForHydration(page);
  const section = page.getByTestId('two-factor');
  await expect(section.getByTestId('two-factor-state')).toHaveText('Off');
  await section.getByTestId('set-up-two-factor').click();
  await expect(section.getByTestId('two-factor-qr').locator('svg')).toBeVisible();
  const secret = (await section.getByTestId('two-factor-secret').innerText()).replace(/\s/g, '');
  const totp = new TOTP({ secret: Secret.fromBase32(secret) });
  const enable = section.getByTestId('enable-two-factor-form');
  await enable.locator('input[name="code"]').fill('123');
  await enable.getByRole('button', { name: 'Turn on' }).click();
  await expect(section.getByTestId('error-code')).toContainText('6-digit');
  await snap(page, testInfo, 'two-factor-set-up');
  await enable.locator('input[name="code"]').fill(totp.generate());
  await enable.getByRole('button', { name: 'Turn on' }).click();
  await expect(section.getByTestId('recovery-code')).toHaveCount(10);
  await expect(section.getByTestId('two-factor-state')).toHaveText('On');
  await snap(page, testInfo, 'two-factor-recovery-codes');

  // Signed out, signing in takes the password and then a code.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForURL(`${firm}/login`);
  await signIn(page, firm, colleague, fresh, '/login/two-factor');
  await waitForHydration(page);
  const step = page.getByTestId('second-step-form');
  await step.locator('input[name="code"]').fill('000000');
  await step.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(page.getByTestId('error-code')).toContainText('not right');
  await snap(page, testInfo, 'two-factor-sign-in');
  // The code that turned it on is spent; the next time step's code is the app's next one.
  await step.locator('input[name="code"]').fill(totp.generate({ timestamp: Date.now() + 30_000 }));
  await step.getByRole('button', { name: 'Verify and sign in' }).click();
  await page.waitForURL(`${firm}/`);
  await expect(page.getByTestId('user-name')).toHaveText('Kai Keel');
});
