// Builds the app into its own folder (NOWLINE_DIST_DIR) so test builds never touch `.next`:
//   node scripts/build-into.js <distDir> [--standalone]
// `next build` adds `<distDir>/types/**/*.ts` to tsconfig.json for any folder other than .next;
// the file is put back as it was, so a test build leaves the checkout unchanged.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

export function buildInto(distDir, { standalone = false, quiet = false } = {}) {
  const tsconfig = readFileSync('tsconfig.json', 'utf8');
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
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [distDir, ...flags] = process.argv.slice(2);
  if (!distDir || distDir === '.next') {
    console.error('Usage: node scripts/build-into.js <distDir other than .next> [--standalone]');
    process.exit(1);
  }
  try {
    buildInto(distDir, { standalone: flags.includes('--standalone') });
  } catch (error) {
    console.error(`[nowline] ${error.message}`);
    process.exit(1);
  }
}
