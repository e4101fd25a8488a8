// The one reader of the owner's site settings for every page: what /admin saved (held in the
// status store's memory, so a page view costs no query), or nowline.config.ts's values while
// nothing has been saved. NOWLINE_TIME_ZONE, when set, wins over either time zone.
import 'server-only';
import { env } from '../env';
import { siteConfig } from '../site-config';
import { getStoredSiteSettings } from '../status/store';
import { accentColors, type AccentColors } from './accent';
import { DEFAULT_ACCENT_COLOR } from './options';
import type { StoredSiteSettings } from './settings-schema';

export interface SiteSettings extends Omit<StoredSiteSettings, 'revision'> {
  /** 0 until the settings are first saved on /admin. */
  revision: number;
  /** How the page names the owner ("Ada was last seen …"). */
  firstName: string;
  /** The accent colour adjusted for AA contrast on each theme. */
  accent: AccentColors;
  /** Used in the page description; it stays in nowline.config.ts. */
  siteDescription: string;
  /** The time zone saved on /admin (or in the file), before NOWLINE_TIME_ZONE. */
  storedTimeZone: string;
}

/** The first-start values: nowline.config.ts, with the fields it does not have left empty. */
function defaults(): StoredSiteSettings & { revision: 0 } {
  const file = siteConfig();
  return {
    name: file.name,
    avatar: file.avatar,
    tagline: file.tagline,
    about: '',
    links: file.links,
    sections: [],
    timeZone: file.timeZone,
    language: env().NOWLINE_DEFAULT_LANGUAGE,
    precedence: file.precedence,
    accentColor: DEFAULT_ACCENT_COLOR,
    nowText: '',
    showViewers: false,
    nowUpdatedAt: null,
    revision: 0,
  };
}

const globalForSite = globalThis as unknown as {
  __nowlineSiteView?: { from: StoredSiteSettings | null; view: SiteSettings };
};

export function toSiteSettings(
  stored: StoredSiteSettings | null,
  zoneOverride = process.env.NOWLINE_TIME_ZONE || undefined,
): SiteSettings {
  const settings = stored ?? defaults();
  return {
    ...settings,
    timeZone: zoneOverride ?? settings.timeZone,
    storedTimeZone: settings.timeZone,
    firstName: settings.name.split(' ')[0] || settings.name,
    accent: accentColors(settings.accentColor),
    siteDescription: siteConfig().siteDescription,
  };
}

/** The settings every page renders with; derived once per save, not per request. */
export async function getSiteSettings(): Promise<SiteSettings> {
  const stored = await getStoredSiteSettings();
  const cached = globalForSite.__nowlineSiteView;
  if (cached && cached.from === stored) return cached.view;
  const view = toSiteSettings(stored);
  globalForSite.__nowlineSiteView = { from: stored, view };
  return view;
}
