// WakaTime heartbeats (wakatime-cli and every editor plugin) under /api/wakatime, …/v1 and
// …/compat/wakatime/v1: file heartbeats → coding. The parser is pure: body + headers →
// per-heartbeat results and at most one activity (the latest heartbeat).
import 'server-only';
import { ApiError } from '../../errors';
import { errorResponse, json } from '../../http';
import { DEFAULT_EXPIRY_MS } from '../../status/activity';
import { relativeFile } from '../../status/privacy/public-path';
import { MAX_EXPIRES_IN, MIN_EXPIRES_IN } from '../../status/schema';
import { wakatimeTokenCandidates } from '../credentials';
import { editorName, emptyReport, isRecord, operatingSystemName, readNumber, readText, validateInput, type ParsedReport } from '../fields';
import type { IngestAdapter } from '../pipeline';
import type { RelayMessageInput } from '../../relays/outbox';
import type { IngestRequest } from '../request';

export const WAKATIME_SOURCE = 'wakatime';
const SHORT = 200;
const MAX_FUTURE_MS = 3600_000;
/** wakatime-cli sends at most 25 per request; more is not a WakaTime client. */
const MAX_HEARTBEATS = 1000;
/** Categories that are not work in an editor: accepted, but they do not make the owner "coding". */
const NOT_CODING = new Set(['browsing', 'communicating', 'meeting']);


export interface UserAgentInfo {
  editor?: string;
  os?: string;
}

/**
 * `wakatime/v1.90.0 (linux-6.6.0-x86_64) go1.22.1 vscode/1.88.0 vscode-wakatime/24.5.0`: the OS is
 * in the parentheses, the editor is the product just before the `<plugin>-wakatime/<v>` one.
 */
export function parseUserAgent(userAgent: string | null | undefined): UserAgentInfo {
  if (!userAgent) return {};
  const os = operatingSystemName(/\(([^)]+)\)/.exec(userAgent)?.[1]);
  const products = userAgent.replace(/\([^)]*\)/g, ' ').trim().split(/\s+/);
  const plugin = products.findIndex((p) => /^[\w.-]+-wakatime\//i.test(p));
  const beforePlugin = plugin > 0 ? products[plugin - 1] : undefined;
  let name: string | undefined;
  if (beforePlugin && !/^(?:go\d|wakatime\/)/i.test(beforePlugin)) name = beforePlugin.split('/')[0];
  else if (plugin >= 0) name = products[plugin]?.split('-wakatime/')[0];
  else name = products.find((p) => p.includes('/') && !/^(?:wakatime|go\d)/i.test(p))?.split('/')[0];
  if (!name) return { os };
  return { editor: editorName(name)?.slice(0, SHORT), os };
}

export type HeartbeatResult = { status: 201 } | { status: 400; error: string };

export interface WakaTimeReport {
  /** One per heartbeat, in order. */
  results: HeartbeatResult[];
  /** True when the body was an array (the bulk endpoint's shape). */
  bulk: boolean;
  report: ParsedReport;
}

export interface WakaTimeContext {
  /** The request's User-Agent header, when a heartbeat carries none of its own. */
  userAgent?: string | null;
  /** The X-Machine-Name header. */
  machine?: string | null;
  now?: number;
}

interface Heartbeat {
  time: number;
  candidate: Record<string, unknown> | null;
}

function readHeartbeat(value: unknown, context: WakaTimeContext, now: number): Heartbeat {
  if (!isRecord(value)) throw ApiError.invalid('a heartbeat must be an object');
  const entity = readText(value, 'entity', Infinity);
  if (!entity) throw ApiError.invalid('entity: this field is required');
  const time = readNumber(value, 'time');
  if (time === undefined || time <= 0) throw ApiError.invalid('time: this field is required (seconds since 1970)');
  if (time * 1000 > now + MAX_FUTURE_MS) throw ApiError.invalid('time: more than an hour in the future');
  const type = readText(value, 'type', 32)?.toLowerCase() ?? 'file';
  const category = readText(value, 'category', 64)?.toLowerCase() ?? 'coding';
  if (NOT_CODING.has(category) || type === 'domain' || type === 'url') return { time, candidate: null };

  const project = readText(value, 'project', SHORT) ?? readText(value, 'alternate_project', SHORT);
  const rootCount = readNumber(value, 'project_root_count');
  const agent = parseUserAgent(readText(value, 'user_agent', 1000) ?? context.userAgent);
  return {
    time,
    candidate: {
      kind: 'coding',
      source: WAKATIME_SOURCE,
      editor: agent.editor,
      language: readText(value, 'language', SHORT),
      project,
      // Only file heartbeats name a file; it is published relative to the project, never absolute.
      file: type === 'file' ? relativeFile(entity, project, rootCount)?.slice(-512) : undefined,
      branch: readText(value, 'branch', SHORT),
      machine: context.machine?.trim().slice(0, SHORT) || readText(value, 'machine', SHORT) || agent.os,
    },
  };
}

