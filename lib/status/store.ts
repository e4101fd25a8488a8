// The status store: the single write path. Persist (Prisma) → compute the snapshot → publish.
// Routes and actions never publish by themselves. The current activities are held in memory once
// loaded, so reading the snapshot costs no query.
import 'server-only';
import { databaseProvider, getDb } from '../db';
import { env } from '../env';
import { configureBus, broadcastFrame, snapshotFrame } from './bus';
import { buildActivity, isStopReport } from './activity';
import { DEFAULT_PRIVACY_RULES, privacyRulesSchema, type PrivacyRules } from './privacy';
import { computeSnapshot, nextExpiry } from './snapshot';
import {
  ACTIVITY_KINDS,
  DEFAULT_PRECEDENCE,
  isLive,
  type Activity,
  type ActivityInput,
  type ActivityKind,
  type Snapshot,
} from './schema';
import { announceChange, startRemoteListener } from './remote';
import { config } from '../../nowline.config';

const PRIVACY_SETTING = 'privacyRules';

interface StoreState {
  loading: Promise<void> | null;
  activities: Map<ActivityKind, Activity>;
  version: number;
  rules: PrivacyRules;
  precedence: readonly ActivityKind[];
  cache: { snapshot: Snapshot; version: number; validUntil: number; frame?: Uint8Array } | null;
  /** Writes run one after another so versions and startedAt follow the order of arrival. */
  writeChain: Promise<unknown>;
  /** Reports and clears waiting for the next group commit; null once that commit has begun. */
  openBatch: PendingWrite[] | null;
  publishTimer: ReturnType<typeof setTimeout> | null;
  lastPublishAt: number;
  expiryTimer: ReturnType<typeof setTimeout> | null;
  expiryAt: number | null;
}

const globalForStore = globalThis as unknown as { __nowlineStore?: StoreState };

function state(): StoreState {
  return (globalForStore.__nowlineStore ??= {
    loading: null,
    activities: new Map(),
    version: 0,
    rules: DEFAULT_PRIVACY_RULES,
    precedence: config.precedence.length ? config.precedence : DEFAULT_PRECEDENCE,
    cache: null,
    writeChain: Promise.resolve(),
    openBatch: null,
    publishTimer: null,
    lastPublishAt: 0,
    expiryTimer: null,
    expiryAt: null,
  });
}

function toActivity(row: { kind: string; source: string; fields: string; startedAt: Date; updatedAt: Date; expiresAt: Date | null }): Activity | null {
  if (!(ACTIVITY_KINDS as readonly string[]).includes(row.kind)) return null;
  let fields: Record<string, unknown>;
  try {
    fields = JSON.parse(row.fields) as Record<string, unknown>;
  } catch {
    return null;
  }
  return {
    ...fields,
    kind: row.kind,
    source: row.source,
    startedAt: row.startedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    expiresAt: row.expiresAt ? row.expiresAt.toISOString() : null,
  } as Activity;
}

/** Reads the activities, version and settings from the database into memory. */
export async function reloadFromDatabase(): Promise<void> {
  const s = state();
  const db = getDb();
  const [rows, latest, privacy] = await Promise.all([
    db.activity.findMany(),
    db.statusEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } }),
    db.setting.findUnique({ where: { key: PRIVACY_SETTING } }),
  ]);
  s.activities = new Map();
  for (const row of rows) {
    const activity = toActivity(row);
    if (activity) s.activities.set(activity.kind, activity);
  }
  s.version = Math.max(s.version, latest?.id ?? 0);
  s.rules = privacy ? parseRules(privacy.value) : DEFAULT_PRIVACY_RULES;
  s.cache = null;
  scheduleExpiryPublish();
}

function parseRules(json: string): PrivacyRules {
  try {
    return privacyRulesSchema.parse(JSON.parse(json));
  } catch {
    return DEFAULT_PRIVACY_RULES;
  }
}

async function ensureLoaded(): Promise<StoreState> {
  const s = state();
  if (!s.loading) {
    const e = env();
    configureBus({
      heartbeatMs: e.NOWLINE_HEARTBEAT_SECONDS * 1000,
      maxLifetimeMs: e.NOWLINE_STREAM_MAX_SECONDS * 1000,
    });
    s.loading = (async () => {
      await prepareConnection();
      await reloadFromDatabase();
      await startRemoteListener(onRemoteChange);
    })();
    // A failed load (database down) is retried by the next caller instead of sticking.
    s.loading.catch(() => {
      s.loading = null;
    });
  }
  await s.loading;
  return s;
}

async function prepareConnection() {
  if (databaseProvider() !== 'sqlite') return;
  // WAL lets readers run beside the writer; NORMAL sync is durable across process crashes.
  const db = getDb();
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  await db.$queryRawUnsafe('PRAGMA busy_timeout = 5000');
}

