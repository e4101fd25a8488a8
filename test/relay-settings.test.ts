// Relays set up on /admin: the real server actions, session and SQLite behind them (only
// next/headers and next/cache are stood in for). A saved relay forwards at once; its key or token
// never comes back to the browser; bad input saves nothing; messages of a removed relay wait, are
// sent if it is set up again, or are discarded; another instance's save is picked up by the poll.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { POST as wakatimePost } from '@/app/api/wakatime/[...path]/route';
import { RelayStatusList } from '@/components/admin/relay-status';
import { discardRelayMessages, saveRelaySettings } from '@/lib/admin/actions';
import { getDb } from '@/lib/db';
import { en } from '@/lib/i18n/messages/en';
import { flushRelayOutbox } from '@/lib/relays/outbox';
import { ENTER_ADDRESS, ENTER_SECRET, HTTP_URL, NEW_HOST_SECRET, NO_CREDENTIALS_IN_URL } from '@/lib/relays/relay-form';
import { RELAYS_SETTING } from '@/lib/relays/settings';
import { listRelayStatus } from '@/lib/relays/status';
import { upstream } from '@/lib/relays/upstreams';
import { startRelayWorker, type RelayWorker } from '@/lib/relays/worker';
import { SITE, withReporterToken } from './protocols/helpers';
import { FakeUpstream } from './support/fake-upstream';
import { basicAuth, wakatimeHeartbeat } from './support/fixtures';
import { freePort } from './support/server.js';
import { waitUntil } from './support/wait.js';

const cookieJar = vi.hoisted(() => new Map<string, string>());
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (name: string) => (cookieJar.has(name) ? { name, value: cookieJar.get(name) } : undefined) }),
  headers: async () => new Headers(),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

const KEY = 'owner-saved-wakatime-key';
const SECRETS = [KEY, Buffer.from(KEY).toString('base64'), 'second-key'];
const token = withReporterToken();
const wakatime = new FakeUpstream(await freePort(), 'wakatime');
const base = `http://127.0.0.1:${wakatime.port}/api/v1`;
let worker: RelayWorker | null = null;
const startWorker = () => (worker = startRelayWorker({ pollMs: 20, baseDelayMs: 20, maxDelayMs: 200, settingsMaxAgeMs: 50 }));

beforeEach(async () => {
  cookieJar.clear();
  const { createSessionValue, SESSION_COOKIE } = await import('@/lib/auth');
  cookieJar.set(SESSION_COOKIE, (await createSessionValue()).value);
  wakatime.accepted.length = 0;
  await wakatime.listen();
});
afterEach(async () => {
  await worker?.stop();
  worker = null;
  await wakatime.close();
});

const save = (fields: Record<string, string>) => saveRelaySettings({}, { relay: 'wakatime', ...fields });
const savedRow = async () => (await getDb().setting.findUnique({ where: { key: RELAYS_SETTING } }))?.value ?? null;
const render = async () => renderToStaticMarkup(createElement(RelayStatusList, { relays: await listRelayStatus(), timeZone: 'UTC', language: 'en', m: en.relays }));

async function sendHeartbeat(entity: string) {
  const body = JSON.stringify(wakatimeHeartbeat({ entity }));
  const request = new Request(`${SITE}/api/wakatime/users/current/heartbeats`, { method: 'POST', headers: { authorization: basicAuth(token()), 'content-type': 'application/json' }, body });
  expect((await wakatimePost(request)).status).toBe(201);
}

/** Everything /admin gets about the relays: the action's answer, the status list and its HTML. */
async function expectNoSecret(...answers: unknown[]) {
  const shown = JSON.stringify(answers) + JSON.stringify(await listRelayStatus()) + (await render());
  for (const secret of SECRETS) expect(shown).not.toContain(secret);
}

