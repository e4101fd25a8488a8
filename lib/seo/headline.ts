// What a link preview says the owner is doing: the headline of the public snapshot (privacy rules
// already applied), in the homepage's own words (components/status). Pure: the card image, the
// page description and their tests share it.
import { describeActivity } from '@/components/status/format';
import { KIND_LABEL } from '@/components/status/status-card';
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

export function summarizeHeadline(snapshot: Snapshot, firstName: string): HeadlineSummary {
  const headline = snapshot.headline;
  if (headline) {
    const described = describeActivity(headline);
    const manual = headline.kind === 'manual';
    return {
      live: true,
      label: KIND_LABEL[headline.kind],
      text: manual ? described : capitalize(described),
      sentence: manual ? `${firstName}: ${described}` : `${firstName} is ${described}.`,
    };
  }
  const last = snapshot.lastActivity ? describeActivity(snapshot.lastActivity) : null;
  return {
    live: false,
    label: 'Away',
    text: last ? `Last seen ${last}` : 'Away right now',
    sentence: `${firstName} is away right now.${last ? ` Last seen ${last}.` : ''}`,
  };
}
