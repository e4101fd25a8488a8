// The site settings /admin saves: every field's check, and the stored row's revision and /now date.
import { describe, expect, it } from 'vitest';
import {
  nextStoredSettings,
  parseStoredSettings,
  siteSettingsInputSchema,
  type SiteSettingsInput,
} from '@/lib/site/settings-schema';
import { siteSettingsInput } from './support/site-settings';
import { fieldErrors } from '@/lib/form-state';

const valid = siteSettingsInput({ precedence: ['coding', 'manual'], accentColor: '#4F46E5' });

function errorsOf(change: Partial<Record<keyof SiteSettingsInput, unknown>>) {
  const parsed = siteSettingsInputSchema.safeParse({ ...valid, ...change });
  return parsed.success ? {} : fieldErrors(parsed.error);
}

describe('site settings schema', () => {
  it('accepts a full profile, lowercasing the colour and completing the headline order', () => {
    const parsed = siteSettingsInputSchema.parse(valid);
    expect(parsed.accentColor).toBe('#4f46e5');
    expect(parsed.precedence).toEqual(['coding', 'manual', 'gaming', 'music', 'app']);
    expect(parsed.links[0]).toEqual({ label: 'GitHub', href: 'https://github.com/grace', icon: 'github' });
  });

  it.each([
    ['javascript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['ftp://example.com/file'],
    ['/relative/path'],
    ['//example.com'],
    ['https://'],
    ['not a url'],
  ])('refuses the link %s, naming the field', (href) => {
    expect(errorsOf({ links: [{ label: 'Bad', href }] })).toEqual({
      'links.0.href': 'must be an https:, http: or mailto: link',
    });
    expect(errorsOf({ sections: [{ title: 'S', cards: [{ title: 'C', href, description: '' }] }] })).toHaveProperty([
      'sections.0.cards.0.href',
    ]);
  });

  it('accepts https:, http: and mailto: links', () => {
    const links = ['https://a.example', 'http://b.example/x?y=1', 'mailto:ada@example.com'].map((href) => ({
      label: 'L',
      href,
    }));
    expect(errorsOf({ links })).toEqual({});
  });

  it('refuses an icon outside the built-in set', () => {
    expect(errorsOf({ links: [{ label: 'L', href: 'https://a.example', icon: 'facebook' }] })).toHaveProperty([
      'links.0.icon',
    ]);
  });

  it.each(['red', '#12345', '#1234567', '4f46e5', '#ggg000', 'rgb(1,2,3)'])('refuses the colour %s', (accentColor) => {
    expect(errorsOf({ accentColor })).toEqual({ accentColor: 'must be a colour such as #4f46e5' });
  });

  it('refuses a zone that is not an IANA name, and an unknown language', () => {
    expect(errorsOf({ timeZone: 'Mars/Olympus' })).toEqual({
      timeZone: 'is not a time zone; use an IANA name such as Europe/Berlin',
    });
    expect(errorsOf({ language: 'fr' })).toHaveProperty('language');
  });

  it.each([
    ['name', 'x'.repeat(101)],
    ['tagline', 'x'.repeat(281)],
    ['about', 'x'.repeat(10_001)],
    ['nowText', 'x'.repeat(10_001)],
    ['avatar', `https://example.com/${'x'.repeat(2048)}`],
  ] as const)('refuses a %s that is too long', (field, value) => {
    expect(errorsOf({ [field]: value })).toHaveProperty([field], expect.stringMatching(/^at most \d+ characters$/));
  });

  it('refuses an empty name, control characters, too many links and a kind named twice', () => {
    expect(errorsOf({ name: '  ' })).toEqual({ name: 'give a name' });
    expect(errorsOf({ tagline: 'a\u0000b' })).toHaveProperty('tagline');
    expect(errorsOf({ about: 'line\u001b[31m' })).toHaveProperty('about');
    expect(
      errorsOf({ links: Array.from({ length: 21 }, () => ({ label: 'L', href: 'https://a.example' })) }),
    ).toHaveProperty('links');
    expect(errorsOf({ precedence: ['manual', 'manual'] })).toHaveProperty('precedence');
    expect(
      errorsOf({
        sections: [{ title: 'S', cards: [{ title: 'C', href: 'https://a.example', description: 'two\nlines' }] }],
      }),
    ).toHaveProperty(['sections.0.cards.0.description']);
  });

  it('takes an avatar path on this site or an http(s) URL, not another scheme', () => {
    expect(errorsOf({ avatar: '/api/images/abc.png' })).toEqual({});
    expect(errorsOf({ avatar: 'https://example.com/me.png' })).toEqual({});
    for (const avatar of ['javascript:alert(1)', 'data:image/png;base64,AAAA', '//evil.example/a.png', '']) {
      expect(errorsOf({ avatar })).toHaveProperty('avatar');
    }
  });

  it('keeps Markdown line breaks and normalises Windows line ends', () => {
    expect(siteSettingsInputSchema.parse({ ...valid, about: 'one\r\n\r\n- two\n\n' }).about).toBe('one\n\n- two');
  });
});

describe('stored site settings', () => {
  const fields = siteSettingsInputSchema.parse(valid);
  const t1 = new Date('2026-11-20T10:00:00Z');
  const t2 = new Date('2026-11-28T10:00:00Z');

  it('moves the revision on every save and the /now date only when its text changes', () => {
    const first = nextStoredSettings(null, fields, t1);
    expect(first).toMatchObject({ revision: 1, nowUpdatedAt: t1.toISOString() });
    const renamed = nextStoredSettings(first, { ...fields, name: 'Ada' }, t2);
    expect(renamed).toMatchObject({ revision: 2, nowUpdatedAt: t1.toISOString(), name: 'Ada' });
    const newNow = nextStoredSettings(renamed, { ...fields, nowText: 'Something else.' }, t2);
    expect(newNow).toMatchObject({ revision: 3, nowUpdatedAt: t2.toISOString() });
    expect(nextStoredSettings(newNow, { ...fields, nowText: '' }, t2).nowUpdatedAt).toBeNull();
  });

  it('reads back what it stored, and nothing from a broken row', () => {
    const stored = nextStoredSettings(null, fields, t1);
    expect(parseStoredSettings(JSON.stringify(stored))).toEqual(stored);
    expect(parseStoredSettings('{not json')).toBeNull();
    expect(parseStoredSettings(JSON.stringify({ ...stored, accentColor: 'red' }))).toBeNull();
    expect(parseStoredSettings(null)).toBeNull();
  });
});
