import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { parseDatabaseUrl, postgresConfig } from './lib/database-url.js';

// The 6.19 CLI looks for native engines at start even in JS-engine mode; pointing these at an
// existing file skips that check (the engines are never downloaded here).
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= '/dev/null';
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/dev/null';

const database = parseDatabaseUrl();

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema:
    database.provider === 'sqlite'
      ? path.join('prisma', 'schema.prisma')
      : path.join('prisma', 'postgres', 'schema.prisma'),
  async adapter() {
    if (database.provider === 'sqlite') {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(path.dirname(database.file), { recursive: true });
      const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3');
      return new PrismaBetterSQLite3({ url: database.file });
    }
    await patchPgCatalogTypes();
    const { PrismaPg } = await import('@prisma/adapter-pg');
    return new PrismaPg(postgresConfig(database.url));
  },
});

// prisma/orm#27403: the schema engine reads catalog columns typed `name` (oid 19) and `"char"`
// (oid 18), which adapter-pg cannot deserialise. Report them as text (oid 25). CLI only.
async function patchPgCatalogTypes() {
  const pg = (await import('pg')).default;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown; __nowlinePatched?: boolean };
  if (proto.__nowlinePatched) return;
  proto.__nowlinePatched = true;
  const original = proto.query;
  const fixFields = (result: unknown) => {
    for (const r of Array.isArray(result) ? result : [result]) {
      const fields = (r as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
      for (const f of fields ?? []) if (f.dataTypeID === 19 || f.dataTypeID === 18) f.dataTypeID = 25;
    }
    return result;
  };
  proto.query = function (this: unknown, ...args: unknown[]) {
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (err: unknown, res: unknown) => void;
      args[last] = (err: unknown, res: unknown) => callback(err, err ? res : fixFields(res));
      return original.apply(this, args);
    }
    const returned = original.apply(this, args);
    if (returned && typeof (returned as Promise<unknown>).then === 'function') {
      return (returned as Promise<unknown>).then(fixFields);
    }
    return returned;
  };
}
