// GET /api/badge.json in the shields.io endpoint format (https://shields.io/badges/endpoint-badge):
// img.shields.io/endpoint?url=<this site>/api/badge.json draws it.
import type { ActivityKind } from '@/lib/status/schema';
import { capText, type EmbedHeadline } from './headline';

/** Longest message: a badge is one short line in a README. */
export const BADGE_MESSAGE_MAX = 60;

export const BADGE_COLORS: Record<ActivityKind | 'idle', string> = {
  manual: 'blue',
  coding: 'brightgreen',
  music: 'ff69b4',
  gaming: 'blueviolet',
  app: 'orange',
  idle: 'lightgrey',
};

export interface Badge {
  schemaVersion: 1;
  label: string;
  message: string;
  color: string;
}

export function buildBadge(headline: EmbedHeadline): Badge {
  return {
    schemaVersion: 1,
    label: 'now',
    // shields refuses an empty message.
    message: capText(headline.text, BADGE_MESSAGE_MAX) || '—',
    color: BADGE_COLORS[headline.activity?.kind ?? 'idle'],
  };
}
