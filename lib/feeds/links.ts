// The page head's links to the feeds (<link rel="alternate" type="application/atom+xml" …>), as
// Next's Metadata `alternates.types`. The layout and pageMetadata both set them: a page's
// `alternates` replaces the layout's whole, so the pages that set a canonical link repeat them.
import type { Metadata } from 'next';
import type { Messages } from '@/lib/i18n/messages';
import { FEED_FORMATS } from './model';

type AlternateTypes = NonNullable<NonNullable<Metadata['alternates']>['types']>;

/** Titles in the page's language; URLs absolute on the site's address. */
export function feedAlternateTypes(siteUrl: string, m: Messages): AlternateTypes {
  return {
    [FEED_FORMATS.atom.type]: [{ url: `${siteUrl}${FEED_FORMATS.atom.path}`, title: m.feeds.atomLinkTitle }],
    [FEED_FORMATS.json.type]: [{ url: `${siteUrl}${FEED_FORMATS.json.path}`, title: m.feeds.jsonLinkTitle }],
  };
}
