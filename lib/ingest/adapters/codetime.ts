// CodeTime plugins (codetime.dev) with their entrypoint set to /api/codetime: a `token` header on
// every call; events → coding. The parser is pure: body → activities. `absoluteFile` and
// `gitOrigin` are read past, never published.
import 'server-only';
import { ApiError } from '../../errors';
import { errorResponse, json } from '../../http';
import { DEFAULT_EXPIRY_MS } from '../../status/activity';
import { relativeFile } from '../../status/privacy/public-path';
import { MIN_EXPIRES_IN } from '../../status/schema';
import { editorName, emptyReport, isRecord, operatingSystemName, readNumber, readText, validateInput, type ParsedReport } from '../fields';
import type { IngestAdapter } from '../pipeline';
import type { IngestRequest } from '../request';

export const CODETIME_SOURCE = 'codetime';
const SHORT = 200;
const MAX_FUTURE_MS = 3600_000;
const MAX_EVENTS = 1000;
/** The VS Code plugin's name for a file outside the workspace. */
const OTHER_WORKSPACE = '[other workspace]';

/** VS Code language ids that read badly as they are. */
const LANGUAGES: Record<string, string> = {
  typescript: 'TypeScript',
  typescriptreact: 'TypeScript',
  javascript: 'JavaScript',
  javascriptreact: 'JavaScript',
  python: 'Python',
  rust: 'Rust',
  go: 'Go',
  java: 'Java',
  kotlin: 'Kotlin',
  csharp: 'C#',
  cpp: 'C++',
  c: 'C',
  ruby: 'Ruby',
  php: 'PHP',
  swift: 'Swift',
  shellscript: 'Shell',
  markdown: 'Markdown',
  json: 'JSON',
  jsonc: 'JSON',
  html: 'HTML',
  css: 'CSS',
  scss: 'SCSS',
  vue: 'Vue',
  svelte: 'Svelte',
  yaml: 'YAML',
  toml: 'TOML',
  sql: 'SQL',
  dockerfile: 'Dockerfile',
  plaintext: 'Text',
};

export function languageName(id: string | undefined): string | undefined {
  return id ? (LANGUAGES[id.toLowerCase()] ?? id) : undefined;
}

export interface CodeTimeReport {
  /** Events that were refused, by index, when a batch was partly bad. */
  rejected: { index: number; error: string }[];
  accepted: number;
  report: ParsedReport;
}

interface CodeTimeEvent {
  time: number;
  candidate: Record<string, unknown>;
}

function readEvent(value: unknown, now: number): CodeTimeEvent {
  if (!isRecord(value)) throw ApiError.invalid('an event must be an object');
  const time = readNumber(value, 'eventTime');
  if (time === undefined || time <= 0) throw ApiError.invalid('eventTime: this field is required (milliseconds since 1970)');
  if (time > now + MAX_FUTURE_MS) throw ApiError.invalid('eventTime: more than an hour in the future');
  const project = readText(value, 'project', SHORT);
  const relative = readText(value, 'relativeFile', Infinity);
  const platform = readText(value, 'platform', SHORT);
  return {
    time,
    candidate: {
      kind: 'coding',
      source: CODETIME_SOURCE,
      editor: editorName(readText(value, 'editor', SHORT)),
      language: languageName(readText(value, 'language', SHORT)),
      project,
      file: relative && relative !== OTHER_WORKSPACE ? relativeFile(relative, project)?.slice(-512) : undefined,
      branch: readText(value, 'gitBranch', SHORT),
      machine: operatingSystemName(platform) ?? platform,
    },
  };
}

/** `eventLog` sends one event object, `batchEventLog` (JetBrains) an array. */
export function parseCodeTime(body: unknown, now = Date.now()): CodeTimeReport {
  const batch = Array.isArray(body);
  if (!batch && !isRecord(body)) throw ApiError.invalid('The body must be an event object or an array of events.');
  const items = batch ? body : [body];
  if (items.length === 0) throw ApiError.invalid('The body is an empty array; send at least one event.');
  if (items.length > MAX_EVENTS) throw ApiError.invalid(`Send at most ${MAX_EVENTS} events per request.`);

  const report = emptyReport();
  const rejected: CodeTimeReport['rejected'] = [];
  let latest: CodeTimeEvent | null = null;
  items.forEach((item, index) => {
    try {
      const event = readEvent(item, now);
      if (!latest || event.time >= latest.time) latest = event;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const reason = error.reason;
      rejected.push({ index, error: reason });
      report.warnings.push(batch ? `event ${index}: ${reason}` : reason);
    }
  });
  const [first] = rejected;
  if (first && rejected.length === items.length) {
    throw ApiError.invalid(batch ? `Invalid events — ${rejected.map((r) => `${r.index}: ${r.error}`).join('; ')}` : `Invalid event — ${first.error}`);
  }

  const chosen = latest as CodeTimeEvent | null;
  if (chosen) {
    // Events replayed late count only for what is left of their time.
    const left = Math.round((chosen.time + DEFAULT_EXPIRY_MS.coding - now) / 1000);
    if (left >= MIN_EXPIRES_IN) {
      report.inputs.push(validateInput({ ...chosen.candidate, expiresInSeconds: Math.min(left, DEFAULT_EXPIRY_MS.coding / 1000) }, 'event'));
    }
  }
  return { rejected, accepted: items.length - rejected.length, report };
}

// The plugins forget their token on a 401, so only a wrong token gets one.
export const CODETIME_UNAUTHORIZED = 'Send a reporter token in the "token" header.';

export const codetimeToken = (request: IngestRequest) => request.headers.get('token')?.trim();

export function codetimeNotFound(request: IngestRequest): ApiError {
  return new ApiError(404, 'not_found', `No CodeTime endpoint at ${new URL(request.url).pathname}.`);
}

export const codetimeAdapter: IngestAdapter<CodeTimeReport> = {
  protocol: 'codetime',
  bodyLimit: 1024 * 1024,
  tokens: (request) => [codetimeToken(request)],
  unauthorized: CODETIME_UNAUTHORIZED,
  path: /^\/api\/codetime\/(?:eventLog|batchEventLog)$/,
  notFound: codetimeNotFound,
  parse: (body) => parseCodeTime(body),
  // The plugins only look at the status; a JSON body keeps got's `responseType: 'json'` happy.
  reply: ({ parsed }) => json(parsed.rejected.length ? { accepted: parsed.accepted, rejected: parsed.rejected } : {}),
  fail: (error) => errorResponse(error),
};
