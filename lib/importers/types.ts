// What an importer is: a reader of one outside service (Last.fm, Discord through Lanyard, Steam) that
// turns the owner's presence there into the same activity inputs a reporter would send. The modules
// per service only speak the service's wire format; lib/importers/runner.ts decides when they run,
// stores what they return under the importer's source and shows their state on /admin.
import type { ActivityInput, ActivityKind } from '../status/schema';

export const IMPORTER_NAMES = ['lastfm', 'lanyard', 'steam'] as const;
export type ImporterName = (typeof IMPORTER_NAMES)[number];

/**
 * A problem retrying will not fix (a wrong API key, an unknown user): the importer stops until the
 * owner changes its settings, and the message is shown on /admin as it is, so it must say what to do.
 */
export class ImporterSetupError extends Error {
  override name = 'ImporterSetupError';
}

/** Everything else that went wrong (service down, timeout, bad answer): retried with backoff. */
export class ImporterFetchError extends Error {
  override name = 'ImporterFetchError';
}

export interface PollOptions {
  /** The service's base URL (a setting, so tests and mirrors can point elsewhere). */
  baseUrl: string;
  signal: AbortSignal;
}

/**
 * One look at a polled service: what the owner is doing there now, as activity inputs without
 * `source` or `expiresInSeconds` (the runner sets both). An empty list means nothing is live there.
 * Throws ImporterSetupError or ImporterFetchError.
 */
export type Poll<Config> = (config: Config, options: PollOptions) => Promise<ActivityInput[]>;

/** The kinds each importer may report: a kind it reported before and not now is ended. */
export const IMPORTER_KINDS: Record<ImporterName, readonly ActivityKind[]> = {
  lastfm: ['music'],
  lanyard: ['gaming', 'music'],
  steam: ['gaming'],
};

export interface LastFmConfig {
  apiKey: string;
  user: string;
}
export interface SteamConfig {
  apiKey: string;
  /** The 64-bit Steam id (17 digits). */
  steamId: string;
}
export interface LanyardConfig {
  /** The Discord user id (a snowflake, 17–20 digits). */
  userId: string;
}

/** A live push connection (Lanyard's WebSocket). */
export interface PushConnection {
  close(): void;
}

export interface PushHandlers {
  /** The presence now, every time it changes (the first time right after connecting). */
  onPresence(inputs: ActivityInput[]): void;
  /** The connection ended or failed; `setup` errors are ImporterSetupError. Called once per connection. */
  onClose(error: ImporterSetupError | ImporterFetchError | null): void;
}
