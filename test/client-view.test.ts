import { describe, expect, it, vi } from 'vitest';
import { createServerClock, withClientExpiry } from '@/lib/status/client-view';
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

describe('the page clock follows the server, not the visitor', () => {
  const HOUR = 3_600_000;
  const snapshot = computeSnapshot([coding, music], { version: 5, now: T0 });

  for (const skew of [HOUR, -HOUR]) {
    it(`decides expiry in server time with a device clock ${skew > 0 ? 'an hour fast' : 'an hour slow'}`, () => {
      let device = T0 + skew + 150; // the snapshot arrives 150 ms after the server made it
      const clock = createServerClock(snapshot, () => device);
      // The transfer time is unknown: on arrival, server time is the snapshot's own.
      expect(clock.now()).toBe(T0);
      // The device's own time gets it wrong one way or the other...
      const naive = withClientExpiry(snapshot, device);
      expect(skew > 0 ? naive.online : naive.activities.length).toBe(skew > 0 ? false : 2);
      // ...server-adjusted time shows both live now, and music gone 20 s later by the server's clock.
      expect(withClientExpiry(snapshot, clock.now()).activities.map((a) => a.kind)).toEqual(['coding', 'music']);
      device += 20_000;
      expect(withClientExpiry(snapshot, clock.now()).activities.map((a) => a.kind)).toEqual(['coding']);
      device += 40_000;
      expect(withClientExpiry(snapshot, clock.now()).online).toBe(false);
      expect(nextExpiry(snapshot.activities, clock.now())).toBeNull();
    });
  }

  it("by default ignores the visitor's wall clock being corrected while the page is open", () => {
    // Both clocks fake: the wall clock and the monotonic one the page clock runs on.
    vi.useFakeTimers({ toFake: ['Date', 'performance'] });
    try {
      const clock = createServerClock({ generatedAt: new Date(Date.now() - HOUR).toISOString() });
      const before = clock.now();
      // The device's wall clock jumps an hour back (corrected); server time must not jump with it.
      vi.setSystemTime(Date.now() - HOUR);
      expect(clock.now()).toBe(before);
      vi.advanceTimersByTime(5000);
      expect(clock.now()).toBe(before + 5000);
    } finally {
      vi.useRealTimers();
    }
  });

  it('is not thrown back by a stale frame and follows a fresher one', () => {
    let device = T0 - HOUR;
    const clock = createServerClock(snapshot, () => device);
    expect(clock.offset()).toBe(HOUR);
    // A new stream's first frame may be the last change's, made long ago: it must not move the clock back.
    device += 10 * 60_000;
    clock.observe({ generatedAt: iso(-5 * 60_000) });
    expect(clock.now()).toBe(T0 + 10 * 60_000);
    // A fresh frame that shows the first estimate was late (slow page load) moves it forward.
    clock.observe({ generatedAt: iso(10 * 60_000 + 800) });
    expect(clock.now()).toBe(T0 + 10 * 60_000 + 800);
  });
});
