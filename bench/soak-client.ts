// The soak's client, a process of its own (bench/soak.ts drives it over IPC): thousands of SSE
// streams that reconnect like EventSource, each from one of many loopback source addresses, and
// misbehaving clients that connect, stall and vanish. Every stream remembers which change markers
// it has seen, so the harness can ask afterwards which accepted changes a stream missed.
// One file because it is one process's program: its commands share the module's state (the streams,
// their counts per instance, `stopping`); the harness imports only its types and marker helpers.
import net from 'node:net';
import { answerCommands } from './processes';
import { monotonicMs } from './stats';

/** One activity slot per kind: a report's marker number says which slot it went to. */
export const SOAK_KINDS = ['manual', 'coding', 'music', 'gaming', 'app'] as const;
export const kindOfMarker = (marker: number) => marker % SOAK_KINDS.length;
const MARKER_PREFIX = 'smk';
const MARKER_DIGITS = 8;
export const formatSoakMarker = (n: number) => `${MARKER_PREFIX}${String(n).padStart(MARKER_DIGITS, '0')}`;

export interface StreamSpec {
  instance: string;
  host: string;
  port: number;
  localAddress: string;
}

export interface ChurnOptions {
  targets: { instance: string; host: string; port: number }[];
  /** Source addresses for the misbehaving clients (kept apart from the streams'). */
  addresses: string[];
  perSecond: number;
  durationMs: number;
  maxStalled: number;
  stallMs: [number, number];
}

export interface ChurnResult {
  started: Record<string, number>;
  statuses: Record<string, number>;
  errors: number;
}

export interface MarkerRecord {
  marker: number;
  phase: string;
  /** The instance that accepted it. */
  instance: string;
  sentAt: number;
  answeredAt: number;
  /** When the next report to the same slot was sent (it may legitimately replace this one). */
  nextSameKindSentAt: number | null;
}

export interface VerifyRequest {
  markers: MarkerRecord[];
  /** Per instance: [from, to] spans in which it was deliberately broken (down, listener cut). */
  faults: Record<string, [number, number][]>;
  graceMs: number;
}

export interface VerifyResult {
  /** phase → instance → counts. */
  phases: Record<
    string,
    Record<
      string,
      { markers: number; required: number; missing: number; distinctMissed: number; markersMissed: number[] }
    >
  >;
}

export interface InstanceStreams {
  open: number;
  waiting: number;
  connects: number;
  reconnects: number;
  /** Non-200 answers to a stream request, by status. */
  statuses: Record<string, number>;
  networkErrors: number;
  /** Frames in which a slot showed an older marker than the stream had already shown. */
  wentBack: number;
}

export type SoakCommand =
  | { cmd: 'open'; streams: StreamSpec[]; concurrency: number }
  | { cmd: 'stats' }
  | { cmd: 'converged'; expected: number[] }
  | { cmd: 'verify'; request: VerifyRequest }
  | { cmd: 'churn'; options: ChurnOptions }
  | { cmd: 'close' }
  | { cmd: 'exit' };

const HEADER_END = Buffer.from('\r\n\r\n');
const STATUS_EVENT = Buffer.from('event: status');
const EVENT_ID = Buffer.from('\nid: ');
const MARKER = Buffer.from(MARKER_PREFIX);
const MARKER_LENGTH = MARKER_PREFIX.length + MARKER_DIGITS;
const TAIL = 32;
const RETRY_JITTER_MS = 1000;

interface Stream {
  spec: StreamSpec;
  socket: net.Socket | null;
  state: 'connecting' | 'open' | 'waiting' | 'closed';
  head: Buffer | null;
  headersDone: boolean;
  tail: Buffer | null;
  retryMs: number;
  lastEventId: string | null;
  /** Bit n: marker n was seen. */
  seen: Uint8Array;
  maxPerKind: Int32Array;
  /** Flat [openedAt, closedAt, …]; the last closedAt is Infinity while open. */
  spans: number[];
  timer: ReturnType<typeof setTimeout> | null;
}

const streams: Stream[] = [];
const byInstance = new Map<string, InstanceStreams>();
let stopping = false;

function instanceStats(name: string): InstanceStreams {
  let s = byInstance.get(name);
  if (!s)
    byInstance.set(
      name,
      (s = { open: 0, waiting: 0, connects: 0, reconnects: 0, statuses: {}, networkErrors: 0, wentBack: 0 }),
    );
  return s;
}

function markSeen(stream: Stream, marker: number) {
  const byte = marker >> 3;
  if (byte >= stream.seen.length) {
    const grown = new Uint8Array(Math.max(byte + 1, stream.seen.length * 2));
    grown.set(stream.seen);
    stream.seen = grown;
  }
  stream.seen[byte]! |= 1 << (marker & 7); // in range: grown above
}

