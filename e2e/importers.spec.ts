// Importers, end to end: the app started against local stand-ins of Last.fm and Steam speaking
// their real formats, set up on /admin like an owner would, driving the homepage live.
import { test as base, type Locator, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../test/support/app-server';
import { LANYARD_USER_ID, lanyardPresence, startLanyardServer, type LanyardServer } from '../test/support/lanyard-server';
import { startLastFmStandIn, type LastFmStandIn } from '../test/support/lastfm-api';
import { startSteamStandIn, type SteamStandIn } from '../test/support/steam-api';
import { expect, logIn, PHONE } from './fixtures';

const LASTFM_KEY = '0123456789abcdef0123456789abcdef';
const STEAM_KEY = '0123456789ABCDEF0123456789ABCDEF';
const STEAM_ID = '76561197960287930';

const test = base.extend<{ lastfm: LastFmStandIn; steam: SteamStandIn; lanyard: LanyardServer; ownServer: RunningServer }>({
  lastfm: async ({}, provide) => {
    const standIn = await startLastFmStandIn({ apiKey: LASTFM_KEY, user: 'ada' });
    await provide(standIn);
    await standIn.close();
  },
  steam: async ({}, provide) => {
    const standIn = await startSteamStandIn({ apiKey: STEAM_KEY, steamId: STEAM_ID });
    await provide(standIn);
    await standIn.close();
  },
  lanyard: async ({}, provide) => {
    const standIn = await startLanyardServer();
    await provide(standIn);
    await standIn.close();
  },
  ownServer: async ({ lastfm, steam, lanyard }, provide, testInfo) => {
    const server = await startServer(`importers-${testInfo.workerIndex}`, {
      extraEnv: { NOWLINE_LASTFM_URL: lastfm.url, NOWLINE_STEAM_URL: steam.url, NOWLINE_LANYARD_URL: lanyard.url, NOWLINE_IMPORTER_POLL_SECONDS: '1' },
    });
    await provide(server);
    await server.stop();
  },
  baseURL: async ({ ownServer }, provide) => provide(ownServer.baseUrl),
});

const card = (page: Page, service: string): Locator => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: service, exact: true }) });

test('Last.fm set up on /admin drives the homepage live; a wrong key is refused with a clear message', PHONE, async ({ page, context, lastfm }) => {
  lastfm.setNowPlaying({ title: 'Teardrop', artist: 'Massive Attack', album: 'Mezzanine', imageUrl: '' });
  await logIn(page);
  const lastfmCard = card(page, 'Last.fm');
  await lastfmCard.getByLabel('Last.fm user name').fill('ada');
  await lastfmCard.getByLabel('API key').fill('ffffffffffffffffffffffffffffffff');
  await lastfmCard.getByRole('button', { name: 'Save' }).click();
  await expect(lastfmCard.getByRole('status')).toContainText('Nothing was saved: Last.fm refused the API key');
  await expect(lastfmCard.getByText('Not set up.')).toBeVisible();

  await lastfmCard.getByLabel('API key').fill(LASTFM_KEY);
  await lastfmCard.getByRole('button', { name: 'Save' }).click();
  await expect(lastfmCard.getByRole('status')).toHaveText('Saved. Right now: Teardrop — Massive Attack.');
  // The key never comes back to the page.
  await page.reload();
  expect(await page.content()).not.toContain(LASTFM_KEY);
  await expect(card(page, 'Last.fm').getByText('A key is saved. Leave this empty to keep it.')).toBeVisible();

  const home = await context.newPage();
  await home.goto('/');
  const headline = home.getByTestId('status-headline');
  await expect(headline).toHaveAttribute('data-kind', 'music');
  await expect(headline).toContainText('Teardrop');
  lastfm.setNowPlaying({ title: 'Angel', artist: 'Massive Attack', album: 'Mezzanine', imageUrl: '' });
  await expect(headline).toContainText('Angel');
  // A paused player ends it.
  lastfm.setNowPlaying(null);
  await expect(headline).toHaveAttribute('data-kind', 'offline');

  await page.reload();
  await expect(card(page, 'Last.fm').locator('[data-importer-state]')).toHaveAttribute('data-importer-state', 'ok');
});

