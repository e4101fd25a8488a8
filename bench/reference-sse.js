// The floor for SSE fan-out on Node here: a bare node:http broadcaster. A Set of responses, one
// write per client, POST to broadcast, a shared `: ping` timer like the app's. No framework.
//   node bench/reference-sse.js <port> [heartbeatSeconds]
import http from 'node:http';
import { answerBenchGc } from './gc-endpoint.js';

const port = Number(process.argv[2] ?? 3400);
const heartbeatMs = Number(process.argv[3] ?? 15) * 1000;
const clients = new Set();
let version = 0;
let current = Buffer.from(`id: 0\nevent: status\ndata: {"version":0}\n\n`);
const PING = Buffer.from(': ping\n\n');

const server = http.createServer((req, res) => {
  if (answerBenchGc(req, res)) return;
  if (req.method === 'GET' && req.url === '/api/status/stream') {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
    });
    res.write('retry: 2000\n\n');
    res.write(current);
    clients.add(res);
    req.on('close', () => clients.delete(res));
    return;
  }
  if (req.method === 'POST' && req.url === '/api/status') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      version++;
      const body = Buffer.concat(chunks).toString('utf8');
      const data = JSON.stringify({ version, activity: JSON.parse(body) });
      current = Buffer.from(`id: ${version}\nevent: status\ndata: ${data}\n\n`);
      for (const client of clients) client.write(current);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(data);
    });
    return;
  }
  if (req.url === '/api/health') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ ok: true, subscribers: clients.size }));
    return;
  }
  res.writeHead(404).end();
});

server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(`reference SSE on ${port}`));
setInterval(() => {
  for (const client of clients) client.write(PING);
}, heartbeatMs).unref();
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
