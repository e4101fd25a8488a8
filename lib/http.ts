// Request and response helpers for route handlers: size-capped JSON bodies, JSON errors, CORS.
import { ZodError } from 'zod';
import { ApiError } from './errors';
import { BodyReader, checkDeclaredLength } from './ingest/body';
import type { IngestRequest } from './ingest/request';

export const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Last-Event-ID, If-None-Match',
  'Access-Control-Max-Age': '86400',
} as const;

export const NO_STORE = { 'Cache-Control': 'no-store, max-age=0' } as const;

export const DEFAULT_BODY_LIMIT = 64 * 1024;

export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  if (!headers.has('Cache-Control')) headers.set('Cache-Control', NO_STORE['Cache-Control']);
  return Response.json(body, { ...init, headers });
}

export function errorResponse(error: unknown, headers: HeadersInit = {}): Response {
  if (error instanceof ZodError) error = ApiError.fromZod(error);
  if (!(error instanceof ApiError)) {
    // Log the kind of failure, never the request (it may hold a token).
    console.error('[nowline] unexpected error:', error instanceof Error ? error.stack : String(error));
    error = new ApiError(500, 'internal_error', 'Something went wrong on the server.');
  }
  const e = error as ApiError;
  const extra: Record<string, string> = e.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
  return json(
    { error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } },
    { status: e.status, headers: { ...extra, ...headers } },
  );
}

export function requireJsonContentType(request: IngestRequest) {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type.trim())) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
  }
}

/** A small JSON body (admin routes): 415 when not declared JSON, 413 past `limit`, 408 when it trickles. */
export async function readJsonBody(request: Request, limit = DEFAULT_BODY_LIMIT, timeoutMs = 10_000): Promise<unknown> {
  requireJsonContentType(request);
  checkDeclaredLength(request, limit);
  return parseJsonText(await new BodyReader(request, timeoutMs).readAll(limit));
}

/** 400 with the parser's reason when the text is empty or not JSON. */
export function parseJsonText(text: string): unknown {
  if (!text.trim()) throw new ApiError(400, 'invalid_json', 'The body is empty; send JSON.');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, 'invalid_json', `The body is not valid JSON: ${(e as Error).message}`);
  }
}

export function bearerToken(request: IngestRequest): string | null {
  const header = request.headers.get('authorization');
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}
