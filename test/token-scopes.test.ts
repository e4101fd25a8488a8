// Reporter tokens limited to the protocols and kinds they need: refused with 403 and a clear
// message, before the body is read where the protocol alone decides; unlimited tokens unchanged.
import { describe, expect, it } from 'vitest';
import { GET as codetimeGet, POST as codetime } from '@/app/api/codetime/[...path]/route';
import { GET as validateListenBrainz } from '@/app/api/listenbrainz/1/validate-token/route';
import { DELETE as nativeDelete, POST as native } from '@/app/api/status/route';
import { POST as mixspace } from '@/app/api/v2/fn/ps/update/route';
import { getDb } from '@/lib/db';
import { listRecentReports } from '@/lib/status/reports';
import { getSnapshot } from '@/lib/status/store';
import { parseTokenScopes, scopeRefusal } from '@/lib/token-scopes';
import { createReporterToken, listReporterTokens, verifyReporterToken } from '@/lib/tokens';
import { SITE, withReporterToken } from './protocols/helpers';

const unlimited = withReporterToken();

const json = (path: string, body: unknown, headers: Record<string, string>) =>
  new Request(`${SITE}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const codingEvent = () => ({ eventTime: Date.now(), project: 'site', language: 'typescript', editor: 'vscode', relativeFile: 'a.ts' });

describe('token scopes', () => {
  it('are stored, listed and verified; tokens made without them stay unlimited', async () => {
    const { token, summary } = await createReporterToken(getDb(), 'editor', { protocols: ['codetime', 'wakatime'], kinds: ['coding'] });
    expect(summary).toMatchObject({ protocols: ['codetime', 'wakatime'], kinds: ['coding'] });
    expect(await verifyReporterToken(getDb(), token)).toMatchObject({ name: 'editor', protocols: ['codetime', 'wakatime'], kinds: ['coding'] });
    expect(await verifyReporterToken(getDb(), unlimited())).toMatchObject({ name: 'laptop', protocols: null, kinds: null });
    const listed = await listReporterTokens(getDb());
    expect(listed.find((t) => t.name === 'laptop')).toMatchObject({ protocols: null, kinds: null });
    expect(listed.find((t) => t.name === 'editor')).toMatchObject({ protocols: ['codetime', 'wakatime'], kinds: ['coding'] });
  });

  it('a CodeTime token cannot set the manual status, and is refused before its body is read', async () => {
    const { token } = await createReporterToken(getDb(), 'codetime only', { protocols: ['codetime'], kinds: ['coding'] });
    let pulled = false;
    const body = new ReadableStream(
      {
        pull(controller) {
          pulled = true;
          controller.enqueue(new TextEncoder().encode(JSON.stringify({ kind: 'manual', text: 'Hijacked' })));
          controller.close();
        },
      },
      // Pulled only when someone reads, as the fast lane's socket stream is.
      { highWaterMark: 0 },
    );
    const res = await native(
      new Request(`${SITE}/api/status`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(res.status).toBe(403);
    const error = (await res.json()).error;
    expect(error).toMatchObject({ code: 'forbidden' });
    expect(error.message).toMatch(/only through codetime, not api/);
    expect(pulled).toBe(false);
    expect((await getSnapshot()).activities).toEqual([]);
    // The owner sees why on /admin.
    expect((await listRecentReports())[0]).toMatchObject({ tokenName: 'codetime only', error: expect.stringMatching(/not api/) });

    // Through its own protocol it works.
    expect((await codetime(json('/api/codetime/eventLog', codingEvent(), { token }))).status).toBe(200);
    expect((await codetimeGet(new Request(`${SITE}/api/codetime/user/minutes`, { headers: { token } }))).status).toBe(200);
    expect((await getSnapshot()).activities.map((a) => a.kind)).toEqual(['coding']);
  });

  it('a kind limit refuses a report that sets another kind, whole', async () => {
    const { token } = await createReporterToken(getDb(), 'music box', { kinds: ['music'] });
    const res = await mixspace(
      json('/api/v2/fn/ps/update', { key: token, timestamp: Date.now(), process: 'Code', media: { title: 'Song', artist: 'Singer' } }, {}),
    );
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/only music activities, not app/);
    expect((await getSnapshot()).activities).toEqual([]);

    const ok = await mixspace(json('/api/v2/fn/ps/update', { key: token, timestamp: Date.now(), media: { title: 'Song', artist: 'Singer' } }, {}));
    expect(ok.status).toBe(200);
    expect((await getSnapshot()).activities.map((a) => a.kind)).toEqual(['music']);

    const manual = await native(json('/api/status', { kind: 'manual', text: 'no' }, { authorization: `Bearer ${token}` }));
    expect(manual.status).toBe(403);
    const clear = (kind: string) =>
      nativeDelete(new Request(`${SITE}/api/status?kind=${kind}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } }));
    expect((await clear('manual')).status).toBe(403);
    expect((await clear('music')).status).toBe(200);
  });

  it('an unlimited token still reports through every protocol', async () => {
    expect((await native(json('/api/status', { kind: 'manual', text: 'Hi' }, { authorization: `Bearer ${unlimited()}` }))).status).toBe(200);
    expect((await codetime(json('/api/codetime/eventLog', codingEvent(), { token: unlimited() }))).status).toBe(200);
  });

  it('ListenBrainz token validation says invalid for a token limited to other protocols', async () => {
    const { token } = await createReporterToken(getDb(), 'editor', { protocols: ['wakatime'] });
    const check = async (t: string) =>
      (await validateListenBrainz(new Request(`${SITE}/api/listenbrainz/1/validate-token`, { headers: { authorization: `Token ${t}` } }))).json();
    expect(await check(token)).toMatchObject({ valid: false });
    expect(await check(unlimited())).toMatchObject({ valid: true });
  });

  it('scope names are checked; empty means no limit', () => {
    expect(parseTokenScopes(['wakatime,codetime'], ['Coding'])).toEqual({ protocols: ['wakatime', 'codetime'], kinds: ['coding'] });
    expect(parseTokenScopes([], undefined)).toEqual({ protocols: null, kinds: null });
    expect(() => parseTokenScopes(['spotify'], [])).toThrow(/Unknown protocol: spotify/);
    expect(scopeRefusal({ protocols: null, kinds: null }, 'api', ['manual'])).toBeNull();
  });
});
