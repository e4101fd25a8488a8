// The card and badge other sites embed, from a real SQLite store: every text escaped, hidden kinds
// and privacy-hidden projects absent, well-formed SVG in every theme, bad options refused with 400.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GET as getCard } from '@/app/api/card.svg/route';
import { GET as getBadge } from '@/app/api/badge.json/route';
import { BADGE_MESSAGE_MAX } from '@/lib/embeds/badge';
import { embedHeadline } from '@/lib/embeds/headline';
import { buildCardSvg, type CardInput } from '@/lib/embeds/svg-card';
import { messagesFor } from '@/lib/i18n/messages';
import { storeImage } from '@/lib/images';
import { siteSettingsInputSchema } from '@/lib/site/settings-schema';
import { DEFAULT_PRIVACY_RULES } from '@/lib/status/privacy/rules';
import { getSnapshot, reportActivities, savePrivacyRules, saveSiteSettings } from '@/lib/status/store';
import { withTempSqlite } from './support/database';
import { PNG_1X1, siteSettingsInput } from './support/site-settings';
import { checkWellFormedXml } from './support/xml';

withTempSqlite();
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const EN = messagesFor('en').status;
const card = (query = '') => getCard(new Request(`http://localhost/api/card.svg${query}`));
const badge = (query = '') => getBadge(new Request(`http://localhost/api/badge.json${query}`));
const hostile = `<script>alert("x")</script> & 'Bob'`;

const input = (overrides: Partial<CardInput> = {}): CardInput => ({
  name: 'Ada Example',
  headline: { activity: null, label: 'Away', text: 'Away right now' },
  theme: 'light',
  language: 'en',
  cover: null,
  ...overrides,
});

describe('the SVG card builder', () => {
  it('escapes names and texts, so markup in them stays text', () => {
    const svg = buildCardSvg(input({ name: hostile, headline: { activity: null, label: 'Away', text: hostile } }));
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;Bob&apos;');
    expect(checkWellFormedXml(svg)).not.toContain('script');
  });

  it('is well-formed in every theme; only auto follows the reader’s colour scheme', () => {
    for (const theme of ['light', 'dark', 'auto'] as const) {
      const svg = buildCardSvg(input({ theme, cover: `data:image/png;base64,${PNG_1X1.toString('base64')}` }));
      expect(checkWellFormedXml(svg)[0]).toBe('svg');
      expect(svg.includes('prefers-color-scheme')).toBe(theme === 'auto');
      expect(svg).toMatch(/width="495" height="120"/);
    }
    expect(buildCardSvg(input({ theme: 'dark' }))).not.toBe(buildCardSvg(input({ theme: 'light' })));
  });

  it('drops characters XML cannot hold and cuts a long headline to the card', () => {
    const svg = buildCardSvg(input({ headline: { activity: null, label: 'Away', text: `a\u0001b\ud800c ${'x'.repeat(200)}` } }));
    expect(() => checkWellFormedXml(svg)).not.toThrow();
    const headline = /<text class="headline"[^>]*>([^<]*)<\/text>/.exec(svg)?.[1] ?? '';
    expect(headline).toMatch(/^abc x+…$/);
    expect(headline.length).toBeLessThan(60);
  });

  it('the checker itself refuses broken XML', () => {
    expect(() => checkWellFormedXml('<svg><text>a & b</text></svg>')).toThrow(/stray/);
    expect(() => checkWellFormedXml('<svg><text>a</svg>')).toThrow(/wrong element/);
    expect(() => checkWellFormedXml('<svg a="<"/>')).toThrow(/raw/);
  });
});

