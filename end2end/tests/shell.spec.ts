import { expect, test } from '@playwright/test';
import { demo, other, platform, publicSite, unknown } from './hosts';
import { mainNav, navLinks, snap, visit, waitForHydration } from './helpers';

test.describe('firm shell', () => {
  test('demo firm shows its name and the navigation', async ({ page }, testInfo) => {
    const response = await visit(page, `${demo}/`);
    expect(response.status()).toBe(200);
    await snap(page, testInfo, 'demo-dashboard');

    await expect(page.getByTestId('firm-name')).toHaveText(/Demo Law LLP/);
    const nav = mainNav(page);
    for (const name of navLinks) {
      await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
    }
  });

  const pages = [
    { path: '/', shot: 'demo-dashboard-status' },
    { path: '/matters', shot: 'demo-matters' },
    { path: '/clients', shot: 'demo-clients-shell' },
    { path: '/documents', shot: 'demo-documents' },
    { path: '/billing', shot: 'demo-billing' },
    { path: '/settings', shot: 'demo-settings' },
  ];
  for (const { path, shot } of pages) {
    test(`demo ${path} loads with status 200 inside the firm shell`, async ({ page }, testInfo) => {
      const response = await visit(page, `${demo}${path}`);
      expect(response.status()).toBe(200);
      await snap(page, testInfo, shot);
      await expect(page.getByTestId('firm-name')).toHaveText(/Demo Law LLP/);
      await expect(mainNav(page).getByRole('link', { name: 'Dashboard', exact: true })).toBeVisible();
    });
  }

  test('the navigation links lead to their pages', async ({ page }, testInfo) => {
    await visit(page, `${demo}/`);
    await waitForHydration(page);
    const targets: Array<[string, RegExp]> = [
      ['Matters', /\/matters$/],
      ['Time', /\/time$/],
      ['Clients', /\/clients$/],
      ['Documents', /\/documents$/],
      ['Billing', /\/billing$/],
      ['Settings', /\/settings$/],
      ['Dashboard', /:3100\/$/],
    ];
    for (const [name, url] of targets) {
      await mainNav(page).getByRole('link', { name, exact: true }).click();
      await expect(page).toHaveURL(url);
      await expect(page.getByTestId('firm-name')).toHaveText(/Demo Law LLP/);
    }
    await mainNav(page).getByRole('link', { name: 'Clients', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Clients', exact: true })).toBeVisible();
    await snap(page, testInfo, 'demo-clients-via-nav');
  });

  test('the other firm shows its own name', async ({ page }, testInfo) => {
    const response = await visit(page, `${other}/`);
    expect(response.status()).toBe(200);
    await snap(page, testInfo, 'other-dashboard');
    await expect(page.getByTestId('firm-name')).toHaveText(/Other Firm LLP/);
    await expect(page.getByTestId('firm-name')).not.toHaveText(/Demo Law LLP/);
  });
});

test.describe('hosts that are not firms', () => {
  test('an unknown firm host answers 404', async ({ page }, testInfo) => {
    for (const [path, shot] of [['/', 'unknown-host'], ['/clients', 'unknown-host-clients']]) {
      const response = await visit(page, `${unknown}${path}`);
      expect(response.status(), `status of ${unknown}${path}`).toBe(404);
      await snap(page, testInfo, shot);
      await expect(page.locator('body')).toContainText('No firm at this address');
      await expect(page.getByTestId('firm-name')).toHaveCount(0);
    }
  });

  test('the platform admin host shows the platform page', async ({ page }, testInfo) => {
    const response = await visit(page, `${platform}/`);
    expect(response.ok(), `status ${response.status()}`).toBe(true);
    await snap(page, testInfo, 'platform-admin');
    await expect(page.locator('h1').first()).toContainText('Platform');
  });

  test('the public site shows Docket', async ({ page }, testInfo) => {
    const response = await visit(page, `${publicSite}/`);
    expect(response.ok(), `status ${response.status()}`).toBe(true);
    await snap(page, testInfo, 'public-site');
    await expect(page.locator('h1').first()).toContainText('Docket');
  });
});
