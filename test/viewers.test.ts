// "Who is here now": the sum over instances (a silent instance dropped), and the count sent to the
// open streams of a real store only when the owner turned it on and only when it changed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { siteSettingsInputSchema } from '@/lib/site/settings-schema';
import { subscribe } from '@/lib/status/bus';
import { getSnapshot, saveSiteSettings } from '@/lib/status/store';
import { currentViewersFrame, receiveViewersNotice, setViewersEnabled } from '@/lib/status/viewers';
import { parseViewersNotice, sumViewerCounts, VIEWERS_STALE_MS } from '@/lib/status/viewers-count';
import type { SseClient } from '@/lib/sse';
import { withTempSqlite } from './support/database';
import { siteSettingsInput } from './support/site-settings';

withTempSqlite();
afterEach(() => {
  setViewersEnabled(false);
  vi.useRealTimers();
});

const decoder = new TextDecoder();

/** A stream that records the viewers events it is sent. */
function fakeStream() {
  const counts: number[] = [];
  const client: SseClient = {
    openedAt: Date.now(),
    send(chunk) {
      const text = decoder.decode(chunk);
      const match = /^event: viewers\ndata: (.*)\n\n$/.exec(text);
      if (match) counts.push((JSON.parse(match[1]!) as { count: number }).count);
      return true;
    },
    close() {},
  };
  return { counts, unsubscribe: subscribe(client) };
}

/** The bus writes a frame on the next turns of the event loop. */
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const saveShowViewers = (showViewers: boolean) => saveSiteSettings(siteSettingsInputSchema.parse(siteSettingsInput({ showViewers })));

describe('summing the instances', () => {
  it('adds each instance’s latest count and drops one not heard from for 30 s', () => {
    const now = 1_000_000;
    const others = new Map([
      ['b', { count: 2, at: now - 1000 }],
      ['c', { count: 5, at: now - VIEWERS_STALE_MS - 1 }],
    ]);
    expect(sumViewerCounts(1, others, now)).toBe(3);
    expect(sumViewerCounts(1, others, now - 2000)).toBe(8);
    expect(sumViewerCounts(0, new Map(), now)).toBe(0);
  });

  it('reads only well-formed notices', () => {
    expect(parseViewersNotice('{"i":"b","c":2,"at":5}')).toEqual({ i: 'b', c: 2, at: 5 });
    for (const bad of ['{"i":"b","c":-1,"at":5}', '{"i":"b","c":1.5,"at":5}', '{"c":2,"at":5}', 'nope', undefined]) {
      expect(parseViewersNotice(bad)).toBeNull();
    }
  });
});

describe('the viewers event', () => {
  it('is off by default: no frame and no timer', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await getSnapshot();
    const page = fakeStream();
    vi.advanceTimersByTime(20_000);
    await flush();
    expect(page.counts).toEqual([]);
    expect(currentViewersFrame()).toBeNull();
    expect(vi.getTimerCount()).toBe(1); // the bus's heartbeat only
    page.unsubscribe();
  });

  it('once turned on, sends the total every 5 s only when it changed, counting other instances', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const first = fakeStream();
    await saveShowViewers(true);
    await flush();
    expect(first.counts).toEqual([1]);
    const second = fakeStream();
    vi.advanceTimersByTime(5000);
    await flush();
    vi.advanceTimersByTime(5000);
    await flush();
    expect(first.counts).toEqual([1, 2]);
    expect(second.counts).toEqual([2]);
    receiveViewersNotice({ i: 'other-instance', c: 3, at: 0 }, 'this-instance');
    vi.advanceTimersByTime(5000);
    await flush();
    expect(second.counts).toEqual([2, 5]);
    expect(decoder.decode(currentViewersFrame()!)).toBe('event: viewers\ndata: {"count":5}\n\n');
    second.unsubscribe();
    await saveShowViewers(false);
    vi.advanceTimersByTime(20_000);
    await flush();
    // Off again: the count one page fewer would be (4) is never sent.
    expect(first.counts).toEqual([1, 2, 5]);
    expect(currentViewersFrame()).toBeNull();
    expect(vi.getTimerCount()).toBe(1);
    first.unsubscribe();
  });
});
