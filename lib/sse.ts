// Server-Sent Events, protocol only: frames, retry, clean-up when the client goes, slow clients
// dropped. What is sent comes from the caller (lib/status/bus.ts). Two ways to hold a stream open:
// a web `Response` (route handlers: `next dev`, Vercel) and a plain Node response (the production
// server, scripts/server.js, also in the container), at a fraction of the memory and CPU.
import type { IncomingMessage, ServerResponse } from 'node:http';

// Frames are Buffers: a Uint8Array handed to a socket is wrapped in a new Buffer on every write.
const encode = (text: string): Uint8Array => Buffer.from(text, 'utf8');

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  // no-transform also keeps proxies and Next's compression from buffering the stream.
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
} as const;

export const PING_FRAME = encode(': ping\n\n');

export function encodeEvent(event: { id?: string | number; event?: string; data: string }): Uint8Array {
  let text = '';
  if (event.id !== undefined) text += `id: ${event.id}\n`;
  if (event.event) text += `event: ${event.event}\n`;
  // A data line cannot hold a newline; JSON.stringify never emits one, but other data might.
  for (const line of event.data.split(/\r\n|\r|\n/)) text += `data: ${line}\n`;
  return encode(text + '\n');
}

export function encodeRetry(ms: number): Uint8Array {
  return encode(`retry: ${Math.round(ms)}\n\n`);
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
  /**
   * Bytes to send at once after `retry:` (the current snapshot). The same frame object arriving
   * later from `subscribe` is not sent again: a stream opened between a change and its publish
   * already holds that frame.
   */
  initial: () => Uint8Array;
  /** Registers the client; returns the function that removes it. */
  subscribe: (client: SseClient) => () => void;
  /** A client more than this many bytes behind is dropped; it reconnects and catches up. */
  maxBufferedBytes?: number;
  /** Queued bytes of which none is read for this long mean the client stopped reading: it is cut. */
  stallMs?: number;
  /** Called once when the stream is over, whatever ended it (client gone, stall, close, error). */
  onEnd?: () => void;
}

const DEFAULT_MAX_BUFFERED_BYTES = 1 << 20;
const DEFAULT_STALL_MS = 20_000;

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}

/**
 * Watches a stream's unsent bytes: once some wait, the reader must take at least part of them
 * within `ms`, or `onStall` runs. Progress, not an empty queue, is what counts, so a slow reader
 * that keeps reading is kept. One timer per stream, and only while bytes are waiting.
 */
