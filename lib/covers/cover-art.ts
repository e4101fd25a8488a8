// Covers from the Cover Art Archive for music reported with a MusicBrainz release id and no cover.
// Looked up in the background once the report is stored (never delaying ingest or its reply), once
// per release: the image goes into the image store, then onto the music activity through the
// store's write path if that track is still playing. A failure is remembered for an hour.
import 'server-only';
import { env } from '../env';
import { IMAGE_MAX_BYTES, ImageError, renewImage, storeImage } from '../images';
import { setMusicCover } from '../status/store';

const MAX_REDIRECTS = 3;
const FAILURE_MEMORY_MS = 60 * 60_000;

type Lookup = { path: string } | { failedUntil: number } | { pending: Promise<string | null> };

const globalForCovers = globalThis as unknown as { __nowlineCovers?: Map<string, Lookup> };
const lookups = () => (globalForCovers.__nowlineCovers ??= new Map());

export interface CoverRequest {
  releaseMbid: string;
  title?: string;
  artist?: string;
}

/** Starts the look-up and returns at once; whatever happens is logged, never thrown. */
export function requestCover(track: CoverRequest): void {
  void (async () => {
    const path = await coverPath(track.releaseMbid);
    if (path) await setMusicCover(track, path);
  })().catch((error) => console.error('[nowline] cover look-up failed:', error instanceof Error ? error.message : String(error)));
}

/** The stored cover's site path for a release, fetched at most once at a time; null when there is none. */
async function coverPath(mbid: string): Promise<string | null> {
  const known = lookups().get(mbid);
  if (known && 'pending' in known) return known.pending;
  if (known && 'failedUntil' in known && Date.now() < known.failedUntil) return null;
  // Stored images nothing shows are cleaned up: a path is reused only while its image is still there.
  if (known && 'path' in known && (await renewImage(known.path))) return known.path;
  const pending = fetchAndStore(mbid).then(
    (path) => {
      lookups().set(mbid, { path });
      return path;
    },
    (error: unknown) => {
      lookups().set(mbid, { failedUntil: Date.now() + FAILURE_MEMORY_MS });
      // A release without a cover is common: one line, no stack.
      console.warn(`[nowline] no cover for release ${mbid}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    },
  );
  lookups().set(mbid, { pending });
  return pending;
}

async function fetchAndStore(mbid: string): Promise<string> {
  const { NOWLINE_COVER_ART_URL: base, NOWLINE_COVER_ART_TIMEOUT_SECONDS: timeout } = env();
  const signal = AbortSignal.timeout(timeout * 1000);
  const bytes = await fetchImage(`${base}/release/${mbid}/front-250`, signal);
  return (await storeImage(bytes)).path;
}

/** GET with at most MAX_REDIRECTS redirects (the archive answers 307 to the image), the body capped. */
async function fetchImage(start: string, signal: AbortSignal): Promise<Uint8Array> {
  let url = new URL(start);
  for (let redirects = 0; ; redirects++) {
    const res = await fetch(url, { redirect: 'manual', signal, headers: { accept: 'image/*' } });
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      if (redirects === MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
      url = new URL(location, url);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('redirected to a non-http(s) address');
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`the archive answered ${res.status}`);
    }
    return readCapped(res, signal);
  }
}

async function readCapped(res: Response, signal: AbortSignal): Promise<Uint8Array> {
  const tooLarge = () => new ImageError(`image is larger than ${IMAGE_MAX_BYTES / 1024} KB`);
  if (Number(res.headers.get('content-length') ?? 0) > IMAGE_MAX_BYTES) {
    await res.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body!.getReader();
  while (true) {
    signal.throwIfAborted();
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > IMAGE_MAX_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Whether a release's look-up is under way; and a promise for all under way to end (for tests and shutdown). */
export function coverLookupPending(mbid: string): boolean {
  const known = lookups().get(mbid);
  return Boolean(known && 'pending' in known);
}

export async function settledCoverLookups(): Promise<void> {
  await Promise.all([...lookups().values()].flatMap((l) => ('pending' in l ? [l.pending] : [])));
}
