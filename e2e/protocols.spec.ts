// Each reporter protocol over real HTTP against the built app, as the public clients send it.
import sharp from 'sharp';
import type { Snapshot } from '../lib/status/schema';
import { basicAuth as basic, codetimeEvent, listenbrainzPlayingNow, mixspaceReport, WAKATIME_USER_AGENT as WAKATIME_UA, wakatimeHeartbeat } from '../test/support/fixtures';
import { clearAllActivities, expect, test } from './fixtures';

test.beforeEach(async ({ request, reporterToken }) => {
  // Other tests may leave activities behind; a manual status would take the headline.
  await clearAllActivities(request, reporterToken);
});

async function snapshot(request: import('@playwright/test').APIRequestContext): Promise<Snapshot> {
  return (await request.get('/api/status')).json();
}

test('WakaTime: a bulk heartbeat updates an open homepage live', async ({ page, request, reporterToken }) => {
  await page.goto('/');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await page.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));

  const project = `waka-${Date.now()}`;
  const res = await request.post('/api/wakatime/users/current/heartbeats.bulk', {
    headers: { authorization: basic(reporterToken), 'user-agent': WAKATIME_UA, 'x-machine-name': 'laptop' },
    data: [wakatimeHeartbeat({ entity: `/home/me/${project}/app/page.tsx`, project })],
  });
  expect(res.status()).toBe(201);
  expect(await res.json()).toEqual({ responses: [[{ data: null, error: null }, 201]] });

  await expect(page.getByText(`Coding on ${project}`)).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
  const current = await snapshot(request);
  expect(current.activities.find((a) => a.kind === 'coding')).toMatchObject({ project, editor: 'VS Code', language: 'TypeScript', source: 'wakatime' });
  expect(JSON.stringify(current)).not.toContain('/home/me');
});

test('WakaTime: aliases, key forms and a wrong key', async ({ request, reporterToken }) => {
  const beat = { entity: 'notes.md', type: 'file', time: Date.now() / 1000, project: 'aliases' };
  for (const path of ['heartbeat', 'v1/users/current/heartbeats', 'compat/wakatime/v1/users/current/heartbeats.bulk']) {
    const res = await request.post(`/api/wakatime/${path}?api_key=${encodeURIComponent(reporterToken)}`, { data: [beat] });
    expect(res.status(), path).toBe(201);
  }
  const wrong = await request.post('/api/wakatime/users/current/heartbeats.bulk', { headers: { authorization: basic('nl_wrong') }, data: [beat] });
  expect(wrong.status()).toBe(401);
  expect((await wrong.json()).error.code).toBe('unauthorized');
});

test('Mix Space: a report with a base64 icon, then the read', async ({ request, reporterToken }) => {
  const icon = await sharp({ create: { width: 4, height: 4, channels: 4, background: '#22aa66' } }).png().toBuffer();
  const name = `Editor ${Date.now()}`;
  const res = await request.post('/api/v2/fn/ps/update', {
    data: mixspaceReport(reporterToken, { process: { name, description: 'writing', iconBase64: icon.toString('base64') } }),
  });
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ ok: 1, process: { name }, media: { title: 'Vantablack' } });

  // The icon is published as a path on this site, served immutable with its real type.
  const iconUrl: string = body.process.iconUrl;
  expect(iconUrl).toMatch(/^\/api\/images\/[0-9a-f]{64}\.png$/);
  const image = await request.get(iconUrl);
  expect(image.status()).toBe(200);
  expect(image.headers()['content-type']).toBe('image/png');
  expect(image.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(image.headers()['x-content-type-options']).toBe('nosniff');
  expect(Buffer.from(await image.body()).equals(icon)).toBe(true);

  const read = await (await request.get('/api/v2/fn/ps/update')).json();
  expect(read).toMatchObject({ processName: name, mediaInfo: { title: 'Vantablack', artist: 'Dool', processName: 'Spotify' } });
  expect(JSON.stringify(await snapshot(request))).not.toContain('data:image');

  expect((await request.post('/api/v2/fn/ps/update', { data: { key: 'nl_wrong', process: 'Code' } })).status()).toBe(401);
});

test('CodeTime: eventLog, batchEventLog and the token check', async ({ request, reporterToken }) => {
  const headers = { token: reporterToken, 'user-agent': 'CodeTime Client' };
  const event = codetimeEvent({ project: `ct-${Date.now()}` });
  const one = await request.post('/api/codetime/eventLog', { headers, data: event });
  expect(one.status()).toBe(200);
  expect(await one.json()).toEqual({});
  expect((await request.post('/api/codetime/batchEventLog', { headers, data: [event] })).status()).toBe(200);
  const coding = (await snapshot(request)).activities.find((a) => a.kind === 'coding');
  expect(coding).toMatchObject({ project: event.project, language: 'TypeScript', source: 'codetime' });
  const text = JSON.stringify(await snapshot(request));
  expect(text).not.toContain('git@');
  expect(text).not.toContain('/home/me');

  // Coding minutes from the history: whatever earlier tests on this server coded, a whole number.
  expect(await (await request.get('/api/codetime/user/minutes?minutes=60', { headers })).json()).toEqual({ minutes: expect.any(Number) });
  expect((await request.post('/api/codetime/eventLog', { headers: { token: 'wrong' }, data: event })).status()).toBe(401);
});

test('ListenBrainz: validate-token, playing_now and a single listen', async ({ request, reporterToken }) => {
  const auth = { authorization: `Token ${reporterToken}` };
  const valid = await (await request.get('/api/listenbrainz/1/validate-token', { headers: auth })).json();
  expect(valid).toEqual({ code: 200, message: 'Token valid.', valid: true, user_name: 'e2e-worker' });
  const invalid = await (await request.get('/api/listenbrainz/1/validate-token', { headers: { authorization: 'Token nope' } })).json();
  expect(invalid).toEqual({ code: 200, message: 'Token invalid.', valid: false });

  const track = `Track ${Date.now()}`;
  const res = await request.post('/api/listenbrainz/1/submit-listens', {
    headers: auth,
    data: listenbrainzPlayingNow({ track_name: track }, { media_player: 'Jellyfin' }),
  });
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
  expect((await snapshot(request)).activities.find((a) => a.kind === 'music')).toMatchObject({ title: track, player: 'Jellyfin', source: 'listenbrainz' });

  const single = await request.post('/api/listenbrainz/1/submit-listens', {
    headers: auth,
    data: { listen_type: 'single', payload: [{ listened_at: Math.floor(Date.now() / 1000) - 600, track_metadata: { artist_name: 'Old', track_name: 'Past song' } }] },
  });
  expect(single.status()).toBe(200);
  expect((await snapshot(request)).activities.find((a) => a.kind === 'music')).toMatchObject({ title: track });

  const bad = await request.post('/api/listenbrainz/1/submit-listens', { headers: { authorization: 'Token nope' }, data: { listen_type: 'playing_now', payload: [] } });
  expect(bad.status()).toBe(401);
  expect((await bad.json()).code).toBe(401);
});
