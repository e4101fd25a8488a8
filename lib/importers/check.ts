// One read with settings the owner is about to save, so /admin can answer at once: "Last.fm refused
// the API key" before anything is saved, rather than a silent importer that never shows anything.
import 'server-only';
import { env } from '../env';
import type { ActivityInput } from '../status/schema';
import { DEFAULT_READERS, type ImporterReaders } from './readers';
import type { ImporterConfigs } from './settings';
import { ImporterFetchError, ImporterSetupError, type ImporterName, type PushConnection } from './types';

export type ImporterCheck =
  | { ok: true; inputs: ActivityInput[] }
  /** setup: the service refused the settings (do not save); otherwise it could not be reached. */
  | { ok: false; setup: boolean; message: string };

const CHECK_TIMEOUT_MS = 10_000;

export async function checkImporter<N extends ImporterName>(
  name: N,
  config: ImporterConfigs[N],
  readers: ImporterReaders = DEFAULT_READERS,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<ImporterCheck> {
  const variables = env();
  try {
    if (name === 'lanyard') return { ok: true, inputs: await firstPresence(config as ImporterConfigs['lanyard'], variables.NOWLINE_LANYARD_URL, readers, timeoutMs) };
    const signal = AbortSignal.timeout(timeoutMs);
    const inputs =
      name === 'lastfm'
        ? await readers.lastfm(config as ImporterConfigs['lastfm'], { baseUrl: variables.NOWLINE_LASTFM_URL, signal })
        : await readers.steam(config as ImporterConfigs['steam'], { baseUrl: variables.NOWLINE_STEAM_URL, signal });
    return { ok: true, inputs };
  } catch (error) {
    return { ok: false, setup: error instanceof ImporterSetupError, message: error instanceof Error ? error.message : String(error) };
  }
}

function firstPresence(config: ImporterConfigs['lanyard'], url: string, readers: ImporterReaders, timeoutMs: number): Promise<ActivityInput[]> {
  return new Promise((resolve, reject) => {
    let connection: PushConnection | null = null;
    const timer = setTimeout(() => {
      reject(new ImporterFetchError(`Lanyard sent no presence within ${timeoutMs / 1000} s.`));
      connection?.close();
    }, timeoutMs);
    try {
      connection = readers.lanyard(config, {
        url,
        onPresence: (inputs) => {
          clearTimeout(timer);
          resolve(inputs);
          connection?.close(); // its onClose(null) then changes nothing: the promise is settled
        },
        onClose: (error) => {
          clearTimeout(timer);
          reject(error ?? new ImporterFetchError('Lanyard closed the connection before sending the presence.'));
        },
      });
    } catch (error) {
      clearTimeout(timer);
      reject(error);
    }
  });
}
