import { test as base, expect, type Page } from '@playwright/test';
import { createTokenWithCli, E2E_ADMIN_PASSWORD, e2eServerEnv } from '../test/support/app-server';

export async function logIn(page: Page, password = E2E_ADMIN_PASSWORD) {
  await page.goto('/admin');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Manual status' })).toBeVisible();
}

export const test = base.extend<object, { reporterToken: string }>({
  // One token per worker, made with the real CLI against the shared server's database.
  reporterToken: [
    async ({}, use) => {
      await use(createTokenWithCli(e2eServerEnv('e2e').DATABASE_URL, 'e2e-worker'));
    },
    { scope: 'worker' },
  ],
});

export { expect };