/** Another instance changed the status: re-read, then tell this instance's streams. */
async function onRemoteChange(version: number | null) {
  const s = state();
  if (version !== null && version <= s.version && s.cache) return;
  await reloadFromDatabase();
  requestPublish();
}

function currentSnapshot(s: StoreState, now: number): Snapshot {
  const c = s.cache;
  if (c && c.version === s.version && now < c.validUntil) {
    return c.snapshot.generatedAt === new Date(now).toISOString()
      ? c.snapshot
      : { ...c.snapshot, generatedAt: new Date(now).toISOString() };
  }
  const activities = [...s.activities.values()];
  const snapshot = computeSnapshot(activities, { version: s.version, now, precedence: s.precedence, rules: s.rules });
  s.cache = { snapshot, version: s.version, validUntil: nextExpiry(activities, now) ?? Infinity };
  return snapshot;
}

export async function getSnapshot(now = Date.now()): Promise<Snapshot> {
  return currentSnapshot(await ensureLoaded(), now);
}

export async function getPrivacyRules(): Promise<PrivacyRules> {
  return (await ensureLoaded()).rules;
}

/** The stored (not yet public) activities, for the owner's admin page only. */
export async function getRawActivities(): Promise<Activity[]> {
  return [...(await ensureLoaded()).activities.values()];
}

function serialized<T>(task: () => Promise<T>): Promise<T> {
  const s = state();
  const run = s.writeChain.then(task, task);
  s.writeChain = run.catch(() => undefined);
  return run;
}

type Change = { kind: ActivityKind; action: 'set' | 'clear'; activity: Activity; source: string };

