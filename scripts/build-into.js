// `next build` into a folder of its own (NOWLINE_DIST_DIR), so test builds never touch `.next`, and
// a record of the sources it was made from (scripts/build-fingerprint.js) once it succeeds:
//   node scripts/build-into.js [distDir] [--standalone]     (`npm run build`: .next, or NOWLINE_DIST_DIR)
// `next build` adds `<distDir>/types/**/*.ts` to tsconfig.json for any folder other than .next;
// the file is put back as it was, so a test build leaves the checkout unchanged.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { buildFingerprint, recordBuild } from './build-fingerprint.js';

export function buildInto(distDir, { standalone = false, quiet = false } = {}) {
  const tsconfig = readFileSync('tsconfig.json', 'utf8');
  // Taken before building: a file edited during the build makes the next start rebuild.
  const fingerprint = buildFingerprint();
  try {
    const result = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
      stdio: quiet ? 'pipe' : 'inherit',
      encoding: 'utf8',
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        NOWLINE_DIST_DIR: distDir,
        NOWLINE_STANDALONE: standalone ? '1' : '',
      },
    });
    if (result.status !== 0) {
      if (quiet) process.stderr.write(`${result.stdout}${result.stderr}`);
      throw new Error(`next build into ${distDir} failed`);
    }
  } finally {
    if (readFileSync('tsconfig.json', 'utf8') !== tsconfig) writeFileSync('tsconfig.json', tsconfig);
  }
  recordBuild(distDir, fingerprint);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
  const distDir = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? (process.env.NOWLINE_DIST_DIR || '.next');
  try {
    buildInto(distDir, { standalone: flags.includes('--standalone') || process.env.NOWLINE_STANDALONE === '1' });
  } catch (error) {
    console.error(`[nowline] ${error.message}`);
    process.exit(1);
  }
}
