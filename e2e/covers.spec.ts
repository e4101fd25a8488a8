// Covers from the Cover Art Archive: the app started against a local stand-in of the archive.
import { test as base } from '@playwright/test';
import { createTokenWithCli, startServer, type RunningServer } from '../test/support/app-server';
import { COVER_RELEASES, startCoverArtArchive, type CoverArtArchive } from '../test/support/cover-art-archive';
import { listenbrainzPlayingNow } from '../test/support/fixtures';
import { expect, PHONE } from './fixtures';

const test = base.extend<{ archive: CoverArtArchive; ownServer: RunningServer; reporterToken: string }>({
  archive: async ({}, provide) => {
    const archive = await startCoverArtArchive();
    await provide(archive);
    await archive.close();
  },
  ownServer: async ({ archive }, provide, testInfo) => {
    const server = await startServer(`covers-${testInfo.workerIndex}`, { extraEnv: { NOWLINE_COVER_ART_URL: archive.baseUrl } });
    await provide(server);
    await server.stop();
  },
  baseURL: async ({ ownServer }, provide) => provide(ownServer.baseUrl),
  reporterToken: async ({ ownServer }, provide) => provide(createTokenWithCli(ownServer.databaseUrl, 'e2e-worker')),
});

test('a ListenBrainz play with a release id shows its cover from the archive', PHONE, async ({ page, request, reporterToken, archive }) => {
  await page.goto('/');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  const res = await request.post('/api/listenbrainz/1/submit-listens', {
    headers: { authorization: `Token ${reporterToken}` },
    data: listenbrainzPlayingNow({ mbid_mapping: { release_mbid: COVER_RELEASES.found } }),
  });
  expect(res.status()).toBe(200);
  await expect(page.getByText('Vantablack').first()).toBeVisible();

  // The cover arrives on the open page, stored on this site, and loads.
  const cover = page.locator('img[src^="/api/images/"]').first();
  await expect(cover).toBeVisible();
  await expect.poll(() => cover.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(4);
  expect(archive.hits.get(`/release/${COVER_RELEASES.found}/front-250`)).toBe(1);
});
