// Pure: stored activities + time + rules → the one public shape. Expiry is a function of time,
// so a snapshot never shows an expired activity whether or not a timer fired.
import { DEFAULT_GAME_RULES, publicActivity, type GameRules } from '../games/game-rules';
import { DEFAULT_PRIVACY_RULES, type PrivacyRules } from './privacy/rules';
import { isLive } from './live';
import { DEFAULT_PRECEDENCE, type Activity, type ActivityKind, type Snapshot } from './schema';

export interface SnapshotOptions {
  version: number;
  now: number;
  precedence?: readonly ActivityKind[];
  rules?: PrivacyRules;
  /** Which app reports are games. */
  games?: GameRules;
  /** The site settings' revision (0: never saved); pages re-render their profile when it changes. */
  siteVersion?: number;
}

export function computeSnapshot(stored: readonly Activity[], options: SnapshotOptions): Snapshot {
  const {
    version,
    now,
    precedence = DEFAULT_PRECEDENCE,
    rules = DEFAULT_PRIVACY_RULES,
    games = DEFAULT_GAME_RULES,
    siteVersion = 0,
  } = options;
  const order = (kind: ActivityKind) => {
    const i = precedence.indexOf(kind);
    return i === -1 ? precedence.length + DEFAULT_PRECEDENCE.indexOf(kind) : i;
  };

  const visible: Activity[] = [];
  let last: Activity | null = null;
  for (const reported of stored) {
    // Games are recognised here rather than at ingest: the app slot stays the one foreground app
    // (leaving a game is seen at the next app report, not at the game's expiry), and a rule saved
    // on /admin changes the app shown now, at once. An app the owner hid stays hidden as a game.
    const activity = publicActivity(reported, rules, games);
    if (!activity) continue;
    if (isLive(activity, now)) keepNewestOfKind(visible, activity);
    if (!last || lastActiveAt(activity) > lastActiveAt(last)) last = activity;
  }
  visible.sort((a, b) => order(a.kind) - order(b.kind));

  const online = visible.length > 0;
  return {
    version,
    siteVersion,
    generatedAt: new Date(now).toISOString(),
    online,
    lastSeenAt: last ? new Date(Math.min(lastActiveAt(last), now)).toISOString() : null,
    lastActivity: online ? null : last,
    headline: visible[0] ?? null,
    activities: visible,
  };
}

/** One activity per kind: a game recognised from an app report and a gaming report leave the newer. */
function keepNewestOfKind(visible: Activity[], activity: Activity) {
  const i = visible.findIndex((a) => a.kind === activity.kind);
  if (i === -1) visible.push(activity);
  else if (lastActiveAt(activity) > lastActiveAt(visible[i]!)) visible[i] = activity;
}

/** The owner was last seen at their latest report of any kind. */
function lastActiveAt(activity: Activity): number {
  return Date.parse(activity.updatedAt);
}
