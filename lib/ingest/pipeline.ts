// The one way a report reaches the store, whatever protocol it came by: token → scope → declared
// length → body (capped, with a deadline) → parse (refusals noted for the owner) → images → store →
// reply. Each source is an adapter (lib/ingest/adapters/) saying only what differs.
import 'server-only';
import { ApiError } from '../errors';
import { env } from '../env';
import { parseJsonText } from '../http';
import { ImageError, resolveImageUrl } from '../images';
import { enqueueRelay, type RelayMessageInput } from '../relays/outbox';
import { requestCover } from '../covers/cover-art';
import { recordReport } from '../status/reports';
import { activityInputSchema, type ActivityKind, type Snapshot } from '../status/schema';
import { getSnapshot, reportActivities } from '../status/store';
import { scopeRefusal, type TokenProtocol } from '../token-scopes';
import type { Reporter } from '../tokens';
import { BodyReader, checkDeclaredLength } from './body';
import { verifyAnyToken } from './credentials';
import type { ParsedReport } from './fields';
import type { IngestRequest } from './request';

export interface IngestResult<P> {
  parsed: P;
  snapshot: Snapshot;
  /** What was dropped, as "field: reason". */
  warnings: string[];
  /** False when the report held nothing to apply (a past listen, an empty media object). */
  changed: boolean;
}

/** For a source whose key travels inside the JSON body (Mix Space): found by scanning the first bytes. */
export interface BodyKey {
  /** Key candidates visible in a stretch of the body's text. */
  find(text: string): string[];
  /** The longest text one key match can span: the new text is searched with this much before it. */
  maxMatchLength: number;
  /** The body's real key once parsed (a 400 when malformed), or null when it has none. */
  read(body: unknown): string | null;
  /** The reply to a body without a key (a read, for Mix Space's older pages). */
  anonymous(body: unknown): Response | Promise<Response>;
}

export interface IngestAdapter<P extends { report: ParsedReport }> {
  /** The protocol name, as token scopes and the owner's report list know it; also each activity's default `source`. */
  protocol: TokenProtocol;
  /** Largest body accepted, in bytes. */
  bodyLimit: number;
  /** Token candidates from the headers or query, best first; tried before any of the body is read. */
  tokens(request: IngestRequest): (string | null | undefined)[];
  /** The 401 message when no candidate is a valid token. */
  unauthorized: string;
  bodyKey?: BodyKey;
  /** The paths this source answers POSTs on; the production server's fast lane routes by it too. */
  path: RegExp;
  /** The 404 for another path under the same route (a hint where reports go). */
  notFound?(request: IngestRequest): ApiError;
  /** Checks on the request once authenticated, before the body (a 415 for the wrong Content-Type). */
  accept?(request: IngestRequest): void;
  /** Body → reports; throws ApiError to refuse. Pure apart from the request's headers. */
  parse(body: unknown, request: IngestRequest): P;
  reply(result: IngestResult<P>): Response;
  /** What to forward to the owner's upstream once the report is stored (lib/relays/); null for nothing. */
  relay?(accepted: { text: string; raw: unknown; parsed: P; request: IngestRequest }): RelayMessageInput | null;
  fail(error: unknown): Response;
}

function unauthorized(message: string): ApiError {
  return new ApiError(401, 'unauthorized', message);
}

/** The request's reporter, or a 401/403: used by the pipeline and by the routes that only check a token. */
export async function authenticateReporter(
  candidates: (string | null | undefined)[],
  protocol: TokenProtocol,
  message: string,
  kinds: ActivityKind[] = [],
): Promise<Reporter> {
  const reporter = await verifyOrRefuse(candidates, message);
  checkScope(reporter, protocol, kinds);
  return reporter;
}

function checkScope(reporter: Reporter, protocol: TokenProtocol, kinds: ActivityKind[] = []): void {
  const refusal = scopeRefusal(reporter, protocol, kinds);
  if (refusal) throw new ApiError(403, 'forbidden', refusal);
}

async function verifyOrRefuse(candidates: (string | null | undefined)[], message: string): Promise<Reporter> {
  const reporter = await verifyAnyToken(candidates);
  if (!reporter) throw unauthorized(message);
  return reporter;
}

/**
 * Reads just enough of a body that carries its key to find and check the key: reading stops at the
 * first invalid key, and after a window of bytes without one.
 */
async function authenticateFromBody(
  reader: BodyReader,
  bodyKey: BodyKey,
  adapter: { unauthorized: string; bodyLimit: number },
): Promise<Reporter | null> {
  const window = Math.min(env().NOWLINE_KEY_SEARCH_BYTES, adapter.bodyLimit);
  // Only the new text and the last `maxMatchLength` characters before it are searched each time:
  // searching all the text so far after every chunk would cost quadratic time on a trickled body.
  let scanned = reader.text;
  let candidates = bodyKey.find(scanned);
  while (candidates.length === 0 && !reader.done && reader.size < window) {
    const added = await reader.readChunk(adapter.bodyLimit);
    scanned = scanned.slice(-bodyKey.maxMatchLength) + added;
    candidates = bodyKey.find(scanned);
  }
  if (candidates.length === 0) {
    if (reader.done) return null;
    await reader.cancel();
    throw unauthorized(`${adapter.unauthorized} (No key in the first ${Math.round(window / 1024)} KB of the body.)`);
  }
  const reporter = await verifyAnyToken(candidates);
  if (!reporter) {
    await reader.cancel();
    throw unauthorized(adapter.unauthorized);
  }
  return reporter;
}

