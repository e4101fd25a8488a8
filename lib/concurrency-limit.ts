// Counts things held open at once (connections, streams), per key and in total, and refuses a new
// one past either cap. Generic: the caller chooses what a key is (e.g. a client address).

export type LimitRefusal = 'per_key' | 'total';

export type Acquired = { ok: true; release: () => void } | { ok: false; reason: LimitRefusal };

export interface ConcurrencyLimits {
  /** At most this many held at once under one key. */
  perKey: number;
  /** At most this many held at once, all keys together. */
  total: number;
}

export interface ConcurrencyLimiter {
  /**
   * Takes a slot under `key`, or says which cap refused it. `release` gives it back, once.
   * A null key (the holder cannot be told apart from others) counts only toward the total.
   */
  acquire(key: string | null): Acquired;
  /** Held now: in total, under one key, and how many keys hold any. */
  held(): number;
  heldBy(key: string): number;
  keys(): number;
  /** Changes the caps; slots already held stay held. */
  setLimits(limits: ConcurrencyLimits): void;
}

export function createConcurrencyLimiter(initial: ConcurrencyLimits): ConcurrencyLimiter {
  let limits = initial;
  // Keys that hold nothing are deleted, so the map is as large as the number of holders.
  const byKey = new Map<string, number>();
  let total = 0;

  return {
    acquire(key) {
      if (total >= limits.total) return { ok: false, reason: 'total' };
      if (key !== null) {
        const mine = byKey.get(key) ?? 0;
        if (mine >= limits.perKey) return { ok: false, reason: 'per_key' };
        byKey.set(key, mine + 1);
      }
      total++;
      let released = false;
      return {
        ok: true,
        release() {
          // Several ways a stream can end may each call this; only the first counts.
          if (released) return;
          released = true;
          total--;
          if (key === null) return;
          const left = (byKey.get(key) ?? 1) - 1;
          if (left > 0) byKey.set(key, left);
          else byKey.delete(key);
        },
      };
    },
    held: () => total,
    heldBy: (key) => byKey.get(key) ?? 0,
    keys: () => byKey.size,
    setLimits(next) {
      limits = next;
    },
  };
}
