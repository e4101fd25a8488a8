// The "Save profile" server action against a real SQLite database: it needs a session, saves valid
// input (an uploaded avatar into the image store), and refuses bad input with field errors, saving nothing.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { withTempSqlite } from './support/database';
import { getDb } from '@/lib/db';
import { getSiteSettings } from '@/lib/site/settings';
import { PNG_1X1, siteSettingsInput } from './support/site-settings';

// The action reads the session cookie and revalidates paths: both need a Next request, so these two
// framework calls are stood in for (the database and the store stay real).
const cookieJar = vi.hoisted(() => new Map<string, string>());
vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (cookieJar.has(name) ? { name, value: cookieJar.get(name) } : undefined),
  }),
  headers: async () => new Headers(),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

withTempSqlite();

const input = siteSettingsInput({
  timeZone: 'Europe/Berlin',
  links: [{ label: 'Site', href: 'https://example.com', icon: 'website' }],
});

async function logInCookie() {
  const { createSessionValue, SESSION_COOKIE } = await import('@/lib/auth');
  cookieJar.set(SESSION_COOKIE, (await createSessionValue()).value);
}

beforeEach(() => cookieJar.clear());

describe('saveProfile', () => {
  it('saves nothing without a session', async () => {
    const { saveProfile } = await import('@/lib/admin/actions');
    expect((await saveProfile({}, input)).error).toMatch(/session/i);
    expect(await getDb().setting.findUnique({ where: { key: 'site' } })).toBeNull();
  });

  it('refuses bad fields with a message for each, and saves nothing', async () => {
    await logInCookie();
    const { saveProfile } = await import('@/lib/admin/actions');
    const state = await saveProfile(
      {},
      { ...input, accentColor: 'blue', links: [{ label: 'x', href: 'javascript:alert(1)' }], timeZone: 'Mars/Olympus' },
    );
    expect(state.fieldErrors).toEqual({
      accentColor: 'must be a colour such as #4f46e5',
      'links.0.href': 'must be an https:, http: or mailto: link',
      timeZone: 'is not a time zone; use an IANA name such as Europe/Berlin',
    });
    expect(await getDb().setting.findUnique({ where: { key: 'site' } })).toBeNull();
  });

  it('stores an uploaded avatar and saves its path; a file that is not an image is refused', async () => {
    await logInCookie();
    const { saveProfile } = await import('@/lib/admin/actions');
    const refused = await saveProfile(
      {},
      { ...input, avatarUpload: `data:image/png;base64,${Buffer.from('<svg onload=alert(1)>').toString('base64')}` },
    );
    expect(refused.fieldErrors).toEqual({ avatar: 'The image is not a PNG, JPEG, WebP or GIF image.' });
    expect(await getDb().setting.findUnique({ where: { key: 'site' } })).toBeNull();

    const saved = await saveProfile(
      {},
      { ...input, avatarUpload: `data:image/png;base64,${PNG_1X1.toString('base64')}` },
    );
    expect(saved).toMatchObject({ ok: true, avatar: expect.stringMatching(/^\/api\/images\/[0-9a-f]{64}\.png$/) });
    expect(await getSiteSettings()).toMatchObject({
      name: 'Grace Hopper',
      avatar: (saved as { avatar: string }).avatar,
    });
    expect(await getDb().image.count()).toBe(1);
  });
});
