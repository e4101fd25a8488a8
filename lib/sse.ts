// Server-Sent Events, protocol only: frames, retry, clean-up when the client goes, slow clients
// dropped. What is sent comes from the caller (lib/status/bus.ts). Two ways to hold a stream open:
// a web `Response` (route handlers: `next dev`, Vercel) and a plain Node response (the production
// server, scripts/server.js, also in the container), at a fraction of the memory and CPU.
import type { IncomingMessage, ServerResponse } from 'node:http';

const encoder = new TextEncoder();

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  // no-transform also keeps proxies and Next's compression from buffering the stream.
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
} as const;

export const PING_FRAME = encoder.encode(': ping\n\n');

export function encodeEvent(event: { id?: string | number; event?: string; data: string }): Uint8Array {
  let text = '';
  if (event.id !== undefined) text += `id: ${event.id}\n`;
  if (event.event) text += `event: ${event.event}\n`;
  // A data line cannot hold a newline; JSON.stringify never emits one, but other data might.
  for (const line of event.data.split(/\r\n|\r|\n/)) text += `data: ${line}\n`;
  return encoder.encode(text + '\n');
}

export function encodeRetry(ms: number): Uint8Array {
  return encoder.encode(`retry: ${Math.round(ms)}\n\n`);
}

/** One open stream, as the broadcaster sees it. */
export interface SseClient {
  readonly openedAt: number;
  /** Queues bytes; returns false when the client is gone or too far behind (it is then closed). */
  send(chunk: Uint8Array): boolean;
  close(): void;
}

export interface SseStreamOptions {
  retryMs: number;
  /** Bytes to send at once after `retry:` (the current snapshot). */
  initial: () => Uint8Array;
  /** Registers the client; returns the function that removes it. */
  subscribe: (client: SseClient) => () => void;
  /** A client more than this many bytes behind is dropped; it reconnects and catches up. */
  maxBufferedBytes?: number;
}

const DEFAULT_MAX_BUFFERED_BYTES = 1 << 20;

export function createSseResponse(
  options: SseStreamOptions & { signal: AbortSignal },
  headers: Record<string, string> = {},
): Response {
  const { signal, retryMs, initial, subscribe, maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES } = options;
  let unsubscribe: (() => void) | undefined;
  let closed = false;

  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const close = () => {
          if (closed) return;
          closed = true;
          unsubscribe?.();
          signal.removeEventListener('abort', close);
          try {
            controller.close();
          } catch {
            // already closed by the runtime
          }
        };
        const client: SseClient = {
          openedAt: Date.now(),
          send(chunk) {
            if (closed) return false;
            if ((controller.desiredSize ?? 0) < -maxBufferedBytes) {
              close();
              return false;
            }
            try {
              controller.enqueue(chunk);
              return true;
            } catch {
              close();
              return false;
            }
          },
          close,
        };
        if (signal.aborted) {
          closed = true;
          controller.close();
          return;
        }
        signal.addEventListener('abort', close);
        // Headers leave only with the first chunk: send retry and the current state at once.
        controller.enqueue(encodeRetry(retryMs));
        controller.enqueue(initial());
        unsubscribe = subscribe(client);
      },
      cancel() {
        closed = true;
        unsubscribe?.();
      },
    },
    { highWaterMark: 0, size: (chunk) => chunk.byteLength },
  );

  return new Response(stream, { headers: { ...SSE_HEADERS, ...headers } });
}

/**
 * The same stream written straight to a Node response: one `res.write` per frame, no web-stream
 * pipe in between. The client is dropped when the socket closes or its unsent bytes pass the limit.
 */
export function serveSseOverNode(
  req: IncomingMessage,
  res: ServerResponse,
  options: SseStreamOptions,
  headers: Record<string, string> = {},
): void {
  const { retryMs, initial, subscribe, maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES } = options;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    res.end();
  };
  const client: SseClient = {
    openedAt: Date.now(),
    send(chunk) {
      if (closed) return false;
      if (res.writableLength > maxBufferedBytes) {
        close();
        return false;
      }
      res.write(chunk);
      return true;
    },
    close,
  };
  res.writeHead(200, { ...SSE_HEADERS, ...headers });
  res.write(encodeRetry(retryMs));
  res.write(initial());
  if (req.destroyed) {
    res.end();
    return;
  }
  // `close` runs only after this line: from the socket's close event or from the bus.
  const unsubscribe = subscribe(client);
  res.on('close', close);
}
