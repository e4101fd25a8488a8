// What the /admin forms say, in the page's language: the real server actions, session and SQLite
// behind them; only next/headers is stood in for (the request's cookies and the proxy's header).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createToken, login, previewMarkdown, saveProfile, setManualStatus } from '@/lib/admin/actions';
import { ensureAdminPassword, logIn } from '@/lib/auth';
import type { FormState } from '@/lib/form-state';
import { localizeFormMessage } from '@/lib/i18n/form-errors';
import { loginRefusalText } from '@/lib/i18n/login-messages';
import { en } from '@/lib/i18n/messages/en';
import { EN_FORM_ERRORS } from '@/lib/i18n/messages/en-form-errors';
import { zhCN } from '@/lib/i18n/messages/zh-CN';
import { validatePrivacyRules } from '@/lib/status/privacy/rules';
import { manualInputSchema } from '@/lib/status/schema';
import { getDb } from '@/lib/db';
import { AVATAR_NOT_AN_IMAGE, AVATAR_TOO_LARGE } from '@/lib/site/avatar';
import { siteSettingsInputSchema } from '@/lib/site/settings-schema';
import { useTempSqlite } from './support/database';
import { siteSettingsInput } from './support/site-settings';

const cookieJar = vi.hoisted(() => new Map<string, string>());
const request = vi.hoisted(() => ({ language: '' }));
vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (cookieJar.has(name) ? { name, value: cookieJar.get(name) } : undefined),
    set: (name: string, value: string) => void cookieJar.set(name, value),
    delete: (name: string) => void cookieJar.delete(name),
  }),
  headers: async () =>
    new Headers({
      'x-nowline-peer-address': '192.0.2.10',
      ...(request.language ? { 'x-nowline-lang': request.language } : {}),
    }),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

let db: ReturnType<typeof useTempSqlite>;
beforeEach(() => {
  db = useTempSqlite();
  delete process.env.ADMIN_PASSWORD;
  cookieJar.clear();
  request.language = '';
});
afterEach(async () => {
  await db.cleanup();
});

describe('admin forms in Chinese', () => {
  it('the login form says a missing or wrong password in the chosen language; without a choice, in English', async () => {
    await ensureAdminPassword();
    request.language = 'zh-CN';
    expect(await login({}, form({ password: '' }))).toEqual({ error: '请输入管理密码。' });
    expect(await login({}, form({ password: 'wrong password' }))).toEqual({ error: '密码错误。' });
    request.language = '';
    expect(await login({}, form({ password: 'wrong password' }))).toEqual({ error: 'Wrong password.' });
  });

  it('says how long to wait, in seconds or minutes, in both languages', async () => {
    const verify = async () => false;
    const t = Date.parse('2026-11-23T10:00:00Z');
    let last;
    for (let i = 0; i < 5; i++) last = await logIn('198.51.100.9', 'wrong', { now: t, verify });
    if (!last || last.ok) throw new Error('expected a refusal');
    expect(loginRefusalText(last, en.login)).toBe(last.message); // the English form says what the API says
    expect(loginRefusalText(last, zhCN.login)).toBe('密码错误。请在 1 秒后重试。');
    const throttled = await logIn('198.51.100.9', 'wrong', { now: t, verify });
    if (throttled.ok) throw new Error('expected a refusal');
    expect(loginRefusalText(throttled, zhCN.login)).toBe('尝试次数过多。请在 1 秒后重试。');
    expect(loginRefusalText({ ...throttled, retryAfterSeconds: 130 }, zhCN.login)).toBe(
      '尝试次数过多。请在 3 分钟后重试。',
    );
    expect(loginRefusalText({ ...throttled, reason: 'busy' }, zhCN.login)).toBe(zhCN.login.busy);
  });

  it('a form sent after the session ended says so in Chinese', async () => {
    request.language = 'zh-CN';
    expect(await setManualStatus({}, form({ text: 'Deep work' }))).toEqual({ error: zhCN.errors.sessionEnded });
  });

  it('field errors, from the schemas and from zod itself, come back in Chinese and nothing is saved', async () => {
    const password = await ensureAdminPassword();
    expect(await login({}, form({ password: password! }))).toEqual({ ok: true });
    request.language = 'zh-CN';
    const refused = await setManualStatus({}, form({ text: '', emoji: '', until: '' }));
    expect(refused).toEqual({ error: zhCN.errors.checkFields, fieldErrors: { text: zhCN.errors.textOrEmoji } });
    const past: FormState = await setManualStatus({}, form({ text: 'Deep work', until: '2020-01-01T00:00:00Z' }));
    expect(past.fieldErrors).toEqual({ until: zhCN.errors.endInFuture });
    // No message of its own in the schema: zod's Chinese wording.
    const badTime: FormState = await setManualStatus({}, form({ text: 'Deep work', until: 'tomorrow' }));
    expect(badTime.fieldErrors?.until).toMatch(/[\u4e00-\u9fff]/);
    expect(await createToken({}, form({ name: ' ' }))).toMatchObject({ fieldErrors: { name: zhCN.errors.tokenName } });
    expect(await getDb().activity.count()).toBe(0);

    request.language = 'en';
    expect(await setManualStatus({}, form({ text: '' }))).toEqual({
      error: EN_FORM_ERRORS.checkFields,
      fieldErrors: { text: 'give a text or an emoji' },
    });
  });

  it('the profile form: field errors in Chinese, numbers kept, an unusable upload refused; nothing is saved', async () => {
    const password = await ensureAdminPassword();
    expect(await login({}, form({ password: password! }))).toEqual({ ok: true });
    request.language = 'zh-CN';
    const refused = await saveProfile(
      {},
      siteSettingsInput({
        name: ' ',
        tagline: 'x'.repeat(281),
        links: [{ label: 'Evil', href: 'javascript:alert(1)' }],
        timeZone: 'Mars/Olympus',
        accentColor: 'blue',
      }),
    );
    expect(refused).toEqual({
      error: zhCN.errors.checkFields,
      fieldErrors: {
        name: '请填写名字。',
        tagline: '最多 280 个字符。',
        'links.0.href': '必须是 https:、http: 或 mailto: 链接。',
        timeZone: '不是有效的时区；请使用 IANA 名称，例如 Europe/Berlin。',
        accentColor: '必须是颜色值，例如 #4f46e5。',
      },
    });
    const notAnImage = `data:image/png;base64,${Buffer.from('<svg onload=alert(1)>').toString('base64')}`;
    expect(await saveProfile({}, { ...siteSettingsInput(), avatarUpload: notAnImage })).toEqual({
      error: zhCN.errors.checkFields,
      fieldErrors: { avatar: '图片不是 PNG、JPEG、WebP 或 GIF 格式。' },
    });
    const tooLarge = `data:image/png;base64,${Buffer.alloc(300 * 1024).toString('base64')}`.slice(0, 399_000);
    expect((await saveProfile({}, { ...siteSettingsInput(), avatarUpload: tooLarge })).fieldErrors).toEqual({
      avatar: '图片超过 256 KB。',
    });
    expect(await getDb().setting.findUnique({ where: { key: 'site' } })).toBeNull();
    expect(await previewMarkdown({}, { source: 'x'.repeat(10_001) })).toMatchObject({
      fieldErrors: { source: '最多 10000 个字符。' },
    });
  });
});

