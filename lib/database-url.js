// Shared by prisma.config.ts, lib/db.ts and the start script, so the CLI and the app always
// agree on which database DATABASE_URL means.
import path from 'node:path';

export const DEFAULT_DATABASE_URL = 'file:./data/nowline.db';

/** @returns {{ provider: 'sqlite', file: string } | { provider: 'postgresql', url: string }} */
export function parseDatabaseUrl(url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL) {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return { provider: 'postgresql', url };
  }
  if (url.startsWith('file:')) {
    const file = url.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    return { provider: 'sqlite', file: path.resolve(/*turbopackIgnore: true*/ process.cwd(), file) };
  }
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL); got "${url.split(':')[0]}:…"`,
  );
}

/** Discrete connection fields: the Prisma CLI makes its shadow database by overriding `database`. */
export function postgresConfig(url) {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || '127.0.0.1',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: decodeURIComponent(u.password) || undefined,
    database: decodeURIComponent(u.pathname.slice(1)) || undefined,
    ssl: ['require', 'verify-full', 'verify-ca'].includes(u.searchParams.get('sslmode') ?? '')
      ? { rejectUnauthorized: u.searchParams.get('sslmode') !== 'require' }
      : undefined,
  };
}
