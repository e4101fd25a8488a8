// The measurements. Each takes running servers (bench/servers.ts) and the client process.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { LoadOptions, LoadResult, StreamStats } from './client';
import { formatMarker } from './client';
import { type ClientProcess, readCpuSeconds, readRssKb, sleep, startProcess } from './processes';
import type { Target } from './servers';
import { monotonicMs, summarize, type Summary } from './stats';

export interface Context {
  client: ClientProcess;
  log: (line: string) => void;
  logDir: string;
}

let markerCounter = 1;
export const nextMarker = () => markerCounter++;

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

export function changeBody(marker: number): string {
  return JSON.stringify({ kind: 'manual', text: `bench ${formatMarker(marker)}`, emoji: '🧪' });
}

/**
 * POST /api/status from the harness; resolves with the status code when the reply has ended.
 * A kept-alive socket the server closed while idle is retried once on a fresh one (the send
 * time is then the retry's).
 */
export function postStatus(
  target: Target,
  body: string,
  onSend?: (at: number) => void,
  attempt = 1,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      {
        host: target.host,
        port: target.port,
        method: 'POST',
        path: '/api/status',
        agent,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          Authorization: `Bearer ${target.token}`,
        },
      },
      (res) => {
        answered = true;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!answered && attempt < 3 && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) {
        resolve(postStatus(target, body, onSend, attempt + 1));
      } else reject(error);
    });
    onSend?.(monotonicMs());
    req.end(body);
  });
}

// ─── 1. SSE fan-out ────────────────────────────────────────────────────────────────────────────

export interface FanoutLevel {
  target: string;
  streams: number;
  open: number;
  failed: number;
  closedEarly: number;
  connectSeconds: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  memPerStreamKb: number;
  idleSeconds: number;
  idleCpuPercent: number;
  pings: number;
  pingWireBytes: number | null;
  changeWireBytes: number | null;
  changes: number;
  deliveredToAll: number;
  /** Per client and change: POST sent → frame arrived. */
  latency: Summary;
  /** Per change: POST sent → the last client has it. */
  toAll: Summary;
}

export interface FanoutOptions {
  levels: number[];
  changes: number;
  spacingMs: number;
  idleSeconds: number;
  connectConcurrency: number;
  warmupStreams: number;
}

type LatencyReport = {
  streams: number;
  perChange: { marker: number; received: number; toAll: number | null }[];
  overall: Summary;
};

async function publishChanges(ctx: Context, target: Target, count: number, spacingMs: number, timeoutMs: number) {
  const sends: Record<string, number> = {};
  let deliveredToAll = 0;
  for (let i = 0; i < count; i++) {
    const marker = nextMarker();
    const all = ctx.client.waitForAll(marker, timeoutMs);
    let sentAt = 0;
    const reply = postStatus(target, changeBody(marker), (at) => (sentAt = at));
    const { status } = await reply;
    if (status !== 200) throw new Error(`POST /api/status answered ${status} on ${target.name}`);
    sends[marker] = sentAt;
    if (await all) deliveredToAll++;
    const wait = sentAt + spacingMs - monotonicMs();
    if (wait > 0) await sleep(wait);
  }
  return { sends, deliveredToAll };
}

