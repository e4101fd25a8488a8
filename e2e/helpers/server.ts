// Servers for the browser tests: the shared one Playwright starts, and extra ones a test can
// start, stop and restart itself (real processes, real HTTP).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
export const E2E_ADMIN_PASSWORD = 'e2e-admin-password';

export function e2eServerEnv(name: string): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    DATABASE_URL: process.env.E2E_DATABASE_URL ?? `file:./data/${name}-${E2E_PORT}.db`,
    ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
    NOWLINE_HEARTBEAT_SECONDS: process.env.NOWLINE_HEARTBEAT_SECONDS ?? '15',
  };
}

/** Creates a reporter token with the real CLI (`npm run token -- create`), against a server's database. */
export function createTokenWithCli(databaseUrl: string, name = 'e2e'): string {
  const result = spawnSync(path.join('node_modules', '.bin', 'tsx'), ['scripts/token.ts', 'create', name], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`token CLI failed: ${result.stderr}`);
  const token = result.stdout.trim().split('\n').at(-1);
  if (!token) throw new Error('token CLI printed no token');
  return token;
}

export async function waitForHealth(baseUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${baseUrl} did not become healthy`);
}

export interface RunningServer {
  baseUrl: string;
  databaseUrl: string;
  /** The launcher's process id (the serving process is its child). */
  pid: number;
  stop(): Promise<void>;
}

/** Starts the built app on `port` (its database is wiped first only when `fresh`). */
export async function startServer(port: number, name: string, { fresh = true, extraEnv = {} as Record<string, string> } = {}): Promise<RunningServer> {
  const env = { ...e2eServerEnv(name), ...extraEnv };
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new Error('startServer needs a DATABASE_URL');
  const args = ['e2e/helpers/serve.js', String(port), ...(fresh ? [] : ['--keep-database'])];
  const child: ChildProcess = spawn(process.execPath, args, { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const baseUrl = `http://localhost:${port}`;
  try {
    await waitForHealth(baseUrl);
  } catch (e) {
    killGroup(child);
    throw new Error(`${(e as Error).message}\n${stderr}`);
  }
  return {
    baseUrl,
    databaseUrl,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      killGroup(child);
      const timeout = new Promise((r) => setTimeout(() => r('timeout'), 5000));
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        killGroup(child, 'SIGKILL');
        await exited;
      }
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
