// What a link preview says the owner is doing: the headline of the public snapshot (privacy rules
// already applied), in the homepage's own words (components/status). Pure: the card image, the
// page description and their tests share it.
import { describeActivity, type StatusMessages } from '@/components/status/format';
import { KIND_LABEL_KEY } from '@/components/status/status-card';
import { formatMessage } from '@/lib/i18n/format-message';
import type { Snapshot } from '@/lib/status/schema';

export interface HeadlineSummary {
  live: boolean;
  /** The kind, as the homepage labels it ("Coding"), or "Away". */
  label: string;
  /** The card's big line: "Coding nowline", "🎧 Deep work", "Away right now". */
  text: string;
  /** One sentence for og:description: "Ada is coding nowline." */
  sentence: string;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** `m`: the status messages of the language to say it in (the card: the owner's; a page: the visitor's). */
export function summarizeHeadline(snapshot: Snapshot, firstName: string, m: StatusMessages): HeadlineSummary {
  const headline = snapshot.headline;
  if (headline) {
    const described = describeActivity(headline, m);
    const manual = headline.kind === 'manual';
    return {
      live: true,
      label: m[KIND_LABEL_KEY[headline.kind]],
      text: manual ? described : capitalize(described),
      sentence: manual ? `${firstName}: ${described}` : formatMessage(m.summaryActive, { name: firstName, activity: described }),
    };
  }
  const last = snapshot.lastActivity ? describeActivity(snapshot.lastActivity, m) : null;
  return {
    live: false,
    label: m.awayLabel,
    text: last ? formatMessage(m.lastSeen, { ago: last }) : m.away,
    sentence: last ? formatMessage(m.summaryAway, { name: firstName, ago: last }) : formatMessage(m.summaryAwayNow, { name: firstName }),
  };
}
