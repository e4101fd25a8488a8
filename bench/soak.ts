// `npm run soak`: a bounded soak and fault run against the built server (scripts/server.js): thousands
// of SSE streams from many loopback addresses, a steady stream of reports each carrying a marker,
// clients that connect, stall and vanish, a server restart on SQLite, and on PostgreSQL (two
// instances, one scratch database) a killed change listener and a killed instance. Prints streams
// held, reports accepted, 5xx answers, RSS, open files and lost changes per phase, and exits non-zero
// when any of them fails. docs/reliability.md says what each figure means.
// One file because it is one script: its sections share the Instance and Deployment records, nothing
// else imports them, and read top to bottom they are the run in order.
//   npm run soak -- [--minutes=5] [--streams=3000] [--quick] [--rate=4] [--churn=10] [--build]
//                   [--no-postgres | --only=sqlite | --only=postgres]
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { hardFileLimit, killAll, onCleanup, readRssKb, sleep, startProcess, stopProcess } from './processes';
import { startApp, type Target } from './servers';
import {
  formatSoakMarker,
  kindOfMarker,
  SOAK_KINDS,
  type ChurnResult,
  type InstanceStreams,
  type MarkerRecord,
  type SoakCommand,
  type StreamSpec,
  type VerifyResult,
} from './soak-client';
import { monotonicMs } from './stats';
import { createTokenWithCli } from '../test/support/app-server';
import { postgresConfig } from '../lib/database-url.js';
import { createScratchDatabase, POSTGRES_ADMIN_URL } from '../test/postgres/helpers/postgres';

interface Options {
  minutes: number;
  streams: number;
  rate: number;
  churnPerSecond: number;
  build: boolean;
  sqlite: boolean;
  postgres: boolean;
  distDir: string;
  portBase: number;
  logDir: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    minutes: 5,
    streams: 3000,
    rate: 4,
    churnPerSecond: 10,
    build: false,
    sqlite: true,
    postgres: true,
    distDir: '.next-soak',
    portBase: 3170,
    logDir: 'bench/results/soak',
  };
  const given = new Set<string>();
  let quick = false;
  for (const arg of argv) {
    const [key = '', value] = arg.replace(/^--/, '').split('='); // split always yields a first part
    given.add(key);
    if (key === 'quick') quick = true;
    else if (key === 'minutes') o.minutes = Number(value);
    else if (key === 'streams') o.streams = Number(value);
    else if (key === 'rate') o.rate = Number(value);
    else if (key === 'churn') o.churnPerSecond = Number(value);
    else if (key === 'build') o.build = true;
    else if (key === 'no-postgres') o.postgres = false;
    else if (key === 'only') {
      o.sqlite = value === 'sqlite';
      o.postgres = value === 'postgres';
      if (!o.sqlite && !o.postgres) throw new Error('--only=sqlite or --only=postgres');
    } else if (key === 'port-base') o.portBase = Number(value);
    else if (key === 'help') {
      console.log(
        'npm run soak -- [--minutes=5] [--streams=3000] [--quick] [--rate=4] [--churn=10] [--build] [--no-postgres | --only=sqlite|postgres]',
      );
      process.exit(0);
    } else throw new Error(`unknown option --${key} (try --help)`);
  }
  if (quick) {
    if (!given.has('minutes')) o.minutes = 1;
    if (!given.has('streams')) o.streams = 300;
    if (!given.has('churn')) o.churnPerSecond = 5;
  }
  for (const [name, value] of Object.entries({ minutes: o.minutes, streams: o.streams, rate: o.rate }))
    if (!(value > 0)) throw new Error(`--${name} must be a positive number`);
  // Bounded whatever is asked: at most 8 hours, 15,000 streams (the client's own open-files limit),
  // 50 reports and 200 misbehaving clients a second.
  o.minutes = Math.min(o.minutes, 480);
  o.streams = Math.min(Math.round(o.streams), Math.max(100, hardFileLimit() - 2000), 15_000);
  o.rate = Math.min(o.rate, 50);
  o.churnPerSecond = Math.min(Math.max(o.churnPerSecond, 0.1), 200);
  return o;
}

// ─── Small helpers ─────────────────────────────────────────────────────────────────────────────

