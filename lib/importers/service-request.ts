// What the polled services' readers share: one GET with Nowline's user agent, whose failures become
// ImporterFetchError naming the service, and fitting the service's text to the status model. Error
// messages are built from known parts only: the request URL carries the owner's API key.
import 'server-only';
import { activityInputSchema, CONTROL_CHARACTERS, type ActivityInput } from '../status/schema';
import { ImporterFetchError, ImporterSetupError } from './types';

/** Services ask callers to name themselves (Last.fm blocks anonymous clients). */
export const IMPORTER_USER_AGENT = 'Nowline/0.1 (self-hosted status page)';
/** The answers read here are a few KB; anything far larger is not the service speaking. */
const MAX_ANSWER_BYTES = 1024 * 1024;
const ALL_CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTERS.source, 'g');

export interface ServiceAnswer {
  status: number;
  body: string;
  /** The body as JSON; undefined when it is not JSON. */
  json: unknown;
}

export async function getFromService(service: string, url: URL, signal: AbortSignal): Promise<ServiceAnswer> {
  try {
    const res = await fetch(url, { signal, redirect: 'follow', headers: { accept: 'application/json', 'user-agent': IMPORTER_USER_AGENT } });
    const body = await readCapped(res, service);
    return { status: res.status, body, json: parseJson(body) };
  } catch (error) {
    if (error instanceof ImporterFetchError) throw error;
    throw new ImporterFetchError(whatWentWrong(service, error, signal));
  }
}

async function readCapped(res: Response, service: string): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.length;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw new ImporterFetchError(`${service} sent an answer larger than ${MAX_ANSWER_BYTES / 1024} KB.`);
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** The failure in words, from the error's kind and code only (a cause's text could quote the URL). */
function whatWentWrong(service: string, error: unknown, signal: AbortSignal): string {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof Error && reason.name === 'TimeoutError' ? `${service} did not answer in time.` : `The request to ${service} was cancelled.`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' && /^[A-Z_]+$/.test(cause.code) ? ` (${cause.code})` : '';
  return `${service} could not be reached${code}.`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A service's text as the status model holds it: control characters become spaces, trimmed, cut to
 * `max` characters (never inside a surrogate pair). Undefined for anything else or nothing left.
 */
export function cleanText(value: unknown, max = 200): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).replace(ALL_CONTROL_CHARACTERS, ' ').replace(/ {2,}/g, ' ').trim();
  if (!text) return undefined;
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
  return text.slice(0, end).trimEnd() + '…';
}

/** An http(s) URL the status model accepts, else undefined. */
export function cleanHttpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2048 || CONTROL_CHARACTERS.test(value)) return undefined;
  const trimmed = value.trim();
  if (!URL.canParse(trimmed)) return undefined;
  return /^https?:$/.test(new URL(trimmed).protocol) ? trimmed : undefined;
}

/**
 * The activity as the status model takes it. A field the model still refuses (a URL zod reads more
 * strictly than the URL parser) is dropped rather than losing the activity; a refused required field
 * means the answer was not what the service sends.
 */
export function fitActivity(service: string, candidate: Record<string, unknown>): ActivityInput {
  const defined = Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined));
  const first = activityInputSchema.safeParse(defined);
  if (first.success) return first.data;
  const refused = new Set(first.error.issues.map((issue) => String(issue.path[0])));
  const kept = Object.fromEntries(Object.entries(defined).filter(([key]) => key === 'kind' || !refused.has(key)));
  const second = activityInputSchema.safeParse(kept);
  if (second.success) return second.data;
  throw new ImporterFetchError(`${service} sent an activity Nowline cannot show.`);
}

/** Runs a poll with the API key taken out of any message it throws, whatever the service echoed. */
export async function withoutSecret<T>(secret: string, poll: () => Promise<T>): Promise<T> {
  try {
    return await poll();
  } catch (error) {
    const key = secret.trim();
    // A key too short to be real could match ordinary words.
    if (key.length >= 8 && error instanceof Error && error.message.includes(key)) {
      error.message = error.message.replaceAll(key, '[API key]');
    }
    if (error instanceof ImporterSetupError || error instanceof ImporterFetchError) throw error;
    throw new ImporterFetchError(error instanceof Error ? error.message : String(error));
  }
}
