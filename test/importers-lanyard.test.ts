// Discord presence through Lanyard: the presence → activities mapping, and the socket client against
// a stand-in speaking Lanyard's protocol (test/support/lanyard-server.ts).
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectLanyard, lanyardPresenceToInputs, LANYARD_DEFAULT_URL } from '@/lib/importers/lanyard';
import { ImporterFetchError, ImporterSetupError, type PushConnection } from '@/lib/importers/types';
import { activityInputSchema, type ActivityInput } from '@/lib/status/schema';
import { LANYARD_USER_ID, lanyardPresence, startLanyardServer, type LanyardServer } from './support/lanyard-server';
import { sleep, waitUntil } from './support/wait';

const NOW = 1615529900000;
// The README's example activities.
const SPOTIFY = {
  track_id: '3kdlVcMVsSkbsUy8eQcBjI',
  timestamps: { start: 1615529820677, end: 1615530068733 },
  song: 'Let Go',
  artist: 'Ark Patrol; Veronika Redd',
  album_art_url: 'https://i.scdn.co/image/ab67616d0000b27364840995fe43bb2ec73a241d',
  album: 'Let Go',
};
const SPOTIFY_ACTIVITY = { type: 2, id: 'spotify:1', name: 'Spotify', details: 'Let Go', state: 'Ark Patrol; Veronika Redd', timestamps: SPOTIFY.timestamps };
const VS_CODE = {
  type: 0,
  id: '66b84f5317e9de6c',
  name: 'Visual Studio Code',
  details: 'Editing README.md',
  state: 'Workspace: lanyard',
  timestamps: { start: 1615438153941 },
  application_id: '383226320970055681',
  assets: { large_text: 'Editing a MARKDOWN file', large_image: '565945077491433494' },
};
const CUSTOM_STATUS = { type: 4, id: 'custom', name: 'Custom Status', state: 'on holiday', emoji: { name: '🌴' } };
const LETS_GO: ActivityInput = {
  kind: 'music',
  title: 'Let Go',
  artist: 'Ark Patrol, Veronika Redd',
  album: 'Let Go',
  coverUrl: SPOTIFY.album_art_url,
  url: 'https://open.spotify.com/track/3kdlVcMVsSkbsUy8eQcBjI',
  player: 'Spotify',
  durationMs: 248056,
  positionMs: NOW - 1615529820677,
  playing: true,
};

const listening = (spotify: unknown = SPOTIFY) => lanyardPresence({ listening_to_spotify: true, spotify, activities: [SPOTIFY_ACTIVITY] });
const mapped = (presence: unknown, now = NOW) => {
  const inputs = lanyardPresenceToInputs(presence, now);
  for (const input of inputs) expect(activityInputSchema.safeParse(input).success, JSON.stringify(input)).toBe(true);
  return inputs;
};