const t0 = monotonicMs();
const log = (line: string) => console.log(`[${((monotonicMs() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const mb = (kb: number) => Math.round(kb / 1024);
const countFds = (pid: number) => {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return NaN;
  }
};
const REPORTER_ADDRESS = '127.3.0.1';
const PROBE_ADDRESS = '127.4.0.1';
const CHURN_ADDRESSES = Array.from({ length: 64 }, (_, i) => `127.2.0.${i + 1}`);
/** A source address per ten streams: thousands of streams look like hundreds of visitors. */
const STREAMS_PER_ADDRESS = 10;
const streamAddress = (i: number) => {
  const a = Math.floor(i / STREAMS_PER_ADDRESS);
  return `127.1.${Math.floor(a / 250)}.${(a % 250) + 1}`;
};

/** One request over a fresh connection (no keep-alive: a refused connection means "not sent"). */
function request(
  target: { port: number },
  method: string,
  urlPath: string,
  options: { body?: string; token?: string; timeoutMs?: number; localAddress?: string } = {},
): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: target.port,
        method,
        path: urlPath,
        agent: false,
        localAddress: options.localAddress ?? PROBE_ADDRESS,
        headers: {
          Connection: 'close',
          ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
          ...(options.body
            ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(options.body) }
            : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
      },
    );
    req.setTimeout(options.timeoutMs ?? 10_000, () =>
      req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end(options.body);
  });
}

// ─── The client process ────────────────────────────────────────────────────────────────────────

class SoakClient {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly child: ChildProcess;

  constructor(logDir: string) {
    this.child = startProcess('soak-client', `${JSON.stringify(process.execPath)} --import tsx bench/soak-client.ts`, {
      logDir,
      ipc: true,
    });
    this.child.on(
      'message',
      (message: { type: string; id?: number; result?: unknown; error?: string; open?: number }) => {
        if (message.type === 'progress') return log(`  streams open: ${message.open}`);
        if (message.type !== 'result' || message.id === undefined) return;
        const p = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) p?.reject(new Error(message.error));
        else p?.resolve(message.result);
      },
    );
    this.child.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`soak client exited (${code})`));
      this.pending.clear();
    });
  }

  request<T>(command: SoakCommand): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, command });
    });
  }

  stats = () => this.request<Record<string, InstanceStreams>>({ cmd: 'stats' });

  async stop() {
    if (this.child.connected) await Promise.race([this.request({ cmd: 'exit' }).catch(() => null), sleep(2000)]);
    await stopProcess(this.child, 2000);
  }
}

// ─── Instances ─────────────────────────────────────────────────────────────────────────────────

interface ProcessRecord {
  instance: string;
  pid: number;
  /** RSS after warm-up (streams open, reports flowing) and at the end of its life or the run. */
  rssStartKb: number | null;
  rssEndKb: number | null;
}

interface Instance {
  name: string;
  port: number;
  databaseUrl: string;
  token: string;
  target: Target | null;
  down: boolean;
  /** Open files before any stream was opened (the first process of this instance). */
  baselineFds: number;
  endFds: number | null;
  streams: number;
  processes: ProcessRecord[];
  faults: [number, number][];
}

// Generous caps, so the run works the same before and after per-client stream limits exist.
const serverEnv = (streams: number) => ({
  NOWLINE_MAX_STREAMS: String(streams * 2 + 2000),
  NOWLINE_MAX_STREAMS_PER_CLIENT: String(STREAMS_PER_ADDRESS * 4),
  NOWLINE_HEARTBEAT_SECONDS: '15',
});

async function startInstance(
  instance: Pick<Instance, 'name' | 'port' | 'databaseUrl' | 'processes'> & { token?: string },
  options: Options,
  streams: number,
  restart: boolean,
): Promise<Target> {
  return startApp({
    port: instance.port,
    // A restarted instance logs to a file of its own (…-2-<port>.log): the first one's log stays.
    name: restart && instance.processes.length ? `${instance.name}-${instance.processes.length + 1}` : instance.name,
    logDir: options.logDir,
    distDir: options.distDir,
    databaseUrl: instance.databaseUrl,
    keepDatabase: restart,
    token: instance.token || 'unused',
    env: serverEnv(streams),
  });
}

// ─── Reports ───────────────────────────────────────────────────────────────────────────────────

interface Sent extends Omit<MarkerRecord, 'nextSameKindSentAt'> {
  instance: string;
  outcome: 'accepted' | 'refused' | 'unknown' | 'rejected';
  status: number | null;
}

function reportBody(marker: number): string {
  const tag = formatSoakMarker(marker);
  const kind = SOAK_KINDS[kindOfMarker(marker)];
  if (kind === undefined) throw new Error(`marker ${marker} has no kind: markers count up from 0`);
  const fields: Record<(typeof SOAK_KINDS)[number], Record<string, unknown>> = {
    manual: { text: `soak ${tag}` },
    coding: { project: `soak-${tag}`, language: 'TypeScript' },
    music: { title: `soak ${tag}`, artist: 'Soak' },
    gaming: { name: `soak ${tag}` },
    app: { name: `soak ${tag}` },
  };
  return JSON.stringify({ kind, source: 'soak', expiresInSeconds: 3600, ...fields[kind] });
}

/** One report at a time at a steady rate, to whichever instance `route` names. */
class Reporter {
  readonly sent: Sent[] = [];
  private nextMarker: number;
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  phase = '';
  route: () => Instance = () => {
    throw new Error('no route');
  };

  constructor(
    private rate: number,
    firstMarker: number,
  ) {
    this.nextMarker = firstMarker;
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      const gap = 1000 / this.rate;
      let next = monotonicMs();
      while (this.running) {
        await this.sendOne();
        next += gap;
        const wait = next - monotonicMs();
        if (wait > 0) await sleep(wait);
        else next = monotonicMs();
      }
    })();
  }

  /** Stops after the report in flight has been answered. */
  async stop() {
    this.running = false;
    await this.loop;
  }

  private async sendOne() {
    const instance = this.route();
    const marker = this.nextMarker++;
    const sentAt = monotonicMs();
    const reply = await request(instance, 'POST', '/api/status', {
      body: reportBody(marker),
      token: instance.token,
      localAddress: REPORTER_ADDRESS,
    });
    const answeredAt = monotonicMs();
    const record: Sent = {
      marker,
      phase: this.phase,
      instance: instance.name,
      sentAt,
      answeredAt,
      outcome: 'unknown',
      status: null,
    };
    if ('status' in reply) {
      record.status = reply.status;
      record.outcome = reply.status === 200 ? 'accepted' : reply.status >= 500 ? 'unknown' : 'rejected';
    } else if (reply.error === 'ECONNREFUSED') record.outcome = 'refused';
    this.sent.push(record);
  }

  markerRecords(): MarkerRecord[] {
    const out: MarkerRecord[] = [];
    for (const [i, m] of this.sent.entries()) {
      if (m.outcome !== 'accepted') continue;
      const kind = kindOfMarker(m.marker);
      const next = this.sent
        .slice(i + 1)
        .find((s) => kindOfMarker(s.marker) === kind && s.outcome !== 'refused' && s.outcome !== 'rejected');
      out.push({
        marker: m.marker,
        phase: m.phase,
        instance: m.instance,
        sentAt: m.sentAt,
        answeredAt: m.answeredAt,
        nextSameKindSentAt: next?.sentAt ?? null,
      });
    }
    return out;
  }

  /** Per slot, the newest marker an instance may show: the newest accepted (or possibly stored) one. */
  expected(): number[] {
    const out = SOAK_KINDS.map(() => -1);
    for (const s of this.sent) {
      if (s.outcome !== 'accepted') continue;
      const kind = kindOfMarker(s.marker);
      out[kind] = Math.max(out[kind] ?? -1, s.marker); // -1: none yet, as the slots start
    }
    return out;
  }

  get last() {
    return this.nextMarker;
  }
}

// ─── Probes: pages and health keep answering ───────────────────────────────────────────────────

class Prober {
  statuses: Record<string, number> = {};
  failures: string[] = [];
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  start(instances: Instance[]) {
    this.running = true;
    this.loop = (async () => {
      for (let round = 0; this.running; round++) {
        for (const instance of instances) {
          if (instance.down) continue;
          const paths = round % 5 === 0 ? ['/api/health', '/', '/admin'] : ['/api/health'];
          for (const p of paths) {
            const reply = await request(instance, 'GET', p, { timeoutMs: 15_000 });
            if (instance.down) continue;
            if ('status' in reply) this.statuses[reply.status] = (this.statuses[reply.status] ?? 0) + 1;
            else if (this.failures.length < 50) this.failures.push(`${instance.name} GET ${p}: ${reply.error}`);
          }
        }
        await sleep(1000);
      }
    })();
  }

  async stop() {
    this.running = false;
    await this.loop;
  }
}

// ─── Phases ────────────────────────────────────────────────────────────────────────────────────

interface PhaseResult {
  deployment: string;
  phase: string;
  seconds: number;
  streamsTarget: number;
  streamsHeld: number;
  reportsSent: number;
  reportsAccepted: number;
  reportsRefused: number;
  serverErrors: number;
  serverErrorDetail: string[];
  probeFailures: string[];
  churn: ChurnResult | null;
  wentBack: number;
  /** Accepted changes some stream on a live instance never showed: (marker, instance) pairs. */
  lostLive: number;
  lostLiveExamples: string[];
  /** Checkpoints: slots in an instance's snapshot or streams not showing the newest change. */
  lostAtCheckpoint: number;
  checkpoints: string[];
  notes: string[];
}

interface Deployment {
  name: string;
  instances: Instance[];
  client: SoakClient;
  reporter: Reporter;
  prober: Prober;
  options: Options;
  phases: PhaseResult[];
  current: PhaseResult | null;
  lastStreamStats: Record<string, InstanceStreams>;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function newPhase(d: Deployment, phase: string): PhaseResult {
  const result: PhaseResult = {
    deployment: d.name,
    phase,
    seconds: 0,
    streamsTarget: sum(d.instances.map((i) => i.streams)),
    streamsHeld: 0,
    reportsSent: 0,
    reportsAccepted: 0,
    reportsRefused: 0,
    serverErrors: 0,
    serverErrorDetail: [],
    probeFailures: [],
    churn: null,
    wentBack: 0,
    lostLive: 0,
    lostLiveExamples: [],
    lostAtCheckpoint: 0,
    checkpoints: [],
    notes: [],
  };
  d.current = result;
  d.reporter.phase = `${d.name}/${phase}`;
  d.prober.statuses = {};
  d.prober.failures = [];
  return result;
}

/** Waits until every live instance's snapshot and every open stream shows the newest change of each slot. */
async function checkpoint(d: Deployment, label: string, timeoutMs = 20_000) {
  const phase = d.current!;
  const expected = d.reporter.expected();
  const started = monotonicMs();
  const live = d.instances.filter((i) => !i.down);
  let lastProblems: string[] = [];
  let behind = 0;
  while (true) {
    const problems: string[] = [];
    behind = 0;
    const streams = await d.client.request<Record<string, { open: number; current: number; behind: number[] }>>({
      cmd: 'converged',
      expected,
    });
    for (const instance of live) {
      const reply = await request(instance, 'GET', '/api/status');
      const shown = 'status' in reply ? [...reply.body.matchAll(/smk(\d{8})/g)].map((m) => Number(m[1])) : [];
      const slotsBehind = expected.filter(
        (e, k) => e >= 0 && !shown.some((m) => kindOfMarker(m) === k && m >= e),
      ).length;
      const s = streams[instance.name] ?? { open: 0, current: 0, behind: [] };
      if (slotsBehind) problems.push(`${instance.name}: /api/status is behind in ${slotsBehind} slot(s)`);
      if (s.current < s.open) problems.push(`${instance.name}: ${s.open - s.current} of ${s.open} streams behind`);
      if (s.open < instance.streams) problems.push(`${instance.name}: only ${s.open}/${instance.streams} streams open`);
      behind += slotsBehind + (s.open - s.current);
    }
    lastProblems = problems;
    if (!problems.length || monotonicMs() - started > timeoutMs) break;
    await sleep(500);
  }
  const ms = Math.round(monotonicMs() - started);
  const line = lastProblems.length
    ? `${label}: NOT converged after ${ms} ms — ${lastProblems.join('; ')}`
    : `${label}: every instance and stream shows the newest change of each slot (${ms} ms)`;
  phase.checkpoints.push(line);
  phase.lostAtCheckpoint += behind;
  log(`  checkpoint ${line}`);
}

async function progress(d: Deployment, phaseStarted: number) {
  const stats = await d.client.stats();
  const p = d.current!;
  const sent = d.reporter.sent.filter((s) => s.phase === d.reporter.phase);
  const parts = d.instances.map((i) => {
    const pid = i.target?.pid;
    const open = stats[i.name]?.open ?? 0;
    return `${i.name} ${i.down ? 'DOWN' : `${open}/${i.streams} streams, ${pid ? mb(readRssKb(pid)) : '?'} MB, ${pid ? countFds(pid) : '?'} fds`}`;
  });
  log(
    `  ${p.phase} ${((monotonicMs() - phaseStarted) / 1000).toFixed(0)} s: ${parts.join(' · ')} · reports ${sent.filter((s) => s.outcome === 'accepted').length}/${sent.length} accepted`,
  );
}

/** Runs one phase: reports, churn and probes for `seconds`, with `script` (the fault) alongside. */
async function runPhase(d: Deployment, phase: string, seconds: number, script?: (p: PhaseResult) => Promise<void>) {
  const p = newPhase(d, phase);
  log(`${d.name} — phase ${phase} (${seconds} s)`);
  const started = monotonicMs();
  const statsBefore = await d.client.stats();
  d.reporter.start();
  d.prober.start(d.instances);
  const churn = d.client.request<ChurnResult>({
    cmd: 'churn',
    options: {
      targets: d.instances.map((i) => ({ instance: i.name, host: '127.0.0.1', port: i.port })),
      addresses: CHURN_ADDRESSES,
      perSecond: d.options.churnPerSecond,
      durationMs: seconds * 1000,
      maxStalled: Math.max(20, Math.round(d.options.streams / 20)),
      stallMs: [5000, Math.min(30_000, seconds * 500)],
    },
  });
  const ticker = setInterval(() => void progress(d, started).catch(() => undefined), 10_000);
  try {
    await Promise.all([script?.(p), sleep(seconds * 1000)]);
    p.churn = await churn;
  } finally {
    clearInterval(ticker);
    await d.reporter.stop();
    await d.prober.stop();
  }
  await checkpoint(d, `end of ${phase}`);
  const statsAfter = await d.client.stats();
  d.lastStreamStats = statsAfter;
  p.seconds = Math.round((monotonicMs() - started) / 1000);
  p.streamsHeld = sum(Object.values(statsAfter).map((s) => s.open));
  const sent = d.reporter.sent.filter((s) => s.phase === d.reporter.phase);
  p.reportsSent = sent.length;
  p.reportsAccepted = sent.filter((s) => s.outcome === 'accepted').length;
  p.reportsRefused = sent.filter((s) => s.outcome === 'refused').length;
  const add = (what: string, statuses: Record<string, number>) => {
    for (const [status, n] of Object.entries(statuses))
      if (Number(status) >= 500) {
        p.serverErrors += n;
        p.serverErrorDetail.push(`${n}× ${status} on ${what}`);
      }
  };
  const reportStatuses: Record<string, number> = {};
  for (const s of sent) if (s.status !== null) reportStatuses[s.status] = (reportStatuses[s.status] ?? 0) + 1;
  const rejected = sent.filter((s) => s.outcome === 'rejected');
  if (rejected.length)
    p.notes.push(`${rejected.length} reports answered 4xx: ${[...new Set(rejected.map((s) => s.status))].join(', ')}`);
  const unknown = sent.filter((s) => s.outcome === 'unknown' && s.status === null);
  if (unknown.length) p.notes.push(`${unknown.length} reports got no answer (connection reset or timeout)`);
  add('POST /api/status', reportStatuses);
  add('pages and /api/health', d.prober.statuses);
  add('misbehaving clients', p.churn?.statuses ?? {});
  for (const [name, after] of Object.entries(statsAfter)) {
    const before = statsBefore[name];
    const delta: Record<string, number> = {};
    for (const [status, n] of Object.entries(after.statuses)) delta[status] = n - (before?.statuses[status] ?? 0);
    add(`${name}'s streams`, delta);
    const non200 = Object.entries(delta).filter(([s, n]) => n > 0 && Number(s) < 500);
    if (non200.length)
      p.notes.push(`${name}: stream requests answered ${non200.map(([s, n]) => `${n}× ${s}`).join(', ')}`);
    p.wentBack += after.wentBack - (before?.wentBack ?? 0);
  }
  p.probeFailures = [...d.prober.failures];
  log(
    `  ${phase} done: ${p.streamsHeld}/${p.streamsTarget} streams held · ${p.reportsAccepted}/${p.reportsSent} reports accepted · ${p.serverErrors} 5xx`,
  );
  d.phases.push(p);
}

