import { chromium, type FullConfig } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { demo, other, platform } from './tests/hosts';
import { signIn } from './tests/helpers';

/** Signs in as each firm's admin and as a platform admin through the sign-in page and keeps the cookies for the tests. */
export default async function globalSetup(config: FullConfig) {
  const launchOptions = config.projects[0].use.launchOptions;
  const browser = await chromium.launch(launchOptions);
  const page = await browser.newPage();
  await signIn(page, demo, 'admin@demo.test', 'demo-docket-2026');
  const otherPassword = readFileSync('.auth/other-password', 'utf8').trim();
  await signIn(page, other, 'admin@other.test', otherPassword);
  const adminPassword = readFileSync('.auth/admin-password', 'utf8').trim();
  await signIn(page, platform, 'ops@docket.test', adminPassword);
  await page.context().storageState({ path: '.auth/state.json' });
  await browser.close();
}
