// What a group commit writes, planned without touching the store: each report or clear becomes the
// changes it makes to the slots, and each change extends, opens or closes a history session. Pure
// apart from the clock the caller passes, so the store (store.ts) runs it inside its transaction.
import type { Refusal } from '../group-commit';
import { stageSessions } from '../history/session-rows';
import { emptySessionWrites, planSessionChange, type OpenSession, type SessionWrites } from '../history/sessions';
import { buildActivity, isStopReport } from './activity';
import { isLive } from './live';
import type { Change } from './persistence';
import type { Activity, ActivityInput, ActivityKind } from './schema';

/**
 * A report or clear waiting for its group commit: the changes it makes, given the activities as
 * the requests before it left them. Planned inside the transaction, so it sees every commit.
 */
export type PendingWrite = (activities: ReadonlyMap<ActivityKind, Activity>, now: number) => Change[];

/** Validated reports as one pending write (the same path for every protocol and the admin form). */
export function planReports(inputs: ActivityInput[], source: string): PendingWrite {
  return (activities, now) => {
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
  };
}

/**
 * A cover found in the background: set on the music activity if that release's track is still the
 * one playing and has no cover yet. Its start, update and end times stay as they are.
 */
export function planMusicCover(track: { releaseMbid: string; title?: string; artist?: string }, coverUrl: string): PendingWrite {
  return (activities, now) => {
    const music = activities.get('music');
    if (music?.kind !== 'music' || !isLive(music, now) || music.coverUrl) return [];
    if (music.releaseMbid !== track.releaseMbid || music.title !== track.title || music.artist !== track.artist) return [];
    return [{ kind: 'music', action: 'set', activity: { ...music, coverUrl }, source: music.source }];
  };
}

/** Ends the kind's activity; with `onlyFrom`, only when that source set it (an importer ends its own). */
export function planClear(kind: ActivityKind, source: string, onlyFrom?: string): PendingWrite {
  return (activities, now) => {
    const previous = activities.get(kind);
    if (onlyFrom !== undefined && previous?.source !== onlyFrom) return [];
    const cleared = clearedActivity(previous, now);
    return cleared ? [{ kind, action: 'clear', activity: cleared, source }] : [];
  };
}

/** Ending a slot keeps the activity (expired now) so "last seen" can still name it. */
function clearedActivity(previous: Activity | undefined, now: number): Activity | null {
  if (!previous || !isLive(previous, now)) return null;
  return { ...previous, expiresAt: new Date(now).toISOString() };
}

export interface StagedGroup {
  /** Every change of the group, in order: the event log's rows. */
  changes: Change[];
  /** Each kind's slot once the group is applied. */
  staged: Map<ActivityKind, Activity>;
  sessions: Map<ActivityKind, OpenSession>;
  sessionWrites: SessionWrites;
  changed: boolean;
  /** Per pending write: null, or why it alone was refused (an invalid report fails alone, not its group). */
  outcomes: (Refusal | null)[];
}

/** A group's writes applied to copies of the slots and open sessions. */
export function stageGroup(
  plans: readonly PendingWrite[],
  activities: ReadonlyMap<ActivityKind, Activity>,
  openSessions: Map<ActivityKind, OpenSession>,
  now: number,
): StagedGroup {
  const staged = new Map(activities);
  const sessions = stageSessions(openSessions);
  const sessionWrites = emptySessionWrites();
  const outcomes: (Refusal | null)[] = [];
  const changes: Change[] = [];
  for (const plan of plans) {
    let own: Change[];
    try {
      own = plan(staged, now);
    } catch (error) {
      outcomes.push({ error });
      continue;
    }
    for (const change of own) {
      planSessionChange(sessions, change, staged.get(change.kind), now, change.source, sessionWrites);
      staged.set(change.kind, change.activity);
    }
    changes.push(...own);
    outcomes.push(null);
  }
  return { changes, staged, sessions, sessionWrites, changed: changes.length > 0, outcomes };
}
