// Reporter tokens from the command line, for headless set-ups:
//   npm run token -- create <name> [--protocols wakatime,codetime] [--kinds coding]
//                                    prints the new token alone on its last line; without
//                                    --protocols / --kinds the token may use any of them
//   npm run token -- list
//   npm run token -- revoke <id>
import { parseArgs } from 'node:util';
import { getDb } from '../lib/db';
import { parseTokenScopes, type TokenScopes } from '../lib/token-scopes';
import { createReporterToken, listReporterTokens, revokeReporterToken } from '../lib/tokens';
import { prepareDatabase } from './prepare-db.js';

/**
 * Migrates only a database that has no tables yet (a headless set-up before the first start):
 * the migration tool cannot switch a SQLite file out of WAL mode while another connection has it
 * open — the server's, or this one's (lib/db.ts opens SQLite in WAL mode), closed first.
 */
async function ensureTables(db: ReturnType<typeof getDb>) {
  try {
    await db.reporterToken.count();
  } catch {
    await db.$disconnect();
    prepareDatabase({ quiet: true });
  }
}

const USAGE =
  'Usage: npm run token -- create <name> [--protocols api,wakatime,codetime,mixspace,listenbrainz] [--kinds manual,coding,music,gaming,app] | list | revoke <id>';

const describeScopes = (s: TokenScopes) => `${s.protocols?.join(', ') ?? 'any protocol'} · ${s.kinds?.join(', ') ?? 'any kind'}`;

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { protocols: { type: 'string', multiple: true }, kinds: { type: 'string', multiple: true } },
  });
  const [command, ...rest] = positionals;
  const db = getDb();
  switch (command) {
    case 'create': {
      const name = rest.join(' ').trim();
      if (!name || name.length > 60) throw new Error(USAGE);
      const scopes = parseTokenScopes(values.protocols, values.kinds);
      await ensureTables(db);
      const { token } = await createReporterToken(db, name, scopes);
      console.error(`Created token "${name}" for ${describeScopes(scopes)}. It is shown only now; store it in your reporter:`);
      console.log(token);
      return;
    }
    case 'list': {
      await ensureTables(db);
      for (const t of await listReporterTokens(db)) {
        const state = t.revokedAt ? 'revoked' : t.lastUsedAt ? `last used ${t.lastUsedAt.toISOString()}` : 'never used';
        console.log(`${t.id}  ${t.name}  (${state}; ${describeScopes(t)})`);
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
      throw new Error(USAGE);
  }
}

main()
  .then(() => getDb().$disconnect())
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
