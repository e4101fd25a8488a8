// Each relay's state for /admin: set up or not, and how (the upstream's host, the address saved on
// /admin, never its key or token), messages waiting, the last delivery and the last error. This goes
// to the browser (the settings form): nothing secret may be added.
import 'server-only';
import { getDb, type Db } from '../db';
import { RELAY_NAMES, relayConfig, upstream, type RelayName } from './upstreams';

export interface RelayStatus {
  relay: RelayName;
  /** The upstream's host, or null when the relay is not set up. */
  host: string | null;
  /** Set up by environment variables (which win), on /admin, or not at all. */
  source: 'environment' | 'saved' | null;
  /** The address saved on /admin (the form shows it to edit); null when set by environment or not set. */
  savedUrl: string | null;
  queued: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  dropped: number;
}

export async function listRelayStatus(db: Db = getDb()): Promise<RelayStatus[]> {
  const [states, counts] = await Promise.all([
    db.relayState.findMany(),
    db.relayMessage.groupBy({ by: ['relay'], _count: { _all: true } }),
  ]);
  return RELAY_NAMES.map((relay) => {
    const state = states.find((s) => s.relay === relay);
    const config = relayConfig(relay);
    return {
      relay,
      host: upstream(relay)?.host ?? null,
      source: config?.source ?? null,
      savedUrl: config?.source === 'saved' ? config.url : null,
      queued: counts.find((c) => c.relay === relay)?._count._all ?? 0,
      lastSuccessAt: state?.lastSuccessAt?.toISOString() ?? null,
      lastError: state?.lastError ?? null,
      lastErrorAt: state?.lastErrorAt?.toISOString() ?? null,
      dropped: state?.dropped ?? 0,
    };
  });
}
