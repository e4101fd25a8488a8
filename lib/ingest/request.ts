// What ingest reads of a request. A web Request fits it (route handlers); the production server's
// fast lane passes a view of the Node request instead (lib/fast-lane.ts), without building web
// Headers, a Request and a body stream for every report.

/** The body's chunks, read one at a time (a web stream's default reader fits). */
export interface BodyChunks {
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  cancel(): Promise<void>;
}

export interface IngestRequest {
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  readonly body: { getReader(): BodyChunks } | null;
}
