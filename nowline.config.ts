// The owner's profile: edit this file to make the homepage yours.
import type { ActivityKind } from './lib/status/schema';

export interface ProfileLink {
  label: string;
  href: string;
}

export interface NowlineConfig {
  name: string;
  /** Path under public/ or an absolute URL. */
  avatar: string;
  tagline: string;
  links: ProfileLink[];
  /** IANA time zone used to show times such as "until 17:00". */
  timeZone: string;
  /** Which live activity becomes the headline, first match wins. */
  precedence: ActivityKind[];
  /** Used in the page title and metadata. */
  siteDescription: string;
}

export const config: NowlineConfig = {
  name: 'Ada Example',
  avatar: '/avatar.svg',
  tagline: 'Builds small, fast things for the web.',
  links: [
    { label: 'GitHub', href: 'https://github.com/' },
    { label: 'Mastodon', href: 'https://mastodon.social/' },
    { label: 'Email', href: 'mailto:ada@example.com' },
  ],
  timeZone: process.env.NOWLINE_TIME_ZONE ?? 'Europe/Berlin',
  precedence: ['manual', 'coding', 'gaming', 'music', 'app'],
  siteDescription: 'What Ada is doing right now, live.',
};