async function waitForStreams(d: Deployment, instance: Instance, timeoutMs: number) {
  const deadline = monotonicMs() + timeoutMs;
  while (monotonicMs() < deadline) {
    const stats = await d.client.stats();
    if ((stats[instance.name]?.open ?? 0) >= instance.streams) return true;
    await sleep(500);
  }
  return false;
}

async function openStreams(d: Deployment) {
  const specs: StreamSpec[] = [];
  let i = 0;
  for (const instance of d.instances)
    for (let n = 0; n < instance.streams; n++, i++)
      specs.push({ instance: instance.name, host: '127.0.0.1', port: instance.port, localAddress: streamAddress(i) });
  const started = monotonicMs();
  const result = await d.client.request<{ open: number; failed: number }>({
    cmd: 'open',
    streams: specs,
    concurrency: 64,
  });
  log(
    `  ${result.open}/${specs.length} streams open in ${((monotonicMs() - started) / 1000).toFixed(1)} s from ${Math.ceil(specs.length / STREAMS_PER_ADDRESS)} source addresses${result.failed ? ` (${result.failed} attempts failed, retrying)` : ''}`,
  );
}

/** Warm-up reports and page loads before the baseline of open files is read. */
async function warmUp(instances: Instance[]) {
  for (const instance of instances) {
    for (const p of ['/', '/admin', '/api/health', '/api/status']) await request(instance, 'GET', p);
    await request(instance, 'POST', '/api/status', {
      body: JSON.stringify({ kind: 'manual', text: 'soak warm-up', expiresInSeconds: 3600 }),
      token: instance.token,
    });
  }
  await sleep(1000);
  for (const instance of instances) instance.baselineFds = countFds(instance.target!.pid);
}

