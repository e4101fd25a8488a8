// Every emoji the status card draws by itself (the owner's own emoji come with the status). The
// emoji font's small subset (scripts/build-emoji-font.ts) holds exactly these, so a visitor without
// a system emoji font downloads a few KB for them instead of the whole font.
import type { Activity } from '@/lib/status/schema';

export const KIND_ICON: Record<Activity['kind'], string> = {
  manual: '💬',
  coding: '⌨️',
  music: '🎵',
  gaming: '🎮',
  app: '🪟',
};

export const AWAY_ICON = '🌙';

export const PAGE_ICONS: readonly string[] = [...Object.values(KIND_ICON), AWAY_ICON];
