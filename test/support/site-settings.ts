// A full, valid set of site settings as the /admin profile form sends them, for the settings tests.
import type { SiteSettingsInput } from '@/lib/site/settings-schema';

export const PNG_1X1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1e5e1a40000000049454e44ae426082',
  'hex',
);

export function siteSettingsInput(overrides: Partial<SiteSettingsInput> = {}): SiteSettingsInput {
  return {
    name: 'Grace Hopper',
    avatar: '/avatar.svg',
    tagline: 'Compilers, mostly.',
    about: 'I wrote **the first** compiler.',
    links: [{ label: 'GitHub', href: 'https://github.com/grace', icon: 'github' }],
    sections: [
      {
        title: 'Talks',
        cards: [{ title: 'Nanoseconds', href: 'https://example.com/ns', description: 'A length of wire.' }],
      },
    ],
    timeZone: 'America/New_York',
    language: 'en',
    precedence: ['manual', 'coding', 'gaming', 'music', 'app'],
    accentColor: '#4f46e5',
    nowText: 'Teaching.',
    ...overrides,
  };
}