export async function runFanoutLevel(
  ctx: Context,
  startTarget: () => Promise<Target>,
  streams: number,
  options: FanoutOptions,
): Promise<FanoutLevel> {
  const target = await startTarget();
  try {
    const label = `${target.name} · ${streams.toLocaleString('en')} streams`;
    // Warm the code paths (route, bus, store, JIT) so the memory figure is the streams' own.
    await ctx.client.openStreams(target, options.warmupStreams, { concurrency: 20, timeoutMs: 30_000 });
    await publishChanges(ctx, target, 3, 60, 3000);
    await ctx.client.request({ cmd: 'close' });
    await sleep(1000);
    const rssBefore = readRssKb(target.pid);

    ctx.log(`${label}: connecting…`);
    const off = ctx.client.on((m) => {
      if (m.type === 'progress') ctx.log(`${label}: ${m.open} open${m.failed ? `, ${m.failed} failed` : ''}`);
    });
    const opened = await ctx.client.openStreams(target, streams, { concurrency: options.connectConcurrency, timeoutMs: 60_000 });
    off();
    await sleep(2000);
    const rssAfter = readRssKb(target.pid);

    ctx.log(`${label}: ${opened.open} open in ${(opened.ms / 1000).toFixed(1)} s; idle from one ping to the next…`);
    // The window runs from just after one ping fan-out to just after the next: one whole period
    // holding exactly one fan-out, whenever the timer happens to fire.
    const untilAllPinged = async () => {
      await ctx.client.request({ cmd: 'reset-counters' });
      const deadline = monotonicMs() + options.idleSeconds * 1000 + 5000;
      while (monotonicMs() < deadline) {
        const seen = await ctx.client.request<StreamStats>({ cmd: 'streams' });
        if (seen.open > 0 && seen.pings >= seen.open) return true;
        await sleep(50);
      }
      return false;
    };
    await untilAllPinged();
    const cpu0 = readCpuSeconds(target.pid);
    const t0 = monotonicMs();
    await ctx.client.request({ cmd: 'reset-counters' });
    await untilAllPinged();
    const cpu1 = readCpuSeconds(target.pid);
    const idleElapsed = (monotonicMs() - t0) / 1000;
    const idle = await ctx.client.request<StreamStats>({ cmd: 'streams' });
    const pingWireBytes = idle.pings > 0 ? idle.bytesTotal / idle.pings : null;

    ctx.log(`${label}: publishing ${options.changes} changes…`);
    await ctx.client.request({ cmd: 'reset-counters' });
    const { sends, deliveredToAll } = await publishChanges(ctx, target, options.changes, options.spacingMs, 10_000);
    await sleep(300);
    const after = await ctx.client.request<StreamStats>({ cmd: 'streams' });
    const report = await ctx.client.request<LatencyReport>({ cmd: 'latency', sends });
    const toAll = summarize(report.perChange.filter((c) => c.toAll !== null).map((c) => c.toAll!));
    const changeBytes = after.bytesTotal - after.pings * (pingWireBytes ?? 0);
    await ctx.client.request({ cmd: 'close' });
    const level: FanoutLevel = {
      target: target.name,
      streams,
      open: opened.open,
      failed: opened.failed,
      closedEarly: after.closedEarly,
      connectSeconds: opened.ms / 1000,
      rssBeforeMb: rssBefore / 1024,
      rssAfterMb: rssAfter / 1024,
      memPerStreamKb: opened.open ? (rssAfter - rssBefore) / opened.open : NaN,
      idleSeconds: idleElapsed,
      idleCpuPercent: ((cpu1 - cpu0) / idleElapsed) * 100,
      pings: opened.open ? idle.pings / opened.open : 0,
      pingWireBytes,
      changeWireBytes: opened.open && options.changes ? changeBytes / opened.open / options.changes : null,
      changes: options.changes,
      deliveredToAll,
      latency: report.overall,
      toAll,
    };
    ctx.log(
      `${label}: delivery p50 ${level.latency.p50.toFixed(1)} ms, p99 ${level.latency.p99.toFixed(1)} ms, to all p99 ${toAll.p99.toFixed(1)} ms; ` +
        `${level.memPerStreamKb.toFixed(1)} KB/stream; idle CPU ${level.idleCpuPercent.toFixed(2)} %`,
    );
    return level;
  } finally {
    await ctx.client.request({ cmd: 'close' }).catch(() => undefined);
    await target.stop();
  }
}

// ─── 2. Ingest under load ──────────────────────────────────────────────────────────────────────

export interface IngestResult {
  database: string;
  concurrency: number;
  idle: LoadResult;
  withStreams: LoadResult;
  streams: number;
  /** Frames each stream got during the loaded run, against the changes made in it. */
  framesMin: number;
  framesMax: number;
  framesAllowed: number;
  finalMarkerOk: boolean;
  streamsWithFinal: number;
}

function ingestLoad(target: Target, concurrency: number, durationMs: number): LoadOptions {
  const first = markerCounter;
  markerCounter += 1_000_000;
  return {
    host: target.host,
    port: target.port,
    method: 'POST',
    path: '/api/status',
    headers: { Authorization: `Bearer ${target.token}` },
    body: JSON.stringify({ kind: 'manual', text: 'bench {{n}}' }),
    firstMarker: first,
    concurrency,
    durationMs,
  };
}

