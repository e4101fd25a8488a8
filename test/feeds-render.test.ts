// The feed writers on their own: whatever the text, the Atom feed is well-formed XML that feed
// readers' parsers read back to the same text, and the JSON Feed keeps the spec's shape.
import { describe, expect, it } from 'vitest';
import { escapeXml, renderAtom } from '@/lib/feeds/atom';
import { renderJsonFeed } from '@/lib/feeds/json-feed';
import { feedText, type Feed } from '@/lib/feeds/model';
import { expectValidJsonFeed, parseWithFeedparser, parseWithRowanmanning } from './support/feed-readers';

const NASTY = `Fish & <chips> "quoted" 'single' ]]> 🐟\u0000\u0007\u001B\u007F\uFFFF\uD800 done`;
const CLEAN = `Fish & <chips> "quoted" 'single' ]]> 🐟 done`;

function feedWith(title: string, name = 'Ada <Example> & Co'): Feed {
  return {
    id: 'https://ada.example/',
    title: `${name}: status updates`,
    homePageUrl: 'https://ada.example/',
    feedUrl: 'https://ada.example/feed.atom?daily=1&x="y"',
    alternateFeedUrl: 'https://ada.example/feed.json',
    author: { name, url: 'https://ada.example/', avatar: 'https://ada.example/avatar.png' },
    language: 'en',
    updated: '2026-11-20T10:00:00.000Z',
    entries: [
      {
        id: 'tag:ada.example,2026-11-20:status/2',
        title,
        content: `${title}\nSince 20 Nov 2026, 10:00`,
        published: '2026-11-20T10:00:00.000Z',
        updated: '2026-11-20T10:00:00.000Z',
        url: 'https://ada.example/',
      },
      {
        id: 'tag:ada.example,2026-11-19:status/1',
        title: 'Lunch',
        content: 'Lunch',
        published: '2026-11-19T12:00:00.000Z',
        updated: '2026-11-19T13:00:00.000Z',
        url: 'https://ada.example/',
      },
    ],
  };
}

describe('feed text', () => {
  it('drops control characters, noncharacters and broken surrogates, and keeps emoji', () => {
    expect(feedText(NASTY)).toBe(CLEAN);
    expect(feedText('tab\tnew\nline 👩‍💻')).toBe('tab\tnew\nline 👩‍💻');
  });

  it('escapes the five XML specials', () => {
    expect(escapeXml(`a & b < c > d " e ' f`)).toBe('a &amp; b &lt; c &gt; d &quot; e &apos; f');
  });
});

describe('Atom', () => {
  it('is well-formed whatever the status says, and readers get the text back as written', async () => {
    const xml = renderAtom(feedWith(NASTY));
    const parsed = await parseWithFeedparser(xml);
    expect(parsed.meta.title).toBe('Ada <Example> & Co: status updates');
    expect(parsed.meta.author).toBe('Ada <Example> & Co');
    expect(parsed.meta.link).toBe('https://ada.example/');
    expect(parsed.items.map((item) => item.title)).toEqual([CLEAN, 'Lunch']);
    expect(parsed.items.map((item) => item.guid)).toEqual(['tag:ada.example,2026-11-20:status/2', 'tag:ada.example,2026-11-19:status/1']);
    expect(parsed.items[0]!.pubdate?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(parsed.items[1]!.date?.toISOString()).toBe('2026-11-19T13:00:00.000Z');
    expect(parsed.items[0]!.link).toBe('https://ada.example/');

    const other = parseWithRowanmanning(xml);
    expect(other.title).toBe('Ada <Example> & Co: status updates');
    expect(other.self).toBe('https://ada.example/feed.atom?daily=1&x="y"');
    expect(other.items.map((item) => item.title)).toEqual([CLEAN, 'Lunch']);
    expect(other.items[0]!.content).toContain(CLEAN);
    expect(other.items[1]!.published?.toISOString()).toBe('2026-11-19T12:00:00.000Z');
  });
});

describe('JSON Feed', () => {
  it('has the members JSON Feed 1.1 requires, and the text without control characters', () => {
    const feed = JSON.parse(renderJsonFeed({ ...feedWith(NASTY), feedUrl: 'https://ada.example/feed.json' }));
    expectValidJsonFeed(feed);
    expect(feed).toMatchObject({
      title: 'Ada <Example> & Co: status updates',
      home_page_url: 'https://ada.example/',
      language: 'en',
      authors: [{ name: 'Ada <Example> & Co', url: 'https://ada.example/', avatar: 'https://ada.example/avatar.png' }],
    });
    expect(feed.items[0]).toMatchObject({ title: CLEAN, date_published: '2026-11-20T10:00:00.000Z' });
    expect(feed.items[0].content_text).toBe(`${CLEAN}\nSince 20 Nov 2026, 10:00`);
  });
});
