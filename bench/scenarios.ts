// The measurements. Each takes running servers (bench/servers.ts) and the client process.
// One file because the five share its helpers and its marker counter (a marker is unique across the
// whole run); each is one numbered section, in the order run.ts calls them.
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { LoadOptions, LoadResult, StreamStats } from './client';
import { formatMarker, rawHeaderBytes } from './client';
import { PAGE_CACHE_HEADER } from '../lib/page-cache/cached-pages';
import { STATUS_STREAM_URL } from '../lib/status/live';
import { BENCH_GC_PATH } from './gc-endpoint.js';
import { ClientProcess, readCpuSeconds, readRssKb, sleep, startProcess } from './processes';
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

/**
 * The serving process's memory right after a full garbage collection (the server's GET
 * /__bench/gc runs it): RSS from /proc, the V8 heap from the process itself. Any failure — no GC
 * endpoint, another process answering, /proc unreadable — throws and fails the scenario.
 */
export async function memoryAfterGc(target: Target): Promise<{ rssKb: number; heapKb: number }> {
  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    // A connection of its own, closed after: no idle socket left on the server being measured.
    http
      .get({ host: target.host, port: target.port, path: BENCH_GC_PATH, agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
  if (status !== 200) throw new Error(`${target.name}: GET ${BENCH_GC_PATH} answered ${status} ${body.slice(0, 200)}`);
  const answer = JSON.parse(body) as { pid: number; heapUsedKb: number };
  if (answer.pid !== target.pid)
    throw new Error(`${target.name}: memory is read from pid ${target.pid} but pid ${answer.pid} serves HTTP`);
  return { rssKb: readRssKb(target.pid), heapKb: answer.heapUsedKb };
}

// ─── 1. SSE fan-out ────────────────────────────────────────────────────────────────────────────

export interface FanoutLevel {
  target: string;
  streams: number;
  open: number;
  failed: number;
  closedEarly: number;
  connectSeconds: number;
  /** After a full GC, before the streams opened and once they are all open. */
  rssBeforeMb: number;
  rssAfterMb: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  memPerStreamKb: number;
  heapPerStreamKb: number;
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
    const before = await memoryAfterGc(target);

    ctx.log(`${label}: connecting…`);
    const off = ctx.client.on((m) => {
      if (m.type === 'progress') ctx.log(`${label}: ${m.open} open${m.failed ? `, ${m.failed} failed` : ''}`);
    });
    const opened = await ctx.client.openStreams(target, streams, { concurrency: options.connectConcurrency, timeoutMs: 60_000 });
    off();
    await sleep(2000);
    const after = await memoryAfterGc(target);

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
    const delivered = await ctx.client.request<StreamStats>({ cmd: 'streams' });
    const report = await ctx.client.request<LatencyReport>({ cmd: 'latency', sends });
    const toAll = summarize(report.perChange.flatMap((c) => (c.toAll === null ? [] : [c.toAll])));
    const changeBytes = delivered.bytesTotal - delivered.pings * (pingWireBytes ?? 0);
    await ctx.client.request({ cmd: 'close' });
    const level: FanoutLevel = {
      target: target.name,
      streams,
      open: opened.open,
      failed: opened.failed,
      closedEarly: delivered.closedEarly,
      connectSeconds: opened.ms / 1000,
      rssBeforeMb: before.rssKb / 1024,
      rssAfterMb: after.rssKb / 1024,
      heapBeforeMb: before.heapKb / 1024,
      heapAfterMb: after.heapKb / 1024,
      memPerStreamKb: opened.open ? (after.rssKb - before.rssKb) / opened.open : NaN,
      heapPerStreamKb: opened.open ? (after.heapKb - before.heapKb) / opened.open : NaN,
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
        `${level.memPerStreamKb.toFixed(1)} KB/stream (heap ${level.heapPerStreamKb.toFixed(1)}) after GC; idle CPU ${level.idleCpuPercent.toFixed(2)} %`,
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
  /** One-minute load average of the machine when the loaded runs started (the cores are shared). */
  loadAverage: number[];
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
  const loadAverage = [os.loadavg()[0] ?? NaN];
  ctx.log(`${label}: ${options.concurrency} in flight for ${options.seconds} s, no streams…`);
  const idle = await ctx.client.request<LoadResult>({
    cmd: 'load',
    options: ingestLoad(target, options.concurrency, options.seconds * 1000),
  });
  ctx.log(
    `${label}: ${idle.rps.toFixed(0)} changes/s, p99 ${idle.latency.p99.toFixed(1)} ms; opening ${options.streams} streams…`,
  );
  // The streams are held by a client process of their own: reading 1,000 streams in the load
  // generator's event loop would delay its next requests, a cost of the client and not the server's.
  const holder = new ClientProcess(ctx.logDir, 'stream-holder');
  let withStreams: LoadResult, stats: StreamStats, opened: { open: number };
  try {
    opened = await holder.openStreams(target, options.streams, { concurrency: 50, timeoutMs: 30_000 });
    await sleep(500);
    await holder.request({ cmd: 'reset-counters' });
    loadAverage.push(os.loadavg()[0] ?? NaN);
    withStreams = await ctx.client.request<LoadResult>({
      cmd: 'load',
      options: ingestLoad(target, options.concurrency, options.seconds * 1000),
    });
    // The trailing publish fires within one interval of the last change.
    await sleep(options.publishIntervalMs + 500);
    stats = await holder.request<StreamStats>({ cmd: 'streams' });
    await holder.request({ cmd: 'close' });
  } finally {
    await holder.stop();
  }
  const streamsWithFinal = withStreams.lastMarker === null ? 0 : (stats.lastMarkers[withStreams.lastMarker] ?? 0);
  const result: IngestResult = {
    database: options.database,
    loadAverage: loadAverage.map((l) => Math.round(l * 100) / 100),
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
  /** What `/` answered with in X-Nowline-Page-Cache after the warm-up: `hit` when it came from memory. */
  homeCache: string | null;
  minimal: LoadResult;
  homeJsKb: number;
  minimalJsKb: number;
  homeScripts: number;
  minimalScripts: number;
  /** Script chunks `/` loads that the empty page does not, in KB gzipped. */
  extraChunks: Record<string, number>;
  /** The median of the runs, per category and metric. */
  lighthouse: Record<string, number> | null;
  /** Each run's scores and metrics, with the machine's 1-minute load average as it started. */
  lighthouseRuns?: LighthouseRun[];
  /** The same on the empty page (`/minimal`), run in turns with `/`: what the framework alone scores. */
  lighthouseFloor?: Record<string, number> | null;
  lighthouseFloorRuns?: LighthouseRun[];
  /** Audits that cost points outside performance (title and what failed). */
  lighthouseFailures?: string[];
  lighthouseError?: string;
}

export interface LighthouseRun {
  scores: Record<string, number>;
  loadAverage: number;
}

/** Per key, the median of the runs that have it (the middle run of three). */
export function medianScores(runs: readonly Record<string, number>[]): Record<string, number> {
  const keys = new Set(runs.flatMap((r) => Object.keys(r)));
  const median: Record<string, number> = {};
  for (const key of keys) {
    const values = runs.map((r) => r[key]).filter((v): v is number => v !== undefined).sort((a, b) => a - b);
    const mid = Math.floor(values.length / 2);
    median[key] = values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
  }
  return median;
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
  for (const [, src = ''] of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) sources.add(src.replaceAll('&amp;', '&'));
  let bytes = 0;
  const chunks: Record<string, number> = {};
  for (const src of sources) {
    const res = await fetch(new URL(src, baseUrl));
    const gzipped = gzipSync(Buffer.from(await res.arrayBuffer())).length;
    chunks[src.replace(/\?.*/, '')] = gzipped / 1024;
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
  run: string,
): Promise<{ scores: Record<string, number>; failures: string[] }> {
  const out = path.join(ctx.logDir, `lighthouse-${run}.json`);
  const child = startProcess(
    `lighthouse-${run}`,
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
  if (code !== 0) throw new Error(`lighthouse exited with ${code} (see ${ctx.logDir}/lighthouse-${run}.log)`);
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
      if (!audit || key === 'performance' || ref.weight === 0 || audit.score === null || audit.score >= 1) continue;
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
  options: { concurrency: number; seconds: number; lighthouse: boolean; lighthouseRuns: number },
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
  // The status does not change during the run, so after the warm-up `/` is served from the page cache.
  const homeCache = (await fetch(`${target.baseUrl}/`)).headers.get(PAGE_CACHE_HEADER);
  ctx.log(`page: GET / answered from the page cache: ${homeCache ?? 'no (header absent)'}`);
  ctx.log(
    `page: GET / and GET /minimal at concurrency ${options.concurrency}, ${options.seconds} s each in two turns…`,
  );
  // Alternating halves, so a neighbour's burst on this shared machine hits both pages alike.
  const half = options.seconds / 2;
  const homeFirst = await load('/', half);
  const minimalFirst = await load('/minimal', half);
  const minimalSecond = await load('/minimal', half);
  const homeSecond = await load('/', half);
  const home = mergeLoads(homeFirst, homeSecond);
  const minimal = mergeLoads(minimalFirst, minimalSecond);
  ctx.log(
    `page: GET / ${home.rps.toFixed(0)} req/s, p99 ${home.latency.p99.toFixed(1)} ms; GET /minimal ${minimal.rps.toFixed(0)} req/s, p99 ${minimal.latency.p99.toFixed(1)} ms`,
  );
  const homeJs = await firstLoadJs(target.baseUrl, '/');
  const minimalJs = await firstLoadJs(target.baseUrl, '/minimal');
  ctx.log(`page: first-load JS ${homeJs.kb.toFixed(1)} KB gzipped (empty page ${minimalJs.kb.toFixed(1)} KB)`);
  let lighthouse: Record<string, number> | null = null;
  let lighthouseFloor: Record<string, number> | null = null;
  const lighthouseRuns: LighthouseRun[] = [];
  const lighthouseFloorRuns: LighthouseRun[] = [];
  let lighthouseFailures: string[] | undefined;
  let lighthouseError: string | undefined;
  if (options.lighthouse) {
    try {
      // `/` and the empty page in turns, so a neighbour's burst on this shared machine hits both alike.
      for (let run = 1; run <= options.lighthouseRuns; run++) {
        for (const [pathname, runs] of [['/', lighthouseRuns], ['/minimal', lighthouseFloorRuns]] as const) {
          const loadAverage = os.loadavg()[0]!;
          ctx.log(`page: Lighthouse (mobile) on ${pathname}, run ${run} of ${options.lighthouseRuns}, load average ${loadAverage.toFixed(2)}…`);
          const { scores, failures } = await runLighthouse(ctx, target.baseUrl + pathname, `${pathname === '/' ? 'home' : 'minimal'}-${run}`);
          runs.push({ scores, loadAverage });
          // Failures outside performance do not depend on the load: the first run's stand for all.
          if (pathname === '/') lighthouseFailures ??= failures;
          ctx.log(`page: Lighthouse ${pathname} ${JSON.stringify(scores)}${failures.length ? `; lost points on: ${failures.join('; ')}` : ''}`);
        }
      }
      lighthouse = medianScores(lighthouseRuns.map((r) => r.scores));
      lighthouseFloor = medianScores(lighthouseFloorRuns.map((r) => r.scores));
    } catch (error) {
      lighthouseError = (error as Error).message;
      ctx.log(`page: Lighthouse failed: ${lighthouseError}`);
    }
  }
  return {
    home,
    homeCache,
    minimal,
    homeJsKb: homeJs.kb,
    minimalJsKb: minimalJs.kb,
    homeScripts: homeJs.scripts,
    minimalScripts: minimalJs.scripts,
    extraChunks: Object.fromEntries(Object.entries(homeJs.chunks).filter(([src]) => !(src in minimalJs.chunks))),
    lighthouse,
    lighthouseRuns,
    lighthouseFloor,
    lighthouseFloorRuns,
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

/** One visitor-hour of a transport: requests, and bytes by part. */
export interface HourOfTraffic {
  requestsPerHour: number;
  bytesPerHour: number;
  parts: Record<string, number>;
}

/** What a stream that ends by itself really costs: measured on a short lifetime, with real reconnects. */
export interface ReconnectRun {
  lifetimeSeconds: number;
  heartbeatSeconds: number;
  seconds: number;
  /** Connections the visitor made (the server ended all but the last). */
  connections: number;
  /** Seconds each ended stream lived, and the `retry:` the server asked for. */
  lifetimes: number[];
  retryMs: number;
  /** Bytes of one reconnect: request (with Last-Event-ID), response headers, retry + snapshot resent, end of stream. */
  handshake: { request: number; responseHeaders: number; initial: number; end: number };
}

export interface PollingResult {
  /** Whose request headers were counted: the browser's (measured in the report-to-screen run) or a bare client's. */
  requestsFrom: 'browser' | 'bare client';
  /** Streams that never end (NOWLINE_STREAM_MAX_SECONDS=0, the default). */
  sse: HourOfTraffic;
  /** Streams that end every `capped.lifetimeSeconds` (Vercel's default) and reconnect. */
  capped: HourOfTraffic & { lifetimeSeconds: number; connectionsPerHour: number };
  reconnect: ReconnectRun;
  /** Polling every 5 s with If-None-Match: a 304 unless the status changed. */
  polling: HourOfTraffic;
  /** The same polls without a validator: every one a full 200. */
  pollingUnconditional: HourOfTraffic;
  /** Polling bytes (conditional) over SSE bytes, for each SSE set-up. */
  ratio: number;
  ratioCapped: number;
}

const STREAM_REQUEST = (host: string, lastEventId?: string) =>
  `GET ${STATUS_STREAM_URL} HTTP/1.1\r\nHost: ${host}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n` +
  `${lastEventId ? `Last-Event-ID: ${lastEventId}\r\n` : ''}\r\n`;

/** One GET over its own connection: status, headers and body as they came over the wire. */
function getOnce(target: Target, pathname: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headerBytes: number; bodyBytes: number; etag: string | null }>((resolve, reject) => {
    http
      .get({ host: target.host, port: target.port, path: pathname, headers, agent: false }, (res) => {
        let bodyBytes = 0;
        res.on('data', (c: Buffer) => (bodyBytes += c.length));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headerBytes: rawHeaderBytes(res),
            bodyBytes,
            etag: typeof res.headers.etag === 'string' ? res.headers.etag : null,
          }),
        );
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/**
 * A visitor that behaves like EventSource: reads the stream until the server ends it, waits the
 * `retry:` it was given, reconnects with Last-Event-ID. Runs for `seconds`.
 */
async function reconnectingVisitor(target: Target, seconds: number, pingBytes: number) {
  const host = `${target.host}:${target.port}`;
  const deadline = monotonicMs() + seconds * 1000;
  let lastId: string | undefined;
  let retryMs = 3000; // EventSource's own default, until the server names one
  const ended: { lifetime: number; request: number; headers: number; initial: number; end: number }[] = [];
  let connections = 0;
  while (monotonicMs() < deadline) {
    connections++;
    const request = STREAM_REQUEST(host, lastId);
    const opened = monotonicMs();
    const { wire, endedByServer } = await new Promise<{ wire: Buffer; endedByServer: boolean }>((resolve) => {
      const chunks: Buffer[] = [];
      const socket = net.connect({ host: target.host, port: target.port }, () => socket.write(request));
      const timer = setTimeout(() => socket.destroy(), Math.max(0, deadline - monotonicMs()));
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve({ wire: Buffer.concat(chunks), endedByServer: monotonicMs() < deadline });
      });
      // The server ends the response with the last chunk; it may keep the connection open.
      socket.on('data', () => {
        if (Buffer.concat(chunks).includes('\r\n0\r\n\r\n')) socket.end();
      });
    });
    const text = wire.toString('latin1');
    const headers = text.indexOf('\r\n\r\n') + 4;
    if (headers < 4 || !text.startsWith('HTTP/1.1 200')) throw new Error(`stream answered: ${text.slice(0, 80)}`);
    retryMs = Number(/retry: (\d+)/.exec(text)?.[1] ?? retryMs);
    lastId = [...text.matchAll(/id: (\d+)/g)].pop()?.[1] ?? lastId;
    if (!endedByServer) break;
    const firstFrame = text.indexOf('\n\n', text.indexOf('event: status')) + 2;
    const initial = text.indexOf('\r\n', firstFrame) + 2 - headers;
    const pings = text.split(': ping').length - 1;
    ended.push({
      lifetime: (monotonicMs() - opened) / 1000,
      request: Buffer.byteLength(request),
      headers,
      initial,
      end: wire.length - headers - initial - pings * pingBytes,
    });
    await sleep(retryMs);
  }
  return { connections, ended, retryMs };
}

/**
 * One visitor-hour with a change a minute: SSE (streams that never end, and streams that end
 * after NOWLINE_STREAM_MAX_SECONDS=280 and reconnect) against polling every 5 s, with and without
 * If-None-Match. Every per-message size is measured on the wire; the reconnects are counted on a
 * server whose streams end after `reconnect.lifetimeSeconds`, with a client that reconnects as
 * EventSource does.
 */
export async function runPolling(
  ctx: Context,
  target: Target,
  options: {
    heartbeatSeconds: number;
    pingWireBytes: number | null;
    browserRequestBytes?: { stream: number | null; poll: number | null };
    /** A server like `target` whose streams end after `lifetimeSeconds`, heartbeat every `heartbeatSeconds`. */
    startShortLived: (env: Record<string, string>) => Promise<Target>;
    reconnect: { lifetimeSeconds: number; heartbeatSeconds: number; seconds: number };
    cappedLifetimeSeconds: number;
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
  const changeBytes = change.bytesTotal - change.pings * pingBytes;
  const streamRequest = options.browserRequestBytes?.stream ?? Buffer.byteLength(STREAM_REQUEST(host));
  const pingsPerHour = Math.floor(3600 / options.heartbeatSeconds) * pingBytes;
  const sseParts = {
    request: streamRequest,
    responseHeaders: first.headerBytes,
    firstFrame: first.initialBytes,
    changes: 60 * changeBytes,
    pings: pingsPerHour,
  };

  // Streams that end by themselves, measured for real on a short lifetime.
  const { lifetimeSeconds, heartbeatSeconds, seconds } = options.reconnect;
  ctx.log(`polling: streams ending after ${lifetimeSeconds} s (heartbeat ${heartbeatSeconds} s), a visitor reconnecting for ${seconds} s…`);
  const short = await options.startShortLived({
    NOWLINE_STREAM_MAX_SECONDS: String(lifetimeSeconds),
    NOWLINE_HEARTBEAT_SECONDS: String(heartbeatSeconds),
  });
  let visit: Awaited<ReturnType<typeof reconnectingVisitor>>;
  try {
    visit = await reconnectingVisitor(short, seconds, pingBytes);
  } finally {
    await short.stop();
  }
  const last = visit.ended.at(-1);
  if (!last) throw new Error(`no stream ended within ${seconds} s on a server whose streams end after ${lifetimeSeconds} s`);
  const reconnect: ReconnectRun = {
    lifetimeSeconds,
    heartbeatSeconds,
    seconds,
    connections: visit.connections,
    lifetimes: visit.ended.map((e) => e.lifetime),
    retryMs: visit.retryMs,
    handshake: { request: last.request, responseHeaders: last.headers, initial: last.initial, end: last.end },
  };
  // A stream closes at the first heartbeat after it is `lifetime − heartbeat` old (lib/status/bus.ts):
  // on a server with many visitors that is half a heartbeat before its lifetime on average.
  const L = options.cappedLifetimeSeconds;
  const connectionsPerHour = 3600 / (L - options.heartbeatSeconds / 2 + reconnect.retryMs / 1000);
  const browserExtra = Math.max(0, streamRequest - Buffer.byteLength(STREAM_REQUEST(host)));
  const h = reconnect.handshake;
  const cappedParts = {
    ...sseParts,
    reconnects: (connectionsPerHour - 1) * (h.request + browserExtra + h.responseHeaders + h.initial),
    streamEnds: connectionsPerHour * h.end,
  };

  // Polling every 5 s: the measured 200 (headers + body), and the 304 to a poll holding the ETag.
  const full = await getOnce(target, '/api/status');
  if (full.status !== 200 || !full.etag) throw new Error(`GET /api/status answered ${full.status} without an ETag`);
  const notModified = await getOnce(target, '/api/status', { 'If-None-Match': full.etag });
  if (notModified.status !== 304) throw new Error(`GET /api/status with If-None-Match answered ${notModified.status}, not 304`);
  const pollRequest =
    options.browserRequestBytes?.poll ??
    Buffer.byteLength(`GET /api/status HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`);
  const conditional = Buffer.byteLength(`If-None-Match: ${full.etag}\r\n`);
  // A change a minute: 60 of the 720 polls find a new snapshot, the others a 304.
  const pollParts = {
    requests: 720 * pollRequest + 719 * conditional,
    responseHeaders: 60 * full.headerBytes + 660 * notModified.headerBytes,
    bodies: 60 * full.bodyBytes,
  };
  const unconditionalParts = {
    requests: 720 * pollRequest,
    responseHeaders: 720 * full.headerBytes,
    bodies: 720 * full.bodyBytes,
  };
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  const result: PollingResult = {
    requestsFrom: options.browserRequestBytes?.poll ? 'browser' : 'bare client',
    sse: { requestsPerHour: 1, bytesPerHour: sum(sseParts), parts: sseParts },
    capped: { lifetimeSeconds: L, connectionsPerHour, requestsPerHour: connectionsPerHour, bytesPerHour: sum(cappedParts), parts: cappedParts },
    reconnect,
    polling: { requestsPerHour: 720, bytesPerHour: sum(pollParts), parts: pollParts },
    pollingUnconditional: { requestsPerHour: 720, bytesPerHour: sum(unconditionalParts), parts: unconditionalParts },
    ratio: sum(pollParts) / sum(sseParts),
    ratioCapped: sum(pollParts) / sum(cappedParts),
  };
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB/h`;
  ctx.log(
    `polling: ${reconnect.connections} connections in ${seconds} s (lifetimes ${reconnect.lifetimes.map((l) => l.toFixed(2)).join(', ')} s, retry ${reconnect.retryMs} ms); ` +
      `SSE ${kb(result.sse.bytesPerHour)}, SSE ending every ${L} s ${kb(result.capped.bytesPerHour)} (${connectionsPerHour.toFixed(1)} connections), ` +
      `5 s polling ${kb(result.polling.bytesPerHour)} with If-None-Match, ${kb(result.pollingUnconditional.bytesPerHour)} without`,
  );
  return result;
}
