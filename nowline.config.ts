// The owner's profile: edit this file to make the homepage yours. lib/site-config.ts checks it when
// the server starts; a mistake stops the server with a message naming the setting.
import type { SiteConfigFile } from './lib/site-config';

export const config: SiteConfigFile = {
  name: 'Ada Example',
  /** Path under public/ or an absolute URL. */
  avatar: '/avatar.svg',
  tagline: 'Builds small, fast things for the web.',
  links: [
    { label: 'GitHub', href: 'https://github.com/' },
    { label: 'Mastodon', href: 'https://mastodon.social/' },
    { label: 'Email', href: 'mailto:ada@example.com' },
  ],
  /** IANA time zone used to show times such as "until 17:00"; NOWLINE_TIME_ZONE, when set, wins. */
  timeZone: 'Europe/Berlin',
  /** Which live activity becomes the headline, first match wins. */
  precedence: ['manual', 'coding', 'gaming', 'music', 'app'],
  /** Used in the page title and metadata. */
  siteDescription: 'What Ada is doing right now, live.',
};
