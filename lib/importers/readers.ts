// The service readers the runner uses; tests pass their own to startImporters().
import 'server-only';
import { connectLanyard } from './lanyard';
import { pollLastFm } from './lastfm';
import { pollSteam } from './steam';
import type { LanyardConfig, LastFmConfig, Poll, PushConnection, PushHandlers, SteamConfig } from './types';

export interface ImporterReaders {
  lastfm: Poll<LastFmConfig>;
  steam: Poll<SteamConfig>;
  lanyard: (config: LanyardConfig, options: { url: string } & PushHandlers) => PushConnection;
}

export const DEFAULT_READERS: ImporterReaders = { lastfm: pollLastFm, steam: pollSteam, lanyard: connectLanyard };
