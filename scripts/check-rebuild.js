// Proves `npm start` never serves a stale build: in a throwaway copy of the checkout (the files git
// lists, node_modules hard-linked), starts `node scripts/start.js`, edits the homepage, starts it
// again and checks the edit is served, then once more to see "build is up to date".
//   node scripts/check-rebuild.js
// The copy starts from the checkout's .next when that build is current (one build in all: the
// rebuild); otherwise it builds first.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildState } from './build-fingerprint.js';
import { freePort, stopProcess, waitForHealth } from '../test/support/server.js';

const PAGE = 'app/page.tsx';
// The footer's "Updated live" (English, the default language): found in the source by its message
// lookup, in the HTML by its text.
const SOURCE_TEXT = '{m.home.updatedLive}';
// One expression, so React renders one text node (two would have <!-- --> between them).
const EDITED_SOURCE = `{\`\${m.home.updatedLive} (edited ${process.pid})\`}`;
const ORIGINAL_TEXT = 'Updated live';
const EDITED_TEXT = `Updated live (edited ${process.pid})`;
const BUILD_MINUTES = 8;

function step(message) {
  console.log(`[check-rebuild] ${message}`);
}

function check(condition, message, output = '') {
  if (!condition) throw new Error(`check failed: ${message}${output && `\n--- start output ---\n${output}`}`);
  step(`ok: ${message}`);
}

/** The checkout's files (tracked and untracked, not ignored) in `app`, node_modules linked in. */
function copyCheckout(app) {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(path.join(app, path.dirname(file)), { recursive: true });
    try {
      cpSync(file, path.join(app, file));
    } catch (error) {
      if (error.code !== 'ENOENT') throw error; // deleted, not yet committed
    }
  }
  // Hard links: a second copy of node_modules would cost a gigabyte; across file systems, copy.
  if (spawnSync('cp', ['-al', 'node_modules', path.join(app, 'node_modules')]).status !== 0) {
    step('node_modules cannot be hard-linked here: copying it');
    cpSync('node_modules', path.join(app, 'node_modules'), { recursive: true });
  }
  cpSync('lib/generated', path.join(app, 'lib/generated'), { recursive: true });
  return files.length;
}

/** Runs `node scripts/start.js` in the copy until it is healthy; its output and the homepage. */
async function startOnce(app, port) {
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ['scripts/start.js', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: app,
    env: {
      ...process.env,
      NOWLINE_DIST_DIR: '',
      NOWLINE_SKIP_BUILD: '',
      DATABASE_URL: 'file:./data/rebuild-check.db',
      ADMIN_PASSWORD: 'rebuild-check-password',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  server.stdout.on('data', (d) => (output += d));
  server.stderr.on('data', (d) => (output += d));
  try {
    await waitForHealth(baseUrl, { child: server, timeoutMs: BUILD_MINUTES * 60_000 });
    const page = await fetch(`${baseUrl}/`);
    return { output, status: page.status, html: await page.text() };
  } catch (error) {
    throw new Error(`${error.message}\n--- start output ---\n${output}`);
  } finally {
    await stopProcess(server);
  }
}

async function main() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'nowline-rebuild-'));
  const app = path.join(root, 'app');
  try {
    step(`copied ${copyCheckout(app)} files of the checkout into ${app}`);
    const seeded = buildState('.next') === 'current';
    if (seeded) {
      // The build cache stays behind: the copy's rebuild must not lean on the checkout's.
      cpSync('.next', path.join(app, '.next'), { recursive: true, filter: (source) => path.basename(source) !== 'cache' });
      step('the checkout has a current build in .next: the copy starts from it');
    }
    const port = await freePort();

    const first = await startOnce(app, port);
    const firstLine = seeded ? '[nowline] build is up to date' : '[nowline] no build yet';
    check(first.output.includes(firstLine), `the first start says "${firstLine}"`, first.output);
    check(first.status === 200 && first.html.includes(ORIGINAL_TEXT) && !first.html.includes(EDITED_TEXT), 'the homepage is served as built');

    const page = path.join(app, PAGE);
    const source = readFileSync(page, 'utf8');
    if (!source.includes(SOURCE_TEXT)) throw new Error(`${PAGE} no longer contains "${SOURCE_TEXT}": update this check`);
    writeFileSync(page, source.replace(SOURCE_TEXT, EDITED_SOURCE));
    step(`edited ${PAGE}; starting again (this rebuilds)…`);

    const second = await startOnce(app, port);
    check(second.output.includes('[nowline] sources changed since the last build: rebuilding…'), 'the next start says the sources changed and rebuilds', second.output);
    check(second.status === 200 && second.html.includes(EDITED_TEXT), 'the homepage serves the edit', second.output);

    const third = await startOnce(app, port);
    check(third.output.includes('[nowline] build is up to date') && !third.output.includes('rebuilding'), 'a start with nothing changed does not build', third.output);
    check(third.html.includes(EDITED_TEXT), 'and still serves the edit');
    step('npm start rebuilds after an edit and serves it');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`[check-rebuild] FAILED: ${error.message}`);
  process.exit(1);
});
