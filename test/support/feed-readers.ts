// Feeds read the way feed readers read them: Node's feedparser on a strict (well-formedness
// checking) sax stream, and @rowanmanning/feed-parser; a JSON Feed checked against the 1.1 spec.
import { Readable } from 'node:stream';
import { parseFeed } from '@rowanmanning/feed-parser';
import FeedParser from 'feedparser';
import { expect } from 'vitest';

export interface ParsedByFeedparser {
  meta: FeedParser.Meta;
  items: FeedParser.Item[];
}

/** Fails on any XML error: feedparser otherwise carries on past them. */
export function parseWithFeedparser(xml: string): Promise<ParsedByFeedparser> {
  return new Promise((resolve, reject) => {
    const parser = new FeedParser({ strict: true, resume_saxerror: false } as FeedParser.Options);
    const items: FeedParser.Item[] = [];
    parser.on('error', reject);
    parser.on('readable', () => {
      for (let item = parser.read(); item; item = parser.read()) items.push(item);
    });
    parser.on('end', () => resolve({ meta: parser.meta, items }));
    Readable.from([xml]).pipe(parser);
  });
}

export const parseWithRowanmanning = (xml: string) => parseFeed(xml);

/** The members JSON Feed 1.1 requires, with their types, plus what Nowline always sends. */
export function expectValidJsonFeed(feed: Record<string, unknown>) {
  expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
  expect(feed.title).toEqual(expect.any(String));
  expect(feed.home_page_url).toMatch(/^https?:\/\//);
  expect(feed.feed_url).toMatch(/^https?:\/\/.*\/feed\.json/);
  expect(feed.authors).toEqual([expect.objectContaining({ name: expect.any(String) })]);
  expect(Array.isArray(feed.items)).toBe(true);
  for (const item of feed.items as Record<string, unknown>[]) {
    // Each item: a unique string id and content_text or content_html; dates in RFC 3339.
    expect(item.id).toEqual(expect.any(String));
    expect(item.content_text).toEqual(expect.any(String));
    expect(new Date(item.date_published as string).toISOString()).toBe(item.date_published);
    expect(new Date(item.date_modified as string).toISOString()).toBe(item.date_modified);
  }
  const ids = (feed.items as { id: string }[]).map((item) => item.id);
  expect(new Set(ids).size).toBe(ids.length);
}
