// Games from desktop agents: the app in front, when it is a game, is shown as one on the homepage.
import { mixspaceReport } from '../test/support/fixtures';
import { clearAllActivities, expect, logIn, PHONE, test, testOnOwnServer } from './fixtures';

test('a Mix Space report of a known game shows as playing it', PHONE, async ({ page, request, reporterToken }) => {
  await clearAllActivities(request, reporterToken);
  await page.goto('/');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  const res = await request.post('/api/v2/fn/ps/update', { data: mixspaceReport(reporterToken, { process: { name: 'cs2.exe', title: 'Counter-Strike 2' }, media: {} }) });
  expect(res.status()).toBe(200);
  await expect(page.getByText('Playing Counter-Strike 2').first()).toBeVisible();
  await expect(page.getByText('cs2.exe')).toHaveCount(0);
});

testOnOwnServer('an app the owner lists on /admin is shown as a game', async ({ page, request, reporterToken }) => {
  const res = await request.post('/api/v2/fn/ps/update', { data: mixspaceReport(reporterToken, { process: { name: 'MyIndieGame.exe' }, media: {} }) });
  expect(res.status()).toBe(200);
  await logIn(page);
  await page.getByLabel('Treat these apps as games').fill('MyIndieGame = My Indie Game');
  await page.getByRole('button', { name: 'Save game rules' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  // The app shown now is a game at once, without another report.
  await page.goto('/');
  await expect(page.getByText('Playing My Indie Game').first()).toBeVisible();
});