/** The instance's process running now: the last one started. */
function currentProcess(instance: Instance): ProcessRecord {
  const record = instance.processes.at(-1);
  if (!record) throw new Error(`${instance.name} has no process started yet`);
  return record;
}

function recordRssStart(instance: Instance) {
  const record = currentProcess(instance);
  record.rssStartKb = readRssKb(record.pid);
}

function recordRssEnd(instance: Instance) {
  const record = currentProcess(instance);
  if (record.rssEndKb === null) record.rssEndKb = readRssKb(record.pid);
}

/** After every stream and client is gone: the open files of each server fall back to the baseline. */
async function waitForFds(instances: Instance[], tolerance: number, timeoutMs: number) {
  const deadline = monotonicMs() + timeoutMs;
  while (true) {
    for (const i of instances) i.endFds = countFds(i.target!.pid);
    if (instances.every((i) => i.endFds! <= i.baselineFds + tolerance) || monotonicMs() > deadline) return;
    await sleep(1000);
  }
}

async function verifyLive(d: Deployment) {
  const graceMs = 5000;
  await sleep(graceMs);
  const markers = d.reporter.markerRecords();
  const acceptedBy = new Map(markers.map((m) => [m.marker, m.instance]));
  const show = (marker: number) => `${formatSoakMarker(marker)} (accepted by ${acceptedBy.get(marker)})`;
  const faults = Object.fromEntries(d.instances.map((i) => [i.name, i.faults]));
  const result = await d.client.request<VerifyResult>({ cmd: 'verify', request: { markers, faults, graceMs } });
  for (const p of d.phases) {
    const byInstance = result.phases[`${d.name}/${p.phase}`] ?? {};
    for (const [instance, entry] of Object.entries(byInstance)) {
      p.lostLive += entry.distinctMissed;
      if (entry.missing)
        p.lostLiveExamples.push(
          `${instance}: ${entry.missing} of ${entry.required} (stream, change) deliveries missing; changes ${entry.markersMissed.slice(0, 6).map(show).join(', ')}${entry.markersMissed.length > 6 ? ', …' : ''}`,
        );
      p.notes.push(`${instance}: ${entry.required} (stream, change) deliveries checked`);
    }
  }
}