describe('lanyardPresenceToInputs', () => {
  it('reads a game as gaming, details and state joined', () => {
    expect(mapped(lanyardPresence({ activities: [CUSTOM_STATUS, VS_CODE] }))).toEqual([
      { kind: 'gaming', name: 'Visual Studio Code', details: 'Editing README.md · Workspace: lanyard', platform: 'Discord' },
    ]);
    expect(mapped(lanyardPresence({ activities: [{ type: 0, name: 'Terraria', state: 'In a world' }] }))).toEqual([
      { kind: 'gaming', name: 'Terraria', details: 'In a world', platform: 'Discord' },
    ]);
  });

  it('keeps only the first game', () => {
    const inputs = mapped(lanyardPresence({ activities: [{ type: 0, name: 'Minecraft' }, VS_CODE] }));
    expect(inputs).toEqual([{ kind: 'gaming', name: 'Minecraft', platform: 'Discord' }]);
  });

  it('reads Spotify as music, with the link, length and position', () => {
    expect(mapped(listening())).toEqual([LETS_GO]);
    // The position stays within the track, whatever the clocks say.
    expect(mapped(listening(), 0)[0]).toMatchObject({ positionMs: 0 });
    expect(mapped(listening(), NOW + 3600_000)[0]).toMatchObject({ positionMs: 248056 });
  });

  it('reads a game and Spotify together, game first', () => {
    const presence = lanyardPresence({ listening_to_spotify: true, spotify: SPOTIFY, activities: [SPOTIFY_ACTIVITY, VS_CODE] });
    expect(mapped(presence).map((input) => input.kind)).toEqual(['gaming', 'music']);
  });

  it('ignores custom statuses, other listening and Spotify that is not playing', () => {
    const others = [CUSTOM_STATUS, SPOTIFY_ACTIVITY, { type: 2, name: 'Apple Music', details: 'A song' }, { type: 3, name: 'YouTube' }];
    expect(mapped(lanyardPresence({ activities: others }))).toEqual([]);
    expect(mapped(lanyardPresence({ listening_to_spotify: false, spotify: SPOTIFY }))).toEqual([]);
    expect(mapped(lanyardPresence({ activities: [{ ...SPOTIFY_ACTIVITY, type: 0 }] }))).toEqual([]);
    expect(mapped(lanyardPresence({ discord_status: 'offline' }))).toEqual([]);
  });

  it('survives presences of the wrong shape', () => {
    for (const presence of [null, undefined, 42, 'online', [], [VS_CODE], {}, { activities: 'playing' }, { activities: [null, 7, 'x', [VS_CODE]] }]) {
      expect(mapped(presence)).toEqual([]);
    }
    const broken = [{ type: 0 }, { type: 0, name: '   ' }, { type: 0, name: 42 }, { type: '0', name: 'Typed as text' }, { type: 0, name: ['a'] }];
    expect(mapped(lanyardPresence({ activities: broken }))).toEqual([]);
    expect(mapped(lanyardPresence({ listening_to_spotify: true, spotify: 'Let Go' }))).toEqual([]);
    expect(mapped(lanyardPresence({ listening_to_spotify: true, spotify: { ...SPOTIFY, song: null } }))).toEqual([]);
  });

  it('cleans and cuts hostile text', () => {
    const huge = '🎮'.repeat(5000);
    const [game] = mapped(lanyardPresence({ activities: [{ type: 0, name: ` ${huge}`, details: 'line\none\u0000\u007f', state: { html: '<b>' } }] }));
    expect(game).toMatchObject({ kind: 'gaming', details: 'line one' });
    expect((game as { name: string }).name).toBe('🎮'.repeat(100));
    const [lonely] = mapped(lanyardPresence({ activities: [{ type: 0, name: 'a'.repeat(199) + '🎮', details: '\ud800broken' }] }));
    expect(lonely).toMatchObject({ name: 'a'.repeat(199), details: '\ufffdbroken' });
  });

  it('drops Spotify fields that would mislead, keeps the track', () => {
    const hostile = {
      ...SPOTIFY,
      track_id: '../../evil?x=1',
      album_art_url: 'javascript:alert(1)',
      artist: ';;  ; ',
      album: 7,
      timestamps: { start: 'yesterday', end: 1e400 },
    };
    expect(mapped(listening(hostile))).toEqual([{ kind: 'music', title: 'Let Go', player: 'Spotify', playing: true }]);
    const backwards = mapped(listening({ ...SPOTIFY, timestamps: { start: 2000, end: 1000 }, album_art_url: `https://i.scdn.co/${'x'.repeat(3000)}` }), 5000);
    expect(backwards).toEqual([expect.objectContaining({ positionMs: 3000 })]);
    expect(backwards[0]).not.toHaveProperty('durationMs');
    expect(backwards[0]).not.toHaveProperty('coverUrl');
  });

  it('always gives schema-valid inputs for random junk', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const junk = (depth: number): unknown => {
      const values = [null, true, -1, 0, 1e300, NaN, '', ' \t', '\u0000x', 'Ünïcødé 🎧', 'x'.repeat(500), 'https://a.b/c', 'spotify:1'];
      if (depth > 0 && random() < 0.3) return Array.from({ length: 3 }, () => junk(depth - 1));
      return values[Math.floor(random() * values.length)];
    };
    const fields = ['type', 'id', 'name', 'details', 'state', 'song', 'artist', 'album', 'album_art_url', 'track_id', 'timestamps'];
    const junkObject = (): Record<string, unknown> =>
      Object.fromEntries(fields.map((field) => [field, field === 'type' ? Math.floor(random() * 5) : field === 'timestamps' ? { start: junk(0), end: junk(0) } : junk(1)]));
    for (let i = 0; i < 300; i++) {
      mapped({ listening_to_spotify: random() < 0.8, spotify: junkObject(), activities: [junkObject(), junkObject()] }, random() * 2e12);
    }
  });
});

