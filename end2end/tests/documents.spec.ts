import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { demo } from './hosts';
import { signIn, snap, visit, waitForHydration } from './helpers';

/** Bytes that do not compress or repeat: `size` of them from a simple generator. */
function noise(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** Slows the page's uploads to about `bytesPerSecond`, so their progress can be seen. */
async function throttleUploads(page: Page, bytesPerSecond: number) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond,
  });
  return cdp;
}

test('documents: a matter opened after its conflict check gets two files with progress bars, one downloads byte for byte, and its paralegal sees only that matter', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const stamp = `${Date.now()}`;
  // "AAC" sorts it onto the first page of the clients list.
  const client = `AAC Quillfeather Stationers ${stamp}`;
  const title = `Supply dispute ${stamp}`;
  const first = { name: 'Engagement letter.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.7\n'), noise(3 * 1024 * 1024, 7)]) };
  const second = { name: 'Witness notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Dana Reyes saw the delivery on 3 March.\n'.repeat(40_000)) };

  await test.step('add the client after a conflict check that finds nothing', async () => {
    await visit(page, `${demo}/clients`);
    await waitForHydration(page);
    const form = page.getByTestId('client-form');
    await form.locator('input[name="name"]').fill(client);
    await form.getByTestId('conflict-run').click();
    await expect(form.getByTestId('conflict-summary')).toContainText('No possible conflicts');
    await form.locator('select[name="kind"]').selectOption('company');
    await form.getByRole('button', { name: 'Add client', exact: true }).click();
    await expect(page.getByTestId('form-status')).toHaveText('Client added');
  });

  await test.step('open a matter for it, with the conflict check cleared', async () => {
    await page.getByTestId('clients-table').getByRole('link', { name: client }).click();
    await expect(page).toHaveURL(/\/clients\/[0-9a-f-]{36}$/);
    await page.getByTestId('client-matters').getByRole('link', { name: 'Open a matter' }).click();
    await expect(page).toHaveURL(/\/matters\/new\?client=/);
    await waitForHydration(page);
    const form = page.getByTestId('matter-form');
    await expect(form.getByTestId('picked-client')).toContainText(client);
    await form.locator('input[name="title"]').fill(title);
    await form.getByTestId('conflict-run').click();
    await expect(form.getByTestId('conflict-summary')).toContainText('No possible conflicts');
    await form.getByTestId('decision-clear').check();
    await form.getByRole('button', { name: 'Open matter', exact: true }).click();
    await page.waitForURL(/\/matters\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  });
  const matterUrl = page.url();

  await test.step('put the paralegal on the team', async () => {
    await page.getByTestId('tab-team').click();
    const form = page.getByTestId('team-form');
    await form.locator('select[name="user_id"]').selectOption({ label: 'Pat Reyes' });
    await form.locator('select[name="role"]').selectOption('paralegal');
    await form.getByRole('button', { name: 'Add to team', exact: true }).click();
    await expect(page.getByTestId('team-table').locator('tbody tr', { hasText: 'Pat Reyes' })).toContainText('Paralegal');
  });

  await test.step('upload two files: each shows its progress bar until it is stored', async () => {
    await page.getByTestId('tab-documents').click();
    await expect(page.getByTestId('no-documents')).toBeVisible();
    const cdp = await throttleUploads(page, 1024 * 1024);
    await page.getByTestId('file-input').setInputFiles([first, second]);
    const uploads = page.getByTestId('uploads').getByTestId('upload');
    await expect(uploads).toHaveCount(2);
    await expect(uploads.first().getByRole('progressbar')).toBeVisible();
    // Halfway: the bar and the percentage move while the file is sent.
    await expect(uploads.first().getByTestId('upload-status')).toHaveText(/^([1-9]|[1-9]\d)%$/, { timeout: 20_000 });
    await snap(page, testInfo, 'documents-uploading');
    await expect(uploads.nth(0).getByTestId('upload-status')).toHaveText('Stored', { timeout: 60_000 });
    await expect(uploads.nth(1).getByTestId('upload-status')).toHaveText('Stored', { timeout: 60_000 });
    await cdp.detach();
    const rows = page.getByTestId('documents-table').getByTestId('document-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: first.name })).toContainText('application/pdf');
    await expect(rows.filter({ hasText: second.name })).toContainText('text/plain');
    await snap(page, testInfo, 'documents-list');
  });

  await test.step('a cancelled upload is not kept', async () => {
    const cdp = await throttleUploads(page, 256 * 1024);
    await page.getByTestId('file-input').setInputFiles([{ name: 'Draft.bin', mimeType: 'application/octet-stream', buffer: noise(4 * 1024 * 1024, 9) }]);
    const upload = page.getByTestId('uploads').getByTestId('upload').nth(2);
    await expect(upload.getByTestId('upload-status')).toHaveText(/%$/);
    await upload.getByTestId('upload-cancel').click();
    await expect(upload.getByTestId('upload-status')).toHaveText('Cancelled');
    await cdp.detach();
    await page.reload();
    await waitForHydration(page);
    await expect(page.getByTestId('documents-table').getByTestId('document-row')).toHaveCount(2);
  });

  await test.step('download the PDF: the same bytes come back', async () => {
    const row = page.getByTestId('document-row').filter({ hasText: first.name });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByTestId('document-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe(first.name);
    const path = await download.path();
    expect(readFileSync(path).equals(first.buffer)).toBe(true);
  });

  await test.step('a bad new name is refused inline', async () => {
    const row = page.getByTestId('document-row').filter({ hasText: second.name });
    await row.getByTestId('doc-rename').click();
    const form = page.getByTestId('rename-form');
    await form.locator('input').fill('../notes.txt');
    await form.getByRole('button', { name: 'Rename' }).click();
    await expect(form.getByTestId('error-name')).toContainText('/');
    await snap(page, testInfo, 'documents-rename-error');
  });

  await test.step("the matter's activity tells who did what", async () => {
    await page.getByTestId('tab-activity').click();
    const activity = page.getByTestId('activity');
    await expect(activity).toContainText(`Administrator uploaded ${first.name}`);
    await expect(activity).toContainText('Pat Reyes joined the team as Paralegal');
    await expect(activity).toContainText('recorded a conflict check: Cleared (0 hits)');
    await snap(page, testInfo, 'matter-activity');
  });

  await test.step('the paralegal sees only that matter, with its documents', async () => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const paralegal = await context.newPage();
    await signIn(paralegal, demo, 'paralegal@demo.test', 'demo-docket-2026');
    await visit(paralegal, `${demo}/matters`);
    await waitForHydration(paralegal);
    const rows = paralegal.getByTestId('matters-table').locator('tbody tr');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(title);
    await visit(paralegal, `${matterUrl}?tab=documents`);
    await expect(paralegal.getByTestId('documents-table').getByTestId('document-row')).toHaveCount(2);
    await snap(paralegal, testInfo, 'documents-paralegal');
    await context.close();
  });
});
