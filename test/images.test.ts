// Reporter images: real PNG/JPEG/WebP/GIF bytes stored once by content hash and served back;
// anything else refused with a reason.
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/images/[name]/route';
import { getDb } from '@/lib/db';
import { decodeImageSource, detectImageType, IMAGE_MAX_BYTES, resolveImageUrl, storeImage } from '@/lib/images';
import { useTempSqlite } from './helpers/database';

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