describe('connectLanyard', () => {
  let lanyard: LanyardServer;
  const connections: PushConnection[] = [];
  beforeEach(async () => {
    lanyard = await startLanyardServer({ heartbeatIntervalMs: 50 });
  });
  afterEach(async () => {
    for (const connection of connections.splice(0)) connection.close();
    await lanyard.close();
  });

  /** Connects, recording every presence and the close. */
  function connect(userId = LANYARD_USER_ID, url = lanyard.url, connectTimeoutMs?: number) {
    const seen = { presences: [] as ActivityInput[][], closes: [] as (Error | null)[] };
    const connection = connectLanyard({ userId }, { url, connectTimeoutMs, onPresence: (inputs) => seen.presences.push(inputs), onClose: (error) => seen.closes.push(error) });
    connections.push(connection);
    return { ...seen, connection };
  }
  const closedWith = async (seen: { closes: (Error | null)[] }) => {
    await waitUntil(() => seen.closes.length > 0, { message: 'onClose' });
    await sleep(50); // a second onClose would come now
    expect(seen.closes).toHaveLength(1);
    return seen.closes[0];
  };

  it('defaults to Lanyard itself', () => expect(LANYARD_DEFAULT_URL).toBe('wss://api.lanyard.rest/socket'));

  it('reports the presence at once and on every update, and closes quietly', async () => {
    lanyard.setPresence(LANYARD_USER_ID, lanyardPresence({ activities: [VS_CODE] }));
    const seen = connect();
    await waitUntil(() => seen.presences.length === 1, { message: 'INIT_STATE' });
    expect(seen.presences[0]).toEqual([expect.objectContaining({ kind: 'gaming', name: 'Visual Studio Code' })]);
    expect(lanyard.received[0]).toEqual({ connection: 1, op: 2, d: { subscribe_to_id: LANYARD_USER_ID } });

    lanyard.setPresence(LANYARD_USER_ID, listening());
    await waitUntil(() => seen.presences.length === 2, { message: 'PRESENCE_UPDATE' });
    expect(seen.presences[1]).toEqual([expect.objectContaining({ kind: 'music', title: 'Let Go', artist: 'Ark Patrol, Veronika Redd' })]);
    lanyard.setPresence(LANYARD_USER_ID, lanyardPresence({ discord_status: 'offline' }));
    await waitUntil(() => seen.presences.length === 3, { message: 'going offline' });
    expect(seen.presences[2]).toEqual([]);

    seen.connection.close();
    expect(seen.closes).toEqual([null]);
    await waitUntil(() => lanyard.openConnections === 0, { message: 'socket closed' });
    lanyard.setPresence(LANYARD_USER_ID, lanyardPresence({ activities: [VS_CODE] }));
    await sleep(100);
    expect(seen.presences).toHaveLength(3);
    expect(seen.closes).toEqual([null]);
  });

  it('heartbeats at the interval Hello gives', async () => {
    lanyard.setPresence(LANYARD_USER_ID, lanyardPresence());
    connect();
    await waitUntil(() => lanyard.received.filter((m) => m.op === 3).length >= 3, { message: 'three heartbeats' });
    expect(lanyard.received.map((m) => m.op).slice(0, 4)).toEqual([2, 3, 3, 3]);
  });

  it('tells the owner to join Lanyard when it does not see the user', async () => {
    const seen = connect('156114103033790464');
    const error = await closedWith(seen);
    expect(error).toBeInstanceOf(ImporterSetupError);
    expect(error?.message).toMatch(/156114103033790464.*discord\.gg\/lanyard/);
    expect(seen.presences).toEqual([]);
  });

  it('refuses a user id that is not a snowflake without connecting', async () => {
    for (const userId of ['', 'Phineas#0001', '1234', '9'.repeat(21), `${LANYARD_USER_ID}\n`.repeat(2)]) {
      const seen = connect(userId);
      expect(seen.closes).toEqual([]); // on a later tick, never from inside connectLanyard
      const error = await closedWith(seen);
      expect(error).toBeInstanceOf(ImporterSetupError);
      expect(error?.message).toMatch(/17 to 20 digits/);
    }
    expect(lanyard.received).toEqual([]);
  });

  it('refuses a URL that is not a WebSocket one', async () => {
    const error = await closedWith(connect(LANYARD_USER_ID, 'https://api.lanyard.rest/v1/users'));
    expect(error).toBeInstanceOf(ImporterSetupError);
    expect(error?.message).toMatch(/ws:\/\/ or wss:\/\//);
  });

  it('fails to retry when the server drops the connection', async () => {
    lanyard.setPresence(LANYARD_USER_ID, lanyardPresence());
    const seen = connect();
    await waitUntil(() => seen.presences.length === 1, { message: 'INIT_STATE' });
    lanyard.dropConnections();
    const error = await closedWith(seen);
    expect(error).toBeInstanceOf(ImporterFetchError);
    expect(error?.message).toMatch(/1006/);
  });

  it('names Lanyard’s close codes', async () => {
    lanyard.setPresence(LANYARD_USER_ID, lanyardPresence());
    const seen = connect();
    await waitUntil(() => seen.presences.length === 1, { message: 'INIT_STATE' });
    lanyard.closeConnections(4006, 'invalid_payload');
    const error = await closedWith(seen);
    expect(error).toBeInstanceOf(ImporterFetchError);
    expect(error?.message).toBe('Lanyard closed the connection: invalid payload (4006 "invalid_payload")');
  });

  it('fails on a message that is not JSON', async () => {
    lanyard.setPresence(LANYARD_USER_ID, lanyardPresence());
    const seen = connect();
    await waitUntil(() => seen.presences.length === 1, { message: 'INIT_STATE' });
    lanyard.sendRaw('<html>502 Bad Gateway</html>');
    const error = await closedWith(seen);
    expect(error).toBeInstanceOf(ImporterFetchError);
    expect(error?.message).toMatch(/not a JSON object/);
    await waitUntil(() => lanyard.openConnections === 0, { message: 'socket closed' });
  });

  it('gives up on a connection that stops answering', async () => {
    lanyard.setPresence(LANYARD_USER_ID, lanyardPresence());
    const seen = connect();
    await waitUntil(() => seen.presences.length === 1, { message: 'INIT_STATE' });
    await sleep(300); // answered pings keep it open meanwhile
    expect(seen.closes).toEqual([]);
    lanyard.stopAnswering();
    const error = await closedWith(seen);
    expect(error).toBeInstanceOf(ImporterFetchError);
    expect(error?.message).toMatch(/stopped answering/);
  });

  it('times out when nothing answers, and fails on a closed port', async () => {
    const mute = net.createServer(() => {}); // takes the connection, never answers the upgrade
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    const port = (mute.address() as AddressInfo).port;
    const started = Date.now();
    const timedOut = await closedWith(connect(LANYARD_USER_ID, `ws://127.0.0.1:${port}/socket`, 300));
    expect(timedOut).toBeInstanceOf(ImporterFetchError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    mute.close();
    mute.unref();

    const refused = await closedWith(connect(LANYARD_USER_ID, `ws://127.0.0.1:${port}/socket`));
    expect(refused).toBeInstanceOf(ImporterFetchError);
    expect(refused?.message).toMatch(/ECONNREFUSED/);
  });

  it('closes quietly before the connection is even open', async () => {
    lanyard.setPresence(LANYARD_USER_ID, lanyardPresence());
    const seen = connect();
    seen.connection.close();
    seen.connection.close();
    await sleep(150);
    expect(seen.closes).toEqual([null]);
    expect(seen.presences).toEqual([]);
  });
});
