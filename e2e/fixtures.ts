import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { ACTIVITY_KINDS } from '../lib/status/schema';
import { createTokenWithCli, E2E_ADMIN_PASSWORD, e2eDatabaseUrl, startServer, type RunningServer } from '../test/support/app-server';

export async function logIn(page: Page, password = E2E_ADMIN_PASSWORD) {
  await page.goto('/admin');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Manual status' })).toBeVisible();
}

/** Ends every live activity, so a test starts from "offline" whatever ran before it. */
export async function clearAllActivities(request: APIRequestContext, token: string) {
  for (const kind of ACTIVITY_KINDS) {
    const res = await request.delete(`/api/status?kind=${kind}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status(), `DELETE ${kind}`).toBe(200);
  }
}

/**
 * Tags a test to run again on a phone in dark mode (the `phone-dark` project in
 * playwright.config.ts). Only the `page` fixture takes that project's viewport and colour scheme.
 */
export const PHONE = { tag: '@phone' };

export const test = base.extend<object, { reporterToken: string }>({
  // One token per worker, made with the real CLI against the shared server's database.
  reporterToken: [
    async ({}, use) => {
      await use(createTokenWithCli(e2eDatabaseUrl(), 'e2e-worker'));
    },
    { scope: 'worker' },
  ],
});

/**
 * For tests whose state no other test may touch (privacy rules, the login throttle): a fresh server
 * of their own for each test, which `page`, `request` and `logIn` then use, and a token for it.
 */
export const testOnOwnServer = base.extend<{ ownServer: RunningServer; reporterToken: string }>({
  ownServer: async ({}, provide, testInfo) => {
    const server = await startServer(`own-${testInfo.workerIndex}`);
    await provide(server);
    await server.stop();
  },
  baseURL: async ({ ownServer }, provide) => provide(ownServer.baseUrl),
  reporterToken: async ({ ownServer }, provide) => provide(createTokenWithCli(ownServer.databaseUrl, 'e2e-worker')),
});

export { expect };
