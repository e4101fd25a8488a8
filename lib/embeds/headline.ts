// What an embed (card, badge) says: the public snapshot (privacy rules already applied) without the
// kinds the embedding site asked to hide, in the homepage's own words (lib/seo/headline.ts).
import type { StatusMessages } from '@/components/status/format';
import { summarizeHeadline } from '@/lib/seo/headline';
import type { Activity, ActivityKind, Snapshot } from '@/lib/status/schema';
import type { EmbedOptions } from './options';

export interface EmbedHeadline {
  /** The live activity shown; null when nothing visible is live. */
  activity: Activity | null;
  /** "Coding", "Listening", … or "Away". */
  label: string;
  /** "Coding nowline", "🎧 Deep work", "Away right now", or the embed's own `idle` text. */
  text: string;
}

/** The snapshot as it would be if the hidden kinds had never been reported. */
export function withoutKinds(snapshot: Snapshot, hidden: readonly ActivityKind[]): Snapshot {
  if (hidden.length === 0) return snapshot;
  const activities = snapshot.activities.filter((a) => !hidden.includes(a.kind));
  const lastActivity = snapshot.lastActivity && !hidden.includes(snapshot.lastActivity.kind) ? snapshot.lastActivity : null;
  return { ...snapshot, activities, headline: activities[0] ?? null, online: activities.length > 0, lastActivity };
}

export function embedHeadline(snapshot: Snapshot, options: Pick<EmbedOptions, 'hide' | 'idle'>, m: StatusMessages): EmbedHeadline {
  const visible = withoutKinds(snapshot, options.hide);
  // The name is only used by the sentence form, which embeds do not show.
  const summary = summarizeHeadline(visible, '', m);
  if (summary.live) return { activity: visible.headline, label: summary.label, text: summary.text };
  return { activity: null, label: summary.label, text: options.idle ?? summary.text };
}

/** At most `max` characters (whole code points), with "…" when cut. */
export function capText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
