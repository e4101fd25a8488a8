// Shared set-up for the protocol tests: a real migrated SQLite database and a real reporter token.
import sharp from 'sharp';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { listRecentReports } from '@/lib/status/reports';
import { getSnapshot } from '@/lib/status/store';
import { createReporterToken } from '@/lib/tokens';
import { useTempSqlite } from '../support/database';
import { defined } from '../support/defined';

export const SITE = 'http://localhost:3000';

/** The coding headline the editors' sample reports (test/support/fixtures) describe. */
export const SAMPLE_CODING = { kind: 'coding', editor: 'VS Code', language: 'TypeScript', project: 'site', branch: 'main' } as const;

/** A fresh database and token per test; `token()` reads the current one. */
export function withReporterToken() {
  let db: ReturnType<typeof useTempSqlite>;
  let token = '';
  beforeEach(async () => {
    db = useTempSqlite();
    token = (await createReporterToken(getDb(), 'laptop')).token;
  });
  afterEach(async () => {
    await db.cleanup();
  });
  return () => token;
}

/** Real image bytes, encoded by an image library. */
export async function makeImage(format: 'png' | 'jpeg' | 'webp' | 'gif', size = 2): Promise<Buffer> {
  return sharp({ create: { width: size, height: size, channels: 3, background: '#ff6600' } })[format]().toBuffer();
}

/** Nothing private from the test requests may reach the public snapshot. */
export const PRIVATE_MARKERS = ['/home/', '/Users/', 'C:\\', 'C:/', '~/', 'git@', '.git', 'me/site.git'];

export async function expectNothingPrivate() {
  const text = JSON.stringify(await getSnapshot());
  for (const marker of PRIVATE_MARKERS) expect(text, `snapshot holds ${marker}`).not.toContain(marker);
  expect(text).not.toMatch(/data:image/);
}

export async function expectUnchanged(before: { version: number }) {
  expect((await getSnapshot()).version).toBe(before.version);
  expect(await getDb().statusEvent.count()).toBe(0);
}

export const latestReport = async () => defined((await listRecentReports())[0], 'a recent report');

/** Each reply is a 401 `unauthorized`, and nothing changed since `before`. */
export async function expectRefused401(before: { version: number }, replies: Promise<Response>[]) {
  for (const reply of replies) {
    const res = await reply;
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  }
  await expectUnchanged(before);
}

/** A malformed body: `[what it is, the body, what the error message must name]`. */
export type MalformedCase = [name: string, body: unknown, reason: string];

/** One test per case: 400, the reason in the error message (`messageOf` finds it), and nothing changed. */
export function itAnswers400ForEach(cases: MalformedCase[], send: (body: unknown) => Promise<Response>, messageOf = (reply: { error: { message: string } }) => reply.error.message) {
  for (const [name, body, reason] of cases) {
    it(`answers 400 for ${name}, with the reason, and changes nothing`, async () => {
      const before = await getSnapshot();
      const res = await send(body);
      expect(res.status).toBe(400);
      expect(messageOf(await res.json())).toContain(reason);
      await expectUnchanged(before);
    });
  }
}
