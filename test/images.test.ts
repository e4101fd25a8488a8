// Reporter images: real PNG/JPEG/WebP/GIF bytes stored once by content hash and served back;
// anything else refused with a reason.
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/images/[name]/route';
import { getDb } from '@/lib/db';
import { decodeImageSource, deleteUnusedImages, detectImageType, IMAGE_MAX_BYTES, resolveImageUrl, storeImage } from '@/lib/images';
import { applyReport } from '@/lib/ingest/pipeline';
import { listRecentReports } from '@/lib/status/reports';
import { getSnapshot } from '@/lib/status/store';
import { useTempSqlite } from './support/database';
import { defined } from './support/defined';

let db: ReturnType<typeof useTempSqlite>;
beforeEach(() => {
  db = useTempSqlite();
});
afterEach(async () => {
  await db.cleanup();
});

const FORMATS = [
  ['png', 'png', 'image/png'],
  ['jpeg', 'jpg', 'image/jpeg'],
  ['webp', 'webp', 'image/webp'],
  ['gif', 'gif', 'image/gif'],
] as const;

function makeImage(format: (typeof FORMATS)[number][0], colour = '#3366ff') {
  return sharp({ create: { width: 3, height: 3, channels: 3, background: colour } })[format]().toBuffer();
}

function serve(name: string, headers: Record<string, string> = {}) {
  return GET(new Request(`http://localhost/api/images/${name}`, { headers }), { params: Promise.resolve({ name }) });
}

describe('storing and serving', () => {
  for (const [format, ext, type] of FORMATS) {
    it(`stores a ${format} by its hash and serves it back immutable`, async () => {
      const bytes = await makeImage(format);
      expect(detectImageType(bytes)).toBe(ext);
      const stored = await storeImage(bytes);
      expect(stored.path).toMatch(new RegExp(`^/api/images/[0-9a-f]{64}\\.${ext}$`));

      const res = await serve(stored.path.split('/').pop()!);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    });
  }

  it('stores the same bytes once', async () => {
    const bytes = await makeImage('png');
    const a = await resolveImageUrl(bytes.toString('base64'));
    const b = await resolveImageUrl(`data:image/png;base64,${bytes.toString('base64')}`);
    expect(a).toBe(b);
    expect(a).toMatch(/^\/api\/images\/[0-9a-f]{64}\.png$/);
    expect(await getDb().image.count()).toBe(1);
    await storeImage(await makeImage('png', '#00ff00'));
    expect(await getDb().image.count()).toBe(2);
  });

  it('goes by the bytes, not by the claimed type', async () => {
    const gif = await makeImage('gif');
    const url = await resolveImageUrl(`data:image/png;base64,${gif.toString('base64')}`);
    expect(url).toMatch(/\.gif$/);
  });

  it('answers 304 to a revalidation and 404 to unknown or mismatched names', async () => {
    const stored = await storeImage(await makeImage('png'));
    const name = stored.path.split('/').pop()!;
    expect((await serve(name, { 'if-none-match': `"${stored.hash}"` })).status).toBe(304);
    expect((await serve(name.replace('.png', '.gif'))).status).toBe(404);
    expect((await serve(`${'0'.repeat(64)}.png`)).status).toBe(404);
    expect((await serve('../../etc/passwd')).status).toBe(404);
  });

  it('keeps an http(s) URL as it is, without storing anything', async () => {
    expect(await resolveImageUrl('https://cdn.example/cover.jpg')).toBe('https://cdn.example/cover.jpg');
    expect(await getDb().image.count()).toBe(0);
  });
});

describe('refusing', () => {
  it('refuses SVG, with the reason', async () => {
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
    await expect(storeImage(svg)).rejects.toThrow('is not a PNG, JPEG, WebP or GIF image');
    await expect(resolveImageUrl(`data:image/svg+xml;base64,${svg.toString('base64')}`)).rejects.toThrow('is not a PNG');
  });

  it('refuses an image over 256 KB, even a real one', async () => {
    const noise = randomBytes(400 * 400 * 3);
    const big = await sharp(noise, { raw: { width: 400, height: 400, channels: 3 } }).png().toBuffer();
    expect(big.length).toBeGreaterThan(IMAGE_MAX_BYTES);
    await expect(storeImage(big)).rejects.toThrow('larger than 256 KB');
    await expect(resolveImageUrl(big.toString('base64'))).rejects.toThrow('larger than 256 KB');
    expect(await getDb().image.count()).toBe(0);
  });

  it('refuses what is not base64 or not an image at all', () => {
    expect(() => decodeImageSource('not base64!')).toThrow('is not valid base64');
    expect(() => decodeImageSource('data:image/png,rawtext')).toThrow('base64-encoded');
    expect(() => decodeImageSource('javascript:alert(1)')).toThrow('http(s) URL, a data URL or base64');
    expect(() => decodeImageSource('file:///etc/passwd')).toThrow('http(s) URL, a data URL or base64');
    expect(() => decodeImageSource('   ')).toThrow('is empty');
  });

  it('reads base64 with line breaks and URL-safe letters', async () => {
    const png = await makeImage('png');
    const wrapped = png.toString('base64').replace(/(.{20})/g, '$1\n');
    expect(decodeImageSource(wrapped)).toEqual({ kind: 'bytes', bytes: png });
    expect(decodeImageSource(png.toString('base64url'))).toEqual({ kind: 'bytes', bytes: png });
  });
});