describe('relay settings on /admin', () => {
  it('saves a relay that forwards at once with the saved key, which never comes back', async () => {
    startWorker();
    const answer = await save({ url: `${base}/`, secret: ` ${KEY} ` });
    expect(answer).toEqual({ ok: true });
    expect(JSON.parse((await savedRow()) ?? '')).toEqual({ wakatime: { url: base, secret: KEY } });
    expect(upstream('wakatime')?.host).toBe(`127.0.0.1:${wakatime.port}`);

    await sendHeartbeat('/home/me/site/a.ts');
    await waitUntil(() => wakatime.accepted.length === 1, { message: 'heartbeat relayed' });
    expect(wakatime.accepted[0]).toMatchObject({ path: '/api/v1/users/current/heartbeats', authorization: basicAuth(KEY) });
    const html = await render();
    expect(html).toContain(`value="${base}"`);
    expect(html).toContain(en.relays.secretSaved);
    await expectNoSecret(answer);
  });

  it('refuses bad input with a message for each field and saves nothing', async () => {
    expect(await save({ url: 'ftp://wakapi.example', secret: KEY })).toMatchObject({ fieldErrors: { url: HTTP_URL } });
    expect(await save({ url: 'https://me:pw@wakapi.example/api', secret: KEY })).toMatchObject({ fieldErrors: { url: NO_CREDENTIALS_IN_URL } });
    expect(await save({ url: base, secret: '   ' })).toMatchObject({ fieldErrors: { secret: ENTER_SECRET } });
    expect((await save({})).fieldErrors).toEqual({ url: ENTER_ADDRESS, secret: ENTER_SECRET });
    expect(await save({ url: base, secret: 'x'.repeat(2001) })).toMatchObject({ fieldErrors: { secret: 'at most 2000 characters' } });
    expect(await saveRelaySettings({}, { relay: 'myspace', url: base, secret: KEY })).toMatchObject({ fieldErrors: { relay: expect.any(String) } });
    expect(await savedRow()).toBeNull();
    expect(upstream('wakatime')).toBeNull();
    cookieJar.clear();
    expect((await save({ url: base, secret: KEY })).error).toMatch(/session/i);
    expect(await savedRow()).toBeNull();
  });

  it('keeps the saved key when the field is left empty, but asks again for another host', async () => {
    await save({ url: base, secret: KEY });
    expect(await save({ url: `${base}/compat` })).toEqual({ ok: true });
    expect(JSON.parse((await savedRow()) ?? '')).toEqual({ wakatime: { url: `${base}/compat`, secret: KEY } });
    const moved = await save({ url: 'https://wakapi.example/api/compat/wakatime/v1' });
    expect(moved).toMatchObject({ fieldErrors: { secret: NEW_HOST_SECRET } });
    expect(JSON.parse((await savedRow()) ?? '').wakatime.url).toBe(`${base}/compat`);
    await expectNoSecret(moved);
  });

  it('keeps a removed relay’s messages, shows them, sends them when it is set up again', async () => {
    await wakatime.close(); // nothing is delivered while the relay is set up
    await save({ url: base, secret: KEY });
    await sendHeartbeat('/home/me/site/a.ts');
    await sendHeartbeat('/home/me/site/b.ts');
    await flushRelayOutbox();
    expect(await save({ intent: 'remove' })).toEqual({ ok: true });
    expect(upstream('wakatime')).toBeNull();
    await sendHeartbeat('/home/me/site/not-queued.ts');
    await flushRelayOutbox();
    expect(await getDb().relayMessage.count()).toBe(2);
    expect(await render()).toContain('2 messages waiting — the relay is no longer set up.');

    await wakatime.listen();
    startWorker();
    await save({ url: base, secret: 'second-key' });
    await waitUntil(() => wakatime.accepted.length === 2, { message: 'waiting messages sent' });
    expect(wakatime.accepted.map((r) => [JSON.parse(r.body).entity, r.authorization])).toEqual([
      ['/home/me/site/a.ts', basicAuth('second-key')],
      ['/home/me/site/b.ts', basicAuth('second-key')],
    ]);
  });

  it('discards a removed relay’s messages on request, and only while it is not set up', async () => {
    await wakatime.close();
    await save({ url: base, secret: KEY });
    await sendHeartbeat('/home/me/site/a.ts');
    await flushRelayOutbox();
    expect(await discardRelayMessages({}, { relay: 'wakatime' })).toMatchObject({ error: expect.stringMatching(/set up again/) });
    expect(await getDb().relayMessage.count()).toBe(1);
    await save({ intent: 'remove' });
    expect(await discardRelayMessages({}, { relay: 'wakatime' })).toEqual({ ok: true, discarded: 1 });
    expect(await getDb().relayMessage.count()).toBe(0);
    expect(await render()).not.toContain('waiting — the relay');
  });

  it('picks up a relay another instance saved, on the worker’s poll', async () => {
    startWorker();
    // Another instance's save: the row changes, this process's memory does not.
    const value = JSON.stringify({ wakatime: { url: base, secret: KEY } });
    await getDb().setting.create({ data: { key: RELAYS_SETTING, value } });
    await waitUntil(() => upstream('wakatime') !== null, { message: 'saved relay read again' });
    await sendHeartbeat('/home/me/site/a.ts');
    await waitUntil(() => wakatime.accepted.length === 1, { message: 'heartbeat relayed' });
    await getDb().setting.update({ where: { key: RELAYS_SETTING }, data: { value: '{}' } });
    await waitUntil(() => upstream('wakatime') === null, { message: 'removal read again' });
  });
});
