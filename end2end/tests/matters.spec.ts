import { expect, test, type Page } from '@playwright/test';
import { demo, other } from './hosts';
import { snap, visit, waitForHydration } from './helpers';

const rows = (page: Page) => page.getByTestId('matters-table').locator('tbody tr');

test('matters: open one for a client, see its team, find it in the list, and keep it inside the firm', async ({ page }, testInfo) => {
  // One long walk through several pages of a debug build.
  test.setTimeout(120_000);

  const title = 'Estate of Smith';
  // A client of the demo seed (server/src/seed.rs).
  const client = 'Ada Lovelace';
  let number = '';
  let url = '';

  await test.step('add the practice area Litigation in the settings', async () => {
    await visit(page, `${demo}/settings`);
    await waitForHydration(page);
    const form = page.getByTestId('area-form');
    const add = form.getByRole('button', { name: 'Add practice area', exact: true });
    // An empty name is refused in place.
    await add.click();
    await expect(form.getByTestId('error-name')).toBeVisible();
    await form.locator('input[name="name"]').fill('Litigation');
    await add.click();
    await expect(page.getByTestId('areas-list').getByText('Litigation', { exact: true })).toBeVisible();
    await expect(form.locator('input[name="name"]')).toHaveValue('');
    await expect(form.getByTestId('error-name')).toBeHidden();
  });

  const form = page.getByTestId('matter-form');
  const save = form.getByRole('button', { name: 'Open matter', exact: true });

  await test.step('an empty form is refused with inline errors for the title and the client', async () => {
    const response = await visit(page, `${demo}/matters/new`);
    expect(response.status()).toBe(200);
    await waitForHydration(page);
    // Opened on defaults to today.
    await expect(form.locator('input[name="opened_on"]')).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
    await save.click();
    await expect(page.getByTestId('error-title')).toBeVisible();
    await expect(page.getByTestId('error-client')).toBeVisible();
    await expect(page).toHaveURL(/\/matters\/new$/);
    await snap(page, testInfo, 'matter-new-errors');
  });

  await test.step('pick a client, fill the form and open the matter', async () => {
    await form.getByPlaceholder('Search clients by name or email').fill(client);
    await page.getByTestId('client-options').getByRole('button', { name: new RegExp(client) }).click();
    await expect(page.getByTestId('picked-client')).toContainText(client);
    await expect(page.getByTestId('error-client')).toBeHidden();
    await form.locator('input[name="title"]').fill(title);
    await form.locator('select[name="practice_area_id"]').selectOption({ label: 'Litigation' });
    await form.locator('select[name="responsible_id"]').selectOption({ label: 'Administrator' });
    // Not without a conflict check.
    await save.click();
    await expect(page.getByTestId('error-conflicts')).toBeVisible();
  });

  await test.step('name the opposing party, run the conflict check and waive its hit with a reason', async () => {
    await form.getByTestId('party-add').click();
    // "Contoso AG" is the demo client "Contoso GmbH" under another company suffix.
    await form.getByTestId('party-name').fill('Contoso AG');
    await form.getByTestId('conflict-run').click();
    await expect(form.getByTestId('conflict-summary')).toContainText('1 possible conflict');
    const hit = form.getByTestId('conflict-hits').locator('tbody tr');
    await expect(hit).toHaveCount(1);
    await expect(hit).toContainText('Contoso GmbH');
    await expect(hit).toContainText('Client');
    await form.getByTestId('decision-waived').check();
    await save.click();
    await expect(form.getByTestId('error-reason')).toBeVisible();
    await snap(page, testInfo, 'matter-new-conflicts');
    await form.locator('textarea[name="reason"]').fill('Contoso consented in writing.');
    await save.click();

    await page.waitForURL(/\/matters\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    number = ((await page.getByTestId('matter-number').textContent()) ?? '').trim();
    expect(number).toMatch(/^\d{4}-\d{4}$/);
    url = page.url();
    const details = page.getByTestId('matter-details');
    await expect(details).toContainText('Litigation');
    await expect(details).toContainText('Administrator');
    await expect(page.getByTestId('matter-status')).toHaveText('Open');
    await snap(page, testInfo, 'matter-detail');
  });

  await test.step('the parties and conflicts tab shows the party and the waived check', async () => {
    await page.getByTestId('tab-conflicts').click();
    await expect(page).toHaveURL(/[?&]tab=conflicts/);
    await expect(page.getByTestId('party-table')).toContainText('Contoso AG');
    await expect(page.getByTestId('party-table')).toContainText('Opposing party');
    const record = page.getByTestId('conflict-checks').locator('li');
    await expect(record).toHaveCount(1);
    await expect(record).toContainText('Waived');
    await expect(record).toContainText('1 hit');
    // Run it again on demand and record it as clear.
    await page.getByTestId('conflict-run').click();
    await expect(page.getByTestId('conflict-summary')).toContainText('1 possible conflict');
    await page.getByTestId('decision-clear').check();
    await page.getByRole('button', { name: 'Record decision', exact: true }).click();
    await expect(page.getByTestId('conflict-recorded')).toBeVisible();
    await expect(record).toHaveCount(2);
    await snap(page, testInfo, 'matter-conflicts');
  });

  await test.step('the team tab shows the Administrator as lead lawyer, who cannot be removed', async () => {
    await page.getByTestId('tab-team').click();
    await expect(page).toHaveURL(/[?&]tab=team/);
    const admin = page.getByTestId('team-table').locator('tbody tr', { hasText: 'Administrator' });
    await expect(admin).toContainText('Lead lawyer');
    await snap(page, testInfo, 'matter-team');
    // The responsible lawyer stays on the team (the server refuses it too; see the integration tests).
    await expect(admin).toContainText('Responsible');
    await expect(admin.getByRole('button', { name: 'Remove' })).toHaveCount(0);
  });

  await test.step('the list shows the matter, the status filter hides it, and its number finds it', async () => {
    const response = await visit(page, `${demo}/matters`);
    expect(response.status()).toBe(200);
    await waitForHydration(page);
    const row = rows(page).filter({ hasText: number });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(title);
    await expect(row).toContainText(client);
    await expect(row.getByTestId('matter-status')).toHaveText('Open');
    await snap(page, testInfo, 'matters-list');

    await page.locator('select[name="status"]').selectOption('closed');
    await expect(page).toHaveURL(/[?&]status=closed/);
    await expect(rows(page).filter({ hasText: number })).toHaveCount(0);
    await expect(page.getByTestId('no-matters')).toBeVisible();

    await page.locator('select[name="status"]').selectOption('');
    await expect(page).toHaveURL(/\/matters$/);
    await page.locator('input[name="q"]').fill(number);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page).toHaveURL(/[?&]q=/);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(title);
  });

  await test.step("the client's page lists the matter and opens new ones for the client", async () => {
    await rows(page).first().getByRole('link', { name: client }).click();
    await expect(page).toHaveURL(/\/clients\/[0-9a-f-]{36}$/);
    const section = page.getByTestId('client-matters');
    await expect(section).toContainText(number);
    await expect(section.getByRole('link', { name: title })).toBeVisible();
    await section.getByRole('link', { name: 'Open a matter' }).click();
    await expect(page).toHaveURL(/\/matters\/new\?client=[0-9a-f-]{36}$/);
    await expect(page.getByTestId('picked-client')).toContainText(client);
  });

  await test.step('another firm does not find the matter', async () => {
    const id = new URL(url).pathname.split('/').pop();
    const response = await visit(page, `${other}/matters/${id}`);
    expect(response.status()).toBe(404);
    await expect(page.getByText('Page not found')).toBeVisible();
    await expect(page.getByText(title)).toHaveCount(0);
    await snap(page, testInfo, 'matter-other-firm');
  });
});
