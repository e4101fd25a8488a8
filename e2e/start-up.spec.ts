// The built server refuses to start on an invalid environment, naming the variable, instead of
// serving an error on every request.
import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { e2eServerEnv, removeSqlite } from '../test/support/app-server';
import { freePort } from '../test/support/server.js';

test('an invalid NOWLINE_MAX_STREAMS_PER_CLIENT stops the server at start, naming the variable', async () => {
  const port = await freePort();
  const env: Record<string, string> = { ...e2eServerEnv('bad-env', port), NOWLINE_MAX_STREAMS_PER_CLIENT: '0' };
  const child = spawn(process.execPath, ['scripts/start.js', '-p', String(port)], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  // However long start-up takes here, it must end by itself: a server that came up would not.
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  expect(code, output).not.toBe(0);
  expect(output).toMatch(/NOWLINE_MAX_STREAMS_PER_CLIENT/);
  expect(await fetch(`http://127.0.0.1:${port}/api/health`).then(() => 'answered', () => 'refused')).toBe('refused');
  removeSqlite(env.DATABASE_URL ?? '', 'bad-env', port);
});
