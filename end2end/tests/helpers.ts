import { expect, type Page, type Response, type TestInfo } from '@playwright/test';

/** The links of the firm's main navigation, in order. */
export const navLinks = ['Dashboard', 'Matters', 'Time', 'Clients', 'Documents', 'Billing', 'Settings'] as const;

/**
 * Waits until the Leptos front end has hydrated the page: the app sets
 * `document.body.dataset.hydrated = "true"` once it has. Interacting before that
 * would hit the server-rendered HTML without its event handlers.
 */
export async function waitForHydration(page: Page): Promise<void> {
  // A debug build's wasm is large, so allow more than the default 5 s.
  await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached', timeout: 20_000 });
}

/**
 * Loads `url` and returns the main document's response, failing the test if there
 * was none (which only happens for same-document navigations).
 */
export async function visit(page: Page, url: string): Promise<Response> {
  const response = await page.goto(url);
  expect(response, `no response for ${url}`).not.toBeNull();
  return response!;
}

/**
 * Takes a full-page screenshot into test-results/screenshots/<name>.png, so that
 * engineers can look at every page the tests visited.
 */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  // project.outputDir is the absolute path of the config's outputDir (test-results);
  // Playwright creates the missing folders itself.
  const path = `${testInfo.project.outputDir}/screenshots/${name}.png`;
  await page.screenshot({ path, fullPage: true });
}

/** The firm's main navigation: the nav that holds the "Dashboard" link. */
export function mainNav(page: Page) {
  return page
    .getByRole('navigation')
    .filter({ has: page.getByRole('link', { name: 'Dashboard', exact: true }) })
    .first();
}

/**
 * Signs in on a firm's host through its sign-in page and waits for `landing` (the dashboard,
 * or `/login/two-factor` for a user whose second factor comes next).
 */
export async function signIn(page: Page, host: string, email: string, password: string, landing = '/'): Promise<void> {
  await page.goto(`${host}/login`);
  await waitForHydration(page);
  const form = page.getByTestId('sign-in-form');
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${host}${landing}`);
}
