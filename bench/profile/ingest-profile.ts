// Profiling aid: starts the built app with --cpu-prof, opens streams, runs the ingest load (or,
// with a fourth argument `spaced`, one change every 500 ms), stops.
//   npx tsx bench/profile/ingest-profile.ts <streams> <seconds> <out dir> [spaced]
import { ClientProcess, readCpuSeconds, sleep } from '../processes';
import { startApp } from '../servers';
import type { LoadResult } from '../client';
import { changeBody, postStatus } from '../scenarios';

const [streams = '1000', seconds = '8', out = '/tmp/nowline-prof', mode = 'load'] = process.argv.slice(2);
const target = await startApp({
  port: 3398,
  name: 'profile',
  logDir: 'bench/results/logs',
  distDir: process.env.NOWLINE_DIST_DIR ?? '.next-bench',
  nodeFlags: process.env.PROFILE_NODE_FLAGS ?? `--cpu-prof --cpu-prof-dir=${out}`,
});
const client = new ClientProcess('bench/results/logs');
// Streams held by a process of their own, as in the benchmark: the load generator's loop stays free.
const holder = new ClientProcess('bench/results/logs', 'stream-holder');
try {
  if (Number(streams) > 0) await holder.openStreams(target, Number(streams), { concurrency: 64, timeoutMs: 60_000 });
  const cpu0 = readCpuSeconds(target.pid);
  if (mode === 'spaced') {
    for (let i = 0; i < Number(seconds) * 2; i++) {
      const all = holder.waitForAll(i + 1, 5000);
      await postStatus(target, changeBody(i + 1));
      await all;
      await sleep(500);
    }
    console.log(`server CPU ${(readCpuSeconds(target.pid) - cpu0).toFixed(2)} s for ${Number(seconds) * 2} changes`);
  } else {
    const r = await client.request<LoadResult>({
      cmd: 'load',
      options: {
        host: target.host,
        port: target.port,
        method: 'POST',
        path: '/api/status',
        concurrency: 8,
        durationMs: Number(seconds) * 1000,
        headers: { Authorization: `Bearer ${target.token}` },
        body: JSON.stringify({ kind: 'manual', text: 'bench {{n}}' }),
        firstMarker: 1,
      },
    });
    console.log(
      `server pid ${target.pid}; ${r.rps.toFixed(0)} changes/s, p50 ${r.latency.p50.toFixed(1)} p99 ${r.latency.p99.toFixed(1)} ms, statuses ${JSON.stringify(r.statuses)}; server CPU ${(readCpuSeconds(target.pid) - cpu0).toFixed(2)} s`,
    );
  }
  await sleep(500);
} finally {
  await holder.stop();
  await client.stop();
  await target.stop();
}