export async function runIngest(
  ctx: Context,
  target: Target,
  options: { database: string; concurrency: number; seconds: number; streams: number; publishIntervalMs: number },
): Promise<IngestResult> {
  const label = `ingest · ${options.database}`;
  await ctx.client.request({ cmd: 'load', options: ingestLoad(target, options.concurrency, 1000) });
  ctx.log(`${label}: ${options.concurrency} in flight for ${options.seconds} s, no streams…`);
  const idle = await ctx.client.request<LoadResult>({
    cmd: 'load',
    options: ingestLoad(target, options.concurrency, options.seconds * 1000),
  });
  ctx.log(
    `${label}: ${idle.rps.toFixed(0)} changes/s, p99 ${idle.latency.p99.toFixed(1)} ms; opening ${options.streams} streams…`,
  );
  const opened = await ctx.client.openStreams(target, options.streams, { concurrency: 50, timeoutMs: 30_000 });
  await sleep(500);
  await ctx.client.request({ cmd: 'reset-counters' });
  const withStreams = await ctx.client.request<LoadResult>({
    cmd: 'load',
    options: ingestLoad(target, options.concurrency, options.seconds * 1000),
  });
  // The trailing publish fires within one interval of the last change.
  await sleep(options.publishIntervalMs + 500);
  const stats = await ctx.client.request<StreamStats>({ cmd: 'streams' });
  await ctx.client.request({ cmd: 'close' });
  const streamsWithFinal = withStreams.lastMarker === null ? 0 : (stats.lastMarkers[withStreams.lastMarker] ?? 0);
  const result: IngestResult = {
    database: options.database,
    concurrency: options.concurrency,
    idle,
    withStreams,
    streams: opened.open,
    framesMin: stats.framesMin,
    framesMax: stats.framesMax,
    framesAllowed: Math.ceil((withStreams.seconds * 1000) / options.publishIntervalMs) + 2,
    finalMarkerOk: opened.open > 0 && streamsWithFinal === opened.open,
    streamsWithFinal,
  };
  ctx.log(
    `${label}: with ${opened.open} streams ${withStreams.rps.toFixed(0)} changes/s, p99 ${withStreams.latency.p99.toFixed(1)} ms; ` +
      `${withStreams.requests} changes → ${stats.framesMin}–${stats.framesMax} frames per stream; last change on ${streamsWithFinal}/${opened.open}`,
  );
  return result;
}

// ─── 3. Page ───────────────────────────────────────────────────────────────────────────────────

export interface PageResult {
  home: LoadResult;
  minimal: LoadResult;
  homeJsKb: number;
  minimalJsKb: number;
  homeScripts: number;
  minimalScripts: number;
  /** Script chunks `/` loads that the empty page does not, in KB gzipped. */
  extraChunks: Record<string, number>;
  lighthouse: Record<string, number> | null;
  /** Audits that cost points outside performance (title and what failed). */
  lighthouseFailures?: string[];
  lighthouseError?: string;
}

/** Sets a realistic status (coding and music) so `/` renders a full card. */
export async function seedStatus(target: Target) {
  const body = JSON.stringify({
    activities: [
      {
        kind: 'coding',
        editor: 'VS Code',
        language: 'TypeScript',
        project: 'nowline',
        branch: 'main',
        expiresInSeconds: 3600,
      },
      { kind: 'music', title: 'Vantablack', artist: 'Dool', album: 'Here Now, There Then', expiresInSeconds: 3600 },
    ],
  });
  const r = await postStatus(target, body);
  if (r.status !== 200) throw new Error(`seeding the status failed: ${r.status} ${r.body}`);
}

async function firstLoadJs(
  baseUrl: string,
  pathname: string,
): Promise<{ kb: number; scripts: number; chunks: Record<string, number> }> {
  const html = await (await fetch(baseUrl + pathname)).text();
  const sources = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) sources.add(m[1].replaceAll('&amp;', '&'));
  let bytes = 0;
  const chunks: Record<string, number> = {};
  for (const src of sources) {
    const res = await fetch(new URL(src, baseUrl));
    const gzipped = gzipSync(Buffer.from(await res.arrayBuffer())).length;
    chunks[src.split('?')[0]] = gzipped / 1024;
    bytes += gzipped;
  }
  return { kb: bytes / 1024, scripts: sources.size, chunks };
}

export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumPath(): string {
  return process.env.CHROME_PATH || '/usr/bin/chromium';
}

