// Ports and health checks for every test that starts a server: Vitest, Playwright, the bench and
// scripts/check-standalone.js (plain Node, hence JavaScript with a .d.ts beside it).
import { createServer } from 'node:net';

/** A port nothing listens on now, chosen by the OS (listening on port 0), never a fixed number. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `${baseUrl}/api/health` until it answers 200 and resolves with its JSON. Fails at once when
 * `child` (the server's process) has exited, and after `timeoutMs` otherwise.
 */
export async function waitForHealth(baseUrl, { child, timeoutMs = 90_000, intervalMs = 150 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`server for ${baseUrl} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return await res.json();
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`server at ${baseUrl} did not become healthy within ${timeoutMs} ms`);
}

/** Stops a server started with `detached: true`, with the children it started (start.js → server.js). */
export async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  // scripts/server.js gives in-flight requests up to 10 s.
  if ((await Promise.race([exited.then(() => 'exited'), new Promise((r) => setTimeout(r, 12_000))])) !== 'exited') signalGroup('SIGKILL');
}
