// The native ingest route with real Requests against a real SQLite database: bad input gets its
// 4xx and changes nothing; secrets never reach the log.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DELETE, GET, OPTIONS, POST } from '@/app/api/status/route';
import { getDb } from '@/lib/db';
import { getSnapshot } from '@/lib/status/store';
import { createReporterToken, revokeReporterToken } from '@/lib/tokens';
import { useTempSqlite } from './support/database';

let db: ReturnType<typeof useTempSqlite>;
let token: string;
beforeEach(async () => {
  db = useTempSqlite();
  token = (await createReporterToken(getDb(), 'laptop')).token;
});
afterEach(async () => {
  vi.restoreAllMocks();
  await db.cleanup();
});

const URL_ = 'http://localhost/api/status';
function post(body: string | null, headers: Record<string, string> = {}) {
  return POST(
    new Request(URL_, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body,
    }),
  );
}

describe('POST /api/status', () => {
  it('applies a report and replies with the new snapshot', async () => {
    const res = await post(JSON.stringify({ kind: 'coding', language: 'Rust', project: 'nowline' }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.headline).toMatchObject({ kind: 'coding', language: 'Rust', project: 'nowline' });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await getSnapshot()).version).toBe(body.version);
  });

  const badCases: [string, () => Promise<Response>, number, string][] = [
    ['no token', () => post('{}', { authorization: '' }), 401, 'unauthorized'],
    ['wrong token', () => post('{"kind":"app","name":"x"}', { authorization: 'Bearer nl_wrong' }), 401, 'unauthorized'],
    ['not JSON', () => post('kind=app', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type'],
    ['malformed JSON', () => post('{"kind": "app",'), 400, 'invalid_json'],
    ['empty body', () => post(''), 400, 'invalid_json'],
    ['too large', () => post(JSON.stringify({ kind: 'app', name: 'x', description: 'y'.repeat(70_000) })), 413, 'payload_too_large'],
    ['unknown kind', () => post('{"kind":"sleeping"}'), 400, 'invalid_request'],
    ['wrong type', () => post('{"kind":"music","title":5}'), 400, 'invalid_request'],
    ['over-long text', () => post(JSON.stringify({ kind: 'manual', text: 'x'.repeat(281) })), 400, 'invalid_request'],
  ];

  for (const [name, send, status, code] of badCases) {
    it(`answers ${status} for ${name} and changes nothing`, async () => {
      const before = await getSnapshot();
      const res = await send();
      expect(res.status).toBe(status);
      const body = await res.json();
      expect(body.error.code).toBe(code);
      expect(typeof body.error.message).toBe('string');
      expect((await getSnapshot()).version).toBe(before.version);
      expect(await getDb().statusEvent.count()).toBe(0);
    });
  }

  it('names the offending field', async () => {
    const body = await (await post('{"kind":"manual","text":"' + 'x'.repeat(300) + '"}')).json();
    expect(body.error.fields).toEqual([{ field: 'text', message: expect.any(String) }]);
    expect(body.error.message).toContain('text');
  });

  it('refuses a revoked token', async () => {
    const { token: other, summary } = await createReporterToken(getDb(), 'old');
    await revokeReporterToken(getDb(), summary.id);
    const res = await post('{"kind":"app","name":"x"}', { authorization: `Bearer ${other}` });
    expect(res.status).toBe(401);
  });

  it('never logs the token, even on a server error', async () => {
    const logged: string[] = [];
    for (const method of ['log', 'error', 'warn', 'info'] as const) {
      vi.spyOn(console, method).mockImplementation((...args) => void logged.push(args.map(String).join(' ')));
    }
    await post('{"kind":"app","name":"x"}');
    await post('{broken', {});
    await post('{}', { authorization: `Bearer ${token}x` });
    expect(logged.join('\n')).not.toContain(token);
  });

  it('records when a token was last used', async () => {
    await post('{"kind":"app","name":"x"}');
    const row = await getDb().reporterToken.findFirst({ where: { name: 'laptop' } });
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
  });
});

describe('DELETE /api/status', () => {
  it('clears one kind', async () => {
    await post('{"kind":"music","title":"Song"}');
    const res = await DELETE(new Request(`${URL_}?kind=music`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } }));
    expect(res.status).toBe(200);
    expect((await res.json()).activities).toEqual([]);
  });

  it('refuses an unknown kind with 400 and a missing token with 401', async () => {
    const bad = await DELETE(new Request(`${URL_}?kind=dance`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields[0].field).toBe('kind');
    const anon = await DELETE(new Request(`${URL_}?kind=music`, { method: 'DELETE' }));
    expect(anon.status).toBe(401);
  });
});

