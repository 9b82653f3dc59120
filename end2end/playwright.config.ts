import { defineConfig } from '@playwright/test';
import { port } from './tests/hosts';

// Browser tests for Docket. They drive Debian's chromium (apt-get install chromium);
// Playwright's own browser downloads are never used.
export default defineConfig({
  testDir: './tests',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  timeout: 30_000,
  // Signs in to both firms once; every test starts signed in unless it says otherwise.
  globalSetup: './global-setup.ts',
  use: {
    storageState: '.auth/state.json',
    screenshot: 'off',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    // Runs from this directory: a fresh database, the demo firm and a second firm.
    command: 'bash ../scripts/e2e-server.sh',
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
  },
});
