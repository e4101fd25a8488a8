import { describe, expect, it } from 'vitest';
import { nextExpiry } from '@/lib/status/live';
import { computeSnapshot } from '@/lib/status/snapshot';
import type { Activity } from '@/lib/status/schema';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const iso = (offsetMs: number) => new Date(T0 + offsetMs).toISOString();
const MIN = 60_000;

function activity(partial: Partial<Activity> & Pick<Activity, 'kind'>): Activity {
  return {
    source: 'test',
    startedAt: iso(-30 * MIN),
    updatedAt: iso(-MIN),
    expiresAt: iso(9 * MIN),
    ...partial,
  } as Activity;
}

describe('computeSnapshot', () => {
  it('is offline with nothing ever reported', () => {
    const s = computeSnapshot([], { version: 0, now: T0 });
    expect(s).toMatchObject({ version: 0, online: false, headline: null, activities: [], lastSeenAt: null, lastActivity: null });
    expect(s.generatedAt).toBe(iso(0));
  });

  it('has exactly the public fields, siteVersion (the site settings\' revision) among them', () => {
    const s = computeSnapshot([], { version: 7, now: T0, siteVersion: 3 });
    expect(Object.keys(s).sort()).toEqual(['activities', 'generatedAt', 'headline', 'lastActivity', 'lastSeenAt', 'online', 'siteVersion', 'version']);
    expect(s.siteVersion).toBe(3);
    expect(computeSnapshot([], { version: 7, now: T0 }).siteVersion).toBe(0);
  });

  it('orders live activities by precedence and picks the first as headline', () => {
    const s = computeSnapshot(
      [
        activity({ kind: 'music', title: 'Vantablack' }),
        activity({ kind: 'app', name: 'Figma' }),
        activity({ kind: 'coding', project: 'nowline' }),
      ],
      { version: 7, now: T0 },
    );
    expect(s.online).toBe(true);
    expect(s.version).toBe(7);
    expect(s.activities.map((a) => a.kind)).toEqual(['coding', 'music', 'app']);
    expect(s.headline?.kind).toBe('coding');
  });

  it('follows a configured precedence', () => {
    const s = computeSnapshot([activity({ kind: 'music', title: 'x' }), activity({ kind: 'coding', project: 'p' })], {
      version: 1,
      now: T0,
      precedence: ['music', 'coding'],
    });
    expect(s.headline?.kind).toBe('music');
  });

  it('never shows an expired activity, timer or not', () => {
    const stored = [activity({ kind: 'coding', project: 'nowline', expiresAt: iso(-1) })];
    const s = computeSnapshot(stored, { version: 3, now: T0 });
    expect(s.online).toBe(false);
    expect(s.activities).toEqual([]);
    expect(s.headline).toBeNull();
  });

  it('expires at exactly expiresAt (live one millisecond before)', () => {
    const stored = [activity({ kind: 'gaming', name: 'Celeste', expiresAt: iso(0) })];
    expect(computeSnapshot(stored, { version: 1, now: T0 - 1 }).online).toBe(true);
    expect(computeSnapshot(stored, { version: 1, now: T0 }).online).toBe(false);
  });

  it('keeps a manual status without `until` until cleared', () => {
    const s = computeSnapshot([activity({ kind: 'manual', text: 'Deep work', expiresAt: null })], { version: 1, now: T0 + 1e10 });
    expect(s.headline).toMatchObject({ kind: 'manual', text: 'Deep work' });
  });

  it('names the last activity and when, once offline', () => {
    const s = computeSnapshot(
      [
        activity({ kind: 'coding', project: 'nowline', updatedAt: iso(-2 * 60 * MIN), expiresAt: iso(-110 * MIN) }),
        activity({ kind: 'music', title: 'Old song', updatedAt: iso(-5 * 60 * MIN), expiresAt: iso(-299 * MIN) }),
      ],
      { version: 9, now: T0 },
    );
    expect(s.online).toBe(false);
    expect(s.lastSeenAt).toBe(iso(-2 * 60 * MIN));
    expect(s.lastActivity).toMatchObject({ kind: 'coding', project: 'nowline' });
  });

  it('reports the latest report time as lastSeenAt while online, and no lastActivity', () => {
    const s = computeSnapshot([activity({ kind: 'coding', project: 'p', updatedAt: iso(-2000) })], { version: 1, now: T0 });
    expect(s.lastSeenAt).toBe(iso(-2000));
    expect(s.lastActivity).toBeNull();
  });

  it('applies privacy defaults: no file names, no window titles', () => {
    const s = computeSnapshot(
      [
        activity({ kind: 'coding', project: 'site', file: '/home/me/site/app/page.tsx' }),
        activity({ kind: 'app', name: 'Code', title: 'secret.txt — Code' }),
      ],
      { version: 1, now: T0 },
    );
    expect(s.activities[0]).not.toHaveProperty('file');
    expect(s.activities[1]).not.toHaveProperty('title');
    expect(JSON.stringify(s)).not.toContain('/home/me');
  });
});

describe('nextExpiry', () => {
  it('finds the earliest future expiry and ignores past and open-ended ones', () => {
    const stored = [
      activity({ kind: 'coding', expiresAt: iso(5 * MIN) }),
      activity({ kind: 'music', expiresAt: iso(90_000) }),
      activity({ kind: 'app', name: 'x', expiresAt: iso(-MIN) }),
      activity({ kind: 'manual', text: 'x', expiresAt: null }),
    ];
    expect(nextExpiry(stored, T0)).toBe(T0 + 90_000);
    expect(nextExpiry([], T0)).toBeNull();
  });
});
