// The benchmark client, a process of its own (the harness drives it over IPC): many raw SSE
// connections parsed cheaply, and a closed-loop HTTP load generator. The same code measures the
// app and the reference, so its own cost is in both.
// One file because it is one process's program: its stream commands share one table of streams and
// their counters, and the load generator is one function beside them.
import http from 'node:http';
import net from 'node:net';
import { answerCommands } from './processes';
import { monotonicMs, summarize, type Summary } from './stats';

export type ClientCommand =
  | { cmd: 'open'; host: string; port: number; path: string; count: number; concurrency: number; timeoutMs: number }
  | { cmd: 'latency'; sends: Record<string, number> }
  | { cmd: 'streams' }
  | { cmd: 'reset-counters' }
  | { cmd: 'close' }
  | { cmd: 'load'; options: LoadOptions }
  | { cmd: 'exit' };

export interface LoadOptions {
  host: string;
  port: number;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** `{{n}}` becomes a number unique to this run (the change marker). */
  body?: string;
  /** First marker number; the n-th request carries firstMarker + n. */
  firstMarker?: number;
  concurrency: number;
  durationMs: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
  rps: number;
  latency: Summary;
  /** Bytes of the response bodies (mean), and of the status line and headers (mean). */
  bodyBytes: number;
  headerBytes: number;
  /** For POST /api/status: the marker carried by the response with the highest version. */
  lastMarker: number | null;
  lastVersion: number | null;
}

export interface StreamStats {
  open: number;
  failed: number;
  closedEarly: number;
  /** Per stream: `event: status` frames and `: ping` comments since the last reset. */
  framesMin: number;
  framesMax: number;
  framesTotal: number;
  pings: number;
  /** The marker in the last status frame, counted per value over all streams. */
  lastMarkers: Record<string, number>;
  bytesTotal: number;
  headerBytes: number;
  /** Bytes of the first response chunk run up to and including the first status frame. */
  initialBytes: number;
}

/** Marker in a change's text: `bmk` and eight digits. */
export const MARKER_PREFIX = 'bmk';
const MARKER_DIGITS = 8;
export const formatMarker = (n: number) => `${MARKER_PREFIX}${String(n).padStart(MARKER_DIGITS, '0')}`;

const HEADER_END = Buffer.from('\r\n\r\n');
const STATUS_EVENT = Buffer.from('event: status');
const PING = Buffer.from(': ping');
const MARKER = Buffer.from(MARKER_PREFIX);
const MARKER_LENGTH = MARKER_PREFIX.length + MARKER_DIGITS;
/** The number of the marker that starts at `at` in `data` (NaN if it is not one). */
const markerAt = (data: Buffer, at: number) => Number(data.toString('latin1', at + MARKER_PREFIX.length, at + MARKER_LENGTH));
const TAIL = 32;

interface Stream {
  socket: net.Socket;
  head: Buffer | null;
  ok: boolean;
  tail: Buffer | null;
  frames: number;
  pings: number;
  lastMarker: number;
  bytes: number;
  headerBytes: number;
  initialBytes: number;
  closedByUs: boolean;
}

const streams: Stream[] = [];
/** Streams asked for so far, by this process: numbers their source addresses. */
let opened = 0;
let failed = 0;
let closedEarly = 0;
/** Arrival times per marker, one slot per stream. */
const arrivals = new Map<number, { times: Float64Array; count: number }>();

function send(message: unknown) {
  process.send?.(message);
}

function countMatches(data: Buffer, pattern: Buffer, fresh: number): number {
  let n = 0;
  for (let i = data.indexOf(pattern); i !== -1; i = data.indexOf(pattern, i + 1)) if (i + pattern.length > fresh) n++;
  return n;
}

function onBody(stream: Stream, index: number, chunk: Buffer, at: number) {
  // A frame split across reads leaves a tail; most reads end on a frame boundary and need no copy.
  const data = stream.tail ? Buffer.concat([stream.tail, chunk]) : chunk;
  const fresh = stream.tail ? stream.tail.length : 0;
  stream.frames += countMatches(data, STATUS_EVENT, fresh);
  stream.pings += countMatches(data, PING, fresh);
  for (let i = data.indexOf(MARKER); i !== -1; i = data.indexOf(MARKER, i + 1)) {
    const end = i + MARKER_LENGTH;
    if (end <= fresh || end > data.length) continue;
    const marker = markerAt(data, i);
    if (!Number.isFinite(marker)) continue;
    stream.lastMarker = marker;
    let slot = arrivals.get(marker);
    if (!slot) arrivals.set(marker, (slot = { times: new Float64Array(streams.length).fill(NaN), count: 0 }));
    if (index < slot.times.length && Number.isNaN(slot.times[index])) {
      slot.times[index] = at;
      if (++slot.count === openCount()) send({ type: 'all', marker, at });
    }
  }
  const n = data.length;
  const clean =
    n >= 2 &&
    data[n - 1] === 0x0a &&
    (data[n - 2] === 0x0a || (n >= 4 && data[n - 2] === 0x0d && data[n - 3] === 0x0a));
  stream.tail = clean ? null : Buffer.from(data.subarray(Math.max(0, n - TAIL)));
}

