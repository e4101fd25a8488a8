// Environment, read and checked once. Defaults give the embedded setup (SQLite, one process).
import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from './database-url.js';

const seconds = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

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
  /** Bursts of changes publish the latest snapshot at most once per this interval. */
  NOWLINE_PUBLISH_INTERVAL_MS: seconds(50),
  /** A report body must arrive within this long once its token is checked (408 after). */
  NOWLINE_BODY_TIMEOUT_SECONDS: z.coerce.number().min(1).default(10),
  /** How far into a body that carries its key (Mix Space) the key is looked for before a 401. */
  NOWLINE_KEY_SEARCH_BYTES: z.coerce.number().int().min(1024).default(64 * 1024),
  /** Set to 1 to serve the admin cookie without `Secure` over plain HTTP (a LAN box without TLS). */
  NOWLINE_INSECURE_COOKIES: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  // An empty variable (ADMIN_PASSWORD= in a .env file) means "not set".
  const present = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}
