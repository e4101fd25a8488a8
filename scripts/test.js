// `npm test`: every suite, in order — unit and integration (Vitest, real SQLite), the build, the
// browser suite against it (Playwright), the standalone build check, the rebuild check (`npm start`
// serves an edit), and the PostgreSQL suites when a server accepts the login (skipped, saying why,
// otherwise). `--checks` runs the typecheck and lint first, as suites of their own (.ci/run).
// Ends with one line: "N passed, N failed, N skipped, N flaky" (scripts/test-summary.js).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { postgresLoginProblem } from './postgres-login.js';
import { countListedTests, summarize } from './test-summary.js';

const RESULTS = 'test-results';
const BIN = 'node_modules/.bin';

// A report left by an earlier run must never be counted as this run's.
mkdirSync(RESULTS, { recursive: true });
for (const file of readdirSync(RESULTS)) if (file.endsWith('.json')) rmSync(path.join(RESULTS, file), { force: true });

const suites = [];

/** Runs one step in the foreground; its exit code (null when killed by a signal). */
function run(title, command, args, env = {}) {
  console.log(`\n━━ ${title}\n`);
  return spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status;
}

/** A suite's JSON report, or null when it left none (or a truncated one: it crashed). */
function readReport(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function runVitestSuite(name, title, command, args, reportFile) {
  const exitCode = run(title, command, [...args, '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`]);
  suites.push({ name, kind: 'vitest', ran: true, exitCode, report: readReport(reportFile) });
}

/** How many tests the browser suite has, without running it (no build or server needed). */
function countBrowserTests() {
  const list = spawnSync(`${BIN}/playwright`, ['test', '--list', '--reporter=json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  try {
    return countListedTests(JSON.parse(list.stdout));
  } catch {
    return undefined;
  }
}

/** How many PostgreSQL tests there are: run against a port where nothing listens, each one skips itself. */
function countPostgresTests() {
  const file = `${RESULTS}/vitest-postgres-count.json`;
  spawnSync(`${BIN}/vitest`, ['run', '--config', 'test/postgres/vitest.config.ts', '--reporter=json', `--outputFile.json=${file}`], {
    stdio: 'ignore',
    env: { ...process.env, NOWLINE_TEST_POSTGRES_URL: 'postgresql://postgres@127.0.0.1:1/none' },
  });
  const report = readReport(file);
  rmSync(file, { force: true });
  return report?.numTotalTests;
}

if (process.argv.includes('--checks')) {
  suites.push({ name: 'Typecheck', kind: 'check', ran: true, exitCode: run('Typecheck (tsc --noEmit)', 'npm', ['run', 'typecheck']) });
  suites.push({ name: 'Lint', kind: 'check', ran: true, exitCode: run('Lint (eslint)', 'npm', ['run', 'lint']) });
}

runVitestSuite('Vitest', 'Unit and integration tests (Vitest, SQLite)', `${BIN}/vitest`, ['run'], `${RESULTS}/vitest.json`);

const buildExit = run('Build (next build)', 'npm', ['run', 'build']);
suites.push({ name: 'Build', kind: 'step', ran: true, exitCode: buildExit });
if (buildExit === 0) {
  const reportFile = `${RESULTS}/playwright.json`;
  const exitCode = run('Browser and HTTP tests (Playwright, built app)', `${BIN}/playwright`, ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile,
  });
  suites.push({ name: 'Playwright', kind: 'playwright', ran: true, exitCode, report: readReport(reportFile) });
} else {
  suites.push({ name: 'Playwright', kind: 'playwright', ran: false, tests: countBrowserTests(), reason: 'the build failed' });
}

// Both build the app again; after a failed build they would only fail the same way, minutes later.
const checks = [
  ['Standalone check', 'Standalone build: starts with node, serves / and the stream', 'scripts/check-standalone.js'],
  ['Rebuild check', 'Rebuild: `npm start` rebuilds after an edit and serves it', 'scripts/check-rebuild.js'],
];
for (const [name, title, script] of checks) {
  if (buildExit === 0) suites.push({ name, kind: 'check', ran: true, exitCode: run(title, 'node', [script]) });
  else suites.push({ name, kind: 'check', ran: false, tests: 1, reason: 'the build failed' });
}

const problem = await postgresLoginProblem();
if (!problem) {
  runVitestSuite(
    'PostgreSQL suites',
    'PostgreSQL suites (store on Postgres, two instances over LISTEN/NOTIFY)',
    'node',
    ['scripts/test-postgres.js'],
    `${RESULTS}/vitest-postgres.json`,
  );
} else {
  suites.push({
    name: 'PostgreSQL suites',
    kind: 'vitest',
    ran: false,
    tests: countPostgresTests(),
    reason: `${problem}. Start PostgreSQL (or set NOWLINE_TEST_POSTGRES_URL) and run \`npm run test:postgres\`.`,
  });
  // CI has PostgreSQL: there its suites must run, not skip.
  if (process.env.NOWLINE_REQUIRE_POSTGRES === '1') {
    suites.push({ name: 'PostgreSQL required (NOWLINE_REQUIRE_POSTGRES=1)', kind: 'step', ran: true, exitCode: 1 });
  }
}

const summary = summarize(suites);
console.log('\n━━ Summary\n');
for (const note of summary.notes) console.log(note);
console.log(summary.line);
process.exit(summary.ok ? 0 : 1);
