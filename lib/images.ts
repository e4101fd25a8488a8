// Icons and album covers that reporters send as bytes: checked by their magic bytes, stored once
// per content (SHA-256) and published as a site URL, so no data URL ever reaches the snapshot.
import 'server-only';
import { createHash } from 'node:crypto';
import { getDb, type Db } from './db';

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
    if (!/;base64$/i.test(dataUrl[1])) throw new ImageError('data URL must be base64-encoded');
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

/** Checks the bytes and stores them (once per content). Throws an Error with the reason when refused. */
export async function storeImage(bytes: Uint8Array, db: Db = getDb()): Promise<StoredImage> {
  if (bytes.length > IMAGE_MAX_BYTES) throw new ImageError(`image is larger than ${IMAGE_MAX_BYTES / 1024} KB`);
  const ext = detectImageType(bytes);
  if (!ext) throw new ImageError('is not a PNG, JPEG, WebP or GIF image');
  const hash = createHash('sha256').update(bytes).digest('hex');
  const data = { hash, type: IMAGE_TYPES[ext], size: bytes.length, bytes: new Uint8Array(bytes) };
  await db.image.upsert({ where: { hash }, create: data, update: {} });
  return { hash, ext, path: `${IMAGE_ROUTE}/${hash}.${ext}` };
}

/** Turns an image field into the URL to publish: an http(s) URL as sent, or a stored image's site path. */
export async function resolveImageUrl(value: string, db: Db = getDb()): Promise<string> {
  const source = decodeImageSource(value);
  if (source.kind === 'url') return source.url;
  return (await storeImage(source.bytes, db)).path;
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
