// `npm test`: every suite, in order — unit and integration (Vitest, real SQLite), the browser
// suite against the built app (Playwright), the standalone build check, and the PostgreSQL suites
// when a server answers (skipped with a message otherwise).
// Ends with one line: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';

const RESULTS = 'test-results';
mkdirSync(RESULTS, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const skippedSuites = [];
let failedSteps = 0;

function run(title, command, args, env = {}) {
  console.log(`\n━━ ${title}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) failedSteps++;
  return result.status === 0;
}

function countVitest(file) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += r.numPassedTests ?? 0;
  totals.failed += r.numFailedTests ?? 0;
  totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const s = JSON.parse(readFileSync(file, 'utf8')).stats ?? {};
  totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  totals.failed += s.unexpected ?? 0;
  totals.skipped += s.skipped ?? 0;
}

function postgresAnswers(host = '127.0.0.1', port = 5432) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1500 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

const npx = 'node_modules/.bin';

run('Unit and integration tests (Vitest, SQLite)', `${npx}/vitest`, [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${RESULTS}/vitest.json`,
]);
countVitest(`${RESULTS}/vitest.json`);

if (run('Build (next build)', 'npm', ['run', 'build'])) {
  run('Browser and HTTP tests (Playwright, built app)', `${npx}/playwright`, ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: `${RESULTS}/playwright.json`,
  });
  countPlaywright(`${RESULTS}/playwright.json`);
}

if (run('Standalone build: starts with node, serves / and the stream', 'node', ['scripts/check-standalone.js'])) totals.passed++;
else totals.failed++;

const pgUrl = process.env.NOWLINE_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const pg = new URL(pgUrl);
if (await postgresAnswers(pg.hostname, Number(pg.port || 5432))) {
  run('PostgreSQL suites (store on Postgres, two instances over LISTEN/NOTIFY)', 'node', [
    'scripts/test-postgres.js',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${RESULTS}/vitest-postgres.json`,
  ]);
  countVitest(`${RESULTS}/vitest-postgres.json`);
} else if (process.env.NOWLINE_REQUIRE_POSTGRES === '1') {
  console.error(`\nPostgreSQL is required (NOWLINE_REQUIRE_POSTGRES=1) but nothing answers at ${pg.hostname}:${pg.port || 5432}.`);
  failedSteps++;
} else {
  skippedSuites.push(
    `PostgreSQL suites (test/postgres): no server at ${pg.hostname}:${pg.port || 5432}. ` +
      'Start PostgreSQL (or set NOWLINE_TEST_POSTGRES_URL) and run `npm run test:postgres`.',
  );
}

console.log('\n━━ Summary\n');
for (const line of skippedSuites) console.log(`SKIPPED  ${line}`);
if (failedSteps && totals.failed === 0) totals.failed = failedSteps;
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps ? 1 : 0);