async function runLighthouse(
  ctx: Context,
  url: string,
): Promise<{ scores: Record<string, number>; failures: string[] }> {
  const out = path.join(ctx.logDir, 'lighthouse.json');
  const child = startProcess(
    'lighthouse',
    [
      JSON.stringify(process.execPath),
      'node_modules/lighthouse/cli/index.js',
      JSON.stringify(url),
      '--output=json',
      `--output-path=${JSON.stringify(out)}`,
      '--quiet',
      '--only-categories=performance,accessibility,best-practices,seo',
      `--chrome-flags=${JSON.stringify(CHROMIUM_FLAGS.join(' '))}`,
    ].join(' '),
    { logDir: ctx.logDir, env: { CHROME_PATH: chromiumPath() } },
  );
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`lighthouse exited with ${code} (see ${ctx.logDir}/lighthouse.log)`);
  const report = JSON.parse(readFileSync(out, 'utf8')) as {
    categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
    audits: Record<
      string,
      {
        numericValue?: number;
        score: number | null;
        title: string;
        details?: { items?: { description?: string; url?: string; sourceLocation?: { url?: string } }[] };
      }
    >;
  };
  const failures: string[] = [];
  for (const [key, category] of Object.entries(report.categories)) {
    for (const ref of category.auditRefs) {
      const audit = report.audits[ref.id];
      if (key === 'performance' || ref.weight === 0 || audit.score === null || audit.score >= 1) continue;
      const item = audit.details?.items?.[0];
      const what = item?.description ?? item?.url ?? '';
      failures.push(
        `${key}: ${audit.title}${what ? ` (${what}${item?.sourceLocation?.url ? ` ${item.sourceLocation.url}` : ''})` : ''}`,
      );
    }
  }
  const scores: Record<string, number> = {};
  for (const [key, category] of Object.entries(report.categories))
    scores[key] = Math.round((category.score ?? 0) * 100);
  for (const audit of [
    'first-contentful-paint',
    'largest-contentful-paint',
    'total-blocking-time',
    'cumulative-layout-shift',
  ]) {
    const v = report.audits[audit]?.numericValue;
    if (v !== undefined) scores[audit] = v;
  }
  return { scores, failures };
}

export async function runPage(
  ctx: Context,
  target: Target,
  options: { concurrency: number; seconds: number; lighthouse: boolean },
): Promise<PageResult> {
  const load = (pathname: string, seconds: number) =>
    ctx.client.request<LoadResult>({
      cmd: 'load',
      options: {
        host: target.host,
        port: target.port,
        method: 'GET',
        path: pathname,
        concurrency: options.concurrency,
        durationMs: seconds * 1000,
      },
    });
  await load('/', 1);
  await load('/minimal', 1);
  ctx.log(
    `page: GET / and GET /minimal at concurrency ${options.concurrency}, ${options.seconds} s each in two turns…`,
  );
  // Alternating halves, so a neighbour's burst on this shared machine hits both pages alike.
  const half = options.seconds / 2;
  const turns = [
    await load('/', half),
    await load('/minimal', half),
    await load('/minimal', half),
    await load('/', half),
  ];
  const home = mergeLoads(turns[0], turns[3]);
  const minimal = mergeLoads(turns[1], turns[2]);
  ctx.log(
    `page: GET / ${home.rps.toFixed(0)} req/s, p99 ${home.latency.p99.toFixed(1)} ms; GET /minimal ${minimal.rps.toFixed(0)} req/s, p99 ${minimal.latency.p99.toFixed(1)} ms`,
  );
  const homeJs = await firstLoadJs(target.baseUrl, '/');
  const minimalJs = await firstLoadJs(target.baseUrl, '/minimal');
  ctx.log(`page: first-load JS ${homeJs.kb.toFixed(1)} KB gzipped (empty page ${minimalJs.kb.toFixed(1)} KB)`);
  let lighthouse: Record<string, number> | null = null;
  let lighthouseFailures: string[] | undefined;
  let lighthouseError: string | undefined;
  if (options.lighthouse) {
    ctx.log('page: Lighthouse (mobile) on / …');
    try {
      ({ scores: lighthouse, failures: lighthouseFailures } = await runLighthouse(ctx, `${target.baseUrl}/`));
      ctx.log(
        `page: Lighthouse ${JSON.stringify(lighthouse)}${lighthouseFailures.length ? `; lost points on: ${lighthouseFailures.join('; ')}` : ''}`,
      );
    } catch (error) {
      lighthouseError = (error as Error).message;
      ctx.log(`page: Lighthouse failed: ${lighthouseError}`);
    }
  }
  return {
    home,
    minimal,
    homeJsKb: homeJs.kb,
    minimalJsKb: minimalJs.kb,
    homeScripts: homeJs.scripts,
    minimalScripts: minimalJs.scripts,
    extraChunks: Object.fromEntries(Object.entries(homeJs.chunks).filter(([src]) => !(src in minimalJs.chunks))),
    lighthouse,
    lighthouseFailures,
    lighthouseError,
  };
}

