// Odd bodies thrown at every protocol route: each gets a 2xx or a 4xx with a JSON reason, never a 5xx.
import { describe, expect, it } from 'vitest';
import { POST as codetime } from '@/app/api/codetime/[...path]/route';
import { POST as listenbrainz } from '@/app/api/listenbrainz/1/submit-listens/route';
import { POST as mixspace } from '@/app/api/v2/fn/ps/update/route';
import { POST as wakatime } from '@/app/api/wakatime/[...path]/route';
import { expectNothingPrivate, SITE, withReporterToken } from './helpers';

const token = withReporterToken();

const ODD_VALUES: unknown[] = [null, true, 0, -1, 1e308, '', 'x', '\u0000', [], {}, [null], [[]], { a: { b: { c: [] } } }, 'x'.repeat(5000)];

function shapes(template: Record<string, unknown>): unknown[] {
  const out: unknown[] = [template, null, 42, 'text', [], [null], {}];
  for (const key of Object.keys(template)) for (const value of ODD_VALUES) out.push({ ...template, [key]: value });
  return out;
}

const routes: [string, (body: string) => Promise<Response>, Record<string, unknown>][] = [
  [
    'mixspace',
    (body) => mixspace(new Request(`${SITE}/api/v2/fn/ps/update`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })),
    { key: '<token>', timestamp: 1717000000, process: { name: 'Code', iconBase64: 'AAAA' }, media: { title: 'T', artist: 'A', duration: 10, AlbumThumbnail: 'x' }, meta: {}, title: 't' },
  ],
  [
    'wakatime',
    (body) =>
      wakatime(
        new Request(`${SITE}/api/wakatime/users/current/heartbeats.bulk`, {
          method: 'POST',
          headers: { authorization: `Basic ${Buffer.from(token()).toString('base64')}`, 'content-type': 'application/json' },
          body,
        }),
        { params: Promise.resolve({ path: ['users', 'current', 'heartbeats.bulk'] }) },
      ),
    { entity: '/home/me/x/y.ts', type: 'file', category: 'coding', time: Date.now() / 1000, project: 'x', branch: 'b', language: 'l', project_root_count: 3, user_agent: 'u', machine: 'm' },
  ],
  [
    'codetime',
    (body) =>
      codetime(new Request(`${SITE}/api/codetime/eventLog`, { method: 'POST', headers: { token: token(), 'content-type': 'application/json' }, body }), {
        params: Promise.resolve({ path: ['eventLog'] }),
      }),
    { project: 'p', language: 'l', relativeFile: 'a/b', absoluteFile: '/home/me/a/b', editor: 'e', platform: 'Linux', eventTime: Date.now(), gitOrigin: 'git@x:y.git', gitBranch: 'b' },
  ],
  [
    'listenbrainz',
    (body) =>
      listenbrainz(new Request(`${SITE}/api/listenbrainz/1/submit-listens`, { method: 'POST', headers: { authorization: `Token ${token()}`, 'content-type': 'application/json' }, body })),
    { listen_type: 'playing_now', payload: [{ track_metadata: { artist_name: 'A', track_name: 'T', additional_info: { duration_ms: 1000, origin_url: 'https://x.example' } } }] },
  ],
];

describe('no input makes a protocol route fail on the server', () => {
  for (const [name, send, template] of routes) {
    it(name, async () => {
      const bodies = shapes(template).map((b) => JSON.stringify(b).replaceAll('<token>', token()));
      bodies.push('{', '\u0000', '[1,2', '"unterminated');
      const statuses = new Set<number>();
      for (const body of bodies) {
        const res = await send(body);
        statuses.add(res.status);
        expect(res.status, `${name} ${body.slice(0, 120)}`).toBeLessThan(500);
        expect(res.headers.get('content-type')).toContain('application/json');
        await res.json();
      }
      expect([...statuses].some((s) => s < 300)).toBe(true);
      expect([...statuses].some((s) => s === 400)).toBe(true);
      await expectNothingPrivate();
    });
  }
});