describe('form messages from lib/', () => {
  it('every English message lib/ writes for a form has its Chinese text', () => {
    const manual = manualInputSchema.safeParse({ kind: 'manual', text: 'a\u0007' });
    const privacy = validatePrivacyRules({
      apps: [
        { match: ' ', action: 'hide' },
        { match: 'x', action: 'rename' },
        { match: '(?=a)', regex: true, action: 'hide' },
        { match: '(?<=a)b', regex: true, action: 'hide' },
        { match: '(a)\\1', regex: true, action: 'hide' },
        { match: '\\u00E9', regex: true, action: 'hide' },
        { match: 'a++', regex: true, action: 'hide' },
        { match: 'a{1001}', regex: true, action: 'hide' },
        { match: '(', regex: true, action: 'hide' },
        { match: '.{900}{900}', regex: true, action: 'hide' },
      ],
    });
    const messages = [
      ...(manual.success ? [] : manual.error.issues.map((i) => i.message)),
      ...(privacy.success ? [] : Object.values(privacy.fieldErrors)),
      ...profileMessages(),
      AVATAR_NOT_AN_IMAGE,
      AVATAR_TOO_LARGE,
    ];
    expect(messages.length).toBeGreaterThanOrEqual(30);
    for (const message of messages) {
      const chinese = localizeFormMessage(message, zhCN.errors);
      expect(chinese, message).not.toBe(message);
      expect(chinese, message).toMatch(/[\u4e00-\u9fff]/);
      expect(localizeFormMessage(message, en.errors)).toBe(message);
    }
  });

  it('a message it does not know is shown as written', () => {
    expect(localizeFormMessage('something new', zhCN.errors)).toBe('something new');
  });

  it('a message with a number in it keeps the number; the text around it must match', () => {
    expect(localizeFormMessage('at most 60 links', zhCN.errors)).toBe('最多 60 个链接。');
    expect(localizeFormMessage('At most 10000 characters.', zhCN.errors)).toBe('最多 10000 个字符。');
    expect(localizeFormMessage('not a valid regular expression: missing )', zhCN.errors)).toBe(
      '不是有效的正则表达式：missing )',
    );
    expect(localizeFormMessage('at most 60 links, or so', zhCN.errors)).toBe('at most 60 links, or so');
    expect(localizeFormMessage('at most  links', zhCN.errors)).toBe('at most  links');
  });
});

/** Every message the profile's schema writes: each field broken once, the lists past their limits. */
function profileMessages(): string[] {
  const link = { label: 'Site', href: 'https://example.com' };
  const card = { title: 'Card', href: 'https://example.com', description: '' };
  const broken = [
    siteSettingsInput({
      name: '',
      avatar: '',
      tagline: 'x'.repeat(281),
      about: 'a\u0000',
      links: [{ label: '', href: 'javascript:alert(1)', icon: 'nope' as 'github' }],
      sections: [{ title: '', cards: [{ ...card, title: '', href: '/relative' }] }],
      timeZone: 'Mars/Olympus',
      language: 'fr' as 'en',
      precedence: ['manual', 'manual'],
      accentColor: 'blue',
    }),
    siteSettingsInput({
      avatar: 'javascript:alert(1)',
      links: Array.from({ length: 21 }, () => link),
      sections: Array.from({ length: 11 }, () => ({ title: 'S', cards: Array.from({ length: 21 }, () => card) })),
    }),
  ];
  return broken.flatMap((input) => {
    const parsed = siteSettingsInputSchema.safeParse(input);
    return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
  });
}
