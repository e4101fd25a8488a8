// Each relay's state for /admin: set up or not (the upstream's host only, never its key), messages
// waiting, the last delivery and the last error.
import 'server-only';
import { getDb, type Db } from '../db';
import { RELAY_NAMES, upstream, type RelayName } from './upstreams';

export interface RelayStatus {
  relay: RelayName;
  /** The upstream's host, or null when the relay is not set up. */
  host: string | null;
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
    return {
      relay,
      host: upstream(relay)?.host ?? null,
      queued: counts.find((c) => c.relay === relay)?._count._all ?? 0,
      lastSuccessAt: state?.lastSuccessAt?.toISOString() ?? null,
      lastError: state?.lastError ?? null,
      lastErrorAt: state?.lastErrorAt?.toISOString() ?? null,
      dropped: state?.dropped ?? 0,
    };
  });
}
