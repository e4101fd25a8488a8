// The page head for link previews and search engines: og:*, twitter:*, the canonical link. Pages
// call pageMetadata from generateMetadata: `export const generateMetadata = () => pageMetadata({ path: '/now', title: 'Now' })`.
import 'server-only';
import { createHash } from 'node:crypto';
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { env } from '../env';
import { feedAlternateTypes } from '../feeds/links';
import { getMessages } from '../i18n/server';
import { getSnapshot } from '../status/store';
import { summarizeHeadline, type HeadlineSummary } from './headline';
import { getSeoProfile, type SeoProfile } from './profile';
import { resolveSiteUrl } from './site-url';
import { OG_CARD_SIZE } from '@/components/og/og-card';

export const OG_IMAGE_PATH = '/og.png';

/** The site's origin for this request (see lib/seo/site-url.ts). */
export async function getSiteUrl(): Promise<string> {
  return resolveSiteUrl(env().NOWLINE_SITE_URL, await headers());
}

/** A path on the site as an absolute URL: "/" → "https://ada.example/". */
export const absolutePath = (siteUrl: string, path: string) => new URL(path, `${siteUrl}/`).toString();

/**
 * The card's URL for what it shows now. It changes with the status version and with anything
 * drawn on the card (an activity that expired, the profile), so a chat app that keeps previews by
 * URL fetches the new card instead of showing an old one.
 */
export function ogImageUrl(siteUrl: string, version: number, profile: Pick<SeoProfile, 'name' | 'avatar'>, headline: HeadlineSummary): string {
  const shown = JSON.stringify([profile.name, profile.avatar, headline.live, headline.label, headline.text]);
  const digest = createHash('sha256').update(shown).digest('hex').slice(0, 10);
  return `${siteUrl}${OG_IMAGE_PATH}?v=${version}-${digest}`;
}

/** A page's metadata: `title` as the layout's template shows it ("Now · Ada Example"), none for the homepage. */
export async function pageMetadata({ path, title }: { path: string; title?: string }): Promise<Metadata> {
  const [siteUrl, profile, snapshot, { m }] = await Promise.all([getSiteUrl(), getSeoProfile(), getSnapshot(), getMessages()]);
  const headline = summarizeHeadline(snapshot, profile.firstName, m.status);
  const url = absolutePath(siteUrl, path);
  const fullTitle = title ? `${title} · ${profile.name}` : `${profile.name} — now`;
  const image = {
    url: ogImageUrl(siteUrl, snapshot.version, profile, headline),
    ...OG_CARD_SIZE,
    type: 'image/png',
    alt: `${profile.name}: ${headline.text}`,
  };
  return {
    ...(title ? { title } : {}),
    alternates: { canonical: url, types: feedAlternateTypes(siteUrl, m) },
    openGraph: { type: 'profile', url, title: fullTitle, description: headline.sentence, siteName: profile.name, images: [image] },
    twitter: { card: 'summary_large_image', title: fullTitle, description: headline.sentence, images: [image] },
  };
}
