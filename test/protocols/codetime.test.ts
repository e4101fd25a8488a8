// CodeTime plugins (VS Code: eventLog; JetBrains: batchEventLog) through the real route.
import { describe, expect, it, vi } from 'vitest';
import { GET, POST } from '@/app/api/codetime/[...path]/route';
import { getRawActivities, getSnapshot } from '@/lib/status/store';
import { codetimeEvent as event } from '../support/fixtures';
import { expectNothingPrivate, expectRefused401, expectUnchanged, itAnswers400ForEach, latestReport, type MalformedCase, SITE, withReporterToken, SAMPLE_CODING } from './helpers';

const token = withReporterToken();

/** The plugin's request: got with `prefixUrl` = the entrypoint, a `token` header and its user agent. */
function send(path: string, body: unknown, headers: Record<string, string> = {}) {
  return POST(
    new Request(`${SITE}/api/codetime/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'CodeTime Client', token: token(), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
    { params: Promise.resolve({ path: path.split('/') }) },
  );
}

describe('POST /api/codetime/eventLog', () => {
  it('maps an event to coding and answers with JSON', async () => {
    const res = await send('eventLog', event());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    const snapshot = await getSnapshot();
    expect(snapshot.headline).toMatchObject({ ...SAMPLE_CODING, source: 'codetime' });
    // The machine is kept for the owner and published only when the owner shows machine names.
    expect(snapshot.headline).not.toHaveProperty('machine');
    expect((await getRawActivities()).find((a) => a.kind === 'coding')).toMatchObject({ file: 'app/page.tsx', machine: 'Linux' });
    // Neither the absolute path nor the git remote is kept, let alone published.
    expect(JSON.stringify(await getRawActivities())).not.toMatch(/home\/me|git@/);
    await expectNothingPrivate();
  });

  it('leaves out the file of another workspace', async () => {
    await send('eventLog', event({ relativeFile: '[other workspace]', absoluteFile: '/etc/hosts' }));
    expect((await getRawActivities()).find((a) => a.kind === 'coding')).not.toHaveProperty('file');
  });

  it('answers 401 on a wrong or missing token and changes nothing', async () => {
    const before = await getSnapshot();
    await expectRefused401(before, [send('eventLog', event(), { token: '00000000-0000-0000-0000-000000000000' }), send('eventLog', event(), { token: '' })]);
  });

  const malformed: MalformedCase[] = [
    ['not JSON', '{"project":', 'not valid JSON'],
    ['a string', '"hello"', 'event object'],
    ['no eventTime', event({ eventTime: undefined }), 'eventTime'],
    ['an eventTime that is not a number', event({ eventTime: 'soon' }), 'eventTime'],
    ['an eventTime hours ahead', event({ eventTime: Date.now() + 3 * 3600_000 }), 'future'],
  ];
  itAnswers400ForEach(malformed, (body) => send('eventLog', body));
});

describe('POST /api/codetime/batchEventLog', () => {
  it('takes the latest good event of a batch and names the bad ones', async () => {
    const now = Date.now();
    const res = await send('batchEventLog', [
      event({ eventTime: now - 30_000, project: 'older', editor: 'IntelliJ IDEA' }),
      event({ eventTime: now, project: 'newer', editor: 'IntelliJ IDEA', language: 'kotlin' }),
      { project: 'broken' },
    ]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 2, rejected: [{ index: 2, error: expect.stringContaining('eventTime') }] });
    expect((await getSnapshot()).headline).toMatchObject({ project: 'newer', editor: 'IntelliJ IDEA', language: 'Kotlin' });
    expect((await latestReport()).error).toContain('event 2: eventTime');
  });

  it('accepts old events without making them "now"', async () => {
    const before = await getSnapshot();
    expect((await send('batchEventLog', [event({ eventTime: Date.now() - 2 * 3600_000 })])).status).toBe(200);
    await expectUnchanged(before);
  });
});

describe('GET /api/codetime/user/minutes', () => {
  const get = (headers: Record<string, string>, query = '?minutes=1440') =>
    GET(new Request(`${SITE}/api/codetime/user/minutes${query}`, { headers: { 'user-agent': 'CodeTime Client', ...headers } }), {
      params: Promise.resolve({ path: ['user', 'minutes'] }),
    });

  it('confirms a good token (the plugin forgets a token that fails here)', async () => {
    const res = await get({ token: token() });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ minutes: 0 });
  });

  it('answers with the coding minutes of the window the plugin asks for, from the history', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const start = Date.parse('2026-11-20T09:00:00Z');
      for (let minute = 0; minute <= 45; minute += 3) {
        vi.setSystemTime(start + minute * 60_000);
        expect((await send('eventLog', event())).status).toBe(200);
      }
      vi.setSystemTime(start + 60 * 60_000);
      expect(await (await get({ token: token() })).json()).toEqual({ minutes: 45 });
      expect(await (await get({ token: token() }, '?minutes=30')).json()).toEqual({ minutes: 15 });
      expect(await (await get({ token: token() }, '')).json()).toEqual({ minutes: 45 }); // since the owner's midnight
      const bad = await get({ token: token() }, '?minutes=soon');
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.fields).toEqual([{ field: 'minutes', message: expect.stringMatching(/whole number/) }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers 401 on a wrong token', async () => {
    expect((await get({ token: 'nope' })).status).toBe(401);
  });
});
