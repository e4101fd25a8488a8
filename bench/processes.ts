// Processes the benchmark starts (servers, the client), /proc readings, and clean-up of every
// one of them on exit, Ctrl-C and errors.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { ClientCommand } from './client';
import { STATUS_STREAM_URL } from '../lib/status/live';
import { sleep } from '../test/support/wait.js';

const started = new Set<ChildProcess>();
const cleanups = new Set<() => void>();
let hooked = false;

/** A synchronous clean-up step also run on Ctrl-C (e.g. dropping a scratch database). */
export function onCleanup(step: () => void): () => void {
  cleanups.add(step);
  return () => cleanups.delete(step);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Ends every process this harness started (their whole process groups). */
export function killAll(signal: NodeJS.Signals = 'SIGKILL') {
  for (const child of started) killGroup(child, signal);
  started.clear();
  for (const step of cleanups) {
    try {
      step();
    } catch {
      // best effort
    }
  }
  cleanups.clear();
}

function hookCleanup() {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => killAll());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.error(`\n${signal}: stopping every process the benchmark started…`);
      killAll();
      process.exit(130);
    });
  }
}

export function hardFileLimit(): number {
  const r = spawnSync('bash', ['-c', 'ulimit -Hn'], { encoding: 'utf8' });
  const value = r.stdout.trim();
  return value === 'unlimited' ? Infinity : Number(value);
}

/** Runs `command` under bash with the open-files limit raised as far as allowed (own process group). */
export function startProcess(
  name: string,
  command: string,
  options: { env?: Record<string, string | undefined>; logDir: string; ipc?: boolean },
): ChildProcess {
  hookCleanup();
  mkdirSync(options.logDir, { recursive: true });
  const log = createWriteStream(path.join(options.logDir, `${name}.log`));
  const limit = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"';
  const child = spawn('bash', ['-c', `${limit}; ${command.includes('&&') ? command : `exec ${command}`}`], {
    env: { ...process.env, ...options.env } as NodeJS.ProcessEnv,
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

export async function stopProcess(child: ChildProcess, timeoutMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  killGroup(child, 'SIGTERM');
  const timeout = new Promise((r) => setTimeout(() => r('timeout'), timeoutMs));
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    killGroup(child, 'SIGKILL');
    await exited;
  }
  started.delete(child);
}

export { sleep };

/** In a client process: answers the harness's commands over IPC, and exits when the harness goes away. */
export function answerCommands<Command>(handle: (command: Command) => Promise<unknown>) {
  if (!process.send) return;
  process.on('message', (message: { id: number; command: Command }) => {
    handle(message.command).then(
      (result) => process.send?.({ type: 'result', id: message.id, result }),
      (error: Error) => process.send?.({ type: 'result', id: message.id, error: error.message }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

/** Whether a server could listen on `port` on every interface, as the app does (another service may hold one in the range). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

function children(pid: number): number[] {
  const out: number[] = [];
  for (const task of safeReaddir(`/proc/${pid}/task`)) {
    const text = safeRead(`/proc/${pid}/task/${task}/children`);
    if (text) out.push(...text.trim().split(/\s+/).filter(Boolean).map(Number));
  }
  return out;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function safeRead(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The process that actually serves HTTP under `rootPid` (bash → start.js → scripts/server.js): the
 * one named nowline-server (scripts/server.js and bench/handler-server.ts set that title). Not found
 * is an error: a guess would measure the wrong process.
 */
export function findServerPid(rootPid: number): number {
  const all: number[] = [];
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift()!; // the loop runs only while the queue holds one
    all.push(pid);
    queue.push(...children(pid));
  }
  const named = all.find(
    (pid) =>
      /nowline-server/.test(safeRead(`/proc/${pid}/cmdline`) ?? '') || /nowline-server/.test(safeRead(`/proc/${pid}/comm`) ?? ''),
  );
  if (named === undefined) throw new Error(`no process named nowline-server under pid ${rootPid} (found ${all.join(', ')})`);
  return named;
}

/** Resident memory of `pid` from /proc; throws when it cannot be read (never a silent 0). */
export function readRssKb(pid: number): number {
  const status = safeRead(`/proc/${pid}/status`);
  if (status === null) throw new Error(`cannot read /proc/${pid}/status: the process is gone or was never found`);
  const match = /VmRSS:\s+(\d+)/.exec(status);
  if (!match?.[1]) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU seconds used so far by `pid` (user + system), from /proc/<pid>/stat. */
export function readCpuSeconds(pid: number): number {
  const text = safeRead(`/proc/${pid}/stat`);
  if (!text) return NaN;
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export function removeSqlite(file: string) {
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    if (existsSync(file + suffix)) rmSync(file + suffix, { force: true });
}

type Listener = (message: { type: string; [key: string]: unknown }) => void;

/** The client process (bench/client.ts) and a promise-based way to talk to it. */
export class ClientProcess {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private listeners = new Set<Listener>();
  readonly child: ChildProcess;

  constructor(logDir: string, name = 'client') {
    this.child = startProcess(name, `${JSON.stringify(process.execPath)} --import tsx bench/client.ts`, {
      logDir,
      ipc: true,
    });
    this.child.on('message', (message: { type: string; id?: number; result?: unknown; error?: string }) => {
      if (message.type === 'result' && message.id !== undefined) {
        const p = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) p?.reject(new Error(message.error));
        else p?.resolve(message.result);
        return;
      }
      for (const listener of this.listeners) listener(message);
    });
    this.child.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`client process exited (${code})`));
      this.pending.clear();
    });
  }

  /** Opens `count` streams to the target's status stream (app and floor alike) and holds them. */
  openStreams(target: { host: string; port: number }, count: number, options: { concurrency: number; timeoutMs: number }) {
    return this.request<{ open: number; failed: number; ms: number }>({
      cmd: 'open',
      host: target.host,
      port: target.port,
      path: STATUS_STREAM_URL,
      count,
      ...options,
    });
  }

  request<T>(command: ClientCommand): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, command });
    });
  }

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every open stream has received `marker`, or with false after `timeoutMs`. */
  waitForAll(marker: number, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const off = this.on((m) => {
        if (m.type === 'all' && m.marker === marker) done(true);
      });
      const timer = setTimeout(() => done(false), timeoutMs);
      const done = (value: boolean) => {
        off();
        clearTimeout(timer);
        resolve(value);
      };
    });
  }

  async stop() {
    if (this.child.connected) {
      try {
        await Promise.race([this.request({ cmd: 'exit' }), sleep(2000)]);
      } catch {
        // exiting
      }
    }
    await stopProcess(this.child, 2000);
  }
}
