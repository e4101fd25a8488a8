// Environment, read and checked once. Defaults give the embedded setup (SQLite, one process).
import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from './database-url.js';
import { siteUrlSchema } from './seo/site-url';
import { DEFAULT_LANGUAGE, LANGUAGES } from './i18n/languages';
import { RELAY_VARIABLES } from './relays/names';

const seconds = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

/** An upstream's address (the variables and the form on /admin): http(s), without a trailing slash. */
export const relayUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), 'must be an http(s) URL')
  .transform((value) => value.replace(/\/+$/, ''));

/** An outside service's address: one of the given protocols, without a trailing slash. */
const serviceUrl = (protocols: string[]) =>
  z
    .string()
    .refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), `must be a ${protocols.map((p) => p.slice(0, -1)).join(' or ')} URL`)
    .transform((value) => value.replace(/\/+$/, ''));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().min(1).default(DEFAULT_DATABASE_URL),
  /** Unpooled Postgres URL for LISTEN (a pooler in transaction mode drops LISTEN). */
  DIRECT_DATABASE_URL: z.string().min(1).optional(),
  ADMIN_PASSWORD: z.string().min(8, 'ADMIN_PASSWORD must be at least 8 characters').optional(),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  /** Each SSE stream ends itself after this long (0 = never); the browser reconnects. */
  NOWLINE_STREAM_MAX_SECONDS: seconds(process.env.VERCEL ? 280 : 0),
  NOWLINE_HEARTBEAT_SECONDS: z.coerce.number().min(0.05).default(15),
  /** Open SSE streams one client address may hold at once (several tabs, or an office behind one address). */
  NOWLINE_MAX_STREAMS_PER_CLIENT: z.coerce.number().int().min(1).default(32),
  /** Open SSE streams in total; unset = derived from the open-files limit (lib/open-files.ts). */
  NOWLINE_MAX_STREAMS: z.coerce.number().int().min(1).optional(),
  /** A stream none of whose queued bytes is read for this long is cut (the client stopped reading). */
  NOWLINE_STREAM_STALL_SECONDS: z.coerce.number().min(0.1).default(20),
  /** Bursts of changes publish the latest snapshot at most once per this interval. */
  NOWLINE_PUBLISH_INTERVAL_MS: seconds(50),
  // Login throttle (lib/login-throttle.ts): per client, failures beyond the free ones wait 1 s, 2 s,
  // 4 s… up to the cap; all clients together get at most so many password checks a second.
  NOWLINE_LOGIN_FREE_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  NOWLINE_LOGIN_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).default(300),
  NOWLINE_LOGIN_CHECKS_PER_SECOND: z.coerce.number().int().min(1).default(5),
  /** An admin session unused this long ends; each use extends it, up to NOWLINE_SESSION_MAX_DAYS. */
  NOWLINE_SESSION_IDLE_DAYS: z.coerce.number().positive().default(7),
  NOWLINE_SESSION_MAX_DAYS: z.coerce.number().positive().default(90),
  /** What one reporter token may store in images, in total (MB); 0 stores none (URLs still work). */
  NOWLINE_IMAGE_QUOTA_MB: z.coerce.number().min(0).default(20),
  /** A stored image nothing uses is kept at least this long after it was (last) sent. */
  NOWLINE_IMAGE_GRACE_MINUTES: z.coerce.number().min(1).default(60),
  /** Images shown in the history of these last days are kept. */
  NOWLINE_IMAGE_HISTORY_DAYS: z.coerce.number().min(0).default(7),
  /** How often unused images are deleted (also once at start); 0 turns the clean-up off. */
  NOWLINE_IMAGE_CLEANUP_MINUTES: z.coerce.number().min(0).default(60),
  /** Raw StatusEvent rows older than this are deleted (the newest is always kept: its id is the version). */
  NOWLINE_EVENT_RETENTION_DAYS: z.coerce.number().positive().default(7),
  /** History sessions that ended longer ago than this are deleted; 0 keeps them forever. */
  NOWLINE_SESSION_RETENTION_DAYS: z.coerce.number().min(0).default(0),
  /** A report body must arrive within this long once its token is checked (408 after). */
  NOWLINE_BODY_TIMEOUT_SECONDS: z.coerce.number().min(1).default(10),
  /** How far into a body that carries its key (Mix Space) the key is looked for before a 401. */
  NOWLINE_KEY_SEARCH_BYTES: z.coerce.number().int().min(1024).default(64 * 1024),
  /** The owner's language, for visitors whose cookie and browser name none we have. */
  NOWLINE_DEFAULT_LANGUAGE: z.enum(LANGUAGES, { error: `must be one of ${LANGUAGES.join(', ')}` }).default(DEFAULT_LANGUAGE),
  /** Set to 1 to serve the admin cookie without `Secure` over plain HTTP (a LAN box without TLS). */
  NOWLINE_INSECURE_COOKIES: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** Set to 0 to render every page view (the production server otherwise serves / from lib/page-cache/). */
  NOWLINE_PAGE_CACHE: z
    .enum(['0', '1', 'true', 'false'])
    .default('1')
    .transform((v) => v === '1' || v === 'true'),
  /** A cached page is rendered again at least this often, even with no change (its "2 min ago" texts). */
  NOWLINE_PAGE_CACHE_MAX_AGE_SECONDS: z.coerce.number().min(0).default(60),
  /** Pages held at most (one per page, language, site address and kind of client). */
  NOWLINE_PAGE_CACHE_ENTRIES: z.coerce.number().int().min(1).default(64),
  /** Where covers of MusicBrainz releases are fetched from (the Cover Art Archive's API, or a mirror). */
  NOWLINE_COVER_ART_URL: z
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL')
    .transform((u) => u.replace(/\/+$/, ''))
    .default('https://coverartarchive.org'),
  /** A cover that has not arrived within this long is given up (and not asked for again for an hour). */
  NOWLINE_COVER_ART_TIMEOUT_SECONDS: z.coerce.number().min(0.1).default(5),
  /** The site's public address (canonical links, link previews, the sitemap); unset: taken from each request. */
  NOWLINE_SITE_URL: siteUrlSchema.optional(),
  // Relays (lib/relays/): accepted WakaTime heartbeats and ListenBrainz listens are forwarded to the
  // owner's own account too. Each URL goes with its key; both set or neither. Set, they win over
  // the relay settings saved on /admin.
  /** The WakaTime API base as editors' api_url takes it (https://api.wakatime.com/api/v1, a wakapi's …/compat/wakatime/v1). */
  NOWLINE_RELAY_WAKATIME_URL: relayUrl.optional(),
  NOWLINE_RELAY_WAKATIME_KEY: z.string().min(1).optional(),
  /** The ListenBrainz API root (https://api.listenbrainz.org) or another server speaking its API. */
  NOWLINE_RELAY_LISTENBRAINZ_URL: relayUrl.optional(),
  NOWLINE_RELAY_LISTENBRAINZ_TOKEN: z.string().min(1).optional(),
  /** Messages waiting per relay at most; past it the oldest are dropped (counted on /admin). */
  NOWLINE_RELAY_MAX_QUEUE: z.coerce.number().int().min(1).default(10_000),
  // Importers (lib/importers/): the owner's Last.fm, Discord (through Lanyard) and Steam, read while
  // someone watches. Each service's address is a setting so tests and mirrors can point elsewhere.
  NOWLINE_LASTFM_URL: serviceUrl(['http:', 'https:']).default('https://ws.audioscrobbler.com/2.0'),
  NOWLINE_LANYARD_URL: serviceUrl(['ws:', 'wss:']).default('wss://api.lanyard.rest/socket'),
  NOWLINE_STEAM_URL: serviceUrl(['http:', 'https:']).default('https://api.steampowered.com'),
  /** How often a polled service is read while at least one page is open. */
  NOWLINE_IMPORTER_POLL_SECONDS: z.coerce.number().min(1).default(15),
  /** How often it is read while nobody watches (the history still fills in, slowly). */
  NOWLINE_IMPORTER_IDLE_SECONDS: z.coerce.number().min(1).default(300),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  // An empty variable (ADMIN_PASSWORD= in a .env file) means "not set".
  const present = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ''));
  cached = parseEnv(present);
  return cached;
}

/** Checks the variables; the error names each wrong one. */
export function parseEnv(variables: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(variables);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  // Vercel gives a deployment several addresses (preview, production, custom domain): links and
  // previews must name the one the owner chose.
  if (variables.VERCEL && !variables.NOWLINE_SITE_URL) {
    problems.push("  NOWLINE_SITE_URL: required on Vercel: set it to the site's public address, such as https://ada.example");
  }
  // Each relay's URL and secret: one without the other is a mistake worth refusing to start over.
  for (const [url, secret] of Object.values(RELAY_VARIABLES)) {
    if (Boolean(variables[url]) !== Boolean(variables[secret])) {
      const [missing, given] = variables[url] ? [secret, url] : [url, secret];
      problems.push(`  ${missing}: required when ${given} is set (set both to relay, or neither)`);
    }
  }
  if (!parsed.success || problems.length) throw new Error(`Invalid environment:\n${problems.join('\n')}`);
  return parsed.data;
}
