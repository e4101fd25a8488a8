// After the server restarts, an open page reconnects by itself and shows the current status.
import { expect, test } from '@playwright/test';
import { createTokenWithCli, startServer } from '../test/support/app-server';

test('an open page reconnects after a server restart and shows the current status', async ({ page }) => {
  let server = await startServer('restart');
  const token = createTokenWithCli(server.databaseUrl, 'restart');
  const post = (text: string) =>
    fetch(`${server.baseUrl}/api/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'manual', text }),
    });
  try {
    expect((await post('Before the restart')).status).toBe(200);
    await page.goto(server.baseUrl);
    await expect(page.getByTestId('status-headline')).toContainText('Before the restart');
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');

    await server.stop({ keepDatabase: true });
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', /reconnecting|offline/);

    server = await startServer('restart', { port: server.port, fresh: false });
    expect((await post('After the restart')).status).toBe(200);
    await expect(page.getByTestId('status-headline')).toContainText('After the restart', { timeout: 30_000 });
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  } finally {
    await server.stop();
  }
});
