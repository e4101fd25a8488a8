// The status store: the single write path and its state. Persist (persistence.ts) → compute the
// snapshot → publish (publisher.ts).
// Routes and actions never publish by themselves. The current activities are held in memory once
// loaded, so reading the snapshot costs no query.
// Longer than most files on purpose: the state and every path that changes it (group commits,
// settings saves, reloads on another instance's notice) stay together, so the ordering rules (one
// write chain; memory changes only after a commit) can be checked in one place. What a write
// computes lives elsewhere: write-plans.ts, persistence.ts, snapshot.ts, publisher.ts.
import 'server-only';
import { getDb } from '../db';
import { env } from '../env';
import { GroupCommitQueue, type Refusal } from '../group-commit';
import { siteConfig } from '../site-config';
import { configureBus, snapshotFrame } from './bus';
import type { SiteSettingsFields, StoredSiteSettings } from '../site/settings-schema';
import {
  commitChanges,
  inWriteTransaction,
  loadStoredState,
  notifyInTransaction,
  readMissedState,
  writeGameRules,
  writePrivacyRules,
  writeSiteSettings,
  type StoredState,
  type Tx,
} from './persistence';
import { DEFAULT_GAME_RULES, type GameRules } from '../games/game-rules';
import { DEFAULT_PRIVACY_RULES, type PrivacyRules } from './privacy/rules';
import { nextExpiry } from './live';
import { createPublisher, type Publisher } from './publisher';
import { computeSnapshot } from './snapshot';
import type { Activity, ActivityInput, ActivityKind, Snapshot } from './schema';
import { startRemoteListener } from './remote';
import { backfillSessionsOnce } from '../history/backfill';
import type { OpenSession } from '../history/sessions';
import { planClear, planMusicCover, planReports, stageGroup, type PendingWrite } from './write-plans';
import { setViewersEnabled } from './viewers';

/**
 * What is stored (StoredState), held in memory: every change up to `version` and none after (see
 * lib/status/persistence.ts); the sessions are extended or closed by each change. Plus:
 */
interface StoreState extends StoredState {
  loading: Promise<void> | null;
  cache: { snapshot: Snapshot; version: number; validUntil: number; frame?: Uint8Array } | null;
  /** Bumped whenever the snapshot may have changed (a change, a reload, rules, an expiry): cached pages key on it. */
  generation: number;
  /**
   * Everything that changes memory from the database (group commits, privacy saves, reloads on
   * another instance's notice) runs on this chain, one after another: a reload can then never
   * overwrite a commit that finished while it was reading.
   */
  writeChain: Promise<unknown>;
  writes: GroupCommitQueue<PendingWrite, Snapshot> | null;
  /** Changes committed by this instance since the last group finished: to publish. */
  unpublished: boolean;
  publisher: Publisher;
}

const globalForStore = globalThis as unknown as { __nowlineStore?: StoreState };

function state(): StoreState {
  return (globalForStore.__nowlineStore ??= {
    loading: null,
    activities: new Map(),
    version: 0,
    rules: DEFAULT_PRIVACY_RULES,
    games: DEFAULT_GAME_RULES,
    site: null,
    sessions: new Map(),
    cache: null,
    generation: 0,
    writeChain: Promise.resolve(),
    writes: null,
    unpublished: false,
    publisher: createPublisher({
      frame: (now) => currentFrame(state(), now),
      activities: () => [...state().activities.values()],
      expired: () => markStale(state()),
    }),
  });
}

function markStale(s: StoreState) {
  s.cache = null;
  s.generation++;
}