function newDeployment(
  name: string,
  instances: Instance[],
  client: SoakClient,
  options: Options,
  firstMarker: number,
): Deployment {
  return {
    name,
    instances,
    client,
    reporter: new Reporter(options.rate, firstMarker),
    prober: new Prober(),
    options,
    phases: [],
    current: null,
    lastStreamStats: {},
  };
}

async function finishDeployment(d: Deployment) {
  for (const i of d.instances) recordRssEnd(i);
  await verifyLive(d);
  await d.client.request({ cmd: 'close' });
  log(`  streams closed; waiting for the servers' open files to fall back to the baseline…`);
  await waitForFds(d.instances, FD_TOLERANCE, 45_000);
  for (const i of d.instances) log(`  ${i.name}: ${i.endFds} open files (baseline ${i.baselineFds})`);
  for (const i of d.instances) await i.target?.stop();
}

const FD_TOLERANCE = 4;
const RSS_TOLERANCE = { ratio: 0.2, minKb: 24 * 1024 };
const rssAllowedKb = (startKb: number) => startKb + Math.max(RSS_TOLERANCE.minKb, startKb * RSS_TOLERANCE.ratio);

// ─── SQLite: one server, restarted mid-run ─────────────────────────────────────────────────────

async function runSqlite(
  options: Options,
  client: SoakClient,
  tmp: string,
  seconds: (share: number) => number,
): Promise<Deployment> {
  const instance: Instance = {
    name: 'sqlite',
    port: options.portBase,
    databaseUrl: `file:${path.join(tmp, 'soak.db')}`,
    token: '',
    target: null,
    down: false,
    baselineFds: 0,
    endFds: null,
    streams: options.streams,
    processes: [],
    faults: [],
  };
  log(`SQLite: starting the built server on :${instance.port}`);
  instance.target = await startInstance(instance, options, instance.streams, false);
  instance.token = createTokenWithCli(instance.databaseUrl, 'soak');
  instance.processes.push({ instance: 'sqlite', pid: instance.target.pid, rssStartKb: null, rssEndKb: null });
  const d = newDeployment('SQLite', [instance], client, options, 1);
  d.reporter.route = () => instance;
  await warmUp([instance]);
  log(`  baseline: ${instance.baselineFds} open files, ${mb(readRssKb(instance.target.pid))} MB RSS before any stream`);
  await openStreams(d);

  await runPhase(d, 'steady', seconds(0.3), async () => {
    await sleep(10_000);
    recordRssStart(instance);
  });

  await runPhase(d, 'restart', seconds(0.15), async (p) => {
    await sleep(3000);
    recordRssEnd(instance);
    const from = monotonicMs();
    instance.down = true;
    log('  stopping the server (SIGTERM)…');
    await instance.target!.stop();
    await sleep(2000);
    instance.target = await startInstance(instance, options, instance.streams, true);
    instance.processes.push({ instance: 'sqlite', pid: instance.target.pid, rssStartKb: null, rssEndKb: null });
    instance.down = false;
    const back = await waitForStreams(d, instance, 30_000);
    const stats = await client.stats();
    p.notes.push(
      `server down ${((monotonicMs() - from) / 1000).toFixed(1)} s until ${stats.sqlite?.open ?? 0} streams were back`,
    );
    log(
      `  restarted; ${stats.sqlite?.open ?? 0}/${instance.streams} streams reconnected${back ? '' : ' (not all within 30 s)'}`,
    );
    instance.faults.push([from, monotonicMs() + 1000]);
    await d.reporter.stop();
    await checkpoint(d, 'after the restart');
    d.reporter.start();
    await sleep(10_000);
    recordRssStart(instance);
  });
  await finishDeployment(d);
  return d;
}

