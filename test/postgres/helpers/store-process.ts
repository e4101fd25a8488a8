// One instance of the status store in a process of its own, driven by one JSON command per line on
// stdin and answering one JSON line per command on stdout (commands run concurrently, so a suite can
// leave a report pending while it sends others). Two of these on one database are two instances,
// without a build. Run by test/postgres/helpers/store-instance.ts as:
//   node --conditions=react-server --import tsx test/postgres/helpers/store-process.ts
import { createInterface } from 'node:readline';
import { clearActivity, getSnapshot, reportActivities, savePrivacyRules, getPrivacyRules, saveSiteSettings } from '../../../lib/status/store';
import { siteSettingsInputSchema } from '../../../lib/site/settings-schema';
import { pgListenerStatus } from '../../../lib/status/pg-notify';
import type { ActivityInput, ActivityKind } from '../../../lib/status/schema';

type Command = { id: number; op: string; args?: unknown[] };

async function run(op: string, args: unknown[]): Promise<unknown> {
  switch (op) {
    case 'report':
      return reportActivities(args[0] as ActivityInput[], args[1] as string);
    case 'clear':
      return clearActivity(args[0] as ActivityKind, args[1] as string);
    case 'snapshot':
      return getSnapshot();
    case 'savePrivacyRules':
      return savePrivacyRules({ ...(await getPrivacyRules()), ...(args[0] as object) });
    case 'saveSiteSettings':
      return saveSiteSettings(siteSettingsInputSchema.parse(args[0]));
    case 'listener':
      return pgListenerStatus();
    default:
      throw new Error(`unknown command ${op}`);
  }
}

const reply = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

createInterface({ input: process.stdin })
  .on('line', (line) => {
    const { id, op, args = [] } = JSON.parse(line) as Command;
    run(op, args).then(
      (value) => reply({ id, value }),
      (error: unknown) => reply({ id, error: error instanceof Error ? error.message : String(error) }),
    );
  })
  .on('close', () => process.exit(0));
