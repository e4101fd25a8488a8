// `npm run bench`: SSE fan-out, memory, ingest, page speed and report-to-screen time of the built
// app, each against a floor measured in the same run. Prints a table and writes
// bench/results/latest.json and docs/benchmarks.md.
//   npm run bench -- [--skip-build] [--only=sse,ingest,page,screen,polling] [--levels=1000,5000,10000]
//                    [--changes=20] [--idle-seconds=15] [--no-postgres] [--no-lighthouse] [--lighthouse-runs=3] [--no-docs]
//   npm run bench -- --docs-only      (rewrite docs/benchmarks.md and README.md's bench:summary block from the last results and bench/notes.md)
// One file because it is the entry point: runBench reads as the run in order (build, servers, each
// scenario, results and docs); the measurements themselves live in scenarios.ts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ClientProcess, hardFileLimit, isPortFree, killAll, onCleanup } from './processes';
import { buildRows, renderMarkdown, renderSummary, renderTable, type BenchResults } from './report';
import {
  runFanoutLevel,
  runIngest,
  runPage,
  runPolling,
  runScreen,
  seedStatus,
  type Context,
  type FanoutLevel,
  type IngestResult,
} from './scenarios';
import { createScratchPostgres, startApp, startReference, type Target } from './servers';

export type Scenario = 'sse' | 'ingest' | 'page' | 'screen' | 'polling';

export interface BenchOptions {
  build: boolean;
  distDir: string;
  /** 'handlers': the route handlers behind node:http (quick smoke run, no build). */
  appKind: 'app' | 'handlers';
  only: Scenario[];
  levels: number[];
  changes: number;
  spacingMs: number;
  idleSeconds: number;
  heartbeatSeconds: number;
  connectConcurrency: number;
  ingestSeconds: number;
  ingestConcurrency: number;
  ingestStreams: number;
  postgres: boolean;
  pageSeconds: number;
  pageConcurrency: number;
  lighthouse: boolean;
  /** Lighthouse runs on `/`; the figures are their median (one run swings with the machine's load). */
  lighthouseRuns: number;
  screenChanges: number;
  /** Polling comparison: streams ending after this long (Vercel's 280 s), and the short real run that counts reconnects. */
  cappedLifetimeSeconds: number;
  reconnect: { lifetimeSeconds: number; heartbeatSeconds: number; seconds: number };
  appPortBase: number;
  referencePort: number;
  jsonPath: string | null;
  markdownPath: string | null;
  logDir: string;
  quiet: boolean;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  build: true,
  distDir: '.next-bench',
  appKind: 'app',
  only: ['sse', 'ingest', 'page', 'screen', 'polling'],
  levels: [1000, 5000, 10000],
  changes: 20,
  spacingMs: 250,
  idleSeconds: 15,
  heartbeatSeconds: 15,
  connectConcurrency: 64,
  ingestSeconds: 10,
  ingestConcurrency: 8,
  ingestStreams: 1000,
  postgres: true,
  pageSeconds: 8,
  pageConcurrency: 32,
  lighthouse: true,
  lighthouseRuns: 3,
  screenChanges: 50,
  cappedLifetimeSeconds: 280,
  reconnect: { lifetimeSeconds: 2, heartbeatSeconds: 0.5, seconds: 9 },
  appPortBase: 3300,
  referencePort: 3400,
  jsonPath: 'bench/results/latest.json',
  markdownPath: 'docs/benchmarks.md',
  logDir: 'bench/results/logs',
  quiet: false,
};

const PUBLISH_INTERVAL_MS = 50;

function parseArgs(argv: string[]): BenchOptions {
  const o = { ...DEFAULT_OPTIONS };
  for (const arg of argv) {
    const [key, value = ''] = arg.replace(/^--/, '').split('=');
    const list = () =>
      value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
    switch (key) {
      case 'skip-build':
        o.build = false;
        break;
      case 'only':
        o.only = list() as Scenario[];
        break;
      case 'levels':
        o.levels = list().map(Number);
        break;
      case 'changes':
        o.changes = Number(value);
        break;
      case 'idle-seconds':
        o.idleSeconds = Number(value);
        break;
      case 'heartbeat-seconds':
        o.heartbeatSeconds = Number(value);
        break;
      case 'ingest-seconds':
        o.ingestSeconds = Number(value);
        break;
      case 'page-seconds':
        o.pageSeconds = Number(value);
        break;
      case 'screen-changes':
        o.screenChanges = Number(value);
        break;
      case 'no-postgres':
        o.postgres = false;
        break;
      case 'no-lighthouse':
        o.lighthouse = false;
        break;
      case 'lighthouse-runs':
        o.lighthouseRuns = Number(value);
        break;
      case 'no-docs':
        o.markdownPath = null;
        break;
      case 'dist-dir':
        o.distDir = value;
        break;
      case 'handlers':
        o.appKind = 'handlers';
        o.build = false;
        break;
      case 'help':
        console.log(
          readFileSync(new URL(import.meta.url), 'utf8')
            .split('\n')
            .slice(0, 6)
            .join('\n'),
        );
        process.exit(0);
      default:
        throw new Error(`unknown option --${key} (try --help)`);
    }
  }
  return o;
}

