// The owner's configuration: nowline.config.ts (imported here and nowhere else), with
// NOWLINE_TIME_ZONE over its time zone, checked once. lib/server-start.ts checks it before serving,
// so a mistake stops the server with a message instead of breaking every page.
import { z } from 'zod';
import { config as fileConfig } from '../nowline.config';
import { ACTIVITY_KINDS, DEFAULT_PRECEDENCE } from './status/schema';

/** A zone the runtime's time-zone database knows: an IANA name (Europe/Berlin, America/New_York, UTC). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const siteLink = z
  .object({
    label: z.string().trim().min(1).max(60),
    href: z.string().trim().regex(/^(?:https?:\/\/|mailto:|\/)\S*$/i, 'must be an http(s) or mailto: link, or a path on this site'),
  })
  .strict();

const siteConfigSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** A file under public/ ("/avatar.svg") or an http(s) URL. */
    avatar: z.string().trim().regex(/^(?:https?:\/\/|\/)\S*$/i, 'must be a path under public/ ("/avatar.svg") or an http(s) URL'),
    tagline: z.string().trim().max(280),
    links: z.array(siteLink).max(20),
    /** Used to show times such as "until 17:00". */
    timeZone: z.string().refine(isTimeZone, {
      error: (issue) => `${JSON.stringify(issue.input)} is not a time zone; use an IANA name such as Europe/Berlin`,
    }),
    /** Which live activity becomes the headline, first match wins; kinds left out follow in the default order. */
    precedence: z
      .array(z.enum(ACTIVITY_KINDS))
      .refine((kinds) => new Set(kinds).size === kinds.length, 'names a kind twice')
      .transform((kinds) => (kinds.length ? kinds : [...DEFAULT_PRECEDENCE])),
    /** Used in the page title and metadata. */
    siteDescription: z.string().trim().max(300),
  })
  .strict()
  // How the page names the owner ("Ada was last seen …").
  .transform((config) => ({ ...config, firstName: config.name.split(' ')[0] ?? config.name }));

/** nowline.config.ts as the owner writes it. */
export type SiteConfigFile = z.input<typeof siteConfigSchema>;
export type SiteConfig = z.output<typeof siteConfigSchema>;

/** Checks a configuration; the error names each wrong setting where it was set, with its value. */
export function parseSiteConfig(file: SiteConfigFile, environment: Record<string, string | undefined> = process.env): SiteConfig {
  // An empty variable (NOWLINE_TIME_ZONE= in a .env file) means "not set", as in lib/env.ts.
  const zone = environment.NOWLINE_TIME_ZONE || undefined;
  const parsed = siteConfigSchema.safeParse(zone === undefined ? file : { ...file, timeZone: zone });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.join('.');
    const where = zone !== undefined && path === 'timeZone' ? 'NOWLINE_TIME_ZONE' : `${path || 'config'} in nowline.config.ts`;
    return `  ${where}: ${issue.message}`;
  });
  throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
}

let cached: SiteConfig | undefined;

export function siteConfig(): SiteConfig {
  return (cached ??= parseSiteConfig(fileConfig));
}
