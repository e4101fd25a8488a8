// The message files: Simplified Chinese has exactly the English keys, each with the same "{…}"
// placeholders, and no message is left empty or untranslated by accident.
import { describe, expect, it } from 'vitest';
import { formatMessage } from '@/lib/i18n/format-message';
import { LANGUAGES } from '@/lib/i18n/languages';
import { messagesFor } from '@/lib/i18n/messages';
import { en } from '@/lib/i18n/messages/en';
import { zhCN } from '@/lib/i18n/messages/zh-CN';

type Tree = { [key: string]: string | Tree };

/** "status.until" → its text, for every message in a file. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** Keys one file has and the other lacks, both ways. */
function keyDifferences(reference: Tree, other: Tree): { missing: string[]; extra: string[] } {
  const a = flatten(reference);
  const b = flatten(other);
  return { missing: [...a.keys()].filter((k) => !b.has(k)), extra: [...b.keys()].filter((k) => !a.has(k)) };
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message files', () => {
  it('zh-CN has every English key and no other', () => {
    expect(keyDifferences(en, zhCN)).toEqual({ missing: [], extra: [] });
  });

  it('the key check catches a missing and an extra key', () => {
    const broken = structuredClone(zhCN) as unknown as Tree;
    delete (broken.status as Tree).until;
    (broken.admin as Tree).surplus = '多余';
    expect(keyDifferences(en, broken)).toEqual({ missing: ['status.until'], extra: ['admin.surplus'] });
  });

  it('each Chinese message has the same placeholders as the English one', () => {
    const english = flatten(en);
    for (const [key, text] of flatten(zhCN))
      expect(placeholders(text), key).toEqual(placeholders(english.get(key) ?? ''));
  });

  it('Chinese messages are written in Chinese, apart from the language names and joiners', () => {
    const sameOnPurpose = new Set([
      'language.english',
      'language.chinese',
      'status.trackTime',
      'status.durationJoin',
      'status.dayTime',
      'status.inLanguage',
      'feeds.dayTitle',
      'feeds.dayJoin',
    ]);
    for (const [key, text] of flatten(zhCN)) {
      if (sameOnPurpose.has(key)) continue;
      expect(text, key).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('every language has its file', () => {
    for (const language of LANGUAGES) expect(flatten(messagesFor(language)).size).toBe(flatten(en).size);
  });
});

describe('formatMessage', () => {
  it('fills placeholders and leaves unknown ones as written', () => {
    expect(formatMessage('until {time}', { time: '17:00' })).toBe('until 17:00');
    expect(formatMessage('{name} rule {number}', { name: 'App', number: 2 })).toBe('App rule 2');
    expect(formatMessage('as \\x{00E9}', {})).toBe('as \\x{00E9}');
    expect(formatMessage('{a}{a}', { a: '$&' })).toBe('$&$&');
  });
});
