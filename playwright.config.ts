import { defineConfig, devices } from '@playwright/test';
import { E2E_ADMIN_PASSWORD, e2eBaseUrl, e2ePort, e2eServerEnv } from './test/support/app-server';
import { CHROMIUM_ARGS, chromiumPath } from './test/support/chromium.js';
import { freePort } from './test/support/server.js';

// The shared server's port: E2E_PORT, else one the OS picks. Kept in process.env because each
// worker evaluates this file again and must find the server the runner started.
process.env.E2E_PORT ??= String(await freePort());

const launchOptions = { executablePath: chromiumPath(), args: CHROMIUM_ARGS };

export default defineConfig({
  testDir: 'e2e',
  // The status is one shared state per server: tests run one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: e2eBaseUrl(),
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], launchOptions },
    },
    {
      // The visitor's pages again on a phone in dark mode: the tests tagged PHONE (e2e/fixtures.ts).
      name: 'phone-dark',
      grep: /@phone/,
      use: { ...devices['Pixel 7'], colorScheme: 'dark', launchOptions },
    },
  ],
  webServer: {
    // The built app (npm test builds first), on its own fresh database.
    command: `node test/support/serve-e2e.js ${e2ePort()}`,
    url: `${e2eBaseUrl()}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: e2eServerEnv('e2e'),
    stdout: 'ignore',
    stderr: 'pipe',
  },
  // Deletes the shared server's database once the run is over.
  globalTeardown: './test/support/e2e-teardown.ts',
  metadata: { adminPassword: E2E_ADMIN_PASSWORD },
});
