// Icons and album covers that reporters send as bytes: checked by their magic bytes, stored once
// per content (SHA-256) and published as a site URL, so no data URL ever reaches the snapshot.
// Each reporter token may store a bounded total, and images nothing uses any more are deleted.
import 'server-only';
import { createHash } from 'node:crypto';
import { getDb, type Db } from './db';
import { env } from './env';

export const IMAGE_MAX_BYTES = 256 * 1024;
const MAX_URL = 2048;
export const IMAGE_ROUTE = '/api/images';

export const IMAGE_TYPES = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
} as const;
export type ImageExtension = keyof typeof IMAGE_TYPES;

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The image format from the first bytes, whatever the sender claimed; null when not one we accept. */
export function detectImageType(bytes: Uint8Array): ImageExtension | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  return null;
}

/** A refused image; the message says why ("is not valid base64"). */
export class ImageError extends Error {}

export type ImageSource = { kind: 'url'; url: string } | { kind: 'bytes'; bytes: Buffer };

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Reads what a reporter put in an image field: an http(s) URL (kept as it is), a data URL or raw
 * base64. Throws an Error with a reason a person can act on.
 */
export function decodeImageSource(value: string): ImageSource {
  const text = value.trim();
  if (!text) throw new ImageError('is empty');
  if (/^https?:\/\//i.test(text)) {
    if (text.length > MAX_URL) throw new ImageError(`URL is longer than ${MAX_URL} characters`);
    try {
      new URL(text);
    } catch {
      throw new ImageError('is not a valid URL');
    }
    return { kind: 'url', url: text };
  }
  let payload = text;
  const dataUrl = /^data:([^,]*),/i.exec(text);
  if (dataUrl) {
    if (!/;base64$/i.test(dataUrl[1] ?? '')) throw new ImageError('data URL must be base64-encoded');
    payload = text.slice(dataUrl[0].length);
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    throw new ImageError('must be an http(s) URL, a data URL or base64');
  }
  payload = payload.replace(/\s+/g, '');
  // Decoded size is about 3/4 of the text: refuse early rather than decode megabytes.
  if (payload.length > Math.ceil((IMAGE_MAX_BYTES * 4) / 3) + 4) throw new ImageError(`image is larger than ${IMAGE_MAX_BYTES / 1024} KB`);
  if (!payload || !BASE64.test(payload)) throw new ImageError('is not valid base64');
  const bytes = Buffer.from(payload.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length === 0) throw new ImageError('is not valid base64');
  return { kind: 'bytes', bytes };
}

export interface StoredImage {
  hash: string;
  ext: ImageExtension;
  /** Site path, e.g. /api/images/<sha256>.png */
  path: string;
}

export interface StoreImageOptions {
  /** The reporter token sending it: what it stores counts against its quota. */
  tokenId?: string | null;
  /** Per-token total in bytes; NOWLINE_IMAGE_QUOTA_MB by default. */
  quotaBytes?: number;
}

const MB = 1024 * 1024;

/** Checks the bytes and stores them (once per content). Throws an Error with the reason when refused. */
export async function storeImage(bytes: Uint8Array, db: Db = getDb(), options: StoreImageOptions = {}): Promise<StoredImage> {
  if (bytes.length > IMAGE_MAX_BYTES) throw new ImageError(`image is larger than ${IMAGE_MAX_BYTES / 1024} KB`);
  const ext = detectImageType(bytes);
  if (!ext) throw new ImageError('is not a PNG, JPEG, WebP or GIF image');
  const hash = createHash('sha256').update(bytes).digest('hex');
  const stored = { hash, ext, path: `${IMAGE_ROUTE}/${hash}.${ext}` };
  // Sent again: nothing new to store. Its time is renewed so the clean-up's grace period covers
  // the report about to use it.
  const renewed = await db.image.updateMany({ where: { hash }, data: { createdAt: new Date() } });
  if (renewed.count > 0) return stored;
  const tokenId = options.tokenId ?? null;
  if (tokenId) {
    const quota = options.quotaBytes ?? env().NOWLINE_IMAGE_QUOTA_MB * MB;
    // Two reports at once may both pass this check: the quota bounds growth, it is not exact to the byte.
    const used = (await db.image.aggregate({ where: { tokenId }, _sum: { size: true } }))._sum.size ?? 0;
    if (used + bytes.length > quota) {
      throw new ImageError(`this token's image storage is full (${formatMb(used)} of ${formatMb(quota)} MB; NOWLINE_IMAGE_QUOTA_MB)`);
    }
  }
  const data = { hash, type: IMAGE_TYPES[ext], size: bytes.length, bytes: new Uint8Array(bytes), tokenId };
  await db.image.upsert({ where: { hash }, create: data, update: { createdAt: new Date() } });
  return stored;
}

const formatMb = (bytes: number) => String(Math.round((bytes / MB) * 10) / 10);

