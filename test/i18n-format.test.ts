// The status texts through Intl, in both languages, at a fixed moment; the zone's abbreviation only
// when the visitor's zone is not at the owner's offset.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  describeActivity,
  formatAgo,
  formatClock,
  formatDuration,
  zoneDiffers,
  type StatusLocale,
} from '@/components/status/format';
import { StatusCard } from '@/components/status/status-card';
import { en } from '@/lib/i18n/messages/en';
import { zhCN } from '@/lib/i18n/messages/zh-CN';
import type { Snapshot } from '@/lib/status/schema';

const EN: StatusLocale = { language: 'en', m: en.status };
const ZH: StatusLocale = { language: 'zh-CN', m: zhCN.status };
// Monday 23 November 2026, 10:00 in Berlin (CET, UTC+1).
const NOW = Date.parse('2026-11-23T09:00:00Z');
const MIN = 60_000;
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('durations and relative times', () => {
  it('in English', () => {
    expect(formatDuration(30_000, EN)).toBe('less than a minute');
    expect(formatDuration(3 * MIN, EN)).toBe('3 mins');
    expect(formatDuration(125 * MIN, EN)).toBe('2 hrs 5 mins');
    expect(formatDuration(2 * 24 * 60 * MIN, EN)).toBe('2 days');
    expect(formatAgo(ago(20_000), NOW, EN)).toBe('just now');
    expect(formatAgo(ago(3 * MIN), NOW, EN)).toBe('3 min ago');
    expect(formatAgo(ago(130 * MIN), NOW, EN)).toBe('2 hr ago');
    expect(formatAgo(ago(26 * 60 * MIN), NOW, EN)).toBe('1 day ago');
  });

  it('in Simplified Chinese', () => {
    expect(formatDuration(30_000, ZH)).toBe('不到一分钟');
    expect(formatDuration(3 * MIN, ZH)).toBe('3分钟');
    expect(formatDuration(125 * MIN, ZH)).toBe('2小时5分钟');
    expect(formatDuration(2 * 24 * 60 * MIN, ZH)).toBe('2天');
    expect(formatAgo(ago(20_000), NOW, ZH)).toBe('刚刚');
    expect(formatAgo(ago(3 * MIN), NOW, ZH)).toBe('3分钟前');
    expect(formatAgo(ago(130 * MIN), NOW, ZH)).toBe('2小时前');
  });
});

describe('clock times in the owner zone', () => {
  const fivePm = '2026-11-23T16:00:00Z';
  const tomorrow = '2026-11-24T16:00:00Z';

  it('today: the time alone; another day: the day too, in each language', () => {
    expect(formatClock(fivePm, 'Europe/Berlin', NOW, EN)).toBe('17:00');
    expect(formatClock(fivePm, 'Europe/Berlin', NOW, ZH)).toBe('17:00');
    expect(formatClock(tomorrow, 'Europe/Berlin', NOW, EN)).toBe('Tue 24 Nov, 17:00');
    expect(formatClock(tomorrow, 'Europe/Berlin', NOW, ZH)).toBe('11月24日周二 17:00');
  });

  it('with the zone abbreviation after the time when asked', () => {
    expect(formatClock(fivePm, 'Europe/Berlin', NOW, EN, true)).toBe('17:00 CET');
    expect(formatClock(fivePm, 'Europe/Berlin', NOW, ZH, true)).toBe('17:00 GMT+1');
    expect(formatClock(fivePm, 'UTC', NOW, EN, true)).toBe('16:00 UTC');
  });

  it('asks for it only when the visitor is at another offset', () => {
    expect(zoneDiffers('Europe/Berlin', 'Europe/Berlin', NOW)).toBe(false);
    expect(zoneDiffers('Europe/Berlin', 'Europe/Paris', NOW)).toBe(false);
    expect(zoneDiffers('Europe/Berlin', undefined, NOW)).toBe(false);
    expect(zoneDiffers('Europe/Berlin', 'America/New_York', NOW)).toBe(true);
    expect(zoneDiffers('Europe/Berlin', 'Europe/London', NOW)).toBe(true);
    expect(zoneDiffers('Asia/Shanghai', 'Asia/Singapore', NOW)).toBe(false);
  });
});

describe('the status card', () => {
  const snapshot = (activities: Snapshot['activities']): Snapshot => ({
    version: 1,
    siteVersion: 0,
    generatedAt: new Date(NOW).toISOString(),
    online: activities.length > 0,
    lastSeenAt: activities.length ? new Date(NOW).toISOString() : ago(3 * MIN),
    lastActivity: activities.length
      ? null
      : {
          kind: 'coding',
          project: 'nowline',
          source: 'test',
          startedAt: ago(60 * MIN),
          updatedAt: ago(3 * MIN),
          expiresAt: ago(0),
        },
    headline: activities[0] ?? null,
    activities,
  });
  const manual = {
    kind: 'manual',
    text: 'Deep work',
    until: '2026-11-23T16:00:00Z',
    source: 'admin',
    startedAt: ago(5 * MIN),
    updatedAt: ago(5 * MIN),
    expiresAt: '2026-11-23T16:00:00Z',
  } as const;
  const render = (s: Snapshot, locale: StatusLocale, showZone = false) =>
    renderToStaticMarkup(
      createElement(StatusCard, { snapshot: s, now: NOW, timeZone: 'Europe/Berlin', locale, showZone }),
    );

  it('says "until" and "last seen" in the page language', () => {
    // The abbreviation is always in the markup, so the line keeps its length; it is hidden until
    // the visitor's zone is known to differ.
    expect(render(snapshot([manual]), EN)).toContain('until 17:00<span data-testid="zone" class="invisible"> CET</span>');
    expect(render(snapshot([manual]), EN, true)).toContain('until 17:00<span data-testid="zone"> CET</span>');
    expect(render(snapshot([manual]), ZH)).toContain('直到 17:00<span data-testid="zone" class="invisible"> GMT+1</span>');
    expect(render(snapshot([]), EN)).toContain('Last seen 3 min ago · coding nowline');
    expect(render(snapshot([]), ZH)).toContain('最后活动：3分钟前 · 写 nowline');
  });

  it('describes activities for the screen-reader summary', () => {
    const music = {
      kind: 'music',
      title: 'Vantablack',
      artist: 'Dool',
      source: 't',
      startedAt: ago(0),
      updatedAt: ago(0),
      expiresAt: ago(0),
    } as const;
    expect(describeActivity(music, en.status)).toBe('listening to Vantablack by Dool');
    expect(describeActivity(music, zhCN.status)).toBe('听 Dool 的《Vantablack》');
  });
});
