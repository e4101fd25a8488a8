// The importer runner on a real SQLite store: what it stores and under which source, how often it
// reads while watched and not, what a refused key and a failing service do, the lease between two
// instances, and a removed importer. The services here are in-process readers (each service's own
// wire format is tested against its stand-in in test/importers-<service>.test.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImporterReaders } from '@/lib/importers/readers';
import { startImporters, type ImporterRunner } from '@/lib/importers/runner';
import { saveImporterSettings } from '@/lib/importers/settings';
import { readImporterStatuses } from '@/lib/importers/status';
import { ImporterFetchError, ImporterSetupError, type PushHandlers } from '@/lib/importers/types';
import type { ActivityInput } from '@/lib/status/schema';
import { getRawActivities, reportActivities } from '@/lib/status/store';
import { withTempSqlite } from './support/database';
import { sleep, waitUntil } from './support/wait.js';

const LASTFM = { user: 'ada', apiKey: 'a'.repeat(32) };
const TRACK: ActivityInput = { kind: 'music', title: 'Teardrop', artist: 'Massive Attack', player: 'Last.fm', playing: true };
const GAME: ActivityInput = { kind: 'gaming', name: 'Dota 2', platform: 'Discord' };
const URLS = { lastfm: 'http://lastfm.invalid', lanyard: 'ws://lanyard.invalid', steam: 'http://steam.invalid' };

const unused = () => Promise.reject(new Error('not set up in this test'));
function readers(overrides: Partial<ImporterReaders>): ImporterReaders {
  return { lastfm: unused, steam: unused, lanyard: () => ({ close() {} }), ...overrides };
}

/** A stand-in Lanyard connection per call, recorded in `sockets`; `presence` is sent right after connecting. */
function fakeLanyard(sockets: { handlers: PushHandlers; closed: boolean }[], presence?: ActivityInput[]): ImporterReaders['lanyard'] {
  return (_config, handlers) => {
    const socket = { handlers, closed: false };
    sockets.push(socket);
    if (presence) setTimeout(() => handlers.onPresence(presence), 5);
    return { close: () => void (socket.closed = true) };
  };
}

const running: ImporterRunner[] = [];
function start(options: Parameters<typeof startImporters>[0]): ImporterRunner {
  const runner = startImporters({ tickMs: 10, pollMs: 60, idleMs: 60_000, refreshMs: 50, urls: URLS, ...options });
  running.push(runner);
  return runner;
}

const live = async (kind: string) => (await getRawActivities()).find((a) => a.kind === kind && (a.expiresAt === null || Date.parse(a.expiresAt) > Date.now()));

