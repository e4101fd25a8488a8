// Reading a report body on the pipeline's terms: never past a byte limit, never past a deadline,
// and (for a source that carries its key in the body) chunk by chunk so reading can stop early.
import { ApiError } from '../errors';
import type { BodyChunks, IngestRequest } from './request';

export function tooLarge(limit: number): ApiError {
  const size = limit >= 1024 * 1024 ? `${limit / (1024 * 1024)} MB` : `${Math.round(limit / 1024)} KB`;
  return new ApiError(413, 'payload_too_large', `The body is larger than ${size}.`);
}

/** 413 from the declared length alone, before a byte of the body is read. */
export function checkDeclaredLength(request: IngestRequest, limit: number): void {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) throw tooLarge(limit);
}

export class BodyReader {
  private readonly reader: BodyChunks | null;
  private readonly decoder = new TextDecoder();
  private readonly deadline: number;
  private textSoFar = '';
  size = 0;
  done: boolean;

  constructor(request: IngestRequest, timeoutMs: number) {
    this.reader = request.body ? request.body.getReader() : null;
    this.done = !this.reader;
    this.deadline = Date.now() + timeoutMs;
  }

  /** The body decoded so far. */
  get text(): string {
    return this.textSoFar;
  }

  /** Reads one more chunk and returns the text it added; throws 413 past `limit` and 408 past the deadline. */
  async readChunk(limit: number): Promise<string> {
    if (this.done || !this.reader) return '';
    const left = this.deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ApiError(408, 'request_timeout', 'The body did not arrive in time; send it at once.')),
        Math.max(0, left),
      );
    });
    try {
      const { done, value } = await Promise.race([this.reader.read(), timeout]);
      if (done) {
        this.done = true;
        const rest = this.decoder.decode();
        this.textSoFar += rest;
        return rest;
      }
      this.size += value.byteLength;
      if (this.size > limit) throw tooLarge(limit);
      const added = this.decoder.decode(value, { stream: true });
      this.textSoFar += added;
      return added;
    } catch (error) {
      await this.cancel();
      if (error instanceof ApiError) throw error;
      // The sender closed the connection mid-body: its mistake, not a server error.
      throw new ApiError(400, 'invalid_request', 'The body ended before it was complete.');
    } finally {
      clearTimeout(timer);
    }
  }

  /** Reads to the end, within `limit` bytes. */
  async readAll(limit: number): Promise<string> {
    while (!this.done) await this.readChunk(limit);
    return this.textSoFar;
  }

  async cancel(): Promise<void> {
    this.done = true;
    await this.reader?.cancel().catch(() => undefined);
  }
}
