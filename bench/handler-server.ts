// The app's own handlers (ingest and health as route handlers, the stream as scripts/server.js
// serves it) behind a bare node:http server, for the quick smoke run of the benchmark: the real
// lib/sse.ts, bus and store on a real SQLite file, without a `next build`. Run with `node --conditions=react-server --import tsx` (server-only).
//   node --conditions=react-server --import tsx bench/handler-server.ts <port>
import http from 'node:http';
import { prepareDatabase } from '../scripts/prepare-db.js';
import { GET as health } from '../app/api/health/route';
import { GET as getStatus, POST as postStatus } from '../app/api/status/route';
import { serveStatusStream } from '../lib/status/stream';

type Handler = (request: Request) => Response | Promise<Response>;

const routes: Record<string, Partial<Record<string, Handler>>> = {
  '/api/health': { GET: () => health() },
  '/api/status': { GET: () => getStatus(), POST: postStatus },
};

prepareDatabase({ quiet: true });
const port = Number(process.argv[2] ?? 3390);

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
  if (url.pathname === '/api/status/stream' && req.method === 'GET') return serveStatusStream(req, res);
  const handler = routes[url.pathname]?.[req.method ?? 'GET'];
  if (!handler) return void res.writeHead(404).end();
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  const response = await handler(new Request(url, { method: req.method, headers, body, signal: abort.signal }));
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) return void res.end();
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      res.write(value);
    }
  } catch {
    // the client went away
  }
  res.end();
});

server.listen(port, '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
