// Pure: stored activities + time + rules → the one public shape. Expiry is a function of time,
// so a snapshot never shows an expired activity whether or not a timer fired.
import { applyPrivacy } from './privacy/apply';
import { DEFAULT_PRIVACY_RULES, type PrivacyRules } from './privacy/rules';
import { isLive } from './live';
import { DEFAULT_PRECEDENCE, type Activity, type ActivityKind, type Snapshot } from './schema';

export interface SnapshotOptions {
  version: number;
  now: number;
  precedence?: readonly ActivityKind[];
  rules?: PrivacyRules;
  /** The site settings' revision (0: never saved); pages re-render their profile when it changes. */
  siteVersion?: number;
}

export function computeSnapshot(stored: readonly Activity[], options: SnapshotOptions): Snapshot {
  const { version, now, precedence = DEFAULT_PRECEDENCE, rules = DEFAULT_PRIVACY_RULES, siteVersion = 0 } = options;
  const order = (kind: ActivityKind) => {
    const i = precedence.indexOf(kind);
    return i === -1 ? precedence.length + DEFAULT_PRECEDENCE.indexOf(kind) : i;
  };

  const visible: Activity[] = [];
  let last: Activity | null = null;
  for (const raw of stored) {
    const activity = applyPrivacy(raw, rules);
    if (!activity) continue;
    if (isLive(activity, now)) visible.push(activity);
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

/** The owner was last seen at their latest report of any kind. */
function lastActiveAt(activity: Activity): number {
  return Date.parse(activity.updatedAt);
}
