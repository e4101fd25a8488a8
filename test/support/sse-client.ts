// Collects what the bus sends to one stream, as an SSE client would see it.
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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
