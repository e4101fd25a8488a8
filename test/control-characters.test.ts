// Control characters in any text field of any report are refused up front with a 400 naming the
// field (on PostgreSQL a NUL in one report failed every report committed beside it).
import { describe, expect, it } from 'vitest';
import { POST as codetime } from '@/app/api/codetime/[...path]/route';
import { POST as listenbrainz } from '@/app/api/listenbrainz/1/submit-listens/route';
import { POST as native } from '@/app/api/status/route';
import { POST as mixspace } from '@/app/api/v2/fn/ps/update/route';
import { POST as wakatime } from '@/app/api/wakatime/[...path]/route';
import { activityInputSchema } from '@/lib/status/schema';
import { getDb } from '@/lib/db';
import { expectUnchanged, SITE, withReporterToken } from './protocols/helpers';

const token = withReporterToken();

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${SITE}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function expectRefused(response: Response, field: string) {
  expect(response.status).toBe(400);
  const text = JSON.stringify(await response.json());
  expect(text).toContain(field);
  expect(text).toMatch(/control characters/);
  await expectUnchanged({ version: 0 });
}

describe('control characters', () => {
  it('the status model refuses C0 controls and DEL in every text field, and allows ordinary text', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'manual', text: 'a\u0000b' }, 'text'],
      [{ kind: 'manual', emoji: '\u0007' }, 'emoji'],
      [{ kind: 'manual', text: 'ok', source: 'cli\u0000' }, 'source'],
      [{ kind: 'coding', file: 'a\tb.ts' }, 'file'],
      [{ kind: 'coding', project: 'line\nbreak' }, 'project'],
      [{ kind: 'music', title: 'DEL\u007f' }, 'title'],
      [{ kind: 'music', url: 'https://example.com/\tpath' }, 'url'],
      [{ kind: 'gaming', name: 'Game', details: 'esc\u001b[31m' }, 'details'],
      [{ kind: 'app', name: 'App', description: 'cr\rlf' }, 'description'],
    ];
    for (const [input, field] of cases) {
      const parsed = activityInputSchema.safeParse(input);
      expect(parsed.success, JSON.stringify(input)).toBe(false);
      expect(parsed.error!.issues.map((i) => i.path.join('.'))).toContain(field);
    }
    expect(activityInputSchema.safeParse({ kind: 'manual', text: 'Café ☕ — 東京 👩‍💻', emoji: '🎧' }).success).toBe(true);
    // Surrounding whitespace is trimmed, as before, rather than refused.
    expect(activityInputSchema.safeParse({ kind: 'manual', text: '  hello\n' }).success).toBe(true);
  });

  it('native: 400 naming the field, nothing stored', async () => {
    const res = await native(post('/api/status', { kind: 'manual', text: 'hi', source: 'bad\u0000source' }, { authorization: `Bearer ${token()}` }));
    await expectRefused(res, 'source');
    expect(await getDb().statusEvent.count()).toBe(0);
  });

  it('WakaTime: a heartbeat with a NUL is refused with the field named', async () => {
    const res = await wakatime(
      post(
        '/api/wakatime/users/current/heartbeats',
        { entity: 'src/a.ts', type: 'file', time: Date.now() / 1000, project: 'site', language: 'Type\u0000Script' },
        { authorization: `Basic ${Buffer.from(token()).toString('base64')}` },
      ),
    );
    await expectRefused(res, 'language');
  });

  it('CodeTime: refused with the field named', async () => {
    const res = await codetime(
      post('/api/codetime/eventLog', { eventTime: Date.now(), project: 'site', gitBranch: 'main\u0001', editor: 'vscode' }, { token: token() }),
    );
    await expectRefused(res, 'gitBranch');
  });

  it('Mix Space: refused with the field named', async () => {
    const res = await mixspace(post('/api/v2/fn/ps/update', { key: token(), timestamp: Date.now(), process: { name: 'Co\u0000de' } }));
    await expectRefused(res, 'process.name');
  });

  it('ListenBrainz: refused with the field named', async () => {
    const listen = { track_metadata: { artist_name: 'Dool', track_name: 'Vanta\u007fblack' } };
    const res = await listenbrainz(post('/api/listenbrainz/1/submit-listens', { listen_type: 'playing_now', payload: [listen] }, { authorization: `Token ${token()}` }));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/track_name: must not contain control characters/);
  });
});
