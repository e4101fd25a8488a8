// What the link-preview card and og:description say, from the public snapshot of a real store: a
// project hidden by a privacy rule never appears; the card draws Latin, Chinese and emoji without
// fetching anything from outside.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withTempSqlite } from './support/database';
import { getSnapshot, reportActivities, savePrivacyRules } from '@/lib/status/store';
import { DEFAULT_PRIVACY_RULES } from '@/lib/status/privacy/rules';
import { messagesFor } from '@/lib/i18n/messages';
import { summarizeHeadline } from '@/lib/seo/headline';
import { renderCard, type CardInput } from '@/lib/seo/og-image/render';
import { drawableText } from '@/lib/seo/og-image/fonts';
import { initialsOf } from '@/lib/seo/og-image/avatar';
import { storeImage } from '@/lib/images';

const EN = messagesFor('en').status;

withTempSqlite();

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const hideProject = (match: string) =>
  savePrivacyRules({ ...DEFAULT_PRIVACY_RULES, projects: [{ match, regex: false, action: 'hide' }] });

/** Fetches of anything but the renderer's own inline WASM (data: URLs) are recorded and refused. */
function refuseOutsideFetches(): string[] {
  const outside: string[] = [];
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.startsWith('data:')) return realFetch(input, init);
    outside.push(url);
    return Promise.reject(new Error('no network in this test'));
  });
  return outside;
}

/** Width and height from the PNG's IHDR chunk. */
function pngSize(bytes: ArrayBuffer) {
  const view = new DataView(bytes);
  expect(new TextDecoder().decode(new Uint8Array(bytes, 12, 4))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const card = (headline: CardInput['headline'], overrides: Partial<CardInput> = {}): CardInput => ({
  name: 'Ada Example',
  avatar: '/avatar.svg',
  siteUrl: 'https://ada.example',
  headline,
  ...overrides,
});

describe('the headline of a link preview', () => {
  it('names a visible project, as the homepage does', async () => {
    await reportActivities([{ kind: 'coding', project: 'nowline', language: 'TypeScript' }], 'api');
    const summary = summarizeHeadline(await getSnapshot(), 'Ada', EN);
    expect(summary).toEqual({ live: true, label: 'Coding', text: 'Coding nowline', sentence: 'Ada is coding nowline.' });
  });

  it('never names a project hidden by a privacy rule', async () => {
    await hideProject('secret-client');
    await reportActivities([{ kind: 'coding', project: 'secret-client', language: 'Go' }], 'api');
    const summary = summarizeHeadline(await getSnapshot(), 'Ada', EN);
    expect(summary.live).toBe(true);
    expect(JSON.stringify(summary)).not.toContain('secret-client');
    expect(summary.sentence).toBe('Ada is coding in Go.');
  });

  it('hides a project from "last seen" too, once nothing is live', async () => {
    await hideProject('secret-client');
    await reportActivities([{ kind: 'coding', project: 'secret-client', expiresInSeconds: 10 }], 'api');
    const summary = summarizeHeadline(await getSnapshot(Date.now() + 60_000), 'Ada', EN);
    expect(summary).toMatchObject({ live: false, label: 'Away', text: 'Last seen coding' });
    expect(summary.sentence).toBe('Ada is away; last seen coding.');
  });

  it('keeps a manual status as written', async () => {
    await reportActivities([{ kind: 'manual', emoji: '🎧', text: 'Deep work' }], 'api');
    expect(summarizeHeadline(await getSnapshot(), 'Ada', EN)).toMatchObject({ label: 'Status', text: '🎧 Deep work', sentence: 'Ada: 🎧 Deep work' });
  });
});

describe('the card image', () => {
  it('is a 1200×630 PNG that differs when the headline does, with nothing fetched', async () => {
    const outside = refuseOutsideFetches();
    const visible = await renderCard(card({ live: true, label: 'Coding', text: 'Coding nowline' }));
    const hidden = await renderCard(card({ live: true, label: 'Coding', text: 'Coding in Go' }));
    expect(pngSize(visible)).toEqual({ width: 1200, height: 630 });
    expect(Buffer.from(visible).equals(Buffer.from(hidden))).toBe(false);
    expect(outside).toEqual([]);
  });

  it('is drawn once for requests that ask for the same card', async () => {
    refuseOutsideFetches();
    const input = card({ live: true, label: 'Playing', text: 'Playing Celeste' });
    const first = renderCard(input);
    expect(renderCard({ ...input })).toBe(first);
    expect(renderCard(card({ live: true, label: 'Playing', text: 'Playing Tunic' }))).not.toBe(first);
    await first;
  });

  it('draws Chinese and Japanese, and leaves out emoji and unknown scripts instead of failing', async () => {
    const outside = refuseOutsideFetches();
    const logged = vi.spyOn(console, 'error');
    const png = await renderCard(card({ live: true, label: 'Status', text: '🎧 写代码 👩‍💻 🇩🇪 かな ©' }, { name: '张三' }));
    expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
    expect(outside).toEqual([]);
    expect(logged).not.toHaveBeenCalled();
    expect(await drawableText('🎧 写代码 👩‍💻 🇩🇪 かな ©')).toBe('写代码 かな');
    expect(await drawableText('Ärger ĳ Жук 한국어 ᚠᚢᚦ')).toBe('Ärger ĳ Жук 한국어');
    expect(initialsOf('张三')).toBe('张');
    expect(initialsOf('Ada Lovelace Example')).toBe('AE');
  });

  it('draws an avatar from the image store, and initials when an avatar URL cannot be fetched', async () => {
    const outside = refuseOutsideFetches();
    const png = Buffer.from(await renderCard(card({ live: false, label: 'Away', text: 'Away right now' })));
    const stored = await storeImage(new Uint8Array(png));
    const withStored = Buffer.from(await renderCard(card({ live: false, label: 'Away', text: 'Away right now' }, { avatar: stored.path })));
    const unreachable = Buffer.from(
      await renderCard(card({ live: false, label: 'Away', text: 'Away right now' }, { avatar: 'https://avatars.invalid/ada.png' })),
    );
    expect(outside).toEqual(['https://avatars.invalid/ada.png']);
    expect(withStored.equals(png)).toBe(false);
    expect(unreachable.equals(withStored)).toBe(false);
    expect(pngSize(unreachable.buffer.slice(unreachable.byteOffset, unreachable.byteOffset + unreachable.length))).toEqual({ width: 1200, height: 630 });
  });
});