// A byte past the end (or a negative marker's) reads as undefined: nothing seen there.
const hasSeen = (stream: Stream, marker: number) => ((stream.seen[marker >> 3] ?? 0) & (1 << (marker & 7))) !== 0;

function scanMarkers(stream: Stream, data: Buffer, fresh: number) {
  for (let i = data.indexOf(MARKER); i !== -1; i = data.indexOf(MARKER, i + 1)) {
    const end = i + MARKER_LENGTH;
    if (end <= fresh || end > data.length) continue;
    const marker = Number(data.toString('latin1', i + MARKER_PREFIX.length, end));
    if (!Number.isInteger(marker)) continue;
    markSeen(stream, marker);
    const kind = kindOfMarker(marker);
    const latest = stream.maxPerKind[kind];
    if (latest === undefined) continue; // no slot: a negative number, not one of the soak's markers
    if (marker < latest) {
      // The first few are logged (soak-client.log) with the event ids, to tell a stale publish from a replay.
      if (instanceStats(stream.spec.instance).wentBack++ < 5) {
        const idAt = data.lastIndexOf(EVENT_ID, i);
        const id = idAt === -1 ? '?' : data.toString('latin1', idAt + EVENT_ID.length, data.indexOf(0x0a, idAt + 1));
        console.error(
          `${new Date().toISOString()} ${stream.spec.instance}: ${SOAK_KINDS[kind]} slot went back to ${formatSoakMarker(marker)} (event id ${id}) after ${formatSoakMarker(latest)} (last event id before: ${stream.lastEventId})`,
        );
      }
    } else stream.maxPerKind[kind] = marker;
  }
  const at = data.lastIndexOf(EVENT_ID);
  if (at !== -1) {
    const end = data.indexOf(0x0a, at + EVENT_ID.length);
    if (end !== -1) stream.lastEventId = data.toString('latin1', at + EVENT_ID.length, end);
  }
}

function onBody(stream: Stream, chunk: Buffer) {
  const data = stream.tail ? Buffer.concat([stream.tail, chunk]) : chunk;
  const fresh = stream.tail ? stream.tail.length : 0;
  if (stream.state === 'connecting') {
    const retry = /(?:^|\n)retry: (\d+)\n/.exec(data.toString('latin1', 0, Math.min(data.length, 64)));
    if (retry) stream.retryMs = Number(retry[1]);
    if (data.indexOf(STATUS_EVENT) !== -1) {
      stream.state = 'open';
      stream.spans.push(monotonicMs(), Infinity);
      instanceStats(stream.spec.instance).open++;
    }
  }
  scanMarkers(stream, data, fresh);
  stream.tail = Buffer.from(data.subarray(Math.max(0, data.length - TAIL)));
}

function connect(stream: Stream, onSettled?: (ok: boolean) => void) {
  if (stopping) return onSettled?.(false);
  const { spec } = stream;
  const stats = instanceStats(spec.instance);
  stream.state = 'connecting';
  stream.head = null;
  stream.headersDone = false;
  stream.tail = null;
  let settled = false;
  const settle = (ok: boolean) => {
    if (settled) return;
    settled = true;
    onSettled?.(ok);
  };
  const socket = net.connect({ host: spec.host, port: spec.port, localAddress: spec.localAddress });
  stream.socket = socket;
  socket.setNoDelay(true);
  socket.on('connect', () => {
    const lastId = stream.lastEventId ? `Last-Event-ID: ${stream.lastEventId}\r\n` : '';
    socket.write(
      `GET /api/status/stream HTTP/1.1\r\nHost: ${spec.host}:${spec.port}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n${lastId}\r\n`,
    );
  });
  socket.on('data', (chunk: Buffer) => {
    if (!stream.headersDone) {
      stream.head = stream.head ? Buffer.concat([stream.head, chunk]) : chunk;
      const end = stream.head.indexOf(HEADER_END);
      if (end === -1) return;
      const status = stream.head.toString('latin1', 9, 12);
      if (status !== '200') {
        stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
        const after = /\r\nretry-after: (\d+)/i.exec(stream.head.toString('latin1', 0, end));
        if (after) stream.retryMs = Math.max(stream.retryMs, Number(after[1]) * 1000);
        socket.destroy();
        return;
      }
      const body = stream.head.subarray(end + HEADER_END.length);
      stream.head = null;
      stream.headersDone = true;
      stats.connects++;
      chunk = body;
      if (!chunk.length) return;
    }
    const wasConnecting = stream.state === 'connecting';
    onBody(stream, chunk);
    if (wasConnecting && stream.state === 'open') settle(true);
  });
  socket.on('error', () => {
    if (!stream.headersDone) stats.networkErrors++;
  });
  socket.on('close', () => {
    if (stream.socket !== socket) return;
    stream.socket = null;
    if (stream.state === 'open') {
      stats.open--;
      stream.spans[stream.spans.length - 1] = monotonicMs();
    }
    settle(false);
    if (stopping || stream.state === 'closed') return;
    // EventSource: wait `retry` (plus jitter, so thousands do not come back in one instant) and reconnect.
    stream.state = 'waiting';
    stats.waiting++;
    stream.timer = setTimeout(
      () => {
        stream.timer = null;
        stats.waiting--;
        stats.reconnects++;
        connect(stream);
      },
      stream.retryMs + Math.random() * RETRY_JITTER_MS,
    );
  });
}