describe('GET /api/status', () => {
  const poll = (etag?: string | null) =>
    GET(new Request(URL_, { headers: etag ? { 'if-none-match': etag } : {} }));

  it('is open to other sites and always revalidated, never served stale', async () => {
    const res = await GET();
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('access-control-expose-headers')).toBe('ETag');
    expect((await res.json()).version).toBe(0);
  });

  it('answers 304 with no body while the snapshot is unchanged, 200 with a new tag after a change', async () => {
    const first = await poll();
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^W\/"0-[\w-]{16}"$/);
    const again = await poll(tag);
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(tag);
    expect(await again.text()).toBe('');
    // The strong form of the same tag and a list holding it match too (weak comparison).
    expect((await poll(tag!.slice(2))).status).toBe(304);
    expect((await poll(`"other", ${tag}`)).status).toBe(304);

    await post(JSON.stringify({ kind: 'manual', text: 'Deep work' }));
    const changed = await poll(tag);
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(tag);
    expect((await changed.json()).headline).toMatchObject({ text: 'Deep work' });
  });

  it('changes its tag when privacy rules change what is shown without a new version', async () => {
    const { getPrivacyRules, savePrivacyRules } = await import('@/lib/status/store');
    await post(JSON.stringify({ kind: 'app', name: 'Figma' }));
    const before = await poll();
    const tag = before.headers.get('etag');
    const { version } = await before.json();
    await savePrivacyRules({ ...(await getPrivacyRules()), apps: [{ match: 'Figma', regex: false, action: 'hide' }] });
    const after = await poll(tag);
    expect(after.status).toBe(200);
    const body = await after.json();
    expect(body.version).toBe(version); // SQLite: a rules save takes no version
    expect(body.activities).toEqual([]);
    expect(after.headers.get('etag')).not.toBe(tag);
  });

  it('carries siteVersion, and a new tag when the site settings are saved', async () => {
    const { saveSiteSettings } = await import('@/lib/status/store');
    const { getSiteSettings } = await import('@/lib/site/settings');
    const { siteSettingsInputSchema } = await import('@/lib/site/settings-schema');
    const before = await poll();
    const tag = before.headers.get('etag');
    expect((await before.json()).siteVersion).toBe(0);
    const { name, avatar, tagline, about, links, sections, timeZone, language, precedence, accentColor, nowText } = await getSiteSettings();
    const fields = { name, avatar, tagline, about, links, sections, timeZone, language, precedence, accentColor, nowText };
    await saveSiteSettings(siteSettingsInputSchema.parse({ ...fields, links: [], tagline: 'New tagline' }));
    const after = await poll(tag);
    expect(after.status).toBe(200);
    expect((await after.json()).siteVersion).toBe(1);
    expect(after.headers.get('etag')).not.toBe(tag);
  });
});

describe('OPTIONS /api/status (CORS preflight)', () => {
  it('lets any site read, send and clear with a token: origin, methods, headers and max-age', async () => {
    const res = OPTIONS();
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const list = (name: string) => (res.headers.get(name) ?? '').split(',').map((v) => v.trim().toLowerCase());
    expect(list('access-control-allow-methods')).toEqual(expect.arrayContaining(['get', 'post', 'delete', 'options']));
    expect(list('access-control-allow-headers')).toEqual(expect.arrayContaining(['authorization', 'content-type', 'last-event-id']));
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(await res.text()).toBe('');
  });
});

describe('recent reports', () => {
  it('lists accepted and refused native reports for the owner, without the token', async () => {
    const { listRecentReports } = await import('@/lib/status/reports');
    await post('{"kind":"app","name":"Figma"}');
    await post('{"kind":"music","title":7}');
    const [refused, accepted] = await listRecentReports();
    expect(accepted).toMatchObject({ protocol: 'api', tokenName: 'laptop', published: [{ kind: 'app', name: 'Figma' }] });
    expect(refused).toMatchObject({ protocol: 'api', tokenName: 'laptop', published: [] });
    expect(refused?.error).toContain('title');
    expect(JSON.stringify(await listRecentReports())).not.toContain(token);
  });
});
