// The recent-reports log keeps a bounded preview of each body: a reporter sending a megabyte of
// keys must not grow the server's memory by a megabyte per report.
import { describe, expect, it } from 'vitest';
import { listRecentReports, PREVIEW_MAX_CHARS, PREVIEW_MAX_DEPTH, previewRaw, RECENT_REPORTS_LIMIT, recordReport } from '@/lib/status/reports';
import { getDb } from '@/lib/db';
import { pruneHistory } from '@/lib/history/prune';
import { resetAppGlobals, withTempSqlite } from './support/database';
import { defined } from './support/defined';
import { waitUntil } from './support/wait.js';

withTempSqlite();

function manyKeys(count: number, secret: string) {
  const body: Record<string, unknown> = { token: secret, nested: { api_key: secret, ok: 'visible' } };
  for (let i = 0; i < count; i++) body[`key_${i}`] = `value number ${i} ${'x'.repeat(10)}`;
  return body;
}

describe('report previews', () => {
  it('stores a 62k-key body as a preview of bounded size, secrets still hidden', async () => {
    const secret = 'sk-' + 'z'.repeat(40);
    const body = manyKeys(62_000, secret);
    expect(JSON.stringify(body).length).toBeGreaterThan(1_000_000);

    recordReport({ tokenName: 'laptop', protocol: 'native', raw: body, published: [] });
    const stored = defined((await listRecentReports())[0], 'the recorded report');
    const json = JSON.stringify(stored.raw);
    expect(json.length).toBeLessThanOrEqual(PREVIEW_MAX_CHARS);
    expect(json).not.toContain(secret);
    expect(json).toContain('[hidden]');
    expect(json).toContain('visible');
    const marker = (stored.raw as Record<string, string>)['…'];
    expect(marker).toMatch(/^\(\d+ more keys\)$/);
    const shown = Object.keys(stored.raw as object).length - 1;
    expect(marker).toBe(`(${62_002 - shown} more keys)`);
  });

  it('bounds total size however the budget is spent: wide, long and deep', () => {
    const wideNested = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`o${i}`, manyKeys(100, 's')]));
    const longStrings = Array.from({ length: 1000 }, () => 'y'.repeat(5000));
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    for (const value of [wideNested, longStrings, deep]) {
      expect(JSON.stringify(previewRaw(value)).length).toBeLessThanOrEqual(PREVIEW_MAX_CHARS);
    }
    expect(JSON.stringify(previewRaw(longStrings))).toMatch(/more items/);
    let level = previewRaw(deep);
    let depth = 0;
    while (level && typeof level === 'object') {
      level = (level as { d: unknown }).d;
      depth++;
    }
    expect(depth).toBe(PREVIEW_MAX_DEPTH);
    expect(level).toBe('…');
  });

  it('keeps small bodies whole', () => {
    const body = { kind: 'coding', project: 'nowline', tags: ['a', 'b'], n: 3, ok: true, none: null };
    expect(previewRaw(body)).toEqual(body);
  });
});

describe('recent reports in the database', () => {
  it('are written without being asked, and survive a restart', async () => {
    recordReport({ tokenName: 'laptop', protocol: 'wakatime', raw: { entity: 'a.ts' }, published: [], error: 'time: too old' });
    // Buffered, then written on a timer: no query on the report's own path.
    await waitUntil(async () => (await getDb().recentReport.count()) === 1);
    resetAppGlobals(); // a new process: nothing in memory
    const [report] = await listRecentReports();
    expect(report).toMatchObject({ tokenName: 'laptop', protocol: 'wakatime', raw: { entity: 'a.ts' }, published: [], error: 'time: too old' });
    expect(Math.abs(Date.parse(defined(report, 'the report').receivedAt) - Date.now())).toBeLessThan(60_000);
  });

  it('keep only the newest ones, newest first', async () => {
    for (let i = 0; i < RECENT_REPORTS_LIMIT + 30; i++) {
      recordReport({ tokenName: 'laptop', protocol: 'api', raw: { n: i }, published: [] });
      if (i === 40) await listRecentReports(); // a write in between: the table itself is trimmed
    }
    const reports = await listRecentReports();
    expect(reports).toHaveLength(RECENT_REPORTS_LIMIT);
    expect(reports[0]?.raw).toEqual({ n: RECENT_REPORTS_LIMIT + 29 });
    expect(reports.at(-1)?.raw).toEqual({ n: 30 });
    expect(await getDb().recentReport.count()).toBe(RECENT_REPORTS_LIMIT);
  });

  it('are trimmed by the pruning run too', async () => {
    await getDb().recentReport.createMany({
      data: Array.from({ length: RECENT_REPORTS_LIMIT + 5 }, (_, i) => ({ receivedAt: new Date(), protocol: 'api', raw: String(i), published: '[]' })),
    });
    const result = await pruneHistory(getDb(), { eventRetentionDays: 7, sessionRetentionDays: 0 });
    expect(result.reports).toBe(5);
    expect(await getDb().recentReport.count()).toBe(RECENT_REPORTS_LIMIT);
  });
});
