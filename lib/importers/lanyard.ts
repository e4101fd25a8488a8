// Discord presence through Lanyard's WebSocket (https://github.com/Phineas/lanyard#socket-docs):
// Hello (op 1) gives the heartbeat interval, we subscribe to one user (op 2) and heartbeat (op 3);
// INIT_STATE and then every PRESENCE_UPDATE (op 0) carry the whole presence. One call is one
// connection: the runner reconnects with backoff after onClose.
import WebSocket from 'ws';
import { lanyardPresenceToInputs } from './lanyard-presence';
import { ImporterFetchError, ImporterSetupError, type LanyardConfig, type PushConnection, type PushHandlers } from './types';

export { lanyardPresenceToInputs } from './lanyard-presence';

export const LANYARD_DEFAULT_URL = 'wss://api.lanyard.rest/socket';
/** A Discord user id: a snowflake, 17–20 digits. */
export const DISCORD_USER_ID = /^\d{17,20}$/;
const CONNECT_TIMEOUT_MS = 10_000;
/** Lanyard asks for 30 s; a mirror's answer is kept within reason (short ones are for tests). */
const MIN_HEARTBEAT_MS = 10;
const MAX_HEARTBEAT_MS = 10 * 60_000;
/** A presence carries the owner's Lanyard KV store (up to 512 values of 30,000 characters). */
const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
const JOIN_LANYARD = 'join discord.gg/lanyard with that Discord account (Lanyard only sees members of its server)';

/** Lanyard's own close codes (lib/socket/socket_handler.ex): each means a message it could not take. */
const LANYARD_CLOSE_CODES: Record<number, string> = {
  4004: 'unknown opcode',
  4005: 'Initialize needs a data object',
  4006: 'invalid payload',
};

export interface LanyardOptions extends PushHandlers {
  /** The socket's address: LANYARD_DEFAULT_URL, a self-hosted Lanyard or a test's stand-in. */
  url: string;
  /** Hello and INIT_STATE must both arrive within this (10 s by default). */
  connectTimeoutMs?: number;
}

function closeError(code: number, reason: string): ImporterFetchError {
  const meaning = LANYARD_CLOSE_CODES[code];
  const said = reason ? ` "${reason.slice(0, 100)}"` : '';
  if (meaning) return new ImporterFetchError(`Lanyard closed the connection: ${meaning} (${code}${said})`);
  return new ImporterFetchError(`Lanyard closed the connection (${code}${said})`);
}

/** A connection that never opened: the setup problem reaches onClose on a later tick, unless close() comes first. */
function failLater(problem: string, onClose: PushHandlers['onClose']): PushConnection {
  let closed = false;
  const end = (error: ImporterSetupError | null) => {
    if (closed) return;
    closed = true;
    onClose(error);
  };
  queueMicrotask(() => end(new ImporterSetupError(problem)));
  return { close: () => end(null) };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Opens one connection and reports the owner's presence through `onPresence`. Never throws: a user
 * id that is not a snowflake or a URL that is not ws(s) reaches `onClose` as an ImporterSetupError
 * on a later tick, like every other failure. `onClose` is called exactly once; after `close()` it is
 * called with null, before `close()` returns, and nothing else is reported.
 */
export function connectLanyard(config: LanyardConfig, options: LanyardOptions): PushConnection {
  const { onPresence, onClose } = options;
  const userId = config.userId.trim();
  if (!DISCORD_USER_ID.test(userId)) {
    return failLater(
      'The Discord user id must be 17 to 20 digits (in Discord: Settings → Advanced → Developer Mode, then right-click your name → Copy User ID).',
      onClose,
    );
  }
  const timeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  let ws: WebSocket;
  try {
    if (!/^wss?:\/\//i.test(options.url)) throw new Error('it must start with ws:// or wss://');
    ws = new WebSocket(options.url, { handshakeTimeout: timeoutMs, maxPayload: MAX_MESSAGE_BYTES });
  } catch (error) {
    return failLater(`The Lanyard socket URL is not usable: ${(error as Error).message}.`, onClose);
  }

  let finished = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let initialized = false;
  /**
   * Heartbeats sent since Lanyard was last heard. It is silent between presences but answers each
   * beat's ping; two unanswered beats in a row (not one: a busy event loop can read a pong late) end it.
   */
  let unansweredBeats = 0;
  const finish = (error: ImporterSetupError | ImporterFetchError | null) => {
    if (finished) return;
    finished = true;
    clearTimeout(connectTimer);
    clearInterval(heartbeat);
    if (ws.readyState === WebSocket.OPEN) ws.close(1000);
    else if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
    onClose(error);
  };
  const connectTimer = setTimeout(() => finish(new ImporterFetchError(`Lanyard did not send the presence within ${timeoutMs / 1000} s`)), timeoutMs);
  const send = (message: object) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  };

  const startHeartbeat = (data: Record<string, unknown> | undefined) => {
    const interval = data?.heartbeat_interval;
    if (typeof interval !== 'number' || !Number.isFinite(interval)) {
      return finish(new ImporterFetchError('Lanyard sent Hello without a heartbeat interval'));
    }
    heartbeat = setInterval(
      () => {
        if (unansweredBeats >= 2) {
          return finish(new ImporterFetchError(`Lanyard stopped answering (nothing for ${Math.round((2 * interval) / 1000)} s)`));
        }
        unansweredBeats++;
        send({ op: 3 });
        // Lanyard never answers op 3; the ping's pong is what shows the connection is alive.
        ws.ping();
      },
      Math.min(Math.max(interval, MIN_HEARTBEAT_MS), MAX_HEARTBEAT_MS),
    );
    send({ op: 2, d: { subscribe_to_id: userId } });
  };

  const receive = (message: Record<string, unknown>) => {
    if (message.op === 1) {
      if (heartbeat === undefined) startHeartbeat(record(message.d));
      return;
    }
    if (message.op !== 0) return;
    const presence = record(message.d);
    if (message.t === 'INIT_STATE') {
      // For a user Lanyard does not monitor, INIT_STATE is an empty object; no update follows.
      if (!presence || Object.keys(presence).length === 0) {
        return finish(new ImporterSetupError(`Lanyard does not see Discord user ${userId}: ${JOIN_LANYARD}.`));
      }
      initialized = true;
      clearTimeout(connectTimer);
      onPresence(lanyardPresenceToInputs(presence, Date.now()));
    } else if (message.t === 'PRESENCE_UPDATE' && initialized && presence) {
      const user = record(presence.discord_user);
      if (user?.id === undefined || user.id === userId) onPresence(lanyardPresenceToInputs(presence, Date.now()));
    }
  };

  ws.on('message', (data, isBinary) => {
    unansweredBeats = 0;
    if (finished) return;
    let message: unknown;
    try {
      // Text frames only: binary ones are zlib, which we never ask for.
      message = isBinary ? undefined : JSON.parse(data.toString());
    } catch {
      message = undefined;
    }
    const fields = record(message);
    if (!fields) return finish(new ImporterFetchError('Lanyard sent a message that is not a JSON object'));
    receive(fields);
  });
  ws.on('pong', () => {
    unansweredBeats = 0;
  });
  ws.on('close', (code, reason) => finish(closeError(code, reason.toString())));
  ws.on('error', (error) => finish(new ImporterFetchError(`Lanyard connection failed: ${error.message}`)));
  return { close: () => finish(null) };
}
