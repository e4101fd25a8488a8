// Choices the profile form offers, without zod or server imports: the admin form's bundle imports
// this module, the settings schema (settings-schema.ts) checks against the same lists.
export const LINK_ICONS = ['github', 'mastodon', 'bluesky', 'x', 'email', 'rss', 'website'] as const;
export type LinkIcon = (typeof LINK_ICONS)[number];

export const LINK_ICON_LABELS: Record<LinkIcon, string> = {
  github: 'GitHub',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  x: 'X',
  email: 'Email',
  rss: 'RSS',
  website: 'Website',
};

export const SITE_LANGUAGES = ['en', 'zh-CN'] as const;
export type SiteLanguage = (typeof SITE_LANGUAGES)[number];
export const SITE_LANGUAGE_LABELS: Record<SiteLanguage, string> = { en: 'English', 'zh-CN': '中文（简体）' };

/** Indigo 600, the colour the site had before it could be chosen. */
export const DEFAULT_ACCENT_COLOR = '#4f46e5';

export const PROFILE_LIMITS = {
  name: 100,
  tagline: 280,
  markdown: 10_000,
  url: 2048,
  links: 20,
  linkLabel: 60,
  sections: 10,
  sectionTitle: 80,
  cards: 20,
  cardTitle: 80,
  cardDescription: 160,
} as const;