/** Takes a state read from the database as memory. */
function holdStoredState(s: StoreState, stored: StoredState) {
  s.activities = stored.activities;
  // Kept monotonic even if the database went back (restored from a backup).
  s.version = Math.max(s.version, stored.version);
  s.rules = stored.rules;
  s.games = stored.games;
  s.site = stored.site;
  s.sessions = stored.sessions;
  setViewersEnabled(s.site?.showViewers ?? false);
  markStale(s);
  s.publisher.scheduleExpiry();
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
      // Listen before reading: a change committed in between is then heard, never lost.
      await startRemoteListener(onRemoteChange);
      // History must never keep the live status from loading: a failed backfill is tried again next
      // start. Not while `next build` prerenders: there is no database to build from then.
      if (process.env.NEXT_PHASE !== 'phase-production-build') await backfillSessionsOnce().catch((error) => console.error('[nowline] building history from the event log failed:', error instanceof Error ? error.message : String(error)));
      holdStoredState(s, await loadStoredState());
    })();
    // A failed load (database down) is retried by the next caller instead of sticking.
    s.loading.catch(() => {
      s.loading = null;
    });
  }
  await s.loading;
  return s;
}

/**
 * Another instance changed the status (version null: settings, or a reconnect): re-read, then tell
 * this instance's streams. A notice for a version this memory already holds is skipped: writers
 * commit in version order, so holding N means holding every change up to N.
 */
function onRemoteChange(version: number | null): Promise<void> {
  return serialized(async () => {
    const s = await ensureLoaded();
    if (version !== null && version <= s.version) return;
    holdStoredState(s, await loadStoredState());
    s.publisher.request();
  });
}

function currentSnapshot(s: StoreState, now: number): Snapshot {
  const c = s.cache;
  if (c && c.version === s.version && now < c.validUntil) {
    return c.snapshot.generatedAt === new Date(now).toISOString()
      ? c.snapshot
      : { ...c.snapshot, generatedAt: new Date(now).toISOString() };
  }
  const activities = [...s.activities.values()];
  const snapshot = computeSnapshot(activities, {
    version: s.version,
    now,
    precedence: s.site?.precedence ?? siteConfig().precedence,
    rules: s.rules,
    games: s.games,
    siteVersion: s.site?.revision ?? 0,
  });
  s.cache = { snapshot, version: s.version, validUntil: nextExpiry(activities, now) ?? Infinity };
  return snapshot;
}

export async function getSnapshot(now = Date.now()): Promise<Snapshot> {
  return currentSnapshot(await ensureLoaded(), now);
}

/** The site settings saved on /admin; null while none were (lib/site/settings.ts then uses the defaults). */
export async function getStoredSiteSettings(): Promise<StoredSiteSettings | null> {
  return (await ensureLoaded()).site;
}

/**
 * What the status part of a cached page depends on (lib/page-cache/page-version.ts): `key` changes
 * whenever the snapshot may have (not for its generatedAt alone); past `validUntil` an activity has
 * expired, whether or not the expiry timer has fired yet.
 */
