import { expect, test, type Page } from '@playwright/test';
import { demo, other } from './hosts';
import { snap, visit, waitForHydration } from './helpers';

const rows = (page: Page) => page.getByTestId('clients-table').locator('tbody tr');
const rowNamed = (page: Page, name: string) =>
  rows(page).filter({ has: page.locator('td:first-child', { hasText: name }) });

test('clients: validate, add, persist, search, and stay inside their firm', async ({ page }, testInfo) => {
  // One long walk through the page, with several loads of a debug build.
  test.setTimeout(90_000);

  const stamp = `${Date.now()}`;
  // "AAA" sorts the new client onto the first page whether the list is ordered
  // by name or newest first.
  const name = `AAA E2E Client ${stamp}`;
  const form = page.getByTestId('client-form');
  const submit = form.getByRole('button', { name: 'Add client', exact: true });
  const status = page.getByTestId('form-status');

  await test.step('open the demo firm clients page', async () => {
    const response = await visit(page, `${demo}/clients`);
    expect(response.status()).toBe(200);
    await waitForHydration(page);
    await snap(page, testInfo, 'clients-demo-initial');
    await expect(page.getByTestId('firm-name')).toHaveText(/Demo Law LLP/);
    await expect(page.getByRole('heading', { level: 1, name: 'Clients', exact: true })).toBeVisible();
    await expect(page.getByTestId('pager')).toContainText(/Page \d+ of \d+/);
    await expect(form).toBeVisible();
  });

  const rowsBefore = await rows(page).count();

  await test.step('an empty name is refused', async () => {
    await form.locator('input[name="name"]').fill('');
    await submit.click();
    await expect(page.getByTestId('error-name')).toBeVisible();
    await expect(page.getByTestId('error-name')).not.toHaveText('');
    await snap(page, testInfo, 'clients-error-name');
    await expect(status).not.toContainText('Client added');
    await expect(rows(page)).toHaveCount(rowsBefore);
  });

  await test.step('a malformed email is refused', async () => {
    await form.locator('input[name="name"]').fill(name);
    await form.locator('input[name="email"]').fill('not-an-email');
    await submit.click();
    await expect(page.getByTestId('error-email')).toBeVisible();
    await expect(page.getByTestId('error-email')).toContainText(/email/i);
    await expect(page.getByTestId('error-name')).toBeHidden();
    await snap(page, testInfo, 'clients-error-email');
    await expect(status).not.toContainText('Client added');
    await expect(rowNamed(page, name)).toHaveCount(0);
  });

  await test.step('a conflict check before adding finds the existing client under another spelling', async () => {
    await form.locator('input[name="name"]').fill('LOVELACE, Ada');
    await form.getByTestId('conflict-run').click();
    await expect(form.getByTestId('conflict-summary')).toContainText('1 possible conflict');
    await expect(form.getByTestId('conflict-hits')).toContainText('Ada Lovelace');
    await snap(page, testInfo, 'clients-conflict-check');
  });

  await test.step('a valid client is added', async () => {
    await form.locator('input[name="name"]').fill(name);
    await form.locator('input[name="email"]').fill(`e2e-${stamp}@example.test`);
    await form.locator('input[name="phone"]').fill('+1 555 0100');
    await form.locator('select[name="kind"]').selectOption('company');
    await form.locator('textarea[name="notes"]').fill('Added by the browser tests.');
    await form.locator('textarea[name="address"]').fill('1 Test Street\nTestville');
    await form.locator('input[name="tags"]').fill(`e2e-${stamp}, VIP`);
    await submit.click();

    await expect(status).toContainText('Client added');
    await expect(rowNamed(page, name)).toHaveCount(1);
    await expect(page.getByTestId('error-email')).toBeHidden();
    // The form is cleared for the next client.
    await expect(form.locator('input[name="name"]')).toHaveValue('');
    await expect(form.locator('input[name="email"]')).toHaveValue('');
    await expect(form.locator('input[name="phone"]')).toHaveValue('');
    await expect(form.locator('textarea[name="notes"]')).toHaveValue('');
    await snap(page, testInfo, 'clients-added');
  });

  await test.step('its tag finds it, and its row shows its tags', async () => {
    await page.locator('input[name="q"]').fill(`e2e-${stamp}`);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page).toHaveURL(/[?&]q=/);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText('vip');
    await snap(page, testInfo, 'clients-tag-search');
    await visit(page, `${demo}/clients`);
    await waitForHydration(page);
  });

  await test.step('the client is still listed after a reload', async () => {
    const response = await page.reload();
    expect(response?.status()).toBe(200);
    await waitForHydration(page);
    await expect(rowNamed(page, name)).toHaveCount(1);
    await snap(page, testInfo, 'clients-after-reload');
  });

  await test.step('searching for part of the name finds exactly that client', async () => {
    const query = `Client ${stamp}`;
    await page.locator('input[name="q"]').fill(query);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page).toHaveURL(/\/clients\?(.*&)?q=/);
    await waitForHydration(page);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first().locator('td').first()).toHaveText(name);
    await expect(page.getByTestId('clients-empty')).toHaveCount(0);
    await snap(page, testInfo, 'clients-search');
  });

  await test.step('the other firm does not see the client', async () => {
    const response = await visit(page, `${other}/clients`);
    expect(response.status()).toBe(200);
    await waitForHydration(page);
    await snap(page, testInfo, 'clients-other-firm');
    await expect(page.getByTestId('firm-name')).toHaveText(/Other Firm LLP/);
    await expect(page.locator('body')).not.toContainText(stamp);
    expect(await page.content()).not.toContain(stamp);
    await expect(rowNamed(page, name)).toHaveCount(0);
  });

  await test.step("searching in the other firm finds nothing", async () => {
    const response = await visit(page, `${other}/clients?q=${encodeURIComponent(stamp)}`);
    expect(response.status()).toBe(200);
    await waitForHydration(page);
    await expect(page.getByTestId('clients-empty')).toBeVisible();
    await expect(rows(page)).toHaveCount(0);
    expect(await page.content()).not.toContain(`e2e-${stamp}@example.test`);
    await snap(page, testInfo, 'clients-other-firm-search');
  });
});