async function openMany(specs: StreamSpec[], concurrency: number) {
  stopping = false;
  const started = monotonicMs();
  // One iterator shared by the workers: each takes the next spec not yet taken.
  const queue = specs.values();
  let failed = 0;
  let lastReport = started;
  const worker = async () => {
    for (const spec of queue) {
      const stream: Stream = {
        spec,
        socket: null,
        state: 'connecting',
        head: null,
        headersDone: false,
        tail: null,
        retryMs: 2000,
        lastEventId: null,
        seen: new Uint8Array(256),
        maxPerKind: new Int32Array(SOAK_KINDS.length).fill(-1),
        spans: [],
        timer: null,
      };
      streams.push(stream);
      const ok = await new Promise<boolean>((resolve) => connect(stream, resolve));
      if (!ok) failed++;
      if (monotonicMs() - lastReport > 2000) {
        lastReport = monotonicMs();
        process.send?.({ type: 'progress', open: openTotal(), failed });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, specs.length) }, worker));
  return { open: openTotal(), failed, ms: monotonicMs() - started };
}

const openTotal = () => streams.filter((s) => s.state === 'open').length;

function stats() {
  return Object.fromEntries(byInstance);
}

/** Per instance: open streams, and how many show at least the expected marker in every slot. */
function converged(expected: number[]) {
  const out: Record<string, { open: number; current: number; behind: number[] }> = {};
  for (const s of streams) {
    const entry = (out[s.spec.instance] ??= { open: 0, current: 0, behind: [] });
    if (s.state !== 'open') continue;
    entry.open++;
    let ok = true;
    for (const [k, want] of expected.entries()) {
      const have = s.maxPerKind[k];
      if (want >= 0 && have !== undefined && have < want) {
        ok = false;
        if (entry.behind.length < 5) entry.behind.push(have);
      }
    }
    if (ok) entry.current++;
  }
  return out;
}

/**
 * Which accepted changes a stream missed. A change must reach a stream whose connection was open
 * before the change was sent and stayed open `graceMs` after it was answered, unless its instance
 * was deliberately broken meanwhile, or the next report to the same slot came so soon that the
 * server may have published only the newer one.
 */
function verify({ markers, faults, graceMs }: VerifyRequest): VerifyResult {
  const phases: VerifyResult['phases'] = {};
  const missed = new Set<string>();
  const now = monotonicMs();
  for (const m of markers) {
    for (const instance of byInstance.keys()) {
      const entry = ((phases[m.phase] ??= {})[instance] ??= {
        markers: 0,
        required: 0,
        missing: 0,
        distinctMissed: 0,
        markersMissed: [],
      });
      entry.markers++;
    }
  }
  for (const s of streams) {
    const instanceFaults = faults[s.spec.instance] ?? [];
    for (const m of markers) {
      const until = m.answeredAt + graceMs;
      if (until > now) continue;
      if (m.nextSameKindSentAt !== null && m.nextSameKindSentAt < m.answeredAt + 300) continue;
      if (instanceFaults.some(([from, to]) => from < until && to > m.sentAt - 1000)) continue;
      let covered = false;
      for (let i = 0; i + 1 < s.spans.length; i += 2)
        if (s.spans[i]! <= m.sentAt && s.spans[i + 1]! >= until) covered = true;
      if (!covered) continue;
      // Made above for every instance, and every stream's instance has stats from its first connect.
      const entry = phases[m.phase]?.[s.spec.instance];
      if (!entry) throw new Error(`no counts for phase ${m.phase} on ${s.spec.instance}`);
      entry.required++;
      if (!hasSeen(s, m.marker)) {
        entry.missing++;
        const key = `${s.spec.instance}/${m.marker}`;
        if (!missed.has(key)) {
          missed.add(key);
          entry.distinctMissed++;
        }
        if (!entry.markersMissed.includes(m.marker) && entry.markersMissed.length < 20)
          entry.markersMissed.push(m.marker);
      }
    }
  }
  return { phases };
}

