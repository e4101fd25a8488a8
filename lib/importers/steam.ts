// Reads which game the owner is playing on Steam (ISteamUser/GetPlayerSummaries v2): a game in the
// summary becomes a gaming activity, none ends it. A private profile never shows its game, so it
// reads as playing nothing. https://developer.valvesoftware.com/wiki/Steam_Web_API#GetPlayerSummaries_.28v0002.29
import 'server-only';
import { cleanText, fitActivity, getFromService, isRecord, withoutSecret, type ServiceAnswer } from './service-request';
import { ImporterFetchError, ImporterSetupError, type Poll, type SteamConfig } from './types';

export const STEAM_DEFAULT_URL = 'https://api.steampowered.com';
const SERVICE = 'Steam';
const STEAM_ID64 = /^\d{17}$/;

export const pollSteam: Poll<SteamConfig> = (config, { baseUrl, signal }) =>
  withoutSecret(config.apiKey, async () => {
    const steamId = config.steamId.trim();
    if (!config.apiKey.trim()) throw new ImporterSetupError('Steam needs a Web API key: add one on /admin.');
    if (!STEAM_ID64.test(steamId)) {
      throw new ImporterSetupError('The Steam id must be the 17-digit SteamID64 (it starts with 7656), not the profile name. Check it on /admin.');
    }
    const url = new URL(`${baseUrl.replace(/\/+$/, '')}/ISteamUser/GetPlayerSummaries/v2/`);
    url.search = new URLSearchParams({ key: config.apiKey.trim(), steamids: steamId }).toString();
    const player = playerIn(await getFromService(SERVICE, url, signal), steamId);
    const game = cleanText(player.gameextrainfo);
    return game ? [fitActivity(SERVICE, { kind: 'gaming', name: game, platform: SERVICE })] : [];
  });

/** The one player asked for; a wrong key is answered 401/403 with an HTML page, not JSON. */
function playerIn({ status, json }: ServiceAnswer, steamId: string): Record<string, unknown> {
  if (status === 401 || status === 403) {
    throw new ImporterSetupError(`Steam refused the API key (HTTP ${status}). Check the Web API key on /admin (steamcommunity.com/dev/apikey).`);
  }
  if (status === 400) throw new ImporterSetupError(`Steam refused the request (HTTP 400). Check the SteamID64 "${steamId}" on /admin.`);
  if (status === 429) throw new ImporterFetchError('Steam is limiting requests (HTTP 429).');
  if (status < 200 || status > 299) throw new ImporterFetchError(`Steam answered HTTP ${status}.`);
  if (json === undefined) throw new ImporterFetchError('Steam sent an answer that is not JSON.');
  const players = isRecord(json) && isRecord(json.response) ? json.response.players : undefined;
  if (!Array.isArray(players)) throw new ImporterFetchError('Steam sent an unexpected answer (no "response.players").');
  const player = players.find((p) => isRecord(p) && String(p.steamid) === steamId) ?? (players.length === 1 ? players[0] : undefined);
  if (player === undefined) {
    throw new ImporterSetupError(`No Steam account has the id "${steamId}". Check the 17-digit SteamID64 on /admin.`);
  }
  if (!isRecord(player)) throw new ImporterFetchError('Steam sent an unexpected answer (a player is not an object).');
  return player;
}
