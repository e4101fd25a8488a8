// A relay set up on /admin, end to end: the owner saves the WakaTime relay in the form, pointing at
// a local stand-in for their WakaTime; a heartbeat a reporter sends is forwarded to it with the
// owner's key, /admin shows the delivery, and the key is never in the page. On a server of its own,
// so no other test's heartbeats are forwarded.
import { basicAuth, WAKATIME_USER_AGENT, wakatimeHeartbeat } from '../test/support/fixtures';
import { FakeUpstream } from '../test/support/fake-upstream';
import { freePort } from '../test/support/server.js';
import { expect, logIn, testOnOwnServer as test } from './fixtures';

const KEY = 'waka_owner-key-0f3c9e';

test('a WakaTime relay set up on /admin forwards heartbeats with the owner’s key', async ({ page, request, reporterToken }) => {
  const upstream = new FakeUpstream(await freePort(), 'wakatime');
  await upstream.listen();
  try {
    await logIn(page);
    const card = page.getByRole('listitem', { name: 'WakaTime', exact: true });
    await expect(card.getByText('Not set up.')).toBeVisible();
    await card.getByLabel('WakaTime API URL').fill(`http://127.0.0.1:${upstream.port}/api/v1`);
    await card.getByLabel('WakaTime API key').fill(KEY);
    await card.getByRole('button', { name: 'Save relay' }).click();
    await expect(card.getByRole('status')).toHaveText('Saved. New reports are forwarded here.');
    await expect(card.getByText(`127.0.0.1:${upstream.port}`, { exact: true })).toBeVisible();
    await expect(card.getByText('One is saved; leave empty to keep it.', { exact: false })).toBeVisible();
    await expect(card.getByLabel('WakaTime API key')).toHaveValue('');

    const project = `relayed-${Date.now()}`;
    const heartbeat = wakatimeHeartbeat({ entity: `/home/me/${project}/index.ts`, project });
    const res = await request.post('/api/wakatime/users/current/heartbeats', {
      headers: { authorization: basicAuth(reporterToken), 'user-agent': WAKATIME_USER_AGENT },
      data: heartbeat,
    });
    expect(res.status()).toBe(201);
    await expect.poll(() => upstream.accepted.length, { message: 'the stand-in received the heartbeat' }).toBe(1);
    expect(upstream.accepted[0]).toMatchObject({ path: '/api/v1/users/current/heartbeats', authorization: basicAuth(KEY), userAgent: WAKATIME_USER_AGENT });
    expect(JSON.parse(upstream.accepted[0]!.body)).toEqual(heartbeat);

    // The last delivery on /admin; the key in neither the page nor its HTML.
    await page.reload();
    const delivered = card.getByRole('definition').filter({ has: page.locator('time') });
    await expect(delivered).toHaveCount(1);
    await expect(card.getByText('Never', { exact: true })).toHaveCount(0);
    expect(await page.content()).not.toContain(KEY);
    const html = await (await page.request.get('/admin')).text();
    expect(html).toContain(`127.0.0.1:${upstream.port}`);
    expect(html).not.toContain(KEY);
    expect(html).not.toContain(Buffer.from(KEY).toString('base64'));
  } finally {
    await upstream.close();
  }
});
