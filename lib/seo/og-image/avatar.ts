// The owner's avatar as a data URL for the card: a file under public/, a stored image
// (/api/images/<hash>.<ext>, read from the image store, not over HTTP) or an http(s) URL fetched
// with a short timeout. null when it cannot be had or drawn: the card then shows initials.
import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { env } from '@/lib/env';
import { detectImageType, IMAGE_MAX_BYTES, IMAGE_ROUTE, IMAGE_TYPES, readImage } from '@/lib/images';

const FETCH_TIMEOUT_MS = 2000;
const MAX_BYTES = 2 * IMAGE_MAX_BYTES;
/** A fetched avatar is kept this long, so cards in a burst of changes do not fetch it again. */
const KEEP_MS = 10 * 60_000;

/** The formats the card's renderer draws (it does not read WebP). */
function mediaTypeOf(bytes: Uint8Array): string | null {
  const type = detectImageType(bytes);
  if (type && type !== 'webp') return IMAGE_TYPES[type];
  const head = Buffer.from(bytes.subarray(0, 512)).toString('utf8');
  return /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(head) ? 'image/svg+xml' : null;
}

function toDataUrl(bytes: Uint8Array): string | null {
  const type = mediaTypeOf(bytes);
  return type ? `data:${type};base64,${Buffer.from(bytes).toString('base64')}` : null;
}

/** At most MAX_BYTES from an http(s) URL within FETCH_TIMEOUT_MS; null on a refusal or a bigger body. */
export async function fetchBytes(url: string): Promise<Uint8Array | null> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
  if (!response.ok || !response.body) return null;
  if (Number(response.headers.get('content-length')) > MAX_BYTES) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.length;
    if (size > MAX_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks);
}

/** A file under public/; the path may not leave it. */
async function readPublicFile(sitePath: string): Promise<Uint8Array | null> {
  const root = path.join(process.cwd(), 'public');
  const file = path.resolve(root, `.${decodeURIComponent(sitePath.split(/[?#]/)[0] ?? '')}`);
  if (!file.startsWith(root + path.sep)) return null;
  return readFile(file).catch(() => null);
}

async function avatarBytes(avatar: string): Promise<Uint8Array | null> {
  if (/^https?:\/\//i.test(avatar)) return fetchBytes(avatar);
  if (avatar.startsWith(`${IMAGE_ROUTE}/`)) return (await readImage(avatar.slice(IMAGE_ROUTE.length + 1)))?.bytes ?? null;
  // Where public/ is not beside the server (Vercel serves it from its CDN), ask the site for it, at
  // the configured address only: a request's Host is the client's to choose.
  const origin = env().NOWLINE_SITE_URL;
  return (await readPublicFile(avatar)) ?? (origin ? fetchBytes(new URL(avatar, `${origin}/`).toString()) : null);
}

let kept: { avatar: string; dataUrl: string | null; until: number } | null = null;

export async function loadAvatar(avatar: string): Promise<string | null> {
  if (kept && kept.avatar === avatar && Date.now() < kept.until) return kept.dataUrl;
  let dataUrl: string | null = null;
  try {
    const bytes = await avatarBytes(avatar);
    dataUrl = bytes ? toDataUrl(bytes) : null;
  } catch {
    // Unreachable, too slow or refused: the card shows initials.
  }
  // A failure is kept only briefly, so a host that comes back is tried again soon.
  kept = { avatar, dataUrl, until: Date.now() + (dataUrl ? KEEP_MS : 30_000) };
  return dataUrl;
}

/** Up to two initials: "Ada Example" → "AE"; one character for a name without spaces ("张三" → "张"). */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words.at(-1)] : [words[0]];
  return letters.map((word) => [...(word ?? '')][0] ?? '').join('').toUpperCase();
}