// ─── PostgreSQL: two instances, one database ───────────────────────────────────────────────────

async function listenerOf(instance: Instance) {
  const reply = await request(instance, 'GET', '/api/health');
  if (!('status' in reply)) return null;
  return (
    (JSON.parse(reply.body) as { listener?: { connected: boolean; instance: string; reconnects: number } }).listener ??
    null
  );
}

async function runPostgres(
  options: Options,
  client: SoakClient,
  seconds: (share: number) => number,
  firstMarker: number,
): Promise<Deployment | string> {
  let scratch;
  try {
    scratch = await createScratchDatabase('nowline_soak');
  } catch (error) {
    return `PostgreSQL unreachable at ${POSTGRES_ADMIN_URL}: ${(error as Error).message}`;
  }
  const dropped = onCleanup(() => {
    spawnSync('psql', [POSTGRES_ADMIN_URL, '-c', `DROP DATABASE IF EXISTS "${scratch.name}" WITH (FORCE)`], {
      stdio: 'ignore',
    });
  });
  try {
    const make = (name: string, port: number): Instance => ({
      name,
      port,
      databaseUrl: scratch.url,
      token: '',
      target: null,
      down: false,
      baselineFds: 0,
      endFds: null,
      streams: Math.round(options.streams / 2),
      processes: [],
      faults: [],
    });
    const a = make('pg-a', options.portBase + 1);
    const b = make('pg-b', options.portBase + 2);
    log(`PostgreSQL: database ${scratch.name}; starting two instances on :${a.port} and :${b.port}`);
    const token = createTokenWithCli(scratch.url, 'soak');
    // One after the other: two `prisma migrate deploy` at once wait on one advisory lock, and on a
    // busy machine the second gave up after Prisma's 10 s (P1002) and the instance exited.
    for (const i of [a, b]) {
      i.token = token;
      i.target = await startInstance(i, options, i.streams, true);
      i.processes.push({ instance: i.name, pid: i.target.pid, rssStartKb: null, rssEndKb: null });
    }
    const d = newDeployment('PostgreSQL', [a, b], client, options, firstMarker);
    let turn = 0;
    const alternate = () => {
      const live = d.instances.filter((i) => !i.down);
      const next = live[turn++ % live.length];
      if (!next) throw new Error('no instance is up to take reports');
      return next;
    };
    d.reporter.route = alternate;
    await warmUp([a, b]);
    log(`  baseline: ${a.baselineFds} / ${b.baselineFds} open files before any stream`);
    await openStreams(d);

    await runPhase(d, 'steady', seconds(0.2), async () => {
      await sleep(10_000);
      recordRssStart(a);
      recordRssStart(b);
    });

    const admin = new pg.Client({ ...postgresConfig(POSTGRES_ADMIN_URL) });
    await admin.connect();
    try {
      await runPhase(d, 'listener-killed', seconds(0.15), async (p) => {
        for (const [victim, other] of [
          [a, b],
          [b, a],
        ] as const) {
          const before = await listenerOf(victim);
          d.reporter.route = () => other;
          const from = monotonicMs();
          const killed = await admin.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN%' AND application_name = $2`,
            [scratch.name, `nowline-listener-${before?.instance}`],
          );
          log(`  killed ${victim.name}'s LISTEN connection (${killed.rowCount} backend); reports go to ${other.name}`);
          // Changes made while it is deaf: it must pick them up when it hears again.
          await sleep(3000);
          const deadline = monotonicMs() + 30_000;
          let now = await listenerOf(victim);
          while (!(now?.connected && now.reconnects > (before?.reconnects ?? 0)) && monotonicMs() < deadline) {
            await sleep(250);
            now = await listenerOf(victim);
          }
          const back = now?.connected && now.reconnects > (before?.reconnects ?? 0);
          p.notes.push(
            `${victim.name}'s listener ${killed.rowCount === 1 ? 'killed' : `kill matched ${killed.rowCount} backends`}; ${back ? `listening again after ${((monotonicMs() - from) / 1000).toFixed(1)} s` : 'NOT listening again within 30 s'}`,
          );
          if (!back) p.lostAtCheckpoint++;
          victim.faults.push([from, monotonicMs() + 1000]);
          await d.reporter.stop();
          await checkpoint(d, `after ${victim.name}'s listener came back`);
          d.reporter.route = alternate;
          d.reporter.start();
          await sleep(3000);
        }
      });
    } finally {
      await admin.end();
    }

    await runPhase(d, 'instance-killed', seconds(0.2), async (p) => {
      await sleep(3000);
      // Reports go to pg-a alone first, so none is in flight to pg-b when it dies.
      d.reporter.route = () => a;
      await sleep(500);
      recordRssEnd(b);
      const from = monotonicMs();
      b.down = true;
      process.kill(b.target!.pid, 'SIGKILL');
      log(`  pg-b killed (SIGKILL); reports go to pg-a`);
      await sleep(Math.min(15_000, seconds(0.2) * 250));
      await b.target!.stop();
      const acceptedWhileDown = d.reporter.sent.filter((s) => s.sentAt > from && s.outcome === 'accepted').length;
      b.target = await startInstance(b, options, b.streams, true);
      b.processes.push({ instance: 'pg-b', pid: b.target.pid, rssStartKb: null, rssEndKb: null });
      b.down = false;
      const back = await waitForStreams(d, b, 30_000);
      const stats = await client.stats();
      p.notes.push(
        `pg-b down ${((monotonicMs() - from) / 1000).toFixed(1)} s until ${stats['pg-b']?.open ?? 0} streams were back; ${acceptedWhileDown} reports accepted by pg-a meanwhile`,
      );
      log(
        `  pg-b restarted; ${stats['pg-b']?.open ?? 0}/${b.streams} streams reconnected${back ? '' : ' (not all within 30 s)'}`,
      );
      b.faults.push([from, monotonicMs() + 1000]);
      await d.reporter.stop();
      await checkpoint(d, 'after pg-b came back (it must show what pg-a accepted meanwhile)');
      d.reporter.route = alternate;
      d.reporter.start();
      await sleep(10_000);
      recordRssStart(b);
    });
    await finishDeployment(d);
    return d;
  } finally {
    await scratch.drop().catch(() => undefined);
    dropped();
  }
}