/**
 * Turns an image field into the URL to publish: an http(s) URL as sent, or a stored image's site
 * path. Pass the reporter token's id so the image counts against that token's quota.
 */
export async function resolveImageUrl(value: string, options: StoreImageOptions & { db?: Db } = {}): Promise<string> {
  const source = decodeImageSource(value);
  if (source.kind === 'url') return source.url;
  return (await storeImage(source.bytes, options.db ?? getDb(), options)).path;
}

/** Renews a stored image's time (as storing it again would); false when it is no longer stored. */
export async function renewImage(path: string, db: Db = getDb()): Promise<boolean> {
  const hash = /\/([0-9a-f]{64})\./.exec(path)?.[1];
  if (!hash) return false;
  return (await db.image.updateMany({ where: { hash }, data: { createdAt: new Date() } })).count > 0;
}

const IMAGE_NAME = /^([0-9a-f]{64})\.(png|jpg|webp|gif)$/;

/** A stored image by its public file name (`<sha256>.<ext>`); null when unknown. */
export async function readImage(name: string, db: Db = getDb()): Promise<{ hash: string; type: string; bytes: Uint8Array } | null> {
  const match = IMAGE_NAME.exec(name);
  if (!match) return null;
  const row = await db.image.findUnique({ where: { hash: match[1] } });
  if (!row || row.type !== IMAGE_TYPES[match[2] as ImageExtension]) return null;
  return { hash: row.hash, type: row.type, bytes: row.bytes };
}

const IMAGE_REFERENCE = /\/api\/images\/([0-9a-f]{64})\./g;
const SCAN_BATCH = 500;

export interface CleanupOptions {
  now?: number;
  /** Images younger than this are kept whatever uses them (a report may be about to). */
  graceMs?: number;
  /** Images shown in the history of these last days are kept. */
  historyDays?: number;
}

function collectReferences(text: string | null, into: Set<string>) {
  if (!text) return;
  for (const [, hash] of text.matchAll(IMAGE_REFERENCE)) if (hash) into.add(hash);
}

/**
 * Deletes stored images that no setting, no current activity and no change of the last `historyDays` uses,
 * once they are older than the grace period. Returns how many were deleted.
 */
export async function deleteUnusedImages(db: Db = getDb(), options: CleanupOptions = {}): Promise<number> {
  const now = options.now ?? Date.now();
  const settings = options.graceMs === undefined || options.historyDays === undefined ? env() : null;
  const graceMs = options.graceMs ?? settings!.NOWLINE_IMAGE_GRACE_MINUTES * 60_000;
  const historyDays = options.historyDays ?? settings!.NOWLINE_IMAGE_HISTORY_DAYS;
  const storedBefore = new Date(now - graceMs);

  const candidates = await db.image.findMany({ where: { createdAt: { lt: storedBefore } }, select: { hash: true } });
  if (candidates.length === 0) return 0;

  const used = new Set<string>();
  for (const row of await db.activity.findMany({ select: { fields: true } })) collectReferences(row.fields, used);
  // The owner's avatar, uploaded on /admin, lives in the site settings.
  for (const row of await db.setting.findMany({ select: { value: true } })) collectReferences(row.value, used);
  // History: read in pages by id, only the rows that mention an image at all.
  const since = new Date(now - historyDays * 24 * 60 * 60_000);
  let after = 0;
  for (;;) {
    const events = await db.statusEvent.findMany({
      where: { id: { gt: after }, createdAt: { gte: since }, activity: { contains: `${IMAGE_ROUTE}/` } },
      select: { id: true, activity: true },
      orderBy: { id: 'asc' },
      take: SCAN_BATCH,
    });
    for (const event of events) collectReferences(event.activity, used);
    const last = events.at(-1);
    if (!last || events.length < SCAN_BATCH) break;
    after = last.id;
  }

  const unused = candidates.map((c) => c.hash).filter((hash) => !used.has(hash));
  let deleted = 0;
  for (let i = 0; i < unused.length; i += SCAN_BATCH) {
    // createdAt again: an image sent again since the scan began has been renewed and stays.
    const result = await db.image.deleteMany({ where: { hash: { in: unused.slice(i, i + SCAN_BATCH) }, createdAt: { lt: storedBefore } } });
    deleted += result.count;
  }
  return deleted;
}

/** Runs deleteUnusedImages now and then every NOWLINE_IMAGE_CLEANUP_MINUTES, without keeping the process alive. */
export function scheduleImageCleanup(db: () => Db = getDb): (() => void) | null {
  const minutes = env().NOWLINE_IMAGE_CLEANUP_MINUTES;
  if (minutes <= 0) return null;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const deleted = await deleteUnusedImages(db());
      if (deleted > 0) console.log(`[nowline] deleted ${deleted} unused image${deleted === 1 ? '' : 's'}`);
    } catch (error) {
      console.error('[nowline] image clean-up failed:', error instanceof Error ? error.message : String(error));
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(run, minutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
