// Relays: what Nowline accepts from WakaTime editors and ListenBrainz scrobblers reaches the owner's
// own upstream too (local servers speaking their formats), with the owner's credentials, in order,
// once, through outages and restarts, without the reporter ever waiting for the upstream.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { POST as wakatimePost } from '@/app/api/wakatime/[...path]/route';
import { POST as listenBrainzPost } from '@/app/api/listenbrainz/1/submit-listens/route';
import { getDb } from '@/lib/db';
import { flushRelayOutbox } from '@/lib/relays/outbox';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { RelayStatusList } from '@/components/admin/relay-status';
import { en } from '@/lib/i18n/messages/en';
import { applyRelayForm, SET_BY_ENVIRONMENT } from '@/lib/relays/relay-form';
import { saveRelay } from '@/lib/relays/settings';
import { listRelayStatus } from '@/lib/relays/status';
import { upstream } from '@/lib/relays/upstreams';
import { startRelayWorker, type RelayWorker } from '@/lib/relays/worker';
import { SITE, withReporterToken } from './protocols/helpers';
import { FakeUpstream } from './support/fake-upstream';
import { basicAuth, listenbrainzPlayingNow, WAKATIME_USER_AGENT, wakatimeHeartbeat } from './support/fixtures';
import { resetAppGlobals } from './support/database';
import { defined } from './support/defined';
import { waitUntil } from './support/wait.js';

// The relay variables must be set before lib/env.ts first reads the environment.
const ports = await vi.hoisted(async () => {
  const { freePort } = await import('./support/server.js');
  const ports = { wakatime: await freePort(), listenbrainz: await freePort() };
  process.env.NOWLINE_RELAY_WAKATIME_URL = `http://127.0.0.1:${ports.wakatime}/api/v1/`;
  process.env.NOWLINE_RELAY_WAKATIME_KEY = 'owner-wakatime-key';
  process.env.NOWLINE_RELAY_LISTENBRAINZ_URL = `http://127.0.0.1:${ports.listenbrainz}`;
  process.env.NOWLINE_RELAY_LISTENBRAINZ_TOKEN = 'owner-listenbrainz-token';
  return ports;
});

const token = withReporterToken();
const wakatime = new FakeUpstream(ports.wakatime, 'wakatime');
const listenBrainz = new FakeUpstream(ports.listenbrainz, 'listenbrainz');
let worker: RelayWorker | null = null;

/** Short delays, so retries happen within the test. */
const startWorker = () => (worker = startRelayWorker({ pollMs: 20, baseDelayMs: 20, maxDelayMs: 200, timeoutMs: 60_000 }));

beforeEach(async () => {
  for (const upstream of [wakatime, listenBrainz]) {
    upstream.accepted.length = 0;
    upstream.refused.length = 0;
    upstream.mode = { answer: 'ok' };
    await upstream.listen();
  }
});
afterEach(async () => {
  await Promise.all([wakatime.close(), listenBrainz.close()]);
  await worker?.stop();
  worker = null;
});

function sendHeartbeats(path: string, body: unknown) {
  const request = new Request(`${SITE}/api/wakatime/${path}`, {
    method: 'POST',
    headers: { authorization: basicAuth(token()), 'content-type': 'application/json', 'user-agent': WAKATIME_USER_AGENT, 'x-machine-name': 'laptop' },
    body: JSON.stringify(body),
  });
  return wakatimePost(request);
}

