import { chromium, type FullConfig } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { demo, other } from './tests/hosts';
import { signIn } from './tests/helpers';

/** Signs in as each firm's admin through the sign-in page and keeps the cookies for the tests. */
export default async function globalSetup(config: FullConfig) {
  const launchOptions = config.projects[0].use.launchOptions;
  const browser = await chromium.launch(launchOptions);
  const page = await browser.newPage();
  await signIn(page, demo, 'admin@demo.test', 'demo-docket-2026');
  const otherPassword = readFileSync('.auth/other-password', 'utf8').trim();
  await signIn(page, other, 'admin@other.test', otherPassword);
  await page.context().storageState({ path: '.auth/state.json' });
  await browser.close();
}
