// Two instances on one scratch PostgreSQL database, in one test process: the app's own client
// (getDb, through DATABASE_URL) and a second Prisma client standing for another instance.
import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, beforeAll } from 'vitest';
import { postgresConfig } from '../../../lib/database-url.js';
import { PrismaClient as PostgresClient } from '../../../lib/generated/postgres/client';
import { resetAppGlobals } from '../../support/database';
import { createScratchDatabase, type ScratchDatabase } from './postgres';

/** Registers the file's set-up and clean-up; call the returned getter inside tests for the other instance's client. */
export function withTwoInstances(prefix: string): () => PostgresClient {
  let database: ScratchDatabase | undefined;
  let other: PostgresClient | undefined;
  beforeAll(async () => {
    database = await createScratchDatabase(prefix);
    process.env.DATABASE_URL = database.url;
    resetAppGlobals();
    other = new PostgresClient({ adapter: new PrismaPg(postgresConfig(database.url)) });
  });
  afterAll(async () => {
    const g = globalThis as { __nowlineDb?: { db: { $disconnect(): Promise<void> } } };
    await g.__nowlineDb?.db.$disconnect();
    await other?.$disconnect();
    resetAppGlobals();
    await database?.drop();
  });
  return () => {
    if (!other) throw new Error('the other instance exists only inside tests');
    return other;
  };
}
