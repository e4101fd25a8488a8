// Mix Space ProcessReporter agents, through the real route against a real SQLite database.
import { describe, expect, it, vi } from 'vitest';
import { GET, POST } from '@/app/api/v2/fn/ps/update/route';
import { GET as getV3, POST as postV3 } from '@/app/api/v3/fn/ps/update/route';
import { getDb } from '@/lib/db';
import { getSnapshot } from '@/lib/status/store';
import { KEY_MATCH_MAX, mixSpaceAdapter, parseMixSpace, timestampToMs } from '@/lib/ingest/adapters/mixspace';
import { expectNothingPrivate, expectRefused401, itAnswers400ForEach, latestReport, makeImage, type MalformedCase, SITE, withReporterToken } from './helpers';

const token = withReporterToken();
const URL_ = `${SITE}/api/v2/fn/ps/update`;

function post(body: unknown, headers: Record<string, string> = {}) {
  return POST(
    new Request(URL_, {
      method: 'POST',
      // What the agents send (processforlinux's user agent; others are much alike).
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/112.0.0.0 Safari/537.36 uacq',
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

describe('POST /api/v3/fn/ps/update (agents configured with v3)', () => {
  it('takes a report and reads the state like v2', async () => {
    const res = await postV3(
      new Request(`${SITE}/api/v3/fn/ps/update`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ timestamp: Date.now(), key: token(), process: 'Figma' }),
      }),
    );
    expect(res.status).toBe(200);
    expect((await getSnapshot()).activities.find((a) => a.kind === 'app')).toMatchObject({ name: 'Figma', source: 'mixspace' });
    expect(await (await getV3()).json()).toMatchObject({ processName: 'Figma' });
  });
});

describe('POST /api/v2/fn/ps/update', () => {
  it('takes an older agent report (process as a string, meta, media, seconds)', async () => {
    const res = await post({
      timestamp: Math.floor(Date.now() / 1000),
      key: token(),
      process: 'Code',
      media: { title: 'Vantablack', artist: 'Dool', SourceAppName: 'Spotify', AlbumTitle: 'Here Now, There Then', AlbumArtist: 'Dool' },
      meta: { iconUrl: 'https://example.com/code.png', description: 'page.tsx — site' },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ ok: 1, process: { name: 'Code', iconUrl: 'https://example.com/code.png' }, media: { title: 'Vantablack' } });

    const snapshot = await getSnapshot();
    const app = snapshot.activities.find((a) => a.kind === 'app');
    const music = snapshot.activities.find((a) => a.kind === 'music');
    expect(app).toMatchObject({ kind: 'app', name: 'Code', source: 'mixspace', iconUrl: 'https://example.com/code.png', description: 'page.tsx — site' });
    expect(music).toMatchObject({ kind: 'music', title: 'Vantablack', artist: 'Dool', album: 'Here Now, There Then', player: 'Spotify', source: 'mixspace' });
    // An app is kept 5 minutes, like the agents' own servers (300 s).
    const appLeft = Date.parse(app!.expiresAt!) - Date.now();
    expect(appLeft).toBeGreaterThan(290_000);
    expect(appLeft).toBeLessThanOrEqual(300_000);
  });

  it('takes a current agent report (process object, media in seconds, milliseconds timestamp)', async () => {
    const res = await post({
      timestamp: Date.now(),
      key: token(),
      process: { name: 'Xcode', description: 'Building Nowline' },
      media: { title: 'Song', artist: 'Singer', processName: 'Music', duration: 215, elapsedTime: 42 },
      title: 'ContentView.swift — Nowline',
    });
    expect(res.status).toBe(200);
    const music = (await getSnapshot()).activities.find((a) => a.kind === 'music');
    expect(music).toMatchObject({ title: 'Song', player: 'Music', durationMs: 215_000, positionMs: 42_000 });
    // Track end + 30 s: 215 - 42 + 30 = 203 s.
    const left = Date.parse(music!.expiresAt!) - Date.now();
    expect(left).toBeGreaterThan(200_000);
    expect(left).toBeLessThanOrEqual(203_000);
    // The window title is stored, but hidden from the public by default.
    const { getRawActivities } = await import('@/lib/status/store');
    expect((await getRawActivities()).find((a) => a.kind === 'app')).toMatchObject({ title: 'ContentView.swift — Nowline' });
    expect((await getSnapshot()).activities.find((a) => a.kind === 'app')).not.toHaveProperty('title');
  });

  it('stores a base64 icon and a data URL cover, and publishes site URLs instead', async () => {
    const png = await makeImage('png');
    const jpeg = await makeImage('jpeg');
    const res = await post({
      timestamp: Math.floor(Date.now() / 1000),
      key: token(),
      process: { name: 'Figma', iconBase64: png.toString('base64') },
      media: { title: 'Song', artist: 'Singer', AlbumThumbnail: `data:image/jpeg;base64,${jpeg.toString('base64')}` },
    });
    expect(res.status).toBe(200);
    const snapshot = await getSnapshot();
    const app = snapshot.activities.find((a) => a.kind === 'app');
    const music = snapshot.activities.find((a) => a.kind === 'music');
    expect(app).toMatchObject({ iconUrl: expect.stringMatching(/^\/api\/images\/[0-9a-f]{64}\.png$/) });
    expect(music).toMatchObject({ coverUrl: expect.stringMatching(/^\/api\/images\/[0-9a-f]{64}\.jpg$/) });
    expect(await getDb().image.count()).toBe(2);
    await expectNothingPrivate();
  });

  it('drops an image that is not one, keeps the rest, and says why', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64');
    const res = await post({ key: token(), process: { name: 'Inkscape', iconBase64: svg }, media: { title: 'Song', artist: 'Singer', AlbumThumbnail: '%%%not base64%%%' } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.ok).toBe(1);
    expect(body.errors).toEqual([
      'process.iconBase64: is not a PNG, JPEG, WebP or GIF image; dropped',
      'media.AlbumThumbnail: is not valid base64; dropped',
    ]);
    const snapshot = await getSnapshot();
    expect(snapshot.activities.find((a) => a.kind === 'app')).toMatchObject({ name: 'Inkscape' });
    expect(snapshot.activities.find((a) => a.kind === 'app')).not.toHaveProperty('iconUrl');
    expect(snapshot.activities.find((a) => a.kind === 'music')).not.toHaveProperty('coverUrl');
    expect((await latestReport()).error).toContain('process.iconBase64: is not a PNG, JPEG, WebP or GIF image');
    expect(await getDb().image.count()).toBe(0);
  });

  it('takes a report with only media, leaving the app alone', async () => {
    await post({ key: token(), process: 'Code' });
    const before = (await getSnapshot()).activities.find((a) => a.kind === 'app');
    await post({ key: token(), media: { title: 'Only music', artist: 'Band' } });
    const snapshot = await getSnapshot();
    expect(snapshot.activities.find((a) => a.kind === 'app')).toEqual(before);
    expect(snapshot.activities.find((a) => a.kind === 'music')).toMatchObject({ title: 'Only music' });
  });

  it('finds a key near the end of the search window in a body trickled in small chunks, searching each byte a bounded number of times', async () => {
    const head = JSON.stringify({ timestamp: Math.floor(Date.now() / 1000), process: 'Trickled', meta: { description: 'x'.repeat(60_000) } });
    const text = `${head.slice(0, -1)},"key" :  ${JSON.stringify(token())}}`;
    const bytes = new TextEncoder().encode(text);
    const CHUNK = 16;
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(i, (i += CHUNK)));
      },
    });
    const find = vi.spyOn(mixSpaceAdapter.bodyKey!, 'find');
    try {
      const res = await POST(new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit));
      expect(res.status).toBe(200);
      expect((await getSnapshot()).activities.find((a) => a.kind === 'app')).toMatchObject({ name: 'Trickled' });
      const scanned = find.mock.calls.reduce((sum, [t]) => sum + t.length, 0);
      // Each search sees the new chunk plus the overlap: linear in the body, not quadratic.
      expect(find.mock.calls.length).toBeGreaterThan(bytes.length / CHUNK - 2);
      expect(Math.max(...find.mock.calls.map(([t]) => t.length))).toBeLessThanOrEqual(KEY_MATCH_MAX + CHUNK);
      expect(scanned).toBeLessThan((bytes.length / CHUNK + 1) * (KEY_MATCH_MAX + CHUNK));
    } finally {
      find.mockRestore();
    }
  });

  it('answers 401 on a wrong key and changes nothing', async () => {
    await expectRefused401(await getSnapshot(), [post({ key: 'nl_wrong', process: 'Code', timestamp: 1717000000 })]);
  });

  const malformed: MalformedCase[] = [
    ['not JSON', '{"key": ', 'not valid JSON'],
    ['an array', '[1,2]', 'JSON object'],
    ['process of the wrong type', { process: 42 }, 'process'],
    ['media of the wrong type', { process: 'Code', media: 'Song' }, 'media'],
    ['a bad timestamp', { process: 'Code', timestamp: 'yesterday' }, 'timestamp'],
    ['a key that is not a string', { key: 12345, process: 'Code' }, 'key'],
  ];
  // The key goes in every object body that does not test the key itself.
  itAnswers400ForEach(malformed, (body) => post(typeof body === 'object' && body !== null && !('key' in body) ? { key: token(), ...body } : body));
});

