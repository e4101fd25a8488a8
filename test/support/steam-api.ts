// A stand-in for the Steam Web API's player summaries
// (https://developer.valvesoftware.com/wiki/Steam_Web_API#GetPlayerSummaries_.28v0002.29):
// `GET /ISteamUser/GetPlayerSummaries/v2/?key=…&steamids=…` answers `{ response: { players: [...] } }`,
// with `gameextrainfo`/`gameid` while a game runs, unless the profile is private. A wrong key gets
// Steam's 403 HTML page; an id without an account gets `players: []`. Other failures: failWith.
import { startStandInServer } from './stand-in-server';

export type SteamFailure =
  | 'unauthorized' // 401 HTML, as Steam sends for a revoked key
  | 'rate-limited' // 429
  | 'unavailable' // 503 HTML
  | 'not-json' // 200 with an HTML page
  | 'hang'; // never answers

export interface SteamRequest {
  path: string;
  params: Record<string, string>;
  userAgent: string | undefined;
}

export interface SteamStandIn {
  /** The base URL to poll, like https://api.steampowered.com */
  url: string;
  /** The game running now (its name and app id), or none. */
  setGame(game: { name: string; appId?: string } | null): void;
  /** A private profile (communityvisibilitystate 1) never shows its game. */
  setPrivate(hidden: boolean): void;
  failWith(failure: SteamFailure | null): void;
  /** A slow but answering service: every answer this many milliseconds late. */
  setDelay(ms: number): void;
  requests: SteamRequest[];
  close(): Promise<void>;
}

const FORBIDDEN_PAGE =
  '<html><head><title>Forbidden</title></head><body><h1>Forbidden</h1>Access is denied. Retrying will not help. Please verify your <pre>key=</pre> parameter.</body></html>';
const page = (title: string) => `<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`;
const SUMMARIES_PATH = '/ISteamUser/GetPlayerSummaries/v2/';

export async function startSteamStandIn({ apiKey, steamId }: { apiKey: string; steamId: string }): Promise<SteamStandIn> {
  let game: { name: string; appId?: string } | null = null;
  let hidden = false;
  let failure: SteamFailure | null = null;
  const requests: SteamRequest[] = [];

  const server = await startStandInServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://steam');
    const params = Object.fromEntries(url.searchParams);
    requests.push({ path: url.pathname, params, userAgent: req.headers['user-agent'] });
    const html = (status: number, body: string) => res.writeHead(status, { 'content-type': 'text/html' }).end(body);
    if (failure === 'hang') server.hang(res);
    else if (failure === 'unauthorized') html(401, page('Unauthorized'));
    else if (failure === 'rate-limited') html(429, page('Too Many Requests'));
    else if (failure === 'unavailable') html(503, page('Service Unavailable'));
    else if (failure === 'not-json') html(200, page('Steam Community :: Error'));
    else if (url.pathname !== SUMMARIES_PATH) html(404, page('Not Found'));
    else if (params.key !== apiKey) html(403, FORBIDDEN_PAGE);
    else if (!params.steamids) html(400, page('Bad Request'));
    else {
      const players = params.steamids.split(',').includes(steamId) ? [summary(steamId, hidden ? null : game, hidden)] : [];
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify({ response: { players } }));
    }
  });
  return {
    url: `${server.origin}`,
    setGame: (next) => void (game = next),
    setPrivate: (next) => void (hidden = next),
    failWith: (mode) => void (failure = mode),
    setDelay: server.setDelay,
    requests,
    close: () => server.close(),
  };
}

/** A summary as Steam sends it; a private profile carries only the public fields. */
function summary(steamId: string, game: { name: string; appId?: string } | null, hidden: boolean) {
  const base = {
    steamid: steamId,
    communityvisibilitystate: hidden ? 1 : 3,
    profilestate: 1,
    personaname: 'Owner',
    profileurl: `https://steamcommunity.com/profiles/${steamId}/`,
    avatar: 'https://avatars.steamstatic.com/fef49e7fa7e1997310d705b2a6158ff8dc1cdfeb.jpg',
    avatarhash: 'fef49e7fa7e1997310d705b2a6158ff8dc1cdfeb',
    personastate: 1,
  };
  if (hidden) return base;
  const playing = game ? { gameextrainfo: game.name, gameid: game.appId ?? '730' } : {};
  return { ...base, lastlogoff: Math.floor(Date.now() / 1000) - 3600, timecreated: 1_300_000_000, personastateflags: 0, ...playing };
}