function submitListens(body: unknown) {
  return listenBrainzPost(
    new Request(`${SITE}/api/listenbrainz/1/submit-listens`, {
      method: 'POST',
      headers: { authorization: `Token ${token()}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

const track = (n: number) => ({ artist_name: 'Dool', track_name: `Track ${n}`, release_name: 'Here Now, There Then' });
const listened = (n: number, secondsAgo: number) => ({ listened_at: Math.floor(Date.now() / 1000) - secondsAgo, track_metadata: track(n) });
const submissions = () => [
  listenbrainzPlayingNow(track(1)),
  { listen_type: 'single', payload: [listened(2, 30)] },
  { listen_type: 'import', payload: [listened(3, 9000), listened(4, 8000)] },
];

const outboxRows = () => getDb().relayMessage.findMany({ orderBy: { id: 'asc' } });

describe('relays', () => {
  it('forwards every accepted heartbeat and listen, in order, with the owner’s credentials', async () => {
    startWorker();
    const single = wakatimeHeartbeat({ entity: '/home/me/site/a.ts' });
    const bulk = [wakatimeHeartbeat({ entity: '/home/me/site/b.ts' }), wakatimeHeartbeat({ entity: '/home/me/site/c.ts' })];
    const mixed = [wakatimeHeartbeat({ entity: '/home/me/site/d.ts' }), { entity: '' }];
    expect((await sendHeartbeats('users/current/heartbeats', single)).status).toBe(201);
    expect((await sendHeartbeats('users/current/heartbeats.bulk', bulk)).status).toBe(201);
    expect((await sendHeartbeats('users/current/heartbeats.bulk', mixed)).status).toBe(201);
    for (const body of submissions()) expect((await submitListens(body)).status).toBe(200);

    await waitUntil(() => wakatime.accepted.length === 3 && listenBrainz.accepted.length === 3, { message: 'all relayed' });
    expect(wakatime.accepted.map((r) => [r.path, JSON.parse(r.body)])).toEqual([
      ['/api/v1/users/current/heartbeats', single],
      ['/api/v1/users/current/heartbeats.bulk', bulk],
      // The heartbeat Nowline refused is not passed on.
      ['/api/v1/users/current/heartbeats.bulk', [mixed[0]]],
    ]);
    for (const request of wakatime.accepted) {
      expect(request.authorization).toBe(basicAuth('owner-wakatime-key'));
      expect(request.userAgent).toBe(WAKATIME_USER_AGENT);
      expect(request.machine).toBe('laptop');
    }
    expect(listenBrainz.accepted.map((r) => [r.path, r.authorization])).toEqual(Array(3).fill(['/1/submit-listens', 'Token owner-listenbrainz-token']));
    expect(listenBrainz.accepted.map((r) => JSON.parse(r.body))).toEqual(submissions().map((s) => ({ ...s, payload: expect.any(Array) })));
    expect(listenBrainz.accepted.map((r) => JSON.parse(r.body).payload.map((l: { track_metadata: { track_name: string } }) => l.track_metadata.track_name))).toEqual([
      ['Track 1'],
      ['Track 2'],
      ['Track 3', 'Track 4'],
    ]);
    await waitUntil(async () => (await outboxRows()).length === 0, { message: 'outbox emptied' });
    const states = await getDb().relayState.findMany();
    expect(states.map((s) => [s.relay, Boolean(s.lastSuccessAt)]).sort()).toEqual([
      ['listenbrainz', true],
      ['wakatime', true],
    ]);
  });

  it('delivers everything once, in order, after an outage during which the worker restarted', async () => {
    await wakatime.close(); // connection refused
    listenBrainz.mode = { answer: 'status', status: 503 };
    startWorker();
    const heartbeats = [1, 2, 3].map((n) => wakatimeHeartbeat({ entity: `/home/me/site/${n}.ts` }));
    for (const heartbeat of heartbeats) await sendHeartbeats('users/current/heartbeats', heartbeat);
    for (const body of submissions()) await submitListens(body);
    await waitUntil(async () => (await outboxRows()).filter((r) => r.attempts >= 2).length >= 2, { message: 'retried' });
    expect(wakatime.accepted).toHaveLength(0);
    expect(listenBrainz.accepted).toHaveLength(0);
    expect(listenBrainz.refused.length).toBeGreaterThanOrEqual(2);

    // A restart: the worker and the database client go; the outbox stays in the database.
    await worker?.stop();
    await flushRelayOutbox();
    await getDb().$disconnect();
    resetAppGlobals();
    await wakatime.listen();
    listenBrainz.mode = { answer: 'ok' };
    startWorker();

    await waitUntil(async () => (await outboxRows()).length === 0, { message: 'outbox emptied' });
    expect(wakatime.accepted.map((r) => JSON.parse(r.body))).toEqual(heartbeats);
    expect(listenBrainz.accepted.map((r) => JSON.parse(r.body).listen_type)).toEqual(['playing_now', 'single', 'import']);
  });

  it('answers the reporter at once while the upstream hangs', async () => {
    wakatime.mode = { answer: 'hang' };
    startWorker();
    await sendHeartbeats('users/current/heartbeats', wakatimeHeartbeat());
    await waitUntil(() => wakatime.hanging.length === 1, { message: 'upstream request hanging' });
    // Had the reply waited for the upstream, it would never come: the upstream answers nothing.
    const reply = await sendHeartbeats('users/current/heartbeats', wakatimeHeartbeat({ entity: '/home/me/site/next.ts' }));
    expect(reply.status).toBe(201);
    expect(wakatime.hanging).toHaveLength(1);
    expect(wakatime.accepted).toHaveLength(0);
  });

  it('drops a message the upstream refuses for good, records why, and sends the next', async () => {
    listenBrainz.failNext({ answer: 'status', status: 400 });
    startWorker();
    const [first, second] = submissions();
    await submitListens(first);
    await submitListens(second);
    await waitUntil(() => listenBrainz.accepted.length === 1, { message: 'second listen relayed' });
    expect(JSON.parse(defined(listenBrainz.refused[0], 'the refused listen').body).listen_type).toBe('playing_now');
    expect(JSON.parse(defined(listenBrainz.accepted[0], 'the relayed listen').body).listen_type).toBe('single');
    const state = await getDb().relayState.findUnique({ where: { relay: 'listenbrainz' } });
    expect(state?.dropped).toBe(1);
    expect(state?.lastError).toMatch(/HTTP 400/);
    expect(await outboxRows()).toHaveLength(0);
  });

  it('shows /admin each relay’s host, queue and last error, never the key or token', async () => {
    await wakatime.close();
    startWorker();
    await sendHeartbeats('users/current/heartbeats', wakatimeHeartbeat());
    await waitUntil(async () => (await listRelayStatus()).find((r) => r.relay === 'wakatime')?.lastError, { message: 'error recorded' });
    const [waka, listen] = await listRelayStatus();
    expect(waka).toMatchObject({ relay: 'wakatime', host: `127.0.0.1:${ports.wakatime}`, queued: 1, lastSuccessAt: null, dropped: 0 });
    expect(waka?.lastError).toMatch(/ECONNREFUSED/);
    expect(listen).toMatchObject({ relay: 'listenbrainz', host: `127.0.0.1:${ports.listenbrainz}`, queued: 0 });
    const shown = JSON.stringify(await listRelayStatus());
    for (const secret of ['owner-wakatime-key', 'owner-listenbrainz-token', Buffer.from('owner-wakatime-key').toString('base64')]) expect(shown).not.toContain(secret);
  });

  it('lets the environment variables win over a relay saved on /admin, read-only there', async () => {
    await saveRelay('wakatime', { url: 'https://wakapi.example/api', secret: 'saved-key' });
    expect(upstream('wakatime')?.request('{}', {})).toMatchObject({ url: expect.stringContaining(`127.0.0.1:${ports.wakatime}`), headers: { authorization: basicAuth('owner-wakatime-key') } });
    expect(await applyRelayForm({ relay: 'wakatime', intent: 'save', url: 'https://other.example', secret: 'k' })).toEqual({ error: SET_BY_ENVIRONMENT });
    expect(await applyRelayForm({ relay: 'listenbrainz', intent: 'remove', url: undefined, secret: undefined })).toEqual({ error: SET_BY_ENVIRONMENT });
    const relays = await listRelayStatus();
    expect(relays.map((r) => [r.source, r.savedUrl])).toEqual([
      ['environment', null],
      ['environment', null],
    ]);
    const html = renderToStaticMarkup(createElement(RelayStatusList, { relays, timeZone: 'UTC', language: 'en', m: en.relays }));
    expect(html).toContain('Set up by the environment variables NOWLINE_RELAY_WAKATIME_URL and NOWLINE_RELAY_WAKATIME_KEY.');
    expect(html).not.toContain('<form');
    for (const secret of ['owner-wakatime-key', 'owner-listenbrainz-token', 'saved-key']) expect(html).not.toContain(secret);
  });
});
