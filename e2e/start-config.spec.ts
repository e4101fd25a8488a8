// A wrong setting stops the built server at start, with a message naming it: the time zone from
// NOWLINE_TIME_ZONE is checked with the rest of the configuration before anything is served.
import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { E2E_PORT, e2eServerEnv } from './helpers/server';

test('an unknown NOWLINE_TIME_ZONE stops the server at start, naming the variable and the value', async () => {
  const port = E2E_PORT + 9;
  const env: Record<string, string> = { ...e2eServerEnv('start-config'), NOWLINE_TIME_ZONE: 'Mars/Olympus' };
  const child = spawn(process.execPath, ['scripts/server.js', '-p', String(port)], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 45_000));
  const code = await Promise.race([exited, timeout]);
  if (code === 'timeout') child.kill('SIGKILL');

  expect(code, output).not.toBe('timeout');
  expect(code).not.toBe(0);
  expect(output).toContain('NOWLINE_TIME_ZONE: "Mars/Olympus" is not a time zone');
  // It never served: nothing answers on its port.
  await expect(fetch(`http://localhost:${port}/api/health`)).rejects.toThrow();
});