export async function handleIngest<P extends { report: ParsedReport }>(request: IngestRequest, adapter: IngestAdapter<P>): Promise<Response> {
  let reporter: Reporter | null = null;
  let raw: unknown = null;
  let reader: BodyReader | null = null;
  try {
    if (!adapter.path.test(new URL(request.url).pathname)) {
      throw adapter.notFound?.(request) ?? new ApiError(404, 'not_found', 'Nothing to report to at this address.');
    }
    const timeoutMs = env().NOWLINE_BODY_TIMEOUT_SECONDS * 1000;
    const candidates = adapter.tokens(request).filter(Boolean);
    if (candidates.length || !adapter.bodyKey) {
      // Two steps, not authenticateReporter: a scope refusal of a known token is noted for the owner.
      reporter = await verifyOrRefuse(candidates, adapter.unauthorized);
      checkScope(reporter, adapter.protocol);
      adapter.accept?.(request);
      checkDeclaredLength(request, adapter.bodyLimit);
      reader = new BodyReader(request, timeoutMs);
    } else {
      checkDeclaredLength(request, adapter.bodyLimit);
      reader = new BodyReader(request, timeoutMs);
      const found = await authenticateFromBody(reader, adapter.bodyKey, adapter);
      if (!found) return await adapter.bodyKey.anonymous(parseJsonText(reader.text));
      reporter = found;
      checkScope(reporter, adapter.protocol);
    }
    const text = await reader.readAll(adapter.bodyLimit);
    raw = parseJsonText(text);
    if (adapter.bodyKey && !candidates.length) {
      // The key found by scanning must be the body's own key.
      const key = adapter.bodyKey.read(raw);
      if (key === null) return await adapter.bodyKey.anonymous(raw);
      reporter = await verifyOrRefuse([key], adapter.unauthorized);
      checkScope(reporter, adapter.protocol);
    }
    const parsed = adapter.parse(raw, request);
    checkScope(reporter, adapter.protocol, parsed.report.inputs.map((i) => i.kind));
    const applied = await applyReport(parsed.report, { source: adapter.protocol, tokenName: reporter.name, tokenId: reporter.id, raw });
    relayAccepted(adapter, { text, raw, parsed, request });
    return adapter.reply({ parsed, ...applied });
  } catch (error) {
    // A known reporter sent something unusable: show the owner why on /admin.
    if (reporter && error instanceof ApiError) {
      recordReport({ tokenName: reporter.name, protocol: adapter.protocol, raw, published: [], error: error.message });
    }
    return adapter.fail(error);
  } finally {
    // Whatever was not read stays unread; the server closes a connection whose body is still arriving.
    if (reader && !reader.done) void reader.cancel();
  }
}

/** Queues the accepted report for the owner's upstream; a failure here never fails the report. */
function relayAccepted<P extends { report: ParsedReport }>(adapter: IngestAdapter<P>, accepted: Parameters<NonNullable<IngestAdapter<P>['relay']>>[0]) {
  try {
    const message = adapter.relay?.(accepted);
    if (message) enqueueRelay(message);
  } catch (error) {
    console.warn(`[nowline] ${adapter.protocol} relay: not queued:`, error instanceof Error ? error.message : String(error));
  }
}

export interface ApplyContext {
  source: string;
  tokenName: string;
  /** Images count against this token's quota. */
  tokenId: string;
  raw: unknown;
}

/** Resolves images (a bad one drops the image, not the report), then goes through the single write path. */
export async function applyReport(report: ParsedReport, context: ApplyContext): Promise<Omit<IngestResult<never>, 'parsed'>> {
  const warnings = [...report.warnings];
  const inputs = [...report.inputs];
  for (const image of report.images) {
    try {
      const url = await resolveImageUrl(image.value, { tokenId: context.tokenId });
      const parsed = activityInputSchema.safeParse({ ...inputs[image.input], [image.field]: url });
      if (parsed.success) inputs[image.input] = parsed.data;
      else warnings.push(`${image.label}: not a usable image URL; dropped`);
    } catch (error) {
      const reason = error instanceof ImageError ? error.message : 'could not be stored';
      if (!(error instanceof ImageError)) console.error('[nowline] image store failed:', error instanceof Error ? error.message : String(error));
      warnings.push(`${image.label}: ${reason}; dropped`);
    }
  }
  const base = { tokenName: context.tokenName, protocol: context.source, raw: context.raw, ...(warnings.length ? { error: warnings.join('; ') } : {}) };
  if (inputs.length === 0) {
    recordReport({ ...base, published: [] });
    return { snapshot: await getSnapshot(), warnings, changed: false };
  }
  const snapshot = await reportActivities(inputs, context.source);
  const kinds = new Set(inputs.map((i) => i.kind));
  // An app report may be shown as a game (lib/games): that is what it published.
  const published = snapshot.activities.filter((a) => kinds.has(a.kind) || (a.kind === 'gaming' && kinds.has('app') && a.source === context.source));
  recordReport({ ...base, published });
  for (const input of inputs) {
    // In the background: the reply does not wait for the archive.
    if (input.kind === 'music' && input.releaseMbid && !input.coverUrl && input.playing !== false) requestCover({ releaseMbid: input.releaseMbid, title: input.title, artist: input.artist });
  }
  return { snapshot, warnings, changed: true };
}
