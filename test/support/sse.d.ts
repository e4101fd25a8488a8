export interface SseEvent {
  id?: string;
  event: string;
  data: string;
  /** performance.now() when the frame was complete. */
  receivedAt: number;
}

export interface SseConnection {
  events: SseEvent[];
  comments: string[];
  retry?: number;
  status: number;
  headers: Headers;
  /** Whether the server ended the stream (false while open, or when we closed it). */
  endedByServer: boolean;
  /** Milliseconds from opening to the end of the stream, once it ended. */
  endedAfterMs?: number;
  /** Resolves with the first event (from now on, or already received) that matches. */
  waitFor(predicate: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
  closed: Promise<void>;
}

export function openStream(url: string, headers?: Record<string, string>): Promise<SseConnection>;
export function readStream(url: string, timeoutMs: number, headers?: Record<string, string>): Promise<SseConnection>;
