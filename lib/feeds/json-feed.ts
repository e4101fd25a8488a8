// JSON Feed 1.1 (https://jsonfeed.org/version/1.1). JSON.stringify escapes what JSON needs; feedText
// removes the control characters a reader would only show as boxes.
import { feedText, type Feed } from './model';

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

export function renderJsonFeed(feed: Feed): string {
  const author = {
    name: feedText(feed.author.name),
    url: feed.author.url,
    ...(feed.author.avatar ? { avatar: feed.author.avatar } : {}),
  };
  return JSON.stringify({
    version: JSON_FEED_VERSION,
    title: feedText(feed.title),
    home_page_url: feed.homePageUrl,
    feed_url: feed.feedUrl,
    ...(feed.author.avatar ? { icon: feed.author.avatar } : {}),
    authors: [author],
    language: feed.language,
    items: feed.entries.map((entry) => ({
      id: entry.id,
      url: entry.url,
      title: feedText(entry.title),
      content_text: feedText(entry.content),
      date_published: entry.published,
      date_modified: entry.updated,
    })),
  });
}