// ─── Misbehaving clients ──────────────────────────────────────────────────────────────────────

const churnSockets = new Set<net.Socket>();
let stalled = 0;

function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('nothing to pick from: the list is empty');
  return item;
}
const between = ([low, high]: [number, number]) => low + Math.random() * (high - low);

const STREAM_REQUEST = (host: string, port: number) =>
  `GET /api/status/stream HTTP/1.1\r\nHost: ${host}:${port}\r\nAccept: text/event-stream\r\n\r\n`;

async function churn(options: ChurnOptions): Promise<ChurnResult> {
  const result: ChurnResult = { started: {}, statuses: {}, errors: 0 };
  const deadline = monotonicMs() + options.durationMs;
  const gapMs = 1000 / options.perSecond;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const one = () => {
    const target = pick(options.targets);
    const behaviours = [
      'vanish-at-connect',
      'vanish-mid-request',
      'vanish-after-headers',
      'leave-after-frame',
      'slow-body',
    ];
    if (stalled < options.maxStalled) behaviours.push('stall', 'stall');
    const behaviour = pick(behaviours);
    result.started[behaviour] = (result.started[behaviour] ?? 0) + 1;
    const socket = net.connect({ host: target.host, port: target.port, localAddress: pick(options.addresses) });
    churnSockets.add(socket);
    let head = '';
    let counted = false;
    const countStatus = () => {
      if (counted) return;
      const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1];
      if (status === undefined) return;
      counted = true;
      result.statuses[status] = (result.statuses[status] ?? 0) + 1;
    };
    const vanish = () => {
      churnSockets.delete(socket);
      socket.resetAndDestroy();
    };
    socket.on('error', () => undefined);
    socket.on('close', () => {
      churnSockets.delete(socket);
      if (behaviour === 'stall') stalled--;
    });
    if (behaviour === 'stall') stalled++;
    socket.on('connect', () => {
      switch (behaviour) {
        case 'vanish-at-connect':
          return vanish();
        case 'vanish-mid-request':
          socket.write('GET /api/status/stream HTTP/1.1\r\nHost: ');
          return later(between([100, 1500]), vanish);
        case 'vanish-after-headers':
        case 'leave-after-frame':
          socket.write(STREAM_REQUEST(target.host, target.port));
          socket.on('data', (chunk: Buffer) => {
            head += chunk.toString('latin1');
            if (!head.includes('\r\n\r\n')) return;
            countStatus();
            if (behaviour === 'vanish-after-headers') vanish();
            else if (head.includes('event: status')) {
              socket.end();
              later(500, vanish);
            }
          });
          return;
        case 'stall':
          // Asks for the stream, reads nothing more, and disappears later without a word.
          socket.write(STREAM_REQUEST(target.host, target.port));
          socket.once('data', (chunk: Buffer) => {
            head += chunk.toString('latin1');
            countStatus();
            socket.pause();
          });
          return later(between(options.stallMs), vanish);
        case 'slow-body':
          // A report that never finishes arriving, with a wrong token.
          socket.write(
            `POST /api/status HTTP/1.1\r\nHost: ${target.host}:${target.port}\r\nAuthorization: Bearer soak-wrong-token\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{"kind":"man`,
          );
          socket.on('data', (chunk: Buffer) => {
            head += chunk.toString('latin1');
            countStatus();
          });
          return later(between([2000, 8000]), vanish);
      }
    });
  };
  while (monotonicMs() < deadline && !stopping) {
    try {
      one();
    } catch {
      result.errors++;
    }
    await new Promise((r) => setTimeout(r, gapMs));
  }
  for (const t of timers) clearTimeout(t);
  for (const socket of churnSockets) socket.resetAndDestroy();
  churnSockets.clear();
  stalled = 0;
  return result;
}

function closeAll() {
  stopping = true;
  for (const s of streams) {
    if (s.timer) clearTimeout(s.timer);
    s.state = 'closed';
    // RST, not FIN: no TIME_WAIT pile-up, and the server sees the client vanish.
    s.socket?.resetAndDestroy();
  }
  streams.length = 0;
  byInstance.clear();
  for (const socket of churnSockets) socket.resetAndDestroy();
  churnSockets.clear();
}

async function handle(command: SoakCommand): Promise<unknown> {
  switch (command.cmd) {
    case 'open':
      return openMany(command.streams, command.concurrency);
    case 'stats':
      return stats();
    case 'converged':
      return converged(command.expected);
    case 'verify':
      return verify(command.request);
    case 'churn':
      return churn(command.options);
    case 'close':
      return closeAll();
    case 'exit':
      closeAll();
      setImmediate(() => process.exit(0));
      return null;
  }
}

answerCommands(handle);
