// Which language a page is shown in: pure, no server imports, so the proxy, pages and tests share it.
// Order: the visitor's own choice (cookie) > their browser's Accept-Language > the owner's default.

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** The visitor's choice from the language switch. */
export const LANGUAGE_COOKIE = 'nowline-lang';
export const LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600;
/** Set by proxy.ts on every page request (any value a client sent is replaced or removed). */
export const LANGUAGE_HEADER = 'x-nowline-lang';

/** The locale handed to Intl: English uses a 24-hour clock and "CET"-style zone names. */
export const INTL_LOCALE: Record<Language, string> = { en: 'en-GB', 'zh-CN': 'zh-CN' };

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/**
 * A BCP 47 tag → a language we have. Simplified Chinese is zh, zh-CN, zh-SG, zh-Hans(-*) and
 * zh-MY; Traditional (zh-TW, zh-HK, zh-MO, zh-Hant) is not matched: a reader of Traditional
 * characters gets the owner's default rather than a script they may not want.
 */
export function matchLanguageTag(tag: string): Language | null {
  const parts = tag.trim().toLowerCase().split(/[-_]/);
  if (parts[0] === 'en') return 'en';
  if (parts[0] !== 'zh') return null;
  const rest = parts.slice(1);
  if (rest.includes('hant')) return null;
  if (rest.includes('hans')) return 'zh-CN';
  const region = rest.find((p) => /^[a-z]{2}$/.test(p));
  return region && ['tw', 'hk', 'mo'].includes(region) ? null : 'zh-CN';
}

/** Accept-Language → tags with q > 0, highest q first (ties keep the header's order). */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .slice(0, 1000)
    .split(',')
    .map((entry, index) => {
      const [tag = '', ...params] = entry.trim().split(';');
      const qParam = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
      const q = qParam === undefined ? 1 : Number(qParam.slice(2));
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((e) => e.tag && e.tag !== '*' && e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((e) => e.tag);
}

/** The first language of the header's preference order that we have. */
export function languageOfAcceptLanguage(header: string | null | undefined): Language | null {
  for (const tag of parseAcceptLanguage(header)) {
    const language = matchLanguageTag(tag);
    if (language) return language;
  }
  return null;
}

/** What the visitor asked for, by cookie or browser; null leaves it to the owner's default. */
export function visitorLanguage({
  cookie,
  acceptLanguage,
}: {
  cookie?: string | null;
  acceptLanguage?: string | null;
}): Language | null {
  return isLanguage(cookie) ? cookie : languageOfAcceptLanguage(acceptLanguage);
}

export function chooseLanguage(
  request: { cookie?: string | null; acceptLanguage?: string | null },
  ownerDefault: Language,
): Language {
  return visitorLanguage(request) ?? ownerDefault;
}