function watchForStall(ms: number, queued: () => number, onStall: () => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sent = 0;
  let mark = 0;
  const delivered = () => sent - queued();
  const arm = () => {
    mark = delivered();
    timer = setTimeout(check, ms);
    timer.unref?.();
  };
  const check = () => {
    timer = undefined;
    if (queued() === 0) return;
    if (delivered() > mark) arm();
    else onStall();
  };
  return {
    wrote(bytes: number, backlogged: boolean) {
      sent += bytes;
      if (backlogged && !timer) arm();
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

export function createSseResponse(
  options: SseStreamOptions & { signal: AbortSignal },
  headers: Record<string, string> = {},
): Response {
  const { signal, retryMs, initial, subscribe, maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES, stallMs = DEFAULT_STALL_MS } = options;
  const onEnd = once(options.onEnd ?? (() => {}));
  let unsubscribe: (() => void) | undefined;
  let closed = false;
  let stall: ReturnType<typeof watchForStall> | undefined;

  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const finish = (end: () => void) => {
          if (closed) return;
          closed = true;
          stall?.stop();
          unsubscribe?.();
          signal.removeEventListener('abort', close);
          try {
            end();
          } catch {
            // already closed by the runtime
          }
          onEnd();
        };
        const close = () => finish(() => controller.close());
        // An errored body makes the server drop the connection rather than wait to flush it.
        const drop = () => finish(() => controller.error(new Error('SSE client stopped reading')));
        // With a high-water mark of 0, -desiredSize is the bytes queued and not yet read.
        const queued = () => Math.max(0, -(controller.desiredSize ?? 0));
        stall = watchForStall(stallMs, queued, drop);
        const enqueue = (chunk: Uint8Array) => {
          controller.enqueue(chunk);
          stall!.wrote(chunk.byteLength, queued() > 0);
        };
        let first: Uint8Array | undefined;
        const client: SseClient = {
          openedAt: Date.now(),
          send(chunk) {
            if (closed) return false;
            if (chunk === first) return true;
            if ((controller.desiredSize ?? 0) < -maxBufferedBytes) {
              drop();
              return false;
            }
            try {
              enqueue(chunk);
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
          onEnd();
          return;
        }
        signal.addEventListener('abort', close);
        // Headers leave only with the first chunk: send retry and the current state at once.
        enqueue(encodeRetry(retryMs));
        enqueue((first = initial()));
        unsubscribe = subscribe(client);
      },
      cancel() {
        closed = true;
        stall?.stop();
        unsubscribe?.();
        onEnd();
      },
    },
    { highWaterMark: 0, size: (chunk) => chunk.byteLength },
  );

  return new Response(stream, { headers: { ...SSE_HEADERS, ...headers } });
}

const CRLF = Buffer.from('\r\n', 'latin1');
/** Each frame as one HTTP/1.1 chunk (length, frame, CRLF), built once for all the streams it goes to. */
const chunkedFrames = new WeakMap<Uint8Array, Buffer>();

function asChunk(frame: Uint8Array): Buffer {
  let chunk = chunkedFrames.get(frame);
  if (!chunk) {
    chunk = Buffer.concat([Buffer.from(`${frame.byteLength.toString(16)}\r\n`, 'latin1'), frame, CRLF]);
    chunkedFrames.set(frame, chunk);
  }
  return chunk;
}

/**
 * The same stream written straight to a Node response: one `res.write` per frame, no web-stream
 * pipe in between. A client that stops reading (its unsent bytes pass the limit, or none of them
 * is read for `stallMs`) has its socket reset: ending it would wait for the reader forever.
 */
export function serveSseOverNode(
  req: IncomingMessage,
  res: ServerResponse,
  options: SseStreamOptions,
  headers: Record<string, string> = {},
): void {
  const { retryMs, initial, subscribe, maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES, stallMs = DEFAULT_STALL_MS } = options;
  const onEnd = once(options.onEnd ?? (() => {}));
  // The connection may have gone while the caller prepared the stream; 'close' has then fired already.
  if (req.destroyed || res.closed || res.destroyed) {
    onEnd();
    return;
  }
  let closed = false;
  let endTimer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
  };
  const drop = () => {
    stop();
    // A reset frees the kernel's buffers for this socket at once; a plain close would keep them
    // until the unread bytes time out.
    const socket = res.socket;
    if (socket && !socket.destroyed) socket.resetAndDestroy();
    else res.destroy();
  };
  const stall = watchForStall(stallMs, () => res.writableLength, drop);
  const write = (chunk: Uint8Array) => stall.wrote(chunk.byteLength, !res.write(chunk));
  // Frames after the head go to the socket as they are, the same Buffer for every stream:
  // res.write would frame each copy again (its length in hex and three more buffers) and cork the
  // socket for a tick. Node gives the response its socket only once it is the connection's turn.
  const send = (frame: Uint8Array) => {
    const socket = res.socket;
    if (!socket) return write(frame);
    const bytes = res.chunkedEncoding ? asChunk(frame) : frame;
    stall.wrote(bytes.byteLength, !socket.write(bytes));
  };
  // An ending (lifetime cap, shutdown) still has to reach a reader; one that never reads is cut.
  const close = () => {
    if (closed) return;
    stop();
    res.end();
    endTimer = setTimeout(drop, stallMs);
    endTimer.unref();
  };
  let first: Uint8Array | undefined;
  const client: SseClient = {
    openedAt: Date.now(),
    send(chunk) {
      if (closed) return false;
      if (chunk === first) return true;
      if (res.writableLength > maxBufferedBytes) {
        drop();
        return false;
      }
      send(chunk);
      return true;
    },
    close,
  };
  // Whatever ended the stream, the response's close comes last: the one place to let go of it.
  res.once('close', () => {
    stall.stop();
    clearTimeout(endTimer);
    stop();
    onEnd();
  });
  res.writeHead(200, { ...SSE_HEADERS, ...headers });
  write(encodeRetry(retryMs));
  write((first = initial()));
  // `stop` runs only after this line: every path to it waits for a timer or an event.
  const unsubscribe = subscribe(client);
}
