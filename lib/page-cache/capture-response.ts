// A copy of what Next writes to a Node response, taken as it goes out: the visitor whose request
// renders the page gets it as usual, and the page cache keeps the copy.
import type { ServerResponse } from 'node:http';

export interface CapturedResponse {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

type Write = (chunk: unknown, ...rest: unknown[]) => unknown;

/**
 * Resolves with the copy once the response has finished, or with null when it did not finish (the
 * client went away) or its body grew past `maxBytes`.
 */
export function captureResponse(res: ServerResponse, maxBytes: number): Promise<CapturedResponse | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  const collect = (chunk: unknown, encoding: unknown) => {
    if (size > maxBytes || chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const bytes =
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : Buffer.from(chunk as Uint8Array); // a copy: the writer may reuse its buffer
    size += bytes.length;
    chunks.push(bytes);
  };
  const write = res.write as unknown as Write;
  const end = res.end as unknown as Write;
  (res as unknown as { write: Write }).write = function (this: ServerResponse, chunk, ...rest) {
    collect(chunk, rest[0]);
    return write.call(this, chunk, ...rest);
  };
  (res as unknown as { end: Write }).end = function (this: ServerResponse, chunk, ...rest) {
    collect(chunk, rest[0]);
    return end.call(this, chunk, ...rest);
  };
  return new Promise((resolve) => {
    res.once('close', () => {
      if (!res.writableFinished || size > maxBytes) return resolve(null);
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value : String(value);
      }
      resolve({ statusCode: res.statusCode, headers, body: Buffer.concat(chunks) });
    });
  });
}