// ─── Report ────────────────────────────────────────────────────────────────────────────────────

function table(rows: string[][]): string {
  const [header = []] = rows;
  const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c]?.length ?? 0)));
  const align = (cell: string, c: number) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0));
  return rows.map((r) => r.map(align).join('  ')).join('\n');
}

function report(deployments: Deployment[], skipped: string[], options: Options, seconds: number): boolean {
  const failures: string[] = [];
  const phases = deployments.flatMap((d) => d.phases);
  const rows = [
    [
      'phase',
      'seconds',
      'streams held',
      'reports accepted',
      '5xx',
      'changes lost (live)',
      'lost at checkpoints',
      'misbehaving clients',
    ],
  ];
  for (const p of phases) {
    rows.push([
      `${p.deployment} ${p.phase}`,
      String(p.seconds),
      `${p.streamsHeld}/${p.streamsTarget}`,
      `${p.reportsAccepted}/${p.reportsSent}`,
      String(p.serverErrors),
      String(p.lostLive),
      String(p.lostAtCheckpoint),
      String(sum(Object.values(p.churn?.started ?? {}))),
    ]);
    const where = `${p.deployment} ${p.phase}`;
    if (p.streamsHeld < p.streamsTarget) failures.push(`${where}: ${p.streamsHeld}/${p.streamsTarget} streams held`);
    if (p.serverErrors) failures.push(`${where}: ${p.serverErrors} 5xx (${p.serverErrorDetail.join('; ')})`);
    if (p.lostLive)
      failures.push(`${where}: ${p.lostLive} changes not delivered live (${p.lostLiveExamples.join('; ')})`);
    if (p.lostAtCheckpoint)
      failures.push(
        `${where}: ${p.lostAtCheckpoint} behind at a checkpoint (${p.checkpoints.filter((c) => c.includes('NOT')).join('; ')})`,
      );
    if (p.wentBack) failures.push(`${where}: ${p.wentBack} frames showed an older change than the stream had shown`);
    if (p.probeFailures.length)
      failures.push(
        `${where}: ${p.probeFailures.length} page/health requests failed (${p.probeFailures.slice(0, 3).join('; ')})`,
      );
  }
  rows.push([
    'total',
    String(sum(phases.map((p) => p.seconds))),
    `${Math.min(...phases.map((p) => p.streamsHeld))} (lowest)`,
    `${sum(phases.map((p) => p.reportsAccepted))}/${sum(phases.map((p) => p.reportsSent))}`,
    String(sum(phases.map((p) => p.serverErrors))),
    String(sum(phases.map((p) => p.lostLive))),
    String(sum(phases.map((p) => p.lostAtCheckpoint))),
    String(sum(phases.map((p) => sum(Object.values(p.churn?.started ?? {}))))),
  ]);
  console.log(`\n${table(rows)}\n`);

  const mem = [['server process', 'RSS after warm-up', 'RSS at end', 'allowed', 'open files: baseline', 'at end', '']];
  for (const d of deployments)
    for (const i of d.instances)
      i.processes.forEach((proc, n) => {
        const last = n === i.processes.length - 1;
        const ok = proc.rssStartKb !== null && proc.rssEndKb !== null && proc.rssEndKb <= rssAllowedKb(proc.rssStartKb);
        if (proc.rssStartKb !== null && proc.rssEndKb !== null && !ok)
          failures.push(`${i.name} (pid ${proc.pid}): RSS grew from ${mb(proc.rssStartKb)} to ${mb(proc.rssEndKb)} MB`);
        const fdsOk = !last || (i.endFds !== null && i.endFds <= i.baselineFds + FD_TOLERANCE);
        if (!fdsOk) failures.push(`${i.name}: ${i.endFds} open files at end, baseline ${i.baselineFds}`);
        mem.push([
          `${i.name} #${n + 1} (pid ${proc.pid})`,
          proc.rssStartKb === null ? '—' : `${mb(proc.rssStartKb)} MB`,
          proc.rssEndKb === null ? '—' : `${mb(proc.rssEndKb)} MB`,
          proc.rssStartKb === null ? '—' : `≤ ${mb(rssAllowedKb(proc.rssStartKb))} MB`,
          String(i.baselineFds),
          last ? String(i.endFds) : '(restarted)',
          ok && fdsOk ? 'ok' : 'FAIL',
        ]);
      });
  console.log(table(mem));
  console.log(
    `\nRSS is flat when the end is at most ${RSS_TOLERANCE.ratio * 100} % (at least ${mb(RSS_TOLERANCE.minKb)} MB) above the reading after warm-up; open files are back to baseline when at most ${FD_TOLERANCE} above the count before any stream opened (read after every client has gone).`,
  );
  for (const p of phases) {
    const lines = [...p.checkpoints, ...p.notes, ...p.lostLiveExamples];
    if (p.churn)
      lines.push(
        `misbehaving clients: ${Object.entries(p.churn.started)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')}`,
      );
    console.log(`\n${p.deployment} ${p.phase}:\n${lines.map((l) => `  - ${l}`).join('\n')}`);
  }
  // Not a failure by itself, but worth reading: what the servers logged as errors.
  for (const file of readdirSync(options.logDir).filter((f) => /^(sqlite|pg-[ab])(-\d)?-\d+\.log$/.test(f))) {
    const lines = readFileSync(path.join(options.logDir, file), 'utf8').split('\n');
    const errors = new Map<string, number>();
    for (const line of lines)
      if (/^\[nowline\].*(error|could not|failed|lost)/i.test(line))
        errors.set(line.slice(0, 120), (errors.get(line.slice(0, 120)) ?? 0) + 1);
    if (errors.size)
      console.log(`\nserver log ${file}:\n${[...errors].map(([line, n]) => `  ${n}× ${line}`).join('\n')}`);
  }
  for (const s of skipped) failures.push(s);
  writeFileSync(
    path.join(options.logDir, 'latest.json'),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        options,
        seconds,
        machine: {
          cores: os.cpus().length,
          node: process.version,
          openFilesLimit: hardFileLimit(),
          loadAverage: os.loadavg(),
        },
        phases,
        reports: deployments.map((d) => ({
          deployment: d.name,
          sent: d.reporter.sent.map((r) => ({
            ...r,
            sentAt: Math.round(r.sentAt),
            answeredAt: Math.round(r.answeredAt),
          })),
        })),
        processes: deployments.flatMap((d) => d.instances.map((i) => ({ ...i, target: undefined }))),
        failures,
      },
      null,
      2,
    ),
  );
  console.log(
    failures.length
      ? `\nFAILED (${failures.length}):\n${failures.map((f) => `  - ${f}`).join('\n')}`
      : `\nPASSED: 0 server errors, 0 lost changes, flat memory, open files back to baseline.`,
  );
  console.log(`(${Math.round(seconds)} s; server logs and latest.json in ${options.logDir})`);
  return failures.length === 0;
}

