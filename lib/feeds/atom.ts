// Atom 1.0 (RFC 4287). Every text goes through escapeXml, after feedText has removed what XML
// cannot hold, so the document stays well-formed whatever the owner typed.
import { feedText, FEED_FORMATS, type Feed, type FeedEntry } from './model';

/** Text for an XML element or a double-quoted attribute. */
export function escapeXml(value: string): string {
  return feedText(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const element = (name: string, value: string) => `<${name}>${escapeXml(value)}</${name}>`;
const link = (rel: string, href: string, type?: string) =>
  `<link rel="${rel}" href="${escapeXml(href)}"${type ? ` type="${type}"` : ''}/>`;

function entry(item: FeedEntry): string {
  return [
    '  <entry>',
    `    ${element('id', item.id)}`,
    `    ${element('title', item.title)}`,
    `    ${element('published', item.published)}`,
    `    ${element('updated', item.updated)}`,
    `    ${link('alternate', item.url, 'text/html')}`,
    `    <content type="text">${escapeXml(item.content)}</content>`,
    '  </entry>',
  ].join('\n');
}

export function renderAtom(feed: Feed): string {
  const author = [
    '  <author>',
    `    ${element('name', feed.author.name)}`,
    `    ${element('uri', feed.author.url)}`,
    '  </author>',
  ];
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.language)}">`,
    `  ${element('id', feed.id)}`,
    `  ${element('title', feed.title)}`,
    `  ${element('updated', feed.updated)}`,
    ...author,
    `  ${link('self', feed.feedUrl, FEED_FORMATS.atom.type)}`,
    `  ${link('alternate', feed.homePageUrl, 'text/html')}`,
    `  ${link('alternate', feed.alternateFeedUrl, FEED_FORMATS.json.type)}`,
    ...(feed.author.avatar ? [`  ${element('icon', feed.author.avatar)}`] : []),
    '  <generator>Nowline</generator>',
    ...feed.entries.map(entry),
    '</feed>',
    '',
  ].join('\n');
}
