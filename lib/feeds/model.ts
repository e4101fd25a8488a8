// What a feed says, whatever its format: Atom (atom.ts) and JSON Feed (json-feed.ts) write the same
// Feed, built from the public history (build.ts), so both always list the same entries.

export interface FeedEntry {
  /** Stable: the same session or day gives the same id on every request. */
  id: string;
  title: string;
  /** Plain text. */
  content: string;
  /** ISO instants. */
  published: string;
  updated: string;
  url: string;
}

export interface Feed {
  /** The home page's URL: stays the same for as long as the site's address does. */
  id: string;
  title: string;
  homePageUrl: string;
  /** This feed's own URL (rel="self", feed_url). */
  feedUrl: string;
  /** The same feed in the other format (rel="alternate"). */
  alternateFeedUrl: string;
  author: { name: string; url: string; avatar?: string };
  language: string;
  /** The newest entry's `updated`. */
  updated: string;
  /** Newest first. */
  entries: FeedEntry[];
}

/** Where the feeds are served, and their media types (also used by the page head's links). */
export const FEED_FORMATS = {
  atom: { path: '/feed.atom', type: 'application/atom+xml' },
  json: { path: '/feed.json', type: 'application/feed+json' },
} as const;

export type FeedFormat = keyof typeof FEED_FORMATS;

/** How many manual statuses a feed lists. */
export const FEED_STATUS_LIMIT = 50;

/** How many past days get a summary entry with `?daily=1`. */
export const FEED_SUMMARY_DAYS = 7;

// C0 controls other than tab, newline and carriage return, DEL and C1, and the noncharacters XML
// forbids: none may appear in an XML document, and none means anything in a feed reader.
const UNWANTED_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as a feed may carry it: without control characters or broken surrogate halves. */
export function feedText(value: string): string {
  return value.replace(UNWANTED_CHARACTERS, '').replace(LONE_SURROGATES, '');
}