describe('importer runner', () => {
  withTempSqlite();
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
    vi.restoreAllMocks();
  });

  it('stores the presence under the importer’s name, reads it again while watched, and ends it when it stops', async () => {
    let now: ActivityInput[] = [TRACK];
    const calls: string[] = [];
    await saveImporterSettings('lastfm', LASTFM);
    start({ watching: () => true, readers: readers({ lastfm: async (config, options) => (calls.push(`${config.user}@${options.baseUrl}`), now) }) });

    await waitUntil(async () => (await live('music'))?.source === 'lastfm');
    const music = await live('music');
    expect(music).toMatchObject({ kind: 'music', title: 'Teardrop', source: 'lastfm' });
    // Expiry: two watched intervals and a margin, so a stopped server's music ends on its own.
    expect(Date.parse(music!.expiresAt!) - Date.parse(music!.updatedAt)).toBeLessThanOrEqual(31_000);
    expect(calls[0]).toBe('ada@http://lastfm.invalid');

    await waitUntil(() => calls.length >= 3);
    now = [];
    await waitUntil(async () => (await live('music')) === undefined, { message: 'a paused player ends the music' });
    expect((await readImporterStatuses()).lastfm).toMatchObject({ state: 'ok', message: null });
  });

  it('never ends what a reporter set', async () => {
    await reportActivities([{ kind: 'music', title: 'From the phone', artist: 'Someone' }], 'listenbrainz');
    await saveImporterSettings('lastfm', LASTFM);
    let calls = 0;
    start({ watching: () => true, readers: readers({ lastfm: async () => (calls++, []) }) });
    await waitUntil(() => calls >= 3);
    expect(await live('music')).toMatchObject({ title: 'From the phone', source: 'listenbrainz' });
  });

  it('reads slowly while nobody watches, and at once when someone opens the page', async () => {
    let watching = false;
    let calls = 0;
    await saveImporterSettings('lastfm', LASTFM);
    start({ watching: () => watching, readers: readers({ lastfm: async () => (calls++, [TRACK]) }) });
    await waitUntil(() => calls === 1);
    await sleep(400);
    expect(calls).toBe(1); // the idle interval is a minute here
    watching = true;
    await waitUntil(() => calls >= 3, { message: 'watched: read every 60 ms' });
  });

  it('stops on a refused key, says why, and starts again when the settings change', async () => {
    // (warnings shown)
    const keys: string[] = [];
    await saveImporterSettings('lastfm', LASTFM);
    start({
      watching: () => true,
      readers: readers({
        lastfm: async (config) => {
          keys.push(config.apiKey);
          if (config.apiKey === LASTFM.apiKey) throw new ImporterSetupError('Last.fm refused the API key. Check it on /admin.');
          return [TRACK];
        },
      }),
    });
    await waitUntil(async () => (await readImporterStatuses()).lastfm?.state === 'stopped');
    expect((await readImporterStatuses()).lastfm?.message).toBe('Last.fm refused the API key. Check it on /admin.');
    await sleep(300);
    expect(keys).toHaveLength(1); // no request loop

    await saveImporterSettings('lastfm', { ...LASTFM, apiKey: 'b'.repeat(32) });
    await waitUntil(async () => (await live('music'))?.source === 'lastfm');
    expect(keys.at(-1)).toBe('b'.repeat(32));
  });

  it('retries a failing service with growing delays and recovers', async () => {
    const times: number[] = [];
    await saveImporterSettings('steam', { apiKey: 'C'.repeat(32), steamId: '76561197960287930' });
    start({
      pollMs: 2000, // backoff starts at a quarter of it, at least 1 s
      watching: () => true,
      readers: readers({
        steam: async () => {
          times.push(Date.now());
          if (times.length < 3) throw new ImporterFetchError('Steam answered HTTP 503.');
          return [{ kind: 'gaming', name: 'Counter-Strike 2', platform: 'Steam' }];
        },
      }),
    });
    await waitUntil(async () => (await readImporterStatuses()).steam?.state === 'retrying');
    expect((await readImporterStatuses()).steam?.message).toBe('Steam answered HTTP 503.');
    await waitUntil(async () => (await live('gaming'))?.source === 'steam', { timeoutMs: 10_000 });
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(1950);
  });

  it('runs on one instance at a time (the lease), and the other takes over when it stops', async () => {
    let calls = { a: 0, b: 0 };
    await saveImporterSettings('lastfm', LASTFM);
    const a = start({ watching: () => true, readers: readers({ lastfm: async () => (calls.a++, [TRACK]) }) });
    await waitUntil(() => calls.a > 0);
    start({ watching: () => true, readers: readers({ lastfm: async () => (calls.b++, [TRACK]) }) });
    await sleep(400);
    expect(calls.b).toBe(0);
    await a.stop();
    calls = { a: 0, b: 0 };
    await waitUntil(() => calls.b > 0, { message: 'the lease was released on stop' });
    expect(calls.a).toBe(0);
  });

  it('ends the activities of an importer the owner removed', async () => {
    await saveImporterSettings('steam', { apiKey: 'C'.repeat(32), steamId: '76561197960287930' });
    start({ watching: () => true, readers: readers({ steam: async () => [{ kind: 'gaming', name: 'Dota 2', platform: 'Steam' }] }) });
    await waitUntil(async () => (await live('gaming'))?.source === 'steam');
    await saveImporterSettings('steam', null);
    await waitUntil(async () => (await live('gaming')) === undefined);
  });

  it('keeps Lanyard’s socket open while watched, and takes one presence and closes otherwise', async () => {
    let watching = true;
    const sockets: { handlers: PushHandlers; closed: boolean }[] = [];
    await saveImporterSettings('lanyard', { userId: '94490510688792576' });
    start({
      watching: () => watching,
      readers: readers({ lanyard: fakeLanyard(sockets, [GAME]) }),
    });
    await waitUntil(async () => (await live('gaming'))?.source === 'lanyard');
    expect(sockets).toHaveLength(1);
    await sleep(100);
    expect(sockets[0]!.closed).toBe(false);
    sockets[0]!.handlers.onPresence([{ kind: 'music', title: 'Song', artist: 'Band', player: 'Spotify', playing: true }]);
    await waitUntil(async () => (await live('music'))?.source === 'lanyard');
    await waitUntil(async () => (await live('gaming')) === undefined, { message: 'the game ended with the presence' });

    watching = false;
    await waitUntil(() => sockets[0]!.closed, { message: 'unwatched: the live socket closes' });
  });

  it('goes live at once when a page opens while Lanyard’s one idle presence is on its way', async () => {
    let watching = false;
    const sockets: { handlers: PushHandlers; closed: boolean }[] = [];
    await saveImporterSettings('lanyard', { userId: '94490510688792576' });
    start({
      watching: () => watching,
      readers: readers({ lanyard: fakeLanyard(sockets) }),
    });
    await waitUntil(() => sockets.length === 1);
    watching = true; // the page opens before the idle connection's presence arrives
    await sleep(100);
    sockets[0]!.handlers.onPresence([GAME]);
    expect(sockets[0]!.closed).toBe(true);
    await waitUntil(() => sockets.length === 2, { message: 'a live connection, not one in five minutes' });
    expect(sockets[1]!.closed).toBe(false);
  });
});
