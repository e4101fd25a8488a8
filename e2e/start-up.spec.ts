// The built server refuses to start on an invalid setting, naming the variable (and the value
// where it helps), instead of serving an error on every request.
import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { e2eServerEnv, removeSqlite } from '../test/support/app-server';
import { freePort } from '../test/support/server.js';

const INVALID_SETTINGS: { variable: string; value: string; message: RegExp }[] = [
  { variable: 'NOWLINE_MAX_STREAMS_PER_CLIENT', value: '0', message: /NOWLINE_MAX_STREAMS_PER_CLIENT/ },
  // The time zone is checked with the owner's configuration (lib/site-config.ts).
  { variable: 'NOWLINE_TIME_ZONE', value: 'Mars/Olympus', message: /NOWLINE_TIME_ZONE: "Mars\/Olympus" is not a time zone/ },
];

for (const { variable, value, message } of INVALID_SETTINGS) {
  test(`an invalid ${variable} stops the server at start, naming it`, async () => {
    const port = await freePort();
    const name = `bad-env-${variable.toLowerCase()}`;
    const env: Record<string, string> = { ...e2eServerEnv(name, port), [variable]: value };
    const child = spawn(process.execPath, ['scripts/start.js', '-p', String(port)], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    // However long start-up takes here, it must end by itself: a server that came up would not.
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    expect(code, output).not.toBe(0);
    expect(output).toMatch(message);
    expect(await fetch(`http://127.0.0.1:${port}/api/health`).then(() => 'answered', () => 'refused')).toBe('refused');
    removeSqlite(env.DATABASE_URL ?? '', name, port);
  });
}