const MB = 1024 * 1024;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('per-token quota', () => {
  async function fillQuota(tokenId: string, size = 20 * MB) {
    // A row that stands for what the token stored before (only its size counts).
    await getDb().image.create({ data: { hash: 'f'.repeat(64), type: 'image/png', size, bytes: new Uint8Array(1), tokenId } });
  }

  it('records the token and refuses a new image past its total, not other tokens’ or known ones', async () => {
    const first = await makeImage('png', '#111111');
    await storeImage(first, getDb(), { tokenId: 'tok-a' });
    expect((await getDb().image.findFirst({ where: { size: first.length } }))?.tokenId).toBe('tok-a');

    await fillQuota('tok-a');
    const next = await makeImage('png', '#222222');
    await expect(storeImage(next, getDb(), { tokenId: 'tok-a' })).rejects.toThrow("this token's image storage is full");
    // Another token still may; the same bytes again cost nothing new.
    await expect(resolveImageUrl(next.toString('base64'), { tokenId: 'tok-b' })).resolves.toMatch(/^\/api\/images\//);
    await expect(storeImage(first, getDb(), { tokenId: 'tok-a' })).resolves.toMatchObject({ ext: 'png' });
    expect(await getDb().image.count()).toBe(3);
  });

  it('drops the image, not the report, with a warning the owner sees', async () => {
    await fillQuota('tok-a');
    const icon = (await makeImage('png', '#333333')).toString('base64');
    const result = await applyReport(
      { inputs: [{ kind: 'app', name: 'Editor' }], images: [{ input: 0, field: 'iconUrl', value: icon, label: 'icon' }], warnings: [] },
      { source: 'mixspace', tokenName: 'desktop', tokenId: 'tok-a', raw: {} },
    );
    expect(result.changed).toBe(true);
    expect(result.warnings).toEqual([expect.stringMatching(/^icon: this token's image storage is full .*; dropped$/)]);
    const app = (await getSnapshot()).activities.find((a) => a.kind === 'app');
    expect(app).toMatchObject({ name: 'Editor' });
    expect(app && 'iconUrl' in app ? app.iconUrl : undefined).toBeUndefined();
    expect((await listRecentReports())[0]?.error).toContain('image storage is full');
    expect(await getDb().image.count()).toBe(1);
  });
});

describe('deleting unused images', () => {
  const options = (now: number) => ({ now, graceMs: HOUR, historyDays: 7 });

  async function reportIcon(name: string, colour?: string) {
    const images = colour ? [{ input: 0, field: 'iconUrl' as const, value: (await makeImage('png', colour)).toString('base64'), label: 'icon' }] : [];
    await applyReport({ inputs: [{ kind: 'app', name }], images, warnings: [] }, { source: 'mixspace', tokenName: 'desktop', tokenId: 'tok', raw: {} });
  }

  it('keeps what the current activity or recent history shows, deletes the rest after the grace period', async () => {
    await reportIcon('Editor', '#445566');
    const icon = defined((await getDb().image.findMany())[0], 'the stored icon');
    const unused = await storeImage(await makeImage('png', '#778899'));
    const t = Date.now();

    // Within the grace period nothing goes, used or not.
    expect(await deleteUnusedImages(getDb(), options(t))).toBe(0);
    // After it, the unused one goes; the current activity's icon stays.
    expect(await deleteUnusedImages(getDb(), options(t + 2 * HOUR))).toBe(1);
    expect(await getDb().image.findUnique({ where: { hash: unused.hash } })).toBeNull();
    expect(await getDb().image.findUnique({ where: { hash: icon.hash } })).not.toBeNull();

    // Replaced: only the history shows the icon now, and it stays while that history is recent.
    await reportIcon('Browser');
    expect(JSON.stringify((await getSnapshot()).activities)).not.toContain(icon.hash);
    expect(await deleteUnusedImages(getDb(), options(t + 2 * DAY))).toBe(0);
    // Once the change is older than the history setting, nothing uses it.
    expect(await deleteUnusedImages(getDb(), options(t + 8 * DAY))).toBe(1);
    expect(await getDb().image.count()).toBe(0);
  });

  it('never deletes an image a report has just sent again', async () => {
    const bytes = await makeImage('png', '#abcdef');
    const stored = await storeImage(bytes);
    await getDb().image.update({ where: { hash: stored.hash }, data: { createdAt: new Date(Date.now() - 3 * HOUR) } });
    // Sent again (its activity is about to be written): the grace period starts over.
    await storeImage(bytes);
    expect(await deleteUnusedImages(getDb(), options(Date.now()))).toBe(0);
    expect(await getDb().image.count()).toBe(1);
  });

  it('serves 404 for a deleted image', async () => {
    const stored = await storeImage(await makeImage('png', '#010203'));
    expect(await deleteUnusedImages(getDb(), options(Date.now() + 2 * HOUR))).toBe(1);
    expect((await serve(stored.path.split('/').pop()!)).status).toBe(404);
  });
});
