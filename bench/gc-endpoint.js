// Bench only: `GET /__bench/gc` runs a full garbage collection and answers the memory right after,
// so a reading holds no garbage the next collection would free. The servers the benchmark starts
// (the app, bench/reference-sse.js, bench/handler-server.ts) load this when NOWLINE_BENCH_GC=1 and
// run under `node --expose-gc`; answered on loopback only.
export const BENCH_GC_PATH = '/__bench/gc';

/** Answers the request if it is the bench's GC request (returns true), else leaves it (false). */
export function answerBenchGc(req, res) {
  if (req.url !== BENCH_GC_PATH) return false;
  const loopback = /^(127\.|::1$|::ffff:127\.)/.test(req.socket.remoteAddress ?? '');
  const reply = (status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (!loopback) reply(404, { error: { code: 'not_found', message: 'Not found.' } });
  else if (typeof globalThis.gc !== 'function')
    reply(501, { error: { code: 'no_gc', message: 'Start node with --expose-gc.' } });
  else {
    globalThis.gc();
    const { heapUsed, rss } = process.memoryUsage();
    reply(200, { pid: process.pid, heapUsedKb: heapUsed / 1024, rssKb: rss / 1024 });
  }
  return true;
}
