import { describe, expect, it } from 'vitest';
import { withClientExpiry } from '@/lib/status/client-view';
import { nextExpiry } from '@/lib/status/live';
import { computeSnapshot } from '@/lib/status/snapshot';
import type { Activity } from '@/lib/status/schema';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const coding = { kind: 'coding', project: 'nowline', source: 't', startedAt: iso(-600_000), updatedAt: iso(-60_000), expiresAt: iso(60_000) } as Activity;
const music = { kind: 'music', title: 'Song', source: 't', startedAt: iso(-60_000), updatedAt: iso(-10_000), expiresAt: iso(20_000) } as Activity;

describe('withClientExpiry', () => {
  const snapshot = computeSnapshot([coding, music], { version: 5, now: T0 });

  it('returns the snapshot untouched while everything is live', () => {
    expect(withClientExpiry(snapshot, T0 + 1000)).toBe(snapshot);
  });

  it('hides an activity at its expiresAt and promotes the next headline', () => {
    const view = withClientExpiry({ ...snapshot, activities: [music, coding], headline: music }, T0 + 20_000);
    expect(view.activities.map((a) => a.kind)).toEqual(['coding']);
    expect(view.headline?.kind).toBe('coding');
    expect(view.online).toBe(true);
  });

  it('goes offline when the last one expires and names it as last seen', () => {
    const view = withClientExpiry(snapshot, T0 + 60_000);
    expect(view.online).toBe(false);
    expect(view.headline).toBeNull();
    expect(view.lastActivity?.kind).toBe('music');
    expect(view.lastSeenAt).toBe(snapshot.lastSeenAt);
  });
});

describe('nextExpiry on a snapshot (the page clock)', () => {
  it('gives the next expiry still ahead', () => {
    const snapshot = computeSnapshot([coding, music], { version: 5, now: T0 });
    expect(nextExpiry(snapshot.activities, T0)).toBe(T0 + 20_000);
    expect(nextExpiry(snapshot.activities, T0 + 30_000)).toBe(T0 + 60_000);
  });
});
