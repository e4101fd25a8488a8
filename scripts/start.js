// `npm start`: migrate, build when there is no build or the sources changed since the last one,
// then serve with scripts/server.js (a child process; this one exits when it does).
//   node scripts/start.js [-p <port>] [-H <hostname>] [--no-build]
// `--no-build` or NOWLINE_SKIP_BUILD=1 serves whatever build is there (the container image is
// prebuilt). The Dockerfile's CMD and test/support/serve-e2e.js start up through `launch` too.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildState } from './build-fingerprint.js';
import { prepareDatabase } from './prepare-db.js';

const SERVER = fileURLToPath(new URL('./server.js', import.meta.url));

/** Builds into `distDir` unless its build matches the sources; says which in one line. Throws if the build fails. */
export function ensureBuild({ distDir = process.env.NOWLINE_DIST_DIR || '.next', skip = process.env.NOWLINE_SKIP_BUILD === '1' } = {}) {
  if (skip) {
    console.log(`[nowline] serving the build in ${distDir} as it is (build check skipped)`);
    return;
  }
  const state = buildState(distDir);
  if (state === 'current') {
    console.log('[nowline] build is up to date');
    return;
  }
  console.log(
    state === 'missing'
      ? '[nowline] no build yet: building (this takes a minute)…'
      : '[nowline] sources changed since the last build: rebuilding…',
  );
  // `npm run build`: the Prisma clients, then scripts/build-into.js, which records what it built.
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env: { ...process.env, NOWLINE_DIST_DIR: distDir } });
  if (build.status !== 0) throw new Error(`the build failed (npm run build exited with ${build.status ?? build.signal})`);
}

/**
 * Serves with scripts/server.js in a child process and ties this process to it: SIGINT/SIGTERM are
 * passed on, and this process exits when the server does, with its code.
 */
export function startServer({ port, host, env = process.env } = {}) {
  const args = [SERVER];
  if (port !== undefined) args.push('-p', String(port));
  if (host !== undefined) args.push('-H', host);
  const server = spawn(process.execPath, args, { stdio: 'inherit', env: { NODE_ENV: 'production', ...env } });
  let forwarded = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      forwarded = true;
      server.kill(signal);
    });
  }
  // Killed by a signal nobody sent it (out of memory): a failure, so a supervisor restarts it.
  server.on('exit', (code) => process.exit(code ?? (forwarded ? 0 : 1)));
  return server;
}

/** The whole start-up: migrate, build if needed, serve. Exits with a one-line message if a step fails. */
export function launch({ port, host, skipBuild } = {}) {
  try {
    prepareDatabase();
    ensureBuild({ skip: skipBuild });
  } catch (error) {
    console.error(`[nowline] ${error.message}`);
    process.exit(1);
  }
  return startServer({ port, host });
}

function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', short: 'p' },
        hostname: { type: 'string', short: 'H' },
        'no-build': { type: 'boolean' },
      },
    }));
  } catch (error) {
    console.error(`[nowline] ${error.message}`);
    process.exit(1);
  }
  launch({ port: values.port, host: values.hostname, skipBuild: values['no-build'] || undefined });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