export async function getStatusVersion(now = Date.now()): Promise<{ key: string; validUntil: number }> {
  const s = await ensureLoaded();
  currentSnapshot(s, now);
  return { key: `${s.version}.${s.generation}`, validUntil: s.cache?.validUntil ?? now };
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

/** Reports and clears share one group-commit queue, whose commits run on the write chain. */
function enqueueWrite(plan: PendingWrite): Promise<Snapshot> {
  const s = state();
  s.writes ??= new GroupCommitQueue<PendingWrite, Snapshot>({
    schedule: (task) => void serialized(task),
    commit: commitWrites,
    finish: finishWrites,
  });
  return s.writes.add(plan);
}

/** One transaction for a group: every change in the event log, each kind's final slot. */
async function commitWrites(plans: PendingWrite[]): Promise<(Refusal | null)[]> {
  const s = await ensureLoaded();
  const now = Date.now();
  const done = await commitChanges(s.version, (reloaded) => {
    // Planned on copies: memory changes only once the transaction has committed.
    const group = stageGroup(plans, reloaded?.activities ?? s.activities, reloaded?.sessions ?? s.sessions, now);
    return { changes: group.changes, sessions: group.sessionWrites, result: group };
  });
  const { reloaded, version } = done;
  const { staged, sessions, changed, outcomes } = done.result;
  if (reloaded) holdStoredState(s, reloaded); // another instance's change: its notice will now be skipped
  if (changed) {
    s.activities = staged;
    s.sessions = sessions;
    s.version = Math.max(s.version, version);
    markStale(s);
    s.unpublished = true;
    s.publisher.scheduleExpiry();
  } else if (reloaded) {
    // Published once, for the final state (a commit of our own is published by finishWrites).
    s.publisher.request();
  }
  return outcomes;
}

/** After a group's commits (one, or one per request after a refusal): one publish (each commit notified in its transaction). */
function finishWrites(): Snapshot {
  const s = state();
  if (s.unpublished) {
    s.unpublished = false;
    s.publisher.request();
  }
  return currentSnapshot(s, Date.now());
}

/** Applies validated reports (the same path for every protocol and the admin form). */
export function reportActivities(inputs: ActivityInput[], source: string): Promise<Snapshot> {
  return enqueueWrite(planReports(inputs, source));
}

/** Sets a cover found after the report (lib/covers) on the music playing, if it is still that track. */
export function setMusicCover(track: Parameters<typeof planMusicCover>[0], coverUrl: string): Promise<Snapshot> {
  return enqueueWrite(planMusicCover(track, coverUrl));
}

export function clearActivity(kind: ActivityKind, source: string): Promise<Snapshot> {
  return enqueueWrite(planClear(kind, source));
}

/** Ends the kind's activity only if `source` set it: an importer never ends what a reporter set. */
export function clearOwnActivity(kind: ActivityKind, source: string): Promise<Snapshot> {
  return enqueueWrite(planClear(kind, source, source));
}

export function savePrivacyRules(rules: PrivacyRules): Promise<Snapshot> {
  return saveSetting(
    async (tx, shared) => ({ version: await writePrivacyRules(tx, rules, shared) }),
    (s) => void (s.rules = rules),
  );
}

/** Saves which apps are games; the snapshot is recomputed and published at once, so the app shown now changes too. */
export function saveGameRules(games: GameRules): Promise<Snapshot> {
  return saveSetting(
    async (tx, shared) => ({ version: await writeGameRules(tx, games, shared) }),
    (s) => void (s.games = games),
  );
}

export async function getGameRules(): Promise<GameRules> {
  return (await ensureLoaded()).games;
}

/** Saves the site settings; open pages see the snapshot's siteVersion change and re-render. */
export function saveSiteSettings(fields: SiteSettingsFields): Promise<Snapshot> {
  return saveSetting(
    (tx, shared) => writeSiteSettings(tx, fields, shared, new Date()),
    (s, written) => {
      s.site = written.stored;
      setViewersEnabled(written.stored.showViewers);
    },
  );
}

/** A settings save: through the writers' lock like every write, so writes are in one order on every instance. */
function saveSetting<W extends { version: number | null }>(write: (tx: Tx, shared: boolean) => Promise<W>, apply: (s: StoreState, written: W) => void) {
  // Close the open group: reports arriving after this call must not be committed before it.
  state().writes?.close();
  return serialized(async () => {
    const s = await ensureLoaded();
    const done = await inWriteTransaction(async (tx, shared) => {
      // A change this memory lacks is read now, or taking a newer version below would make this
      // instance skip that change's notice.
      const reloaded = await readMissedState(tx, shared, s.version);
      const written = await write(tx, shared);
      if (written.version !== null) await notifyInTransaction(tx, written.version);
      return { reloaded, written };
    });
    if (done.reloaded) holdStoredState(s, done.reloaded);
    apply(s, done.written);
    if (done.written.version !== null) s.version = Math.max(s.version, done.written.version);
    markStale(s);
    s.publisher.request();
    return currentSnapshot(s, Date.now());
  });
}

/** The open session of each kind beside its slot, for history readers (their ends are ahead of the rows'). */
export async function getOpenSessions(): Promise<{ sessions: OpenSession[]; activities: Map<ActivityKind, Activity> }> {
  const s = await ensureLoaded();
  return { sessions: [...s.sessions.values()].map((session) => ({ ...session })), activities: new Map(s.activities) };
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

/** Current figures for /api/health. */
export async function getStoreHealth() {
  const s = await ensureLoaded();
  await getDb().$queryRawUnsafe('SELECT 1');
  return { version: s.version };
}