function openCount() {
  return streams.length;
}

/**
 * Real visitors come from many addresses, and the server caps streams per address
 * (NOWLINE_MAX_STREAMS_PER_CLIENT, 32 by default): streams to a loopback target are spread over
 * 127.1.0.0/16 (Linux routes all of 127.0.0.0/8 to loopback), this many per address.
 */
const STREAMS_PER_ADDRESS = 16;

/** The source address of the n-th stream to `host`, or undefined to let the system choose. */
export function localAddressFor(host: string, n: number): string | undefined {
  if (!/^127\.\d+\.\d+\.\d+$/.test(host)) return undefined;
  const k = Math.floor(n / STREAMS_PER_ADDRESS);
  // Host bytes 1–254 only; 65,000 addresses hold a million streams.
  return `127.1.${Math.floor(k / 254) % 256}.${1 + (k % 254)}`;
}

function openStream(host: string, port: number, path: string, timeoutMs: number, localAddress?: string): Promise<Stream | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, localAddress });
    socket.setNoDelay(true);
    const stream: Stream = {
      socket,
      head: null,
      ok: false,
      tail: null,
      frames: 0,
      pings: 0,
      lastMarker: -1,
      bytes: 0,
      headerBytes: 0,
      initialBytes: 0,
      closedByUs: false,
    };
    let index = -1;
    let settled = false;
    const settle = (result: Stream | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      socket.destroy();
      settle(null);
    }, timeoutMs);
    socket.on('connect', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n`,
      );
    });
    socket.on('data', (chunk: Buffer) => {
      const at = monotonicMs();
      stream.bytes += chunk.length;
      if (!stream.ok) {
        stream.head = stream.head ? Buffer.concat([stream.head, chunk]) : chunk;
        const end = stream.head.indexOf(HEADER_END);
        if (end === -1) return;
        if (!stream.head.toString('latin1', 0, 16).includes(' 200')) {
          socket.destroy();
          return settle(null);
        }
        stream.headerBytes = end + HEADER_END.length;
        const body = stream.head.subarray(stream.headerBytes);
        stream.head = null;
        stream.ok = true;
        stream.initialBytes = body.length;
        // The initial frame is counted before the stream joins the cohort.
        stream.frames += countMatches(body, STATUS_EVENT, 0);
        stream.tail = Buffer.from(body.subarray(Math.max(0, body.length - TAIL)));
        if (stream.frames > 0) {
          index = streams.push(stream) - 1;
          return settle(stream);
        }
        return;
      }
      if (index === -1) {
        stream.initialBytes += chunk.length;
        stream.frames += countMatches(chunk, STATUS_EVENT, 0);
        if (stream.frames > 0) {
          index = streams.push(stream) - 1;
          settle(stream);
        }
        return;
      }
      onBody(stream, index, chunk, at);
    });
    socket.on('error', () => settle(null));
    socket.on('close', () => {
      if (index !== -1 && !stream.closedByUs) closedEarly++;
      settle(null);
    });
  });
}

async function openMany(command: Extract<ClientCommand, { cmd: 'open' }>) {
  const started = monotonicMs();
  let next = 0;
  let lastReport = started;
  const worker = async () => {
    while (next < command.count) {
      // Numbered across commands, so streams opened in several batches still spread evenly.
      const n = opened++;
      next++;
      const stream = await openStream(command.host, command.port, command.path, command.timeoutMs, localAddressFor(command.host, n));
      if (!stream) failed++;
      const now = monotonicMs();
      if (now - lastReport > 1000) {
        lastReport = now;
        send({ type: 'progress', open: streams.length, failed });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(command.concurrency, command.count) }, worker));
  return { open: streams.length, failed, ms: monotonicMs() - started };
}

function latency(sends: Record<string, number>) {
  const all: number[] = [];
  const perChange: { marker: number; received: number; toAll: number | null; p50: number; p99: number }[] = [];
  for (const [key, sentAt] of Object.entries(sends)) {
    const marker = Number(key);
    const slot = arrivals.get(marker);
    const values: number[] = [];
    if (slot) for (const t of slot.times) if (!Number.isNaN(t)) values.push(t - sentAt);
    for (const v of values) all.push(v);
    const s = summarize(values);
    perChange.push({
      marker,
      received: values.length,
      toAll: values.length === streams.length ? s.max : null,
      p50: s.p50,
      p99: s.p99,
    });
  }
  return { streams: streams.length, perChange, overall: summarize(all) };
}

function streamStats(): StreamStats {
  const lastMarkers: Record<string, number> = {};
  let framesMin = Infinity;
  let framesMax = 0;
  let framesTotal = 0;
  let pings = 0;
  let bytesTotal = 0;
  for (const s of streams) {
    framesMin = Math.min(framesMin, s.frames);
    framesMax = Math.max(framesMax, s.frames);
    framesTotal += s.frames;
    pings += s.pings;
    bytesTotal += s.bytes;
    lastMarkers[s.lastMarker] = (lastMarkers[s.lastMarker] ?? 0) + 1;
  }
  return {
    open: streams.length,
    failed,
    closedEarly,
    framesMin: streams.length ? framesMin : 0,
    framesMax,
    framesTotal,
    pings,
    lastMarkers,
    bytesTotal,
    headerBytes: streams[0]?.headerBytes ?? 0,
    initialBytes: streams[0]?.initialBytes ?? 0,
  };
}

function resetCounters() {
  for (const s of streams) {
    s.frames = 0;
    s.pings = 0;
    s.bytes = 0;
  }
}

function closeAll() {
  // RST instead of FIN: no TIME_WAIT pile-up in the loopback port range between levels.
  for (const s of streams) {
    s.closedByUs = true;
    s.socket.resetAndDestroy();
  }
  streams.length = 0;
  arrivals.clear();
  failed = 0;
  closedEarly = 0;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let bodyBytes = 0;
  let headerBytes = 0;
  let counter = 0;
  let last: { version: number; marker: number } | null = null;
  const started = monotonicMs();
  const deadline = started + options.durationMs;
  const one = (marker: number) =>
    new Promise<void>((resolve) => {
      const body = options.body?.replaceAll('{{n}}', formatMarker(marker));
      const t0 = monotonicMs();
      const req = http.request(
        {
          host: options.host,
          port: options.port,
          method: options.method,
          path: options.path,
          agent,
          headers: {
            ...options.headers,
            ...(body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            latencies.push(monotonicMs() - t0);
            statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
            const text = Buffer.concat(chunks);
            bodyBytes += text.length;
            headerBytes += rawHeaderBytes(res);
            if (body && res.statusCode === 200) {
              try {
                const version = (JSON.parse(text.toString('utf8')) as { version?: number }).version;
                // Reports committed together all get the snapshot after their group: the change it
                // ends with is the marker in it, not necessarily this request's own.
                const at = text.indexOf(MARKER);
                const shown = at === -1 ? marker : markerAt(text, at);
                if (typeof version === 'number' && (!last || version > last.version)) last = { version, marker: shown };
              } catch {
                // not JSON: counted by status only
              }
            }
            resolve();
          });
          res.on('error', () => {
            errors++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  const worker = async () => {
    while (monotonicMs() < deadline) await one((options.firstMarker ?? 0) + counter++);
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (monotonicMs() - started) / 1000;
  agent.destroy();
  const requests = latencies.length;
  const final = last as { version: number; marker: number } | null;
  return {
    requests,
    errors,
    statuses,
    seconds,
    rps: requests / seconds,
    latency: summarize(latencies),
    bodyBytes: requests ? bodyBytes / requests : 0,
    headerBytes: requests ? headerBytes / requests : 0,
    lastMarker: final?.marker ?? null,
    lastVersion: final?.version ?? null,
  };
}

/** Size of the status line and headers as they came over the wire. */
export function rawHeaderBytes(res: http.IncomingMessage): number {
  let n = `HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}\r\n`.length + 2;
  // rawHeaders alternates names and values: a name at every even index, its value after it.
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
    n += res.rawHeaders[i]!.length + 2 + Buffer.byteLength(res.rawHeaders[i + 1]!) + 2;
  return n;
}

async function handle(command: ClientCommand) {
  switch (command.cmd) {
    case 'open':
      return openMany(command);
    case 'latency':
      return latency(command.sends);
    case 'streams':
      return streamStats();
    case 'reset-counters':
      return resetCounters();
    case 'close':
      return closeAll();
    case 'load':
      return runLoad(command.options);
    case 'exit':
      closeAll();
      setImmediate(() => process.exit(0));
      return null;
  }
}

answerCommands(handle);
