// Choosing the page's language (lib/i18n/languages.ts): Accept-Language parsed with its q-values,
// Chinese tags sorted into Simplified or not, and the order cookie > Accept-Language > owner default.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  chooseLanguage,
  languageOfAcceptLanguage,
  matchLanguageTag,
  parseAcceptLanguage,
  visitorLanguage,
} from '@/lib/i18n/languages';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('Accept-Language', () => {
  it('orders tags by q-value, keeping the header order for ties, and drops q=0, * and junk q-values', () => {
    expect(parseAcceptLanguage('fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5')).toEqual(['fr-CH', 'fr', 'en', 'de']);
    expect(parseAcceptLanguage('en;q=0.5, zh-CN;q=0.9')).toEqual(['zh-CN', 'en']);
    expect(parseAcceptLanguage('de;q=0.8,  en-US ; q=0.8 ,nl')).toEqual(['nl', 'de', 'en-US']);
    expect(parseAcceptLanguage('zh;q=0, en')).toEqual(['en']);
    expect(parseAcceptLanguage('zh;q=abc, en;q=0.1')).toEqual(['en']);
    expect(parseAcceptLanguage('')).toEqual([]);
    expect(parseAcceptLanguage(null)).toEqual([]);
  });

  it('takes Simplified Chinese tags as zh-CN and leaves Traditional ones to the owner', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-cn', 'zh-Hans', 'zh-Hans-CN', 'zh-SG', 'zh-MY', 'zh_CN'])
      expect(matchLanguageTag(tag), tag).toBe('zh-CN');
    for (const tag of ['zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant', 'zh-Hant-TW'])
      expect(matchLanguageTag(tag), tag).toBeNull();
    for (const tag of ['en', 'en-US', 'en-GB']) expect(matchLanguageTag(tag), tag).toBe('en');
    for (const tag of ['fr', 'ja', 'zhx', 'eng']) expect(matchLanguageTag(tag), tag).toBeNull();
  });

  it('picks the most wanted language we have, skipping those we do not', () => {
    expect(languageOfAcceptLanguage('fr, zh-CN;q=0.8, en;q=0.5')).toBe('zh-CN');
    expect(languageOfAcceptLanguage('zh-TW, zh;q=0.9, en;q=0.8')).toBe('zh-CN');
    expect(languageOfAcceptLanguage('zh-TW, en;q=0.8')).toBe('en');
    expect(languageOfAcceptLanguage('en;q=0.4, zh;q=0.6')).toBe('zh-CN');
    expect(languageOfAcceptLanguage('fr, de')).toBeNull();
  });
});

describe('language choice', () => {
  it('follows the cookie, then Accept-Language, then the owner default', () => {
    expect(chooseLanguage({ cookie: 'en', acceptLanguage: 'zh-CN' }, 'zh-CN')).toBe('en');
    expect(chooseLanguage({ cookie: 'zh-CN', acceptLanguage: 'en' }, 'en')).toBe('zh-CN');
    expect(chooseLanguage({ acceptLanguage: 'zh-CN,zh;q=0.9' }, 'en')).toBe('zh-CN');
    expect(chooseLanguage({ acceptLanguage: 'en-US' }, 'zh-CN')).toBe('en');
    expect(chooseLanguage({ acceptLanguage: 'fr' }, 'zh-CN')).toBe('zh-CN');
    expect(chooseLanguage({ acceptLanguage: 'zh-TW' }, 'en')).toBe('en');
    expect(chooseLanguage({}, 'zh-CN')).toBe('zh-CN');
  });

  it('ignores a cookie that names no language we have', () => {
    expect(visitorLanguage({ cookie: 'fr', acceptLanguage: 'zh' })).toBe('zh-CN');
    expect(visitorLanguage({ cookie: 'zh-cn<script>' })).toBeNull();
  });

  it("reads the owner's default from NOWLINE_DEFAULT_LANGUAGE, English when unset, and refuses others", async () => {
    const load = async () => {
      vi.resetModules();
      return (await import('@/lib/env')).env;
    };
    vi.stubEnv('NOWLINE_DEFAULT_LANGUAGE', '');
    expect((await load())().NOWLINE_DEFAULT_LANGUAGE).toBe('en');
    vi.stubEnv('NOWLINE_DEFAULT_LANGUAGE', 'zh-CN');
    expect((await load())().NOWLINE_DEFAULT_LANGUAGE).toBe('zh-CN');
    vi.stubEnv('NOWLINE_DEFAULT_LANGUAGE', 'fr');
    const env = await load();
    expect(() => env()).toThrow(/NOWLINE_DEFAULT_LANGUAGE: must be one of en, zh-CN/);
  });
});
