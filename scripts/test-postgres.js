// `npm run test:postgres`: the suites that need a real PostgreSQL server (the store on Postgres,
// two store processes with interleaved writes, and two built instances sharing one database). Not part of `npm test`, which needs SQLite only.
// Skips, saying so, when no server answers (fails instead with NOWLINE_REQUIRE_POSTGRES=1). NOWLINE_TEST_POSTGRES_URL picks the server (default:
// postgresql://postgres@127.0.0.1:5432/postgres); the user must be allowed to create databases.
//   node scripts/test-postgres.js [--no-build] [vitest args…]
import { spawnSync } from 'node:child_process';
import { buildInto } from './build-into.js';
import { postgresLoginProblem, TEST_POSTGRES_URL } from './postgres-login.js';

const url = TEST_POSTGRES_URL;
const args = process.argv.slice(2);
const skipBuild = args.includes('--no-build');

async function reachable() {
  const problem = await postgresLoginProblem(url);
  if (!problem) return true;
  console.log(`[test:postgres] SKIPPED: ${problem}.`);
  console.log('[test:postgres] Start one, or set NOWLINE_TEST_POSTGRES_URL to a server where the user may create databases.');
  return false;
}

// CI sets NOWLINE_REQUIRE_POSTGRES=1 so a missing server fails the run instead of skipping it.
if (!(await reachable())) process.exit(process.env.NOWLINE_REQUIRE_POSTGRES === '1' ? 1 : 0);

if (!skipBuild) {
  console.log('[test:postgres] building the app into .next-multi for the multi-instance suite…');
  try {
    buildInto('.next-multi', { quiet: true });
  } catch (error) {
    console.error(`[test:postgres] ${error.message}`);
    process.exit(1);
  }
}

const vitest = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/postgres/vitest.config.ts', ...args.filter((a) => a !== '--no-build')],
  { stdio: 'inherit', env: { ...process.env, NOWLINE_MULTI_PREBUILT: '1' } },
);
process.exit(vitest.status ?? 1);
