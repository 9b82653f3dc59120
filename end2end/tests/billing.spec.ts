import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { demo } from './hosts';
import { snap, visit, waitForHydration } from './helpers';

/** Calls a server function from the page (same origin, the page's session), for set-up. */
async function serverFn<T>(page: Page, endpoint: string, fields: Record<string, string>): Promise<T> {
  return page.evaluate(
    async ([endpoint, fields]) => {
      const response = await fetch(`/api/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields as Record<string, string>).toString(),
      });
      if (!response.ok) throw new Error(`${endpoint}: ${response.status} ${await response.text()}`);
      return response.json();
    },
    [endpoint, fields] as const,
  ) as Promise<T>;
}

const today = () => new Date().toISOString().slice(0, 10);

test('billing: time from the timer and an expense become an issued invoice, downloaded as PDF and paid from trust', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const stamp = `${Date.now()}`;
  // Hydration errors and panics leave a page looking right but dead: none may happen.
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
  });
  await visit(page, `${demo}/`);
  await waitForHydration(page);
  const client = await serverFn<{ id: string }>(page, 'clients/create', {
    name: `AAB Hartwell Foundry ${stamp}`, email: 'accounts@hartwell.test', phone: '', kind: 'company', notes: '',
  });
  const matter = await serverFn<{ id: string; number: string }>(page, 'matters/create', {
    client_id: client.id,
    'opening[conflict][decision]': 'clear',
    'form[title]': `Foundry lease ${stamp}`,
    'form[status]': 'open',
    'form[opened_on]': today(),
  });

  await test.step('the timer runs across a reload and stops into a time entry', async () => {
    await visit(page, `${demo}/matters/${matter.id}?tab=billing`);
    await waitForHydration(page);
    await page.getByTestId('timer-start').click();
    await expect(page.getByTestId('timer-elapsed')).toBeVisible();
    await page.getByTestId('timer-matter').selectOption(matter.id);
    await page.getByTestId('timer-description').fill('Reviewed the lease and the landlord\'s notice');
    await page.getByTestId('timer-description').press('Tab');
    await page.waitForTimeout(1500);
    await page.reload();
    await waitForHydration(page);
    await expect(page.getByTestId('timer-elapsed')).toBeVisible();
    await expect(page.getByTestId('timer-description')).toHaveValue('Reviewed the lease and the landlord\'s notice');
    await snap(page, testInfo, 'billing-timer-running');
    await page.getByTestId('timer-stop').click();
    await expect(page.getByTestId('timer-notice')).toContainText('Recorded');
    await expect(page.getByTestId('timer-start')).toBeVisible();
    await page.reload();
    await waitForHydration(page);
    await expect(page.getByTestId('matter-time-entry')).toHaveCount(1);
    await expect(page.getByTestId('matter-time-entry')).toContainText('Reviewed the lease');
  });

  await test.step('an expense is added on the matter\'s Billing tab', async () => {
    const form = page.getByTestId('expense-form');
    await form.locator('input[name="description"]').fill('Land registry search');
    await form.locator('input[name="amount"]').fill('42.50');
    await form.getByRole('button', { name: 'Add expense' }).click();
    await expect(page.getByTestId('matter-expense')).toHaveCount(1);
    await expect(page.getByTestId('matter-expense')).toContainText('$42.50');
    await snap(page, testInfo, 'billing-matter-tab');
  });

  let invoiceUrl = '';
  await test.step('a draft invoice gathers the unbilled work and is issued with a number', async () => {
    await visit(page, `${demo}/billing/invoices/new?client=${client.id}`);
    await waitForHydration(page);
    await expect(page.getByTestId('invoice-matters')).toContainText(matter.number);
    await page.getByTestId('invoice-matters').getByRole('checkbox').first().check();
    expect(problems, 'the new-invoice page hydrates cleanly').toEqual([]);
    await snap(page, testInfo, 'billing-new-invoice');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/\/billing\/invoices\/[0-9a-f-]{36}$/);
    invoiceUrl = page.url();
    await expect(page.getByTestId('invoice-line')).toHaveCount(2);
    await expect(page.getByTestId('invoice-status')).toHaveText('Draft');
    await snap(page, testInfo, 'billing-invoice-draft');
    await page.getByTestId('invoice-issue').click();
    await page.getByTestId('invoice-issue-confirm').click();
    await expect(page.getByTestId('invoice-status')).toHaveText('Issued');
    await expect(page.getByTestId('invoice-number')).toHaveText(/INV-\d{4}-\d{4}/);
    await expect(page.getByTestId('line-remove')).toHaveCount(0);
    await snap(page, testInfo, 'billing-invoice-issued');
  });

  const total = (await page.getByTestId('invoice-total').innerText()).trim();
  const totalCents = Math.round(Number(total.replace(/[$,]/g, '')) * 100);

  await test.step('the PDF downloads', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('invoice-pdf').click()]);
    expect(download.suggestedFilename()).toMatch(/^INV-\d{4}-\d{4}\.pdf$/);
    const path = `${testInfo.project.outputDir}/screenshots/invoice.pdf`;
    await download.saveAs(path);
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  await test.step('a trust deposit pays the invoice from trust', async () => {
    await visit(page, `${demo}/billing/trust/${client.id}`);
    await waitForHydration(page);
    const form = page.getByTestId('deposit-form');
    await form.locator('input[name="amount"]').fill('1000');
    await form.locator('input[name="description"]').fill('Retainer from Hartwell Foundry');
    await form.getByRole('button', { name: 'Record deposit' }).click();
    await expect(page.getByTestId('trust-balance')).toHaveText('$1,000.00');
    await visit(page, invoiceUrl);
    await waitForHydration(page);
    const pay = page.getByTestId('trust-payment-form');
    await expect(pay.locator('input[name="amount"]')).toHaveValue(total.replace(/[$,]/g, ''));
    await pay.getByRole('button', { name: 'Pay from trust' }).click();
    await expect(page.getByTestId('invoice-status')).toHaveText('Paid');
    await expect(page.getByTestId('balance-due')).toHaveText('$0.00');
    await snap(page, testInfo, 'billing-invoice-paid');
    await visit(page, `${demo}/billing/trust/${client.id}`);
    await waitForHydration(page);
    const left = (100_000 - totalCents) / 100;
    await expect(page.getByTestId('trust-balance')).toHaveText(`$${left.toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    await expect(page.getByTestId('trust-entry')).toHaveCount(2);
    await snap(page, testInfo, 'billing-trust-ledger');
    await visit(page, `${demo}/clients/${client.id}`);
    await waitForHydration(page);
    await expect(page.getByTestId('client-outstanding')).toContainText('$0.00');
    await expect(page.getByTestId('client-trust')).toContainText(`$${left.toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    await snap(page, testInfo, 'billing-client');
  });

  await test.step('the billing screens render', async () => {
    for (const [path, name] of [
      ['/billing', 'billing-dashboard'],
      ['/billing/invoices', 'billing-invoices'],
      ['/billing/trust', 'billing-trust'],
      ['/time', 'billing-timesheet'],
      ['/settings', 'billing-settings'],
    ]) {
      const response = await visit(page, `${demo}${path}`);
      expect(response.status(), path).toBe(200);
      await waitForHydration(page);
      await snap(page, testInfo, name);
    }
    await expect(page.getByText('Hourly rates')).toBeVisible();
    await visit(page, `${invoiceUrl}/print`);
    await expect(page.getByText(total).first()).toBeVisible();
    await snap(page, testInfo, 'billing-invoice-print');
  });
  expect(problems).toEqual([]);
});
