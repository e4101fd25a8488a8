// History on the built app: GET /api/history over HTTP (CORS open, 400 for a bad range), and what
// survives a restart: the sessions and the recent reports on /admin.
import { expect, test } from '@playwright/test';
import { createTokenWithCli, E2E_ADMIN_PASSWORD, startServer } from '../test/support/app-server';

test('GET /api/history serves the public sessions; sessions and recent reports survive a restart', async ({
  page,
  request,
}) => {
  let server = await startServer('history');
  const token = createTokenWithCli(server.databaseUrl, 'history-laptop');
  const report = (data: unknown) =>
    request.post(`${server.baseUrl}/api/status`, { headers: { authorization: `Bearer ${token}` }, data });
  try {
    expect(
      (
        await report({ kind: 'coding', project: 'nowline', language: 'TypeScript', file: '/home/ada/nowline/a.ts' })
      ).status(),
    ).toBe(200);
    expect((await report({ kind: 'coding', project: 'website', language: 'TypeScript' })).status()).toBe(200);

    const res = await request.get(`${server.baseUrl}/api/history`, {
      headers: { origin: 'https://elsewhere.example' },
    });
    expect(res.status()).toBe(200);
    expect(res.headers()['access-control-allow-origin']).toBe('*');
    const body = await res.json();
    expect(body.sessions.map((s: { project: string }) => s.project)).toEqual(['nowline', 'website']);
    expect(body.days).toHaveLength(1);
    expect(JSON.stringify(body)).not.toContain('/home/ada');

    const bad = await request.get(`${server.baseUrl}/api/history?from=2020-01-01&to=2026-01-01`);
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.fields).toEqual([{ field: 'range', message: expect.stringContaining('366 days') }]);

    await server.stop({ keepDatabase: true });
    server = await startServer('history', { port: server.port, fresh: false });

    const after = await (await request.get(`${server.baseUrl}/api/history`)).json();
    expect(after.sessions.map((s: { project: string }) => s.project)).toEqual(['nowline', 'website']);
    await page.goto(`${server.baseUrl}/admin`);
    await page.getByLabel('Password').fill(E2E_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    const reports = page.getByTestId('report');
    await expect(reports).toHaveCount(2);
    await expect(reports.first()).toContainText('history-laptop');
  } finally {
    await server.stop();
  }
});