describe('reading the state (GET, or a POST without key)', () => {
  it('reads processName, processInfo and mediaInfo from the public snapshot only', async () => {
    await post({
      key: token(),
      process: { name: 'Code', description: 'editing /home/me/secret-project/notes.md' },
      title: 'notes.md — /home/me/secret-project',
      media: { title: 'Song', artist: 'Singer', processName: 'Spotify', duration: 200, elapsedTime: 10 },
    });
    for (const res of [await GET(), await post({ timestamp: 1717000000 })]) {
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toEqual({
        processName: 'Code',
        processInfo: { name: 'Code', description: 'editing notes.md' },
        mediaInfo: { title: 'Song', artist: 'Singer', processName: 'Spotify', duration: 200, elapsedTime: 10 },
      });
      expect(JSON.stringify(body)).not.toContain('/home/me');
    }
    await expectNothingPrivate();
  });

  it('reads nulls when nothing is live', async () => {
    expect(await (await GET()).json()).toEqual({ processName: null, processInfo: null, mediaInfo: null });
  });
});

describe('parseMixSpace', () => {
  it('takes seconds and milliseconds timestamps alike', () => {
    expect(timestampToMs(1717000000)).toBe(1717000000_000);
    expect(timestampToMs(1717000000123)).toBe(1717000000123);
    expect(parseMixSpace({ key: 'k', timestamp: 1744400000, process: 'Code' }).timestampMs).toBe(1744400000_000);
  });

  it('cuts an over-long window title instead of refusing the report', () => {
    const { report } = parseMixSpace({ key: 'k', process: 'Code', title: 'x'.repeat(1000) });
    expect(report.inputs[0]).toMatchObject({ kind: 'app', title: expect.any(String) });
    expect((report.inputs[0] as { title: string }).title.length).toBeLessThanOrEqual(280);
  });

  it('ignores an empty media object (nothing playing)', () => {
    expect(parseMixSpace({ key: 'k', process: 'Code', media: { title: '', artist: '' } }).report.inputs.map((i) => i.kind)).toEqual(['app']);
  });
});
