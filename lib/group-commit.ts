// Group commit: one transaction costs about the same for one item or fifty, so items that arrive
// while a commit is in flight (or in the same turn of the event loop) wait and are then committed
// together, in arrival order, at most MAX_GROUP_SIZE per group. When the database refuses a group,
// its items are committed again one by one, so the one it refuses fails alone (unless the failure is
// the connection's or a timeout: then the whole group fails at once). Generic: no domain types here.

/** Most items in one group; later ones start the next group (a burst cannot grow one without bound). */
export const MAX_GROUP_SIZE = 200;

/**
 * Failures no single item can cause (connection lost, timeouts, the pool exhausted): retrying the
 * items one by one would fail each again after the same wait and block the write chain N times.
 * Prisma codes: P1001/P1002 unreachable, P1008 timeout, P1017 closed, P2024 pool timeout,
 * P2028 transaction API error (e.g. the interactive-transaction timeout); SQLITE_BUSY: the SQLite
 * writer waited too long for the lock.
 */
const GROUP_WIDE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P03', '08000', '08003', '08006', 'SQLITE_BUSY']);

export function isGroupWideFailure(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (GROUP_WIDE_CODES.has(code) || CONNECTION_ERRORS.has(code))) return true;
    const name = (e as { name?: unknown }).name;
    if (name === 'PrismaClientInitializationError') return true;
  }
  return false;
}

/** An item the commit left out on purpose (invalid), with the error its caller gets. */
export interface Refusal {
  error: unknown;
}

export interface GroupCommitOptions<T, R> {
  /** Runs a task after every task handed to it before (the owner's write chain). */
  schedule: (task: () => Promise<void>) => void;
  /**
   * Writes the items in one transaction, in order. Resolves to one entry per item: null once written,
   * or a Refusal for an item left out while the others still commit. Rejects if the transaction failed.
   */
  commit: (items: T[]) => Promise<(Refusal | null)[]>;
  /** Runs once per group, after all its commits: what every written item resolves to (e.g. after one publish). */
  finish: () => R;
}

interface Waiting<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitQueue<T, R> {
  /** Items waiting for the next group commit; null once that commit has begun. */
  private open: Waiting<T, R>[] | null = null;

  constructor(private readonly options: GroupCommitOptions<T, R>) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (!this.open) {
        const group: Waiting<T, R>[] = [];
        this.open = group;
        // The group stays open until the event loop has taken in the requests already waiting:
        // a synchronous driver (SQLite) would otherwise commit every item alone.
        this.options.schedule(() => nextTurnOfTheLoop().then(() => this.commitGroup(group)));
      }
      this.open.push({ item, resolve, reject });
      if (this.open.length >= MAX_GROUP_SIZE) this.open = null;
    });
  }

  /** Items added from now on go to a later group (one scheduled after whatever is scheduled next). */
  close(): void {
    this.open = null;
  }

  /** Settles every item of the group; never rejects. */
  private async commitGroup(group: Waiting<T, R>[]): Promise<void> {
    if (this.open === group) this.open = null;
    const outcomes = await this.commitTogether(group);
    const written = group.filter((_, i) => outcomes[i] === null);
    group.forEach((w, i) => {
      const outcome = outcomes[i];
      if (outcome) w.reject(outcome.error);
    });
    if (written.length === 0) return;
    let value: R;
    try {
      value = this.options.finish();
    } catch (error) {
      for (const w of written) w.reject(error);
      return;
    }
    for (const w of written) w.resolve(value);
  }

  /** One transaction for the group; if the database refuses it, one per item, in arrival order. */
  private async commitTogether(group: Waiting<T, R>[]): Promise<(Refusal | null)[]> {
    try {
      return await this.options.commit(group.map((w) => w.item));
    } catch (error) {
      // Not an item's fault: the whole group fails at once, the chain moves on.
      if (group.length === 1 || isGroupWideFailure(error)) return group.map(() => ({ error }));
    }
    const outcomes: (Refusal | null)[] = [];
    for (const w of group) {
      try {
        const [outcome] = await this.options.commit([w.item]);
        outcomes.push(outcome ?? null);
      } catch (error) {
        outcomes.push({ error });
      }
    }
    return outcomes;
  }
}

const nextTurnOfTheLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