// ─── Main ──────────────────────────────────────────────────────────────────────────────────────

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.build || !existsSync(path.join(options.distDir, 'BUILD_ID'))) {
    log(`building the app into ${options.distDir} (next build)…`);
    const built = spawnSync(process.execPath, ['scripts/build-into.js', options.distDir], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('build failed');
  }
  rmSync(options.logDir, { recursive: true, force: true });
  mkdirSync(options.logDir, { recursive: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'nowline-soak-'));
  onCleanup(() => rmSync(tmp, { recursive: true, force: true }));
  const seconds = (share: number) => Math.max(15, Math.round(options.minutes * 60 * share));
  log(
    `soak: ${options.streams} streams, ${options.rate} reports/s, ${options.churnPerSecond} misbehaving clients/s, ~${options.minutes} min of phases; open-files limit ${hardFileLimit()}; ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const client = new SoakClient(options.logDir);
  const deployments: Deployment[] = [];
  const skipped: string[] = [];
  try {
    let firstMarker = 1;
    if (options.sqlite) {
      const sqlite = await runSqlite(options, client, tmp, seconds);
      deployments.push(sqlite);
      firstMarker = sqlite.reporter.last + 10;
    }
    if (options.postgres) {
      const result = await runPostgres(options, client, seconds, firstMarker);
      if (typeof result === 'string') skipped.push(result);
      else deployments.push(result);
    } else log('PostgreSQL phases skipped (--no-postgres)');
  } finally {
    await client.stop();
  }
  const ok = report(deployments, skipped, options, (monotonicMs() - t0) / 1000);
  killAll();
  process.exit(ok ? 0 : 1);
}

main().catch((error: Error) => {
  console.error(`\nsoak failed: ${error.stack ?? error.message}`);
  killAll();
  process.exit(1);
});
