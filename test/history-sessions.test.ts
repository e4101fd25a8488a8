// History sessions through the store's write path, on a real SQLite database and a fake clock:
// one row per continuous activity, extended while it goes on, closed when replaced, cleared or expired.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetAppGlobals, withTempSqlite } from './support/database';
import { getDb } from '@/lib/db';
import { clearActivity, reportActivities } from '@/lib/status/store';

withTempSqlite();

const START = Date.parse('2026-11-20T09:00:00.000Z');
const MINUTE = 60_000;

async function sessions() {
  const rows = await getDb().activitySession.findMany({ orderBy: { id: 'asc' } });
  return rows.map((r) => ({
    kind: r.kind,
    fields: JSON.parse(r.fields),
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt.toISOString(),
  }));
}

const at = (minutes: number) => new Date(START + minutes * MINUTE).toISOString();

describe('history sessions', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(START);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('makes one session of coding reports spread over an hour, with the right start and end', async () => {
    for (let minute = 0; minute <= 60; minute += 2) {
      vi.setSystemTime(START + minute * MINUTE);
      await reportActivities(
        [{ kind: 'coding', project: 'nowline', language: 'TypeScript', editor: 'VS Code', file: 'a.ts' }],
        'wakatime',
      );
    }
    // Expired: the next report notices and writes the last end it knew.
    vi.setSystemTime(START + 90 * MINUTE);
    await reportActivities(
      [{ kind: 'coding', project: 'nowline', language: 'TypeScript', editor: 'VS Code' }],
      'wakatime',
    );
    const rows = await sessions();
    expect(rows[0]).toEqual({
      kind: 'coding',
      fields: { project: 'nowline', language: 'TypeScript', editor: 'VS Code' },
      startedAt: at(0),
      endedAt: at(60),
    });
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ startedAt: at(90), endedAt: at(90) });
  });

  it('writes an extension only when the end moved by more than 30 s', async () => {
    await reportActivities([{ kind: 'coding', project: 'nowline' }], 'api');
    vi.setSystemTime(START + 20_000);
    await reportActivities([{ kind: 'coding', project: 'nowline' }], 'api');
    expect((await sessions())[0]?.endedAt).toBe(at(0));
    vi.setSystemTime(START + 40_000);
    await reportActivities([{ kind: 'coding', project: 'nowline' }], 'api');
    expect((await sessions())[0]?.endedAt).toBe(new Date(START + 40_000).toISOString());
  });

  it('closes one session and opens another when the project changes', async () => {
    await reportActivities([{ kind: 'coding', project: 'nowline', language: 'TypeScript' }], 'api');
    vi.setSystemTime(START + 5 * MINUTE);
    await reportActivities([{ kind: 'coding', project: 'nowline', language: 'TypeScript' }], 'api');
    vi.setSystemTime(START + 8 * MINUTE);
    await reportActivities([{ kind: 'coding', project: 'website', language: 'TypeScript' }], 'api');
    const rows = await sessions();
    expect(rows).toEqual([
      expect.objectContaining({
        fields: { project: 'nowline', language: 'TypeScript' },
        startedAt: at(0),
        endedAt: at(8),
      }),
      expect.objectContaining({
        fields: { project: 'website', language: 'TypeScript' },
        startedAt: at(8),
        endedAt: at(8),
      }),
    ]);
  });

  it('closes a session at expiry: a report after it opens a new one, even for the same project', async () => {
    await reportActivities([{ kind: 'gaming', name: 'Celeste' }], 'api');
    vi.setSystemTime(START + 3 * MINUTE);
    await reportActivities([{ kind: 'gaming', name: 'Celeste' }], 'api');
    vi.setSystemTime(START + 20 * MINUTE); // gaming expires 5 min after the last report
    await reportActivities([{ kind: 'gaming', name: 'Celeste' }], 'api');
    expect(await sessions()).toEqual([
      expect.objectContaining({ startedAt: at(0), endedAt: at(3) }),
      expect.objectContaining({ startedAt: at(20), endedAt: at(20) }),
    ]);
  });

  it('ends a session when its kind is cleared, and a track where it finished', async () => {
    await reportActivities([{ kind: 'app', name: 'Figma' }], 'api');
    vi.setSystemTime(START + 2 * MINUTE);
    await clearActivity('app', 'api');
    await reportActivities(
      [{ kind: 'music', title: 'Intro', artist: 'The xx', durationMs: 120_000, positionMs: 0 }],
      'api',
    );
    vi.setSystemTime(START + 4 * MINUTE + 10_000); // within the track's 30 s grace
    await reportActivities(
      [{ kind: 'music', title: 'VCR', artist: 'The xx', durationMs: 180_000, positionMs: 0 }],
      'api',
    );
    const rows = await sessions();
    expect(rows.find((r) => r.kind === 'app')).toMatchObject({ startedAt: at(0), endedAt: at(2) });
    expect(rows.filter((r) => r.kind === 'music')).toEqual([
      expect.objectContaining({ fields: { title: 'Intro', artist: 'The xx' }, startedAt: at(2), endedAt: at(4) }),
      expect.objectContaining({
        fields: { title: 'VCR', artist: 'The xx' },
        startedAt: new Date(START + 4 * MINUTE + 10_000).toISOString(),
      }),
    ]);
  });

  it('ends a manual status at its until, also when the until was moved earlier', async () => {
    await reportActivities([{ kind: 'manual', text: 'Deep work', until: at(180) }], 'admin');
    vi.setSystemTime(START + 10 * MINUTE);
    await reportActivities([{ kind: 'manual', text: 'Deep work', until: at(90) }], 'admin');
    vi.setSystemTime(START + 200 * MINUTE); // long expired: the next status notices
    await reportActivities([{ kind: 'manual', text: 'Lunch' }], 'admin');
    expect((await sessions())[0]).toMatchObject({ fields: { text: 'Deep work' }, startedAt: at(0), endedAt: at(90) });
  });

  it('continues the open session after a restart instead of opening a second one', async () => {
    await reportActivities([{ kind: 'coding', project: 'nowline' }], 'api');
    vi.setSystemTime(START + 20_000); // not yet written: within 30 s
    await reportActivities([{ kind: 'coding', project: 'nowline' }], 'api');
    resetAppGlobals();
    vi.setSystemTime(START + 5 * MINUTE);
    await reportActivities([{ kind: 'coding', project: 'other' }], 'api');
    const rows = await sessions();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ fields: { project: 'nowline' }, startedAt: at(0), endedAt: at(5) });
  });
});
