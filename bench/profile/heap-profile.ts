// Profiling aid: starts the built app, opens streams, writes a heap snapshot of the server.
//   npx tsx bench/profile/heap-profile.ts <streams> <out dir>
import { readdirSync, statSync } from 'node:fs';
import { ClientProcess, sleep } from '../processes';
import { startApp } from '../servers';

const [streams = '2000', out = '/tmp/nowline-heap'] = process.argv.slice(2);
const target = await startApp({
  port: 3397,
  name: 'heap',
  logDir: 'bench/results/logs',
  distDir: process.env.NOWLINE_DIST_DIR ?? '.next-bench',
  nodeFlags: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${out}`,
});
const client = new ClientProcess('bench/results/logs');
try {
  await client.openStreams(target, Number(streams), { concurrency: 64, timeoutMs: 60_000 });
  await sleep(1000);
  process.kill(target.pid, 'SIGUSR2');
  for (let i = 0; i < 120 && !readdirSync(out).some((f) => f.endsWith('.heapsnapshot')); i++) await sleep(500);
  // The snapshot is written in the background; wait until its size stops changing.
  const file = `${out}/${readdirSync(out).find((f) => f.endsWith('.heapsnapshot'))}`;
  for (let last = -1; ;) {
    await sleep(2000);
    const size = statSync(file).size;
    if (size > 0 && size === last) break;
    last = size;
  }
  console.log(readdirSync(out));
} finally {
  await client.stop();
  await target.stop();
}