function machine() {
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    date: new Date().toISOString(),
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    openFilesLimit: hardFileLimit(),
  };
}

/** `next build` into its own folder; Next rewrites tsconfig.json when it sees a new folder, so it is put back. */
async function build(options: BenchOptions, log: (line: string) => void) {
  const tsconfig = readFileSync('tsconfig.json', 'utf8');
  log(`building the app into ${options.distDir} (next build)…`);
  mkdirSync(options.logDir, { recursive: true });
  const started = Date.now();
  const child = spawn('npx', ['next', 'build'], {
    env: { ...process.env, NOWLINE_DIST_DIR: options.distDir, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  writeFileSync(path.join(options.logDir, 'build.log'), output);
  if (readFileSync('tsconfig.json', 'utf8') !== tsconfig) writeFileSync('tsconfig.json', tsconfig);
  if (code !== 0) throw new Error(`next build failed (see ${options.logDir}/build.log)`);
  log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const t0 = Date.now();
  const log = (line: string) => {
    if (!options.quiet) console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${line}`);
  };
  const results: BenchResults = {
    machine: machine(),
    options,
    fanout: [],
    ingest: [],
    page: null,
    screen: null,
    polling: null,
    notes: [],
  };
  const has = (s: Scenario) => options.only.includes(s);
  if (options.appKind === 'app' && (options.build || !existsSync(path.join(options.distDir, 'BUILD_ID'))))
    await build(options, log);

  let port = options.appPortBase;
  // The app's ports, skipping any another service holds (MariaDB listens on 3306 here).
  const nextPort = async () => {
    for (let tries = 0; tries < 100; tries++) {
      if (port > options.appPortBase + 99) port = options.appPortBase;
      const candidate = port++;
      if (await isPortFree(candidate)) return candidate;
    }
    throw new Error(`no free port in ${options.appPortBase}–${options.appPortBase + 99}`);
  };
  const limit = results.machine.openFilesLimit;
  log(
    `open-files limit for servers and client: ${limit}; ${results.machine.cores} cores; load ${results.machine.loadAverageAtStart.join(' ')}`,
  );

  const client = new ClientProcess(options.logDir);
  const ctx: Context = { client, log, logDir: options.logDir };
  const appEnv = {
    NOWLINE_HEARTBEAT_SECONDS: String(options.heartbeatSeconds),
    NOWLINE_PUBLISH_INTERVAL_MS: String(PUBLISH_INTERVAL_MS),
  };
  let pingWireBytes: number | null = null;
  const pollingOptions = (browserRequestBytes?: { stream: number | null; poll: number | null }) => ({
    heartbeatSeconds: options.heartbeatSeconds,
    pingWireBytes,
    browserRequestBytes,
    reconnect: options.reconnect,
    cappedLifetimeSeconds: options.cappedLifetimeSeconds,
    startShortLived: async (env: Record<string, string>) =>
      startApp({
        port: await nextPort(),
        name: 'reconnect',
        logDir: options.logDir,
        distDir: options.distDir,
        kind: options.appKind,
        env: { ...appEnv, ...env },
      }),
  });
  try {
    if (has('sse')) {
      let token: string | undefined;
      const databaseUrl = `file:./data/bench-fanout-${process.pid}.db`;
      let first = true;
      const startNowline = async () => {
        const target = await startApp({
          port: await nextPort(),
          name: 'nowline',
          logDir: options.logDir,
          distDir: options.distDir,
          kind: options.appKind,
          databaseUrl,
          keepDatabase: !first,
          token,
          env: appEnv,
        });
        first = false;
        token = target.token;
        return target;
      };
      const startFloor = () =>
        startReference({
          port: options.referencePort,
          logDir: options.logDir,
          heartbeatSeconds: options.heartbeatSeconds,
        });
      for (const level of options.levels) {
        if (level + 256 > limit) {
          results.notes.push(`Skipped ${level} streams: the open-files limit here is ${limit}.`);
          log(`skipping ${level} streams (open-files limit ${limit})`);
          continue;
        }
        const fanoutOptions = {
          levels: options.levels,
          changes: options.changes,
          spacingMs: options.spacingMs,
          // One whole heartbeat period by default: a shorter window would catch a ping or miss it.
          idleSeconds: options.idleSeconds,
          connectConcurrency: options.connectConcurrency,
          warmupStreams: Math.min(50, level),
        };
        const reference = await runFanoutLevel(ctx, startFloor, level, fanoutOptions);
        const nowline: FanoutLevel = await runFanoutLevel(ctx, startNowline, level, fanoutOptions);
        pingWireBytes ??= nowline.pingWireBytes;
        results.fanout.push({ streams: level, nowline, reference });
      }
    }

    if (has('ingest')) {
      const databases: { name: string; url?: string; drop?: () => Promise<void> }[] = [{ name: 'SQLite' }];
      if (options.postgres && options.appKind === 'app') {
        const name = `nowline_bench_${process.pid}`;
        const scratch = await createScratchPostgres(name);
        if (scratch) {
          const unregister = onCleanup(() => {
            spawnSync(
              'psql',
              [
                '-h',
                '127.0.0.1',
                '-U',
                'postgres',
                '-d',
                'postgres',
                '-c',
                `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`,
              ],
              { stdio: 'ignore' },
            );
          });
          databases.push({
            name: 'PostgreSQL',
            url: scratch.url,
            drop: async () => (await scratch.drop(), void unregister()),
          });
        } else {
          results.notes.push('PostgreSQL ingest skipped: nothing answers on 127.0.0.1:5432.');
        }
      }
      for (const database of databases) {
        let target: Target | null = null;
        try {
          target = await startApp({
            port: await nextPort(),
            name: `ingest-${database.name.toLowerCase()}`,
            logDir: options.logDir,
            distDir: options.distDir,
            kind: options.appKind,
            databaseUrl: database.url,
            env: appEnv,
          });
          const result: IngestResult = await runIngest(ctx, target, {
            database: database.name,
            concurrency: options.ingestConcurrency,
            seconds: options.ingestSeconds,
            streams: options.ingestStreams,
            publishIntervalMs: PUBLISH_INTERVAL_MS,
          });
          results.ingest.push(result);
        } finally {
          await target?.stop();
          await database.drop?.();
        }
      }
    }

    if (options.appKind === 'app' && (has('page') || has('screen') || has('polling'))) {
      const target = await startApp({
        port: await nextPort(),
        name: 'page',
        logDir: options.logDir,
        distDir: options.distDir,
        env: appEnv,
      });
      try {
        await seedStatus(target);
        if (has('page'))
          results.page = await runPage(ctx, target, {
            concurrency: options.pageConcurrency,
            seconds: options.pageSeconds,
            lighthouse: options.lighthouse,
            lighthouseRuns: options.lighthouseRuns,
          });
        if (has('screen'))
          results.screen = await runScreen(ctx, target, { changes: options.screenChanges, gapMs: 120 });
        if (has('polling'))
          results.polling = await runPolling(ctx, target, pollingOptions(results.screen?.browserRequestBytes));
      } finally {
        await target.stop();
      }
    } else if (has('polling')) {
      const target = await startApp({
        port: await nextPort(),
        name: 'polling',
        logDir: options.logDir,
        distDir: options.distDir,
        kind: options.appKind,
        env: appEnv,
      });
      try {
        results.polling = await runPolling(ctx, target, pollingOptions());
      } finally {
        await target.stop();
      }
    }
  } finally {
    await client.stop();
  }
  results.rows = buildRows(results);
  results.seconds = (Date.now() - t0) / 1000;
  if (options.jsonPath) {
    mkdirSync(path.dirname(options.jsonPath), { recursive: true });
    writeFileSync(options.jsonPath, JSON.stringify(results, null, 2));
  }
  if (options.markdownPath) writeDocs(results, options.markdownPath);
  if (!options.quiet) {
    console.log(`\n${renderTable(results.rows)}\n`);
    console.log(
      `${results.rows.filter((r) => r.pass === false).length} missed, ${results.rows.filter((r) => r.pass === true).length} met, in ${results.seconds.toFixed(0)} s`,
    );
    if (options.jsonPath)
      console.log(`wrote ${options.jsonPath}${options.markdownPath ? ` and ${options.markdownPath}` : ''}`);
  }
  return results;
}

const README = 'README.md';
const README_START =
  '<!-- bench:summary (written by npm run bench from its last run; edit bench/report.ts, not this) -->';
const README_END = '<!-- /bench:summary -->';

/**
 * docs/benchmarks.md: the figures of a run, then bench/notes.md (method and findings); and the
 * run's summary into README.md between its markers, so the README quotes only measured figures.
 */
function writeDocs(results: BenchResults, markdownPath: string) {
  const notesFile = 'bench/notes.md';
  const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : '';
  writeFileSync(markdownPath, renderMarkdown(results, notes));
  if (!existsSync(README)) return;
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start === -1 || end < start) return;
  const m = results.machine;
  const block = [
    README_START,
    `Last run of \`npm run bench\` (${m.date.slice(0, 10)}, one instance, SQLite unless named, on ${m.cores} cores shared with other work — load average ${m.loadAverageAtStart[0]} at its start; [docs/benchmarks.md](${markdownPath}) has every figure and how each is measured):`,
    '',
    ...renderSummary(results),
    README_END,
  ].join('\n');
  writeFileSync(README, readme.slice(0, start) + block + readme.slice(end + README_END.length));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv.includes('--docs-only')) {
  // After editing bench/notes.md: rewrite the page from the last run's figures, without measuring.
  const options = parseArgs([]);
  writeDocs(JSON.parse(readFileSync(options.jsonPath!, 'utf8')) as BenchResults, options.markdownPath!);
  console.log(`wrote ${options.markdownPath} from ${options.jsonPath}`);
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runBench(parseArgs(process.argv.slice(2)))
    .then(() => process.exit(0))
    .catch((error: Error) => {
      console.error(`\nbenchmark failed: ${error.stack ?? error.message}`);
      killAll();
      process.exit(1);
    });
}
