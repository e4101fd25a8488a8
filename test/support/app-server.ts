// Servers of the built app for the browser tests and the bench: the shared one Playwright starts,
// and extra ones a test starts, stops and restarts itself (real processes, real HTTP), each on a
// port the OS picked.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForHealth } from './server.js';

export const E2E_ADMIN_PASSWORD = 'e2e-admin-password';

/**
 * The shared server's port. playwright.config.ts picks a free one when E2E_PORT is unset and puts it
 * in process.env, which Playwright's workers inherit, so they all see the same server.
 */
export function e2ePort(): number {
  const port = Number(process.env.E2E_PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error('E2E_PORT is not set: playwright.config.ts sets it before the tests run');
  return port;
}

export const e2eBaseUrl = () => `http://localhost:${e2ePort()}`;

/** A SQLite file of its own for each server of a run, outside the checkout. */
const sqliteUrl = (name: string, port: number) => `file:${path.join(os.tmpdir(), `nowline-e2e-${name}-${port}.db`)}`;

/** The database of a server of this run: E2E_DATABASE_URL, else a SQLite file of its own. */
export const e2eDatabaseUrl = (name = 'e2e', port = e2ePort()) => process.env.E2E_DATABASE_URL ?? sqliteUrl(name, port);

export function e2eServerEnv(name: string, port = e2ePort()): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    DATABASE_URL: e2eDatabaseUrl(name, port),
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

export interface RunningServer {
  baseUrl: string;
  port: number;
  databaseUrl: string;
  /** The launcher's process id (the serving process is its child). */
  pid: number;
  /** Stops the server and deletes its database, unless it is kept for a restart. */
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
}

interface StartOptions {
  /** Wipe the database first (default), or keep it (a restart: pass the same `port`). */
  fresh?: boolean;
  /** Default: a free port chosen by the OS. */
  port?: number;
  extraEnv?: Record<string, string>;
}

/** Starts the built app; on a fresh start, tries another free port if the chosen one was taken meanwhile. */
export async function startServer(name: string, { fresh = true, port, extraEnv = {} }: StartOptions = {}): Promise<RunningServer> {
  for (let attempt = 1; ; attempt++) {
    const chosen = port ?? (await freePort());
    try {
      return await launch(name, chosen, fresh, extraEnv);
    } catch (error) {
      if (port !== undefined || attempt === 3 || !/EADDRINUSE/.test((error as Error).message)) throw error;
    }
  }
}

async function launch(name: string, port: number, fresh: boolean, extraEnv: Record<string, string>): Promise<RunningServer> {
  const env = { ...e2eServerEnv(name, port), ...extraEnv };
  const databaseUrl = extraEnv.DATABASE_URL ?? e2eDatabaseUrl(name, port);
  const args = ['test/support/serve-e2e.js', String(port), ...(fresh ? [] : ['--keep-database'])];
  const child: ChildProcess = spawn(process.execPath, args, { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const baseUrl = `http://localhost:${port}`;
  try {
    await waitForHealth(baseUrl, { child });
  } catch (e) {
    killGroup(child, 'SIGKILL');
    throw new Error(`${(e as Error).message}\n${stderr}`);
  }
  if (!child.pid) throw new Error('the server process has no id');
  const pid = child.pid;
  return {
    baseUrl,
    port,
    databaseUrl,
    pid,
    async stop({ keepDatabase = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        killGroup(child);
        const timeout = new Promise((r) => setTimeout(() => r('timeout'), 10_000));
        if ((await Promise.race([exited, timeout])) === 'timeout') {
          killGroup(child, 'SIGKILL');
          await exited;
        }
      }
      if (!keepDatabase) removeSqlite(databaseUrl, name, port);
    },
  };
}

/** Deletes a server's database once it stopped, when it is one of ours (not E2E_DATABASE_URL). */
export function removeSqlite(url: string, name: string, port: number) {
  if (url !== sqliteUrl(name, port)) return;
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(url.slice('file:'.length) + suffix, { force: true });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