export function parseWakaTime(body: unknown, context: WakaTimeContext = {}): WakaTimeReport {
  const now = context.now ?? Date.now();
  const bulk = Array.isArray(body);
  const items = bulk ? body : [body];
  if (!bulk && !isRecord(body)) throw ApiError.invalid('The body must be a heartbeat object or an array of heartbeats.');
  if (items.length === 0) throw ApiError.invalid('The body is an empty array; send at least one heartbeat.');
  if (items.length > MAX_HEARTBEATS) throw ApiError.invalid(`Send at most ${MAX_HEARTBEATS} heartbeats per request.`);

  const results: HeartbeatResult[] = [];
  const report = emptyReport();
  let latest: Heartbeat | null = null;
  items.forEach((item, i) => {
    try {
      const heartbeat = readHeartbeat(item, context, now);
      results.push({ status: 201 });
      if (!latest || heartbeat.time >= latest.time) latest = heartbeat;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const reason = error.reason;
      results.push({ status: 400, error: reason });
      report.warnings.push(bulk ? `heartbeat ${i}: ${reason}` : reason);
    }
  });
  const [first] = results;
  if (!bulk && first?.status === 400) throw ApiError.invalid(`Invalid heartbeat — ${first.error}`);

  const chosen = latest as Heartbeat | null;
  if (chosen?.candidate) {
    // A heartbeat sent late (wakatime-cli's offline queue) counts only for what is left of its time.
    const left = Math.round((chosen.time * 1000 + DEFAULT_EXPIRY_MS.coding - now) / 1000);
    if (left >= MIN_EXPIRES_IN) {
      const expiresInSeconds = Math.min(left, DEFAULT_EXPIRY_MS.coding / 1000, MAX_EXPIRES_IN);
      try {
        report.inputs.push(validateInput({ ...chosen.candidate, expiresInSeconds }, 'heartbeat'));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        report.warnings.push(error.message);
      }
    }
  }
  return { results, bulk, report };
}

/** The bulk reply wakatime-cli reads: one `[body, status]` pair per heartbeat, in order. */
export function toWakaTimeResponses(results: HeartbeatResult[]) {
  return {
    responses: results.map((r) => (r.status === 201 ? [{ data: null, error: null }, 201] : [{ error: r.error }, 400])),
  };
}

const PREFIX = '^/api/wakatime/(?:v1/|compat/wakatime/v1/)?';
const HEARTBEAT_PATH = new RegExp(`${PREFIX}(?:heartbeats?(?:\\.bulk)?|users/[^/]+/heartbeats(?:\\.bulk)?)$`);
export const WAKATIME_STATUSBAR_PATH = new RegExp(`${PREFIX}users/[^/]+/statusbar/today$`);

export const WAKATIME_UNAUTHORIZED = 'Send a reporter token as the WakaTime api_key (Authorization: Basic base64(token), or ?api_key=).';

export function wakatimeNotFound(request: IngestRequest): ApiError {
  const path = new URL(request.url).pathname;
  return new ApiError(404, 'not_found', `No WakaTime endpoint at ${path}; heartbeats go to /api/wakatime/users/current/heartbeats.bulk.`);
}

/** The accepted heartbeats as the editor sent them (the refused ones left out), with its User-Agent and machine. */
function wakatimeRelayMessage(text: string, raw: unknown, parsed: WakaTimeReport, request: IngestRequest): RelayMessageInput | null {
  const accepted = parsed.results.map((result) => result.status === 201);
  if (!accepted.some(Boolean)) return null;
  const body = accepted.every(Boolean) ? text : JSON.stringify((raw as unknown[]).filter((_, i) => accepted[i]));
  const headers: Record<string, string> = {};
  for (const name of ['user-agent', 'x-machine-name']) {
    const value = request.headers.get(name);
    if (value) headers[name] = value;
  }
  return { relay: 'wakatime', body, headers };
}

export const wakatimeAdapter: IngestAdapter<WakaTimeReport> = {
  protocol: 'wakatime',
  bodyLimit: 1024 * 1024,
  tokens: wakatimeTokenCandidates,
  unauthorized: WAKATIME_UNAUTHORIZED,
  path: HEARTBEAT_PATH,
  notFound: wakatimeNotFound,
  parse: (body, request) =>
    parseWakaTime(body, { userAgent: request.headers.get('user-agent'), machine: request.headers.get('x-machine-name') }),
  reply: ({ parsed }) => json(toWakaTimeResponses(parsed.results), { status: 201 }),
  relay: ({ text, raw, parsed, request }) => wakatimeRelayMessage(text, raw, parsed, request),
  fail: (error) => errorResponse(error),
};
