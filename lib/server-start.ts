// Server start-up: prepare the admin password, warm the status store so the first page view
// already has the snapshot in memory, let a graceful shutdown end the SSE streams, and delete
// stored images that nothing uses any more and history past its retention, and start forwarding
// the relay outbox, and start the importers.
import 'server-only';
import { ensureAdminPassword } from './auth';
import { env } from './env';
import { siteConfig } from './site-config';
import { closeAllStreams } from './status/bus';
import { getSnapshot } from './status/store';
import { flushRecentReports } from './status/reports';
import { registerFastLane } from './fast-lane';
import { scheduleImageCleanup } from './images';
import { scheduleHistoryPruning } from './history/prune';
import { flushRelayOutbox } from './relays/outbox';
import { loadRelaySettings } from './relays/settings';
import { startRelayWorker } from './relays/worker';
import { startServerImporters } from './importers/runner';

export async function onServerStart() {
  try {
    env();
    siteConfig();
  } catch (error) {
    // Refuse to serve rather than answer every request with an error.
    console.error(`[nowline] ${(error as Error).message}`);
    process.exit(1);
  }
  // Open SSE streams never end on their own; a graceful shutdown would wait for them forever.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, closeAllStreams);
  // scripts/server.js awaits this before it exits: reports and relay messages still buffered (up to
  // 250 ms) are written.
  (globalThis as { __nowlineBeforeExit?: () => Promise<void> }).__nowlineBeforeExit = async () => {
    await Promise.all([flushRecentReports(), flushRelayOutbox()]);
  };
  registerFastLane();
  try {
    const generated = await ensureAdminPassword();
    if (generated) {
      // Printed once, on the first start; only its hash is stored.
      console.log(
        `\n[nowline] No ADMIN_PASSWORD was set, so one was generated. Log in at /admin with:\n\n    ${generated}\n\n` +
          `[nowline] It is shown only this once. Set ADMIN_PASSWORD to choose your own.\n`,
      );
    }
    await getSnapshot();
    // Images nothing uses any more: once now, then on an unref'd timer.
    scheduleImageCleanup();
    // Old events and sessions past their retention: the same way, hourly.
    scheduleHistoryPruning();
    // The owner's upstreams (WakaTime, ListenBrainz) get what is in the outbox, also from before a
    // restart; those set up on /admin are read first, as reporters look them up in memory.
    // Unread, the worker's poll tries again.
    await loadRelaySettings().catch((error) => console.warn('[nowline] relay settings not read:', error instanceof Error ? error.message : error));
    startRelayWorker();
    // Last.fm, Discord (Lanyard) and Steam, when the owner set them up on /admin.
    startServerImporters();
  } catch (error) {
    console.error('[nowline] start-up check failed:', error instanceof Error ? error.message : error);
  }
}