function mergeLoads(a: LoadResult, b: LoadResult): LoadResult {
  const requests = a.requests + b.requests;
  const seconds = a.seconds + b.seconds;
  const statuses = { ...a.statuses };
  for (const [k, v] of Object.entries(b.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const weighted = (x: number, y: number) => (requests ? (x * a.requests + y * b.requests) / requests : 0);
  return {
    requests,
    errors: a.errors + b.errors,
    statuses,
    seconds,
    rps: requests / seconds,
    // Percentiles of the two halves are combined conservatively (the worse of the two).
    latency: {
      count: requests,
      mean: weighted(a.latency.mean, b.latency.mean),
      p50: weighted(a.latency.p50, b.latency.p50),
      p99: Math.max(a.latency.p99, b.latency.p99),
      max: Math.max(a.latency.max, b.latency.max),
    },
    bodyBytes: weighted(a.bodyBytes, b.bodyBytes),
    headerBytes: weighted(a.headerBytes, b.headerBytes),
    lastMarker: null,
    lastVersion: null,
  };
}

// ─── 4. Report to screen ───────────────────────────────────────────────────────────────────────

export interface ScreenResult {
  changes: number;
  seen: number;
  latency: Summary;
  /** What this browser sends for the stream and for one `fetch('/api/status')` (request line + headers). */
  browserRequestBytes: { stream: number | null; poll: number | null };
}

/** Request line and headers as HTTP/1.1 puts them on the wire. */
function requestHeadBytes(method: string, url: string, headers: Record<string, string>): number {
  const u = new URL(url);
  let n = Buffer.byteLength(`${method} ${u.pathname}${u.search} HTTP/1.1\r\n`) + 2;
  for (const [k, v] of Object.entries(headers)) if (!k.startsWith(':')) n += Buffer.byteLength(`${k}: ${v}\r\n`);
  return n;
}

export async function runScreen(
  ctx: Context,
  target: Target,
  options: { changes: number; gapMs: number },
): Promise<ScreenResult> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_FLAGS.filter((f) => !f.startsWith('--headless')),
  });
  try {
    const page = await browser.newPage();
    let streamRequestBytes: number | null = null;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/status/stream' && streamRequestBytes === null) {
        void request.allHeaders().then((h) => (streamRequestBytes = requestHeadBytes('GET', request.url(), h)));
      }
    });
    await page.goto(`${target.baseUrl}/`);
    // Wait until this page's EventSource is connected: a change must reach the DOM.
    const ready = nextMarker();
    await postStatus(target, changeBody(ready));
    await page.waitForFunction((m) => document.body.textContent?.includes(m), formatMarker(ready), { timeout: 15_000 });
    ctx.log(`screen: ${options.changes} changes, POST from the page → text in the DOM…`);
    const values: number[] = [];
    for (let i = 0; i < options.changes; i++) {
      const marker = formatMarker(nextMarker());
      // The POST is sent from the page and the DOM change seen there: one clock for both.
      const ms = await page.evaluate(
        async ({ marker, token, body }) =>
          new Promise<number>((resolve, reject) => {
            const observer = new MutationObserver(() => {
              if (document.body.textContent?.includes(marker)) {
                observer.disconnect();
                resolve(performance.now() - sent);
              }
            });
            observer.observe(document.body, { subtree: true, childList: true, characterData: true });
            const sent = performance.now();
            fetch('/api/status', {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
              body,
            }).catch(reject);
            setTimeout(() => {
              observer.disconnect();
              reject(new Error(`${marker} not shown within 5 s`));
            }, 5000);
          }),
        { marker, token: target.token, body: changeBody(Number(marker.slice(3))) },
      );
      values.push(ms);
      await sleep(options.gapMs);
    }
    const latency = summarize(values);
    ctx.log(`screen: p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms`);
    // The request a polling visitor would send every 5 s, as this browser sends it.
    const [pollRequest] = await Promise.all([
      page.waitForRequest((r) => new URL(r.url()).pathname === '/api/status' && r.method() === 'GET'),
      page.evaluate(() => fetch('/api/status').then((r) => r.text())),
    ]);
    const poll = requestHeadBytes('GET', pollRequest.url(), await pollRequest.allHeaders());
    return {
      changes: options.changes,
      seen: values.length,
      latency,
      browserRequestBytes: { stream: streamRequestBytes, poll },
    };
  } finally {
    await browser.close();
  }
}

