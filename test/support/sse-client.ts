// Collects what the bus sends to one stream, as an SSE client would see it; and a client that stops reading.
import net from 'node:net';
import type { SseClient } from '@/lib/sse';
import type { Snapshot } from '@/lib/status/schema';

export function recordingClient() {
  const decoder = new TextDecoder();
  const frames: string[] = [];
  let closed = false;
  const client: SseClient = {
    openedAt: Date.now(),
    send(chunk) {
      if (closed) return false;
      frames.push(decoder.decode(chunk));
      return true;
    },
    close() {
      closed = true;
    },
  };
  return {
    client,
    frames,
    isClosed: () => closed,
    snapshots(): Snapshot[] {
      return frames
        .filter((f) => f.startsWith('id: '))
        .map((f) => JSON.parse(f.split('\n').find((l) => l.startsWith('data: '))!.slice(6)) as Snapshot);
    },
  };
}

/** A client that sends the request, takes the response head, and then never reads again. */
export async function nonReadingClient(port: number, path = '/') {
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n`);
  await new Promise((resolve) => socket.once('data', resolve));
  socket.pause();
  return socket;
}
