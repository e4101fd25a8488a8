// The relay settings form on /admin: what it may save, and the rules a save follows. The key or
// token is never sent back: an empty secret field keeps the saved one, unless the address now points
// at another host (the owner's key must not follow a new address unasked). A relay set by
// environment variables is read-only here. Messages already waiting go to whatever is set up when
// they are sent.
import 'server-only';
import { z } from 'zod';
import { CHECK_FIELDS } from '../admin/admin-action';
import { getDb, type Db } from '../db';
import { relayUrl } from '../env';
import type { FormState } from '../form-state';
import { RELAY_NAMES } from './names';
import { loadRelaySettings, saveRelay } from './settings';
import { relayConfig } from './upstreams';

export const SET_BY_ENVIRONMENT = 'This relay is set up by environment variables; change them instead. Nothing was saved.';
export const ENTER_ADDRESS = 'enter the address';
export const HTTP_URL = 'must be an http(s) URL';
export const NO_CREDENTIALS_IN_URL = 'put the key or token in its own field, not in the address';
export const ENTER_SECRET = 'enter the key or token';
export const NEW_HOST_SECRET = 'the address points at another host: enter the key or token again';
export const SET_UP_AGAIN = 'The relay is set up again: its waiting messages will be sent. Nothing was discarded.';

const formText = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .optional()
    .transform((v) => v?.trim() || undefined);

export const relayFormSchema = z.object({
  relay: z.enum(RELAY_NAMES),
  /** Which button sent the form. */
  intent: z.enum(['save', 'remove']).default('save'),
  url: formText(2000),
  secret: formText(2000),
});

export async function applyRelayForm({ relay, intent, url, secret }: z.output<typeof relayFormSchema>, db: Db = getDb()): Promise<FormState> {
  if (relayConfig(relay)?.source === 'environment') return { error: SET_BY_ENVIRONMENT };
  if (intent === 'remove') {
    await saveRelay(relay, null, db);
    return { ok: true };
  }
  const errors: Record<string, string> = {};
  const address = url === undefined ? null : relayUrl.safeParse(url);
  if (!address) errors.url = ENTER_ADDRESS;
  else if (!address.success) errors.url = HTTP_URL;
  else if (new URL(address.data).username || new URL(address.data).password) errors.url = NO_CREDENTIALS_IN_URL;
  // Read again, not from memory: another instance may have saved since.
  const current = (await loadRelaySettings(db))[relay];
  const sameHost = current && address?.success && new URL(current.url).host === new URL(address.data).host;
  const keptSecret = secret ?? (sameHost ? current.secret : undefined);
  // With an unreadable address and a saved secret, whether it is kept is not known yet: no word on it.
  if (!keptSecret && !(current && !address?.success)) errors.secret = current ? NEW_HOST_SECRET : ENTER_SECRET;
  if (Object.keys(errors).length > 0 || !address?.success || !keptSecret) return { error: CHECK_FIELDS, fieldErrors: errors };
  await saveRelay(relay, { url: address.data, secret: keptSecret }, db);
  return { ok: true };
}