/** A report or clear waiting for its group commit. */
interface PendingWrite {
  /** The changes this request makes, given the activities as the requests before it left them. */
  plan: (activities: ReadonlyMap<ActivityKind, Activity>, now: number) => Change[];
  resolve: (snapshot: Snapshot) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: one transaction per commit costs the same for one change or fifty, so requests that
 * arrive while a commit is in flight (or in the same turn of the event loop) wait and are then
 * committed together, in arrival order.
 */
function enqueueWrite(plan: PendingWrite['plan']): Promise<Snapshot> {
  const s = state();
  return new Promise((resolve, reject) => {
    if (!s.openBatch) {
      const batch: PendingWrite[] = [];
      s.openBatch = batch;
      // The batch stays open until the event loop has taken in the requests that are already
      // waiting: SQLite commits synchronously, so without this pause every batch would hold one.
      void serialized(() => nextTurnOfTheLoop().then(() => commitBatch(batch)));
    }
    s.openBatch.push({ plan, resolve, reject });
  });
}

const nextTurnOfTheLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Settles every request of the batch itself; never rejects. */
async function commitBatch(batch: PendingWrite[]): Promise<void> {
  const s = state();
  // From here on, new requests go to the next batch (which runs after this one on the chain).
  if (s.openBatch === batch) s.openBatch = null;
  try {
    await ensureLoaded();
    const now = Date.now();
    // Planned on a copy: memory changes only once the transaction has committed.
    const staged = new Map(s.activities);
    const changes: Change[] = [];
    const accepted: PendingWrite[] = [];
    for (const request of batch) {
      let own: Change[];
      try {
        own = request.plan(staged, now);
      } catch (error) {
        request.reject(error); // an invalid report fails alone, not its batch
        continue;
      }
      for (const change of own) staged.set(change.kind, change.activity);
      changes.push(...own);
      accepted.push(request);
    }
    await persist(s, changes);
    const snapshot = currentSnapshot(s, now);
    for (const request of accepted) request.resolve(snapshot);
  } catch (error) {
    // Settling twice is a no-op, so this only reaches the requests still waiting.
    for (const request of batch) request.reject(error);
  }
}

function activityRow(activity: Activity) {
  const { kind: _kind, source, startedAt, updatedAt, expiresAt, ...fields } = activity;
  return {
    source,
    fields: JSON.stringify(fields),
    startedAt: new Date(startedAt),
    updatedAt: new Date(updatedAt),
    expiresAt: expiresAt ? new Date(expiresAt) : null,
  };
}

/** One transaction for a whole batch: every change in the event log, each kind's final slot. */
async function persist(s: StoreState, changes: Change[]): Promise<void> {
  if (changes.length === 0) return;
  const db = getDb();
  // Later changes of a kind replace earlier ones, so only the last needs writing to its slot.
  const finalByKind = new Map(changes.map((change) => [change.kind, change.activity]));
  const [events] = await db.$transaction([
    db.statusEvent.createManyAndReturn({
      data: changes.map(({ kind, action, activity, source }) => ({
        kind,
        action,
        source,
        activity: action === 'set' ? JSON.stringify(activity) : null,
      })),
      select: { id: true },
    }),
    ...[...finalByKind].map(([kind, activity]) => {
      const row = activityRow(activity);
      return db.activity.upsert({ where: { kind }, create: { kind, ...row }, update: row });
    }),
  ]);
  for (const [kind, activity] of finalByKind) s.activities.set(kind, activity);
  s.version = events.reduce((highest, event) => Math.max(highest, event.id), s.version);
  s.cache = null;
  scheduleExpiryPublish();
  requestPublish();
  // Not awaited: the next batch need not wait a round trip for it. Notices may then overtake each
  // other; harmless: an instance re-reads the latest state on any notice newer than what it holds.
  void announceChange(s.version);
}

/** Applies validated reports (the same path for every protocol and the admin form). */
export function reportActivities(inputs: ActivityInput[], source: string): Promise<Snapshot> {
  return enqueueWrite((activities, now) => {
    const changes: Change[] = [];
    for (const input of inputs) {
      const previous = activities.get(input.kind);
      if (isStopReport(input)) {
        const cleared = clearedActivity(previous, now);
        if (cleared) changes.push({ kind: input.kind, action: 'clear', activity: cleared, source: input.source ?? source });
        continue;
      }
      const activity = buildActivity(input, previous, now, source);
      changes.push({ kind: input.kind, action: 'set', activity, source: activity.source });
    }
    return changes;
  });
}

/** Ending a slot keeps the activity (expired now) so "last seen" can still name it. */
function clearedActivity(previous: Activity | undefined, now: number): Activity | null {
  if (!previous || !isLive(previous, now)) return null;
  return { ...previous, expiresAt: new Date(now).toISOString() };
}

export function clearActivity(kind: ActivityKind, source: string): Promise<Snapshot> {
  return enqueueWrite((activities, now) => {
    const cleared = clearedActivity(activities.get(kind), now);
    return cleared ? [{ kind, action: 'clear', activity: cleared, source }] : [];
  });
}

export function savePrivacyRules(rules: PrivacyRules): Promise<Snapshot> {
  // Close the open batch: reports arriving after this call must not be committed before it.
  state().openBatch = null;
  return serialized(async () => {
    const s = await ensureLoaded();
    const value = JSON.stringify(rules);
    await getDb().setting.upsert({ where: { key: PRIVACY_SETTING }, create: { key: PRIVACY_SETTING, value }, update: { value } });
    s.rules = rules;
    s.cache = null;
    requestPublish();
    await announceChange(null);
    return currentSnapshot(s, Date.now());
  });
}

/**
 * Publishes the current snapshot to this instance's streams. Bursts coalesce: at most one publish
 * per interval, and a trailing one so the last change is never lost.
 */
function requestPublish() {
  const s = state();
  if (s.publishTimer) return;
  const interval = env().NOWLINE_PUBLISH_INTERVAL_MS;
  const wait = s.lastPublishAt + interval - Date.now();
  if (wait <= 0) return publishNow();
  s.publishTimer = setTimeout(publishNow, wait);
  s.publishTimer.unref?.();
}

function publishNow() {
  const s = state();
  s.publishTimer = null;
  s.lastPublishAt = Date.now();
  broadcastFrame(currentFrame(s, s.lastPublishAt));
}

/** The current snapshot as an SSE frame, serialised once per change and reused for new streams. */
function currentFrame(s: StoreState, now: number): Uint8Array {
  const snapshot = currentSnapshot(s, now);
  const cache = s.cache!;
  return (cache.frame ??= snapshotFrame(snapshot));
}

export async function getSnapshotFrame(): Promise<Uint8Array> {
  return currentFrame(await ensureLoaded(), Date.now());
}

/** One timer for the next expiry, so open pages see an activity go when its time is up. */
function scheduleExpiryPublish() {
  const s = state();
  const now = Date.now();
  const next = nextExpiry([...s.activities.values()], now);
  if (next === s.expiryAt && s.expiryTimer) return;
  if (s.expiryTimer) clearTimeout(s.expiryTimer);
  s.expiryTimer = null;
  s.expiryAt = next;
  if (next === null) return;
  // setTimeout holds at most 2^31-1 ms; a later expiry is re-armed when this one fires.
  const delay = Math.min(next - now + 5, 2 ** 31 - 1);
  s.expiryTimer = setTimeout(() => {
    s.expiryTimer = null;
    s.expiryAt = null;
    s.cache = null;
    requestPublish();
    scheduleExpiryPublish();
  }, delay);
  s.expiryTimer.unref?.();
}

/** Current figures for /api/health. */
export async function getStoreHealth() {
  const s = await ensureLoaded();
  await getDb().$queryRawUnsafe('SELECT 1');
  return { version: s.version };
}
