// Reporter tokens from the command line, for headless set-ups:
//   npm run token -- create <name>   prints the new token alone on its last line
//   npm run token -- list
//   npm run token -- revoke <id>
import { getDb } from '../lib/db';
import { createReporterToken, listReporterTokens, revokeReporterToken } from '../lib/tokens';
import { prepareDatabase } from './prepare-db.js';

/**
 * Migrates only a database that has no tables yet (a headless set-up before the first start):
 * the migration tool cannot switch a SQLite file out of WAL mode while the server has it open.
 */
async function ensureTables(db: ReturnType<typeof getDb>) {
  try {
    await db.reporterToken.count();
  } catch {
    prepareDatabase({ quiet: true });
  }
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const db = getDb();
  switch (command) {
    case 'create': {
      const name = rest.join(' ').trim();
      if (!name || name.length > 60) throw new Error('Usage: npm run token -- create <name> (1–60 characters)');
      await ensureTables(db);
      const { token } = await createReporterToken(db, name);
      console.error(`Created token "${name}". It is shown only now; store it in your reporter:`);
      console.log(token);
      return;
    }
    case 'list': {
      await ensureTables(db);
      for (const t of await listReporterTokens(db)) {
        const state = t.revokedAt ? 'revoked' : t.lastUsedAt ? `last used ${t.lastUsedAt.toISOString()}` : 'never used';
        console.log(`${t.id}  ${t.name}  (${state})`);
      }
      return;
    }
    case 'revoke': {
      if (!rest[0]) throw new Error('Usage: npm run token -- revoke <id>');
      await ensureTables(db);
      console.log((await revokeReporterToken(db, rest[0])) ? 'Revoked.' : 'No active token with that id.');
      return;
    }
    default:
      throw new Error('Usage: npm run token -- create <name> | list | revoke <id>');
  }
}

main()
  .then(() => getDb().$disconnect())
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
