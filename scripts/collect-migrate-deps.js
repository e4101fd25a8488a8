// Copies what `prisma migrate deploy` needs at start into <target>/node_modules: the Prisma CLI,
// the driver adapters prisma.config.ts loads, and everything they depend on. The standalone
// server traces only what the app imports, so the container image adds these beside it.
//   node scripts/collect-migrate-deps.js <target>
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOTS = ['prisma', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'better-sqlite3', 'pg'];

/** Where Node would find `name` when required from `fromDir` (nested node_modules first). */
function resolvePackageDir(name, fromDir, rootDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === rootDir || dir === path.dirname(dir)) return null;
  }
}

/** Every package directory the roots need, relative to the project root. */
export function migrateDependencies(rootDir = process.cwd()) {
  const found = new Set();
  const queue = ROOTS.map((name) => ({ name, from: rootDir, optional: false }));
  while (queue.length) {
    const { name, from, optional } = queue.shift();
    const dir = resolvePackageDir(name, from, rootDir);
    if (!dir) {
      if (optional) continue;
      throw new Error(`${name} is not installed (needed by ${path.relative(rootDir, from) || 'the project'})`);
    }
    const relative = path.relative(rootDir, dir);
    if (found.has(relative)) continue;
    found.add(relative);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys(manifest.dependencies ?? {})) queue.push({ name: dep, from: dir, optional: false });
    // Optional dependencies count only where installed (platform builds); peers (typescript for
    // the client generator) are not needed to migrate.
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) {
      queue.push({ name: dep, from: dir, optional: true });
    }
  }
  return [...found].sort();
}

export function collectMigrateDependencies(target, rootDir = process.cwd()) {
  const packages = migrateDependencies(rootDir);
  for (const relative of packages) {
    cpSync(path.join(rootDir, relative), path.join(target, relative), { recursive: true, dereference: true });
  }
  return packages;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2];
  if (!target) {
    console.error('Usage: node scripts/collect-migrate-deps.js <target folder>');
    process.exit(1);
  }
  const packages = collectMigrateDependencies(path.resolve(target));
  console.log(`[nowline] copied ${packages.length} packages for migrations into ${target}/node_modules`);
}
