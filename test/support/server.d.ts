import type { ChildProcess } from 'node:child_process';

export function freePort(host?: string): Promise<number>;
export function waitForHealth(baseUrl: string, options?: { child?: ChildProcess; timeoutMs?: number; intervalMs?: number }): Promise<Record<string, unknown>>;
/** Stops a server started with `detached: true`, with the children it started (start.js → server.js). */
export function stopProcess(child: ChildProcess): Promise<void>;
