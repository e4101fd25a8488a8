// The relay settings are checked at start (a URL needs its key), and each relay's outbox is bounded:
// past NOWLINE_RELAY_MAX_QUEUE the oldest messages go, counted for the owner; /admin shows each.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { RelayStatusList } from '@/components/admin/relay-status';
import { en } from '@/lib/i18n/messages/en';
import { zhCN } from '@/lib/i18n/messages/zh-CN';
import { parseEnv } from '@/lib/env';
import { getDb } from '@/lib/db';
import { trimOutbox } from '@/lib/relays/outbox';
import { withTempSqlite } from './support/database';

describe('relay settings', () => {
  it('needs each URL with its key or token, and http(s) URLs', () => {
    expect(() => parseEnv({ NOWLINE_RELAY_WAKATIME_URL: 'https://api.wakatime.com/api/v1' })).toThrow(/NOWLINE_RELAY_WAKATIME_KEY: required/);
    expect(() => parseEnv({ NOWLINE_RELAY_LISTENBRAINZ_TOKEN: 'secret-token' })).toThrow(/NOWLINE_RELAY_LISTENBRAINZ_URL: required/);
    expect(() => parseEnv({ NOWLINE_RELAY_LISTENBRAINZ_URL: 'ftp://lb.example', NOWLINE_RELAY_LISTENBRAINZ_TOKEN: 't' })).toThrow(
      /NOWLINE_RELAY_LISTENBRAINZ_URL: must be an http\(s\) URL/,
    );
    // The error names the variables, never the secret's value.
    expect(() => parseEnv({ NOWLINE_RELAY_WAKATIME_KEY: 'waka_secret' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('waka_secret') }));
    const parsed = parseEnv({ NOWLINE_RELAY_WAKATIME_URL: 'https://wakapi.example/api/compat/wakatime/v1/', NOWLINE_RELAY_WAKATIME_KEY: 'k' });
    expect(parsed.NOWLINE_RELAY_WAKATIME_URL).toBe('https://wakapi.example/api/compat/wakatime/v1');
    expect(parsed.NOWLINE_RELAY_MAX_QUEUE).toBe(10_000);
  });
});

describe('outbox bound', () => {
  withTempSqlite();

  it('drops the oldest past the bound, per relay, and counts them', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const db = getDb();
    const now = new Date();
    const row = (relay: string, n: number) => ({ relay, body: `{"n":${n}}`, headers: '{}', createdAt: now, nextAttemptAt: now });
    await db.relayMessage.createMany({ data: [1, 2, 3, 4, 5].map((n) => row('wakatime', n)) });
    await db.relayMessage.createMany({ data: [1, 2].map((n) => row('listenbrainz', n)) });

    expect(await trimOutbox('wakatime', db, 3)).toBe(2);
    expect(await trimOutbox('listenbrainz', db, 3)).toBe(0);
    const left = await db.relayMessage.findMany({ orderBy: { id: 'asc' } });
    expect(left.map((r) => `${r.relay}${r.body}`)).toEqual(['wakatime{"n":3}', 'wakatime{"n":4}', 'wakatime{"n":5}', 'listenbrainz{"n":1}', 'listenbrainz{"n":2}']);
    const state = await db.relayState.findUnique({ where: { relay: 'wakatime' } });
    expect(state?.dropped).toBe(2);
    expect(state?.lastError).toMatch(/outbox was full/);
  });
});

describe('relays on /admin', () => {
  const relays = [
    { relay: 'wakatime', host: 'wakapi.example', source: 'saved', savedUrl: 'https://wakapi.example/api', queued: 3, lastSuccessAt: '2026-11-28T10:00:00.000Z', lastError: 'wakapi.example: ECONNREFUSED', lastErrorAt: '2026-11-28T11:00:00.000Z', dropped: 2 },
    { relay: 'listenbrainz', host: null, source: null, savedUrl: null, queued: 0, lastSuccessAt: null, lastError: null, lastErrorAt: null, dropped: 0 },
  ] as const;

  it('shows the host, queue, last delivery, drops and error, or that a relay is not set up', () => {
    const html = renderToStaticMarkup(createElement(RelayStatusList, { relays: [...relays], timeZone: 'UTC', language: 'en', m: en.relays }));
    expect(html).toContain('wakapi.example');
    expect(html).toMatch(/Waiting<\/dt><dd>3</);
    expect(html).toMatch(/Dropped<\/dt><dd>2</);
    expect(html).toContain('28 Nov 2026, 10:00:00');
    expect(html).toContain('ECONNREFUSED');
    expect(html).toMatch(/ListenBrainz<\/h3><p[^>]*>Not set up\./);
    const zh = renderToStaticMarkup(createElement(RelayStatusList, { relays: [...relays], timeZone: 'UTC', language: 'zh-CN', m: zhCN.relays }));
    expect(zh).toContain('未设置');
    expect(zh).toContain('等待中');
  });
});
