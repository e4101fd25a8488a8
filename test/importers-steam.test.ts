// The Steam reader against a stand-in speaking the Web API's player summaries: a running game becomes
// one gaming activity the status model accepts, no game (or a private profile) becomes [], and each
// failure becomes a setup or fetch error whose message helps and never holds the API key.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fitActivity, IMPORTER_USER_AGENT } from '@/lib/importers/service-request';
import { pollSteam, STEAM_DEFAULT_URL } from '@/lib/importers/steam';
import { ImporterFetchError, ImporterSetupError } from '@/lib/importers/types';
import { activityInputSchema } from '@/lib/status/schema';
import { expectTransportFailures, importerError } from './support/importer-errors';
import { startSteamStandIn, type SteamFailure, type SteamStandIn } from './support/steam-api';

const API_KEY = '5DA40A4A4699DEE30C1C9A7BCE84C914';
const STEAM_ID = '76561197960435530';
let steam: SteamStandIn;

beforeAll(async () => {
  steam = await startSteamStandIn({ apiKey: API_KEY, steamId: STEAM_ID });
});
afterEach(() => {
  steam.setGame(null);
  steam.setPrivate(false);
  steam.failWith(null);
  steam.setDelay(0);
  steam.requests.length = 0;
});
afterAll(() => steam.close());

const poll = (config: Partial<{ apiKey: string; steamId: string }> = {}, signal = AbortSignal.timeout(5000)) =>
  pollSteam({ apiKey: API_KEY, steamId: STEAM_ID, ...config }, { baseUrl: steam.url, signal });

const failure = (kind: Parameters<typeof importerError>[1], config?: Parameters<typeof poll>[0], signal?: AbortSignal) =>
  importerError(poll(config, signal), kind, 'Steam', [API_KEY, config?.apiKey]);

describe('pollSteam', () => {
  it("asks for the owner's player summary, naming Nowline", async () => {
    await poll();
    expect(steam.requests).toEqual([
      { path: '/ISteamUser/GetPlayerSummaries/v2/', params: { key: API_KEY, steamids: STEAM_ID }, userAgent: IMPORTER_USER_AGENT },
    ]);
    expect(STEAM_DEFAULT_URL).toBe('https://api.steampowered.com');
  });

  it('turns the game running into one gaming activity the status model accepts', async () => {
    steam.setGame({ name: 'Counter-Strike 2', appId: '730' });
    const inputs = await poll();
    expect(inputs).toEqual([{ kind: 'gaming', name: 'Counter-Strike 2', platform: 'Steam' }]);
    expect(activityInputSchema.safeParse(inputs[0]).success).toBe(true);
  });

  it('waits for a slow answer while the signal lasts', async () => {
    steam.setGame({ name: 'Factorio' });
    steam.setDelay(300);
    expect(await poll({}, AbortSignal.timeout(5000))).toEqual([{ kind: 'gaming', name: 'Factorio', platform: 'Steam' }]);
    expect(await failure(ImporterFetchError, {}, AbortSignal.timeout(100))).toBe('Steam did not answer in time.');
  });

  it('answers [] when no game runs', async () => {
    expect(await poll()).toEqual([]);
  });

  it('answers [] for a private profile, which never shows its game', async () => {
    steam.setGame({ name: 'Dota 2', appId: '570' });
    steam.setPrivate(true);
    expect(await poll()).toEqual([]);
  });

  it('takes out control characters and cuts a long game name to what the status model holds', async () => {
    steam.setGame({ name: `  Half-Life\u0007 ${'x'.repeat(300)}` });
    const [input] = await poll();
    const name = (input as { name: string }).name;
    expect(name.startsWith('Half-Life x')).toBe(true);
    expect(name.length).toBe(200);
    expect(activityInputSchema.safeParse(input).success).toBe(true);
  });

  it('keeps an activity whose optional field the status model refuses, and refuses one without its name', () => {
    expect(fitActivity('Steam', { kind: 'gaming', name: 'Portal', details: 'x'.repeat(201), platform: 'Steam' })).toEqual({
      kind: 'gaming',
      name: 'Portal',
      platform: 'Steam',
    });
    expect(() => fitActivity('Steam', { kind: 'gaming', name: '' })).toThrow(ImporterFetchError);
  });

  it("refuses a wrong key (Steam's 403 page) as a setup problem, never quoting the key", async () => {
    const message = await failure(ImporterSetupError, { apiKey: 'AAAABBBBCCCCDDDDEEEEFFFF00001111' });
    expect(message).toMatch(/^Steam refused the API key \(HTTP 403\)\. Check the Web API key on \/admin/);
  });

  it('refuses a revoked key (401) as a setup problem', async () => {
    steam.failWith('unauthorized');
    expect(await failure(ImporterSetupError)).toMatch(/^Steam refused the API key \(HTTP 401\)/);
  });

  it('says no Steam account has an id when the answer lists no player', async () => {
    const message = await failure(ImporterSetupError, { steamId: '76561197960435531' });
    expect(message).toBe('No Steam account has the id "76561197960435531". Check the 17-digit SteamID64 on /admin.');
  });

  it('refuses an id that is not a SteamID64, or an empty key, before asking', async () => {
    expect(await failure(ImporterSetupError, { steamId: 'gabelogannewell' })).toMatch(/17-digit SteamID64/);
    expect(await failure(ImporterSetupError, { steamId: `${STEAM_ID},76561197960435531` })).toMatch(/17-digit SteamID64/);
    await failure(ImporterSetupError, { apiKey: '' });
    expect(steam.requests).toHaveLength(0);
  });

  it.each<[SteamFailure, string]>([
    ['rate-limited', 'Steam is limiting requests (HTTP 429).'],
    ['unavailable', 'Steam answered HTTP 503.'],
    ['not-json', 'Steam sent an answer that is not JSON.'],
  ])('treats %s as a passing problem', async (mode, expected) => {
    steam.failWith(mode);
    expect(await failure(ImporterFetchError)).toBe(expected);
  });

  it('gives up on a silent Steam when the signal ends, and says when it cannot be reached', async () => {
    steam.failWith('hang');
    await expectTransportFailures({
      service: 'Steam',
      poll: (baseUrl, signal) => pollSteam({ apiKey: API_KEY, steamId: STEAM_ID }, { baseUrl, signal }),
      hangingUrl: steam.url,
    });
  });
});
