// A local HTTP server standing in for the owner's WakaTime or ListenBrainz: it answers as they do
// (201 with per-heartbeat responses, 200 { status: "ok" }), records each request, and can be made to
// fail (a status, with headers such as Retry-After), hang, or stop listening (connection refused).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface ReceivedRequest {
  path: string;
  authorization: string | undefined;
  userAgent: string | undefined;
  machine: string | undefined;
  body: string;
}

export type UpstreamMode = { answer: 'ok' } | { answer: 'status'; status: number; headers?: Record<string, string> } | { answer: 'hang' };

export class FakeUpstream {
  /** Requests the upstream took (answered 2xx), in arrival order. */
  readonly accepted: ReceivedRequest[] = [];
  /** Requests it refused or left hanging. */
  readonly refused: ReceivedRequest[] = [];
  readonly hanging: ServerResponse[] = [];
  mode: UpstreamMode = { answer: 'ok' };
  /** Modes for the next requests, one each, before `mode` applies again. */
  private once: UpstreamMode[] = [];
  private server: Server | null = null;

  constructor(
    readonly port: number,
    private readonly flavour: 'wakatime' | 'listenbrainz',
  ) {}

  failNext(mode: UpstreamMode): void {
    this.once.push(mode);
  }

  listen(): Promise<void> {
    const server = createServer((request, response) => void this.handle(request, response));
    this.server = server;
    return new Promise((resolve) => server.listen(this.port, '127.0.0.1', resolve));
  }

  /** Stops listening: further requests get "connection refused". */
  close(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const response of this.hanging.splice(0)) response.destroy();
    if (!server) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const received: ReceivedRequest = {
      path: request.url ?? '',
      authorization: request.headers.authorization,
      userAgent: request.headers['user-agent'],
      machine: request.headers['x-machine-name'] as string | undefined,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    const mode = this.once.shift() ?? this.mode;
    if (mode.answer === 'hang') {
      this.refused.push(received);
      this.hanging.push(response);
      return;
    }
    if (mode.answer === 'status') {
      this.refused.push(received);
      response.writeHead(mode.status, { ...mode.headers, 'content-type': 'application/json' }).end(JSON.stringify({ error: 'refused by the test' }));
      return;
    }
    this.accepted.push(received);
    if (this.flavour === 'listenbrainz') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
      return;
    }
    const parsed: unknown = JSON.parse(received.body);
    const reply = Array.isArray(parsed) ? { responses: parsed.map(() => [{ data: null, error: null }, 201]) } : { data: parsed };
    response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  }
}
