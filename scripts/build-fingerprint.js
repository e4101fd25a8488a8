// What a build was made from: a SHA-256 over the contents of every source file that goes into
// `next build`, recorded in <distDir>/nowline-build.json after a successful build, so `npm start`
// can tell whether the build it finds still matches the sources (after `git pull` or an edit).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Folders and files whose contents change the build (the generated Prisma client follows the schemas). */
export const BUILD_SOURCES = [
  'app',
  'components',
  'lib',
  'public',
  'proxy.ts',
  'instrumentation.ts',
  'next.config.ts',
  'nowline.config.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'postcss.config.mjs',
  'prisma/schema.prisma',
  'prisma/postgres/schema.prisma',
];

const RECORD = 'nowline-build.json';
// Generated at build or install time (git-ignored), and tests that never reach the bundle.
const IGNORED = /(^|\/)(node_modules|generated)(\/|$)|\.test\.[cm]?[jt]sx?$/;

/** Tracked and untracked-but-not-ignored files in a git checkout; null outside one (a container build). */
function gitFiles(root) {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...BUILD_SOURCES], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

function walk(root, relative, files) {
  const full = path.join(root, relative);
  if (!existsSync(full)) return;
  if (!statSync(full).isDirectory()) return void files.push(relative);
  for (const entry of readdirSync(full)) {
    if (!entry.startsWith('.')) walk(root, path.posix.join(relative, entry), files);
  }
}

/** The build's source files, relative to `root`, sorted. */
export function buildSourceFiles(root = process.cwd()) {
  let files = gitFiles(root);
  if (!files) {
    files = [];
    for (const source of BUILD_SOURCES) walk(root, source, files);
  }
  // A file deleted but not yet committed is still listed by git: what counts is what is on disk.
  return [...new Set(files)].filter((f) => !IGNORED.test(f) && existsSync(path.join(root, f))).sort();
}

export function buildFingerprint(root = process.cwd()) {
  const hash = createHash('sha256');
  for (const file of buildSourceFiles(root)) {
    hash.update(`${file}\0`);
    hash.update(createHash('sha256').update(readFileSync(path.join(root, file))).digest());
  }
  return hash.digest('hex');
}

export function recordBuild(distDir, fingerprint) {
  writeFileSync(path.join(distDir, RECORD), `${JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }, null, 2)}\n`);
}

/**
 * 'missing' (no build), 'stale' (sources changed since it was built) or 'current'. A build made
 * without a record (a plain `next build`) counts as current unless a source file is newer than it.
 */
export function buildState(distDir, root = process.cwd()) {
  const buildId = path.join(distDir, 'BUILD_ID');
  if (!existsSync(buildId)) return 'missing';
  const record = path.join(distDir, RECORD);
  if (existsSync(record)) {
    let recorded;
    try {
      recorded = JSON.parse(readFileSync(record, 'utf8')).fingerprint;
    } catch {
      return 'stale';
    }
    return recorded === buildFingerprint(root) ? 'current' : 'stale';
  }
  const builtAt = statSync(buildId).mtimeMs;
  return buildSourceFiles(root).some((f) => statSync(path.join(root, f)).mtimeMs > builtAt) ? 'stale' : 'current';
}
