// Server-Sent Events, protocol only: frames, retry, heartbeat, clean-up on abort, lifetime cap.
// What is sent comes from the caller (lib/status/bus.ts).

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
  signal: AbortSignal;
  retryMs: number;
  /** Bytes to send at once after `retry:` (the current snapshot). */
  initial: () => Uint8Array;
  /** Registers the client; returns the function that removes it. */
  subscribe: (client: SseClient) => () => void;
  /** A client more than this many bytes behind is dropped; it reconnects and catches up. */
  maxBufferedBytes?: number;
}

export function createSseResponse(options: SseStreamOptions, headers: HeadersInit = {}): Response {
  const { signal, retryMs, initial, subscribe, maxBufferedBytes = 1 << 20 } = options;
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