// ─── 5. Polling, for the record ────────────────────────────────────────────────────────────────

export interface PollingResult {
  /** Whose request headers were counted: the browser's (measured in the report-to-screen run) or a bare client's. */
  requestsFrom: 'browser' | 'bare client';
  sse: { requestsPerHour: number; bytesPerHour: number; parts: Record<string, number> };
  polling: { requestsPerHour: number; bytesPerHour: number; parts: Record<string, number> };
  ratio: number;
}

const STREAM_REQUEST_BYTES = (host: string) =>
  Buffer.byteLength(
    `GET /api/status/stream HTTP/1.1\r\nHost: ${host}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n`,
  );

export async function runPolling(
  ctx: Context,
  target: Target,
  options: {
    heartbeatSeconds: number;
    pingWireBytes: number | null;
    browserRequestBytes?: { stream: number | null; poll: number | null };
  },
): Promise<PollingResult> {
  // One stream: its headers, its first frame, and the wire size of one change.
  await ctx.client.openStreams(target, 1, { concurrency: 1, timeoutMs: 10_000 });
  const first = await ctx.client.request<StreamStats>({ cmd: 'streams' });
  await sleep(200);
  await ctx.client.request({ cmd: 'reset-counters' });
  const marker = nextMarker();
  const all = ctx.client.waitForAll(marker, 5000);
  await postStatus(target, changeBody(marker));
  await all;
  await sleep(100);
  const change = await ctx.client.request<StreamStats>({ cmd: 'streams' });
  await ctx.client.request({ cmd: 'close' });
  // A ping on the wire: `: ping\n\n` in one HTTP chunk (size line and CRLFs), unless one was measured.
  const pingBytes = options.pingWireBytes ?? Buffer.byteLength('8\r\n: ping\n\n\r\n');
  const host = `${target.host}:${target.port}`;
  const sseParts = {
    request: options.browserRequestBytes?.stream ?? STREAM_REQUEST_BYTES(host),
    responseHeaders: first.headerBytes,
    firstFrame: first.initialBytes,
    changes: 60 * (change.bytesTotal - change.pings * pingBytes),
    pings: Math.floor(3600 / options.heartbeatSeconds) * pingBytes,
  };
  // Polling every 5 s: the same request shape, the measured response (headers + JSON body).
  const poll = await ctx.client.request<LoadResult>({
    cmd: 'load',
    options: {
      host: target.host,
      port: target.port,
      method: 'GET',
      path: '/api/status',
      concurrency: 1,
      durationMs: 500,
    },
  });
  const pollRequest =
    options.browserRequestBytes?.poll ??
    Buffer.byteLength(`GET /api/status HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`);
  const pollParts = {
    requests: 720 * pollRequest,
    responseHeaders: 720 * poll.headerBytes,
    bodies: 720 * poll.bodyBytes,
  };
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  const result: PollingResult = {
    requestsFrom: options.browserRequestBytes?.poll ? 'browser' : 'bare client',
    sse: { requestsPerHour: 1, bytesPerHour: sum(sseParts), parts: sseParts },
    polling: { requestsPerHour: 720, bytesPerHour: sum(pollParts), parts: pollParts },
    ratio: sum(pollParts) / sum(sseParts),
  };
  ctx.log(
    `polling: SSE ${(result.sse.bytesPerHour / 1024).toFixed(1)} KB/h vs 5 s polling ${(result.polling.bytesPerHour / 1024).toFixed(1)} KB/h (${result.ratio.toFixed(1)}×)`,
  );
  return result;
}