test('Steam shows the game being played as “Playing …”, and a key Steam later refuses stops the importer', async ({ page, context, steam }) => {
  steam.setGame({ name: 'Counter-Strike 2', appId: '730' });
  await logIn(page);
  const steamCard = card(page, 'Steam');
  await steamCard.getByLabel('SteamID64').fill(STEAM_ID);
  await steamCard.getByLabel('API key').fill(STEAM_KEY);
  await steamCard.getByRole('button', { name: 'Save' }).click();
  await expect(steamCard.getByRole('status')).toHaveText('Saved. Right now: Counter-Strike 2.');

  const home = await context.newPage();
  await home.goto('/');
  const headline = home.getByTestId('status-headline');
  await expect(headline).toHaveAttribute('data-kind', 'gaming');
  await expect(headline.getByText('Playing Counter-Strike 2')).toBeVisible();

  // The key is revoked at Steam: the importer stops (no request loop) and /admin says why.
  steam.failWith('unauthorized');
  await expect
    .poll(async () => {
      await page.reload();
      return card(page, 'Steam').locator('[data-importer-state]').getAttribute('data-importer-state');
    })
    .toBe('stopped');
  await expect(card(page, 'Steam').locator('[data-importer-state]')).toContainText('Steam refused the API key');
  const requests = steam.requests.length;
  await page.waitForTimeout(3000);
  expect(steam.requests.length).toBe(requests);
});

test('Discord through Lanyard: a game shows as “Playing …”, Spotify as music, live', async ({ page, context, lanyard }) => {
  const game = { type: 0, name: 'Minecraft', details: 'Survival', state: 'In a world', timestamps: { start: Date.now() - 60_000 } };
  lanyard.setPresence(LANYARD_USER_ID, lanyardPresence({ activities: [game] }));
  await logIn(page);
  const lanyardCard = card(page, 'Discord (Lanyard)');
  // An id Lanyard does not monitor: the owner is told to join its server, and nothing is saved.
  await lanyardCard.getByLabel('Discord user id').fill('123456789012345678');
  await lanyardCard.getByRole('button', { name: 'Save' }).click();
  await expect(lanyardCard.getByRole('status')).toContainText('discord.gg/lanyard');
  await expect(lanyardCard.getByText('Not set up.')).toBeVisible();

  await lanyardCard.getByLabel('Discord user id').fill(LANYARD_USER_ID);
  await lanyardCard.getByRole('button', { name: 'Save' }).click();
  await expect(lanyardCard.getByRole('status')).toHaveText('Saved. Right now: Minecraft.');

  const home = await context.newPage();
  await home.goto('/');
  const headline = home.getByTestId('status-headline');
  await expect(headline).toHaveAttribute('data-kind', 'gaming');
  await expect(headline.getByText('Playing Minecraft')).toBeVisible();
  const start = Date.now() - 30_000;
  lanyard.setPresence(
    LANYARD_USER_ID,
    lanyardPresence({
      listening_to_spotify: true,
      spotify: { track_id: '4cOdK2wGLETKBW3PvgPWqT', song: 'Never Gonna Give You Up', artist: 'Rick Astley', album: 'Whenever You Need Somebody', album_art_url: null, timestamps: { start, end: start + 213_000 } },
      activities: [],
    }),
  );
  // Pushed over the open socket: the game ends and the music starts without a poll.
  await expect(headline).toHaveAttribute('data-kind', 'music');
  await expect(headline).toContainText('Never Gonna Give You Up');
  await expect(home.getByTestId('status-gaming')).toHaveCount(0);
});