describe('GET /api/card.svg', () => {
  it('shows the headline with the embed headers', async () => {
    await reportActivities([{ kind: 'coding', project: 'nowline' }], 'api');
    const res = await card();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=30');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const svg = await res.text();
    checkWellFormedXml(svg);
    expect(svg).toContain('>Coding nowline<');
  });

  it('leaves out hidden kinds and says the idle text when nothing else is live', async () => {
    await reportActivities([{ kind: 'coding', project: 'nowline' }, { kind: 'music', title: 'Vantablack', artist: 'Dool' }], 'api');
    const withoutCoding = await (await card('?hide=coding')).text();
    expect(withoutCoding).toContain('Listening to Vantablack by Dool');
    expect(withoutCoding).not.toContain('nowline');
    const nothing = await (await card(`?hide=coding,music&idle=${encodeURIComponent(hostile)}`)).text();
    expect(nothing).not.toMatch(/nowline|Vantablack/);
    expect(nothing).toContain('&lt;script&gt;');
    checkWellFormedXml(nothing);
  });

  it('speaks the asked language, else the owner’s', async () => {
    await saveSiteSettings(siteSettingsInputSchema.parse(siteSettingsInput({ language: 'zh-CN' })));
    await reportActivities([{ kind: 'gaming', name: 'Celeste' }], 'api');
    expect(await (await card()).text()).toContain(`>${embedHeadline(await getSnapshot(), { hide: [], idle: null }, messagesFor('zh-CN').status).text}<`);
    expect(await (await card('?lang=en')).text()).toContain('>Playing Celeste<');
  });

  it('embeds a stored cover as a data: URL, and draws no cover when one cannot be fetched', async () => {
    const stored = await storeImage(new Uint8Array(PNG_1X1));
    await reportActivities([{ kind: 'music', title: 'Song', coverUrl: stored.path }], 'api');
    const svg = await (await card()).text();
    expect(svg).toContain(`href="data:image/png;base64,${PNG_1X1.toString('base64')}"`);
    const fetched: string[] = [];
    vi.stubGlobal('fetch', (url: string) => {
      fetched.push(String(url));
      return Promise.reject(new Error('no network in this test'));
    });
    await reportActivities([{ kind: 'music', title: 'Other', coverUrl: 'https://covers.invalid/a.jpg' }], 'api');
    const res = await card();
    expect(res.status).toBe(200);
    expect(fetched).toEqual(['https://covers.invalid/a.jpg']);
    expect(await res.text()).not.toContain('<image');
  });

  it.each([
    ['?theme=purple', 'theme'],
    ['?hide=music,sleeping', 'hide'],
    [`?idle=${'x'.repeat(61)}`, 'idle'],
    ['?idle=a%0Ab', 'idle'],
    ['?lang=fr', 'lang'],
    ['?colour=red', 'colour'],
    ['?theme=dark&theme=light', 'theme'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const res = await card(query);
    expect(res.status).toBe(400);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = await res.json();
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toContain(field);
  });
});

describe('GET /api/badge.json', () => {
  it('is a shields.io endpoint badge coloured by kind', async () => {
    await reportActivities([{ kind: 'music', title: 'Vantablack', artist: 'Dool' }], 'api');
    const res = await badge();
    expect(res.headers.get('cache-control')).toBe('public, max-age=30');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toEqual({ schemaVersion: 1, label: 'now', message: 'Listening to Vantablack by Dool', color: 'ff69b4' });
    expect(await (await badge('?hide=music&idle=Offline')).json()).toEqual({ schemaVersion: 1, label: 'now', message: 'Offline', color: 'lightgrey' });
  });

  it('caps a long message', async () => {
    await reportActivities([{ kind: 'manual', text: 'y'.repeat(200) }], 'api');
    const { message } = await (await badge()).json();
    expect(Array.from(message as string)).toHaveLength(BADGE_MESSAGE_MAX);
    expect(message).toMatch(/^y+…$/);
  });

  it('refuses bad options with a 400', async () => {
    expect((await badge('?hide=everything')).status).toBe(400);
  });
});

describe('privacy', () => {
  it('a project hidden by a rule appears in neither the card nor the badge', async () => {
    await savePrivacyRules({ ...DEFAULT_PRIVACY_RULES, projects: [{ match: 'secret-client', regex: false, action: 'hide' }] });
    await reportActivities([{ kind: 'coding', project: 'secret-client', language: 'Go', file: 'src/secret.go' }], 'api');
    const svg = await (await card()).text();
    const json = JSON.stringify(await (await badge()).json());
    for (const body of [svg, json]) {
      expect(body).not.toContain('secret');
      expect(body).toContain('Coding in Go');
    }
    expect(embedHeadline(await getSnapshot(), { hide: [], idle: null }, EN).text).toBe('Coding in Go');
  });
});
