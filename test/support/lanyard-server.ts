// A stand-in for Lanyard's socket (wss://api.lanyard.rest/socket), speaking what its
// lib/socket/socket_handler.ex speaks: Hello (op 1) on connect, Initialize (op 2) answered with
// INIT_STATE, heartbeats (op 3) taken silently, Unsubscribe (op 4), and the closes 4004 unknown_opcode,
// 4005 requires_data_object, 4006 invalid_payload. As there, a user it does not monitor is not an
// error: `subscribe_to_id` then gets INIT_STATE with an empty object and never an update.
//
//   const lanyard = await startLanyardServer({ heartbeatIntervalMs: 50 });
//   lanyard.setPresence(LANYARD_USER_ID, lanyardPresence({ activities: [...] }));
//   connectLanyard({ userId: LANYARD_USER_ID }, { url: lanyard.url, onPresence, onClose });
//   lanyard.setPresence(LANYARD_USER_ID, ...);   // PRESENCE_UPDATE to its subscribers
//   await lanyard.close();
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** The user id in Lanyard's README (its author's). */
export const LANYARD_USER_ID = '94490510688792576';

/** What the stand-in heard: every client message, in order, with the connection it came on (from 1). */
export interface LanyardReceived {
  connection: number;
  op: unknown;
  d?: unknown;
}

export interface LanyardServer {
  /** ws://127.0.0.1:<port>/socket */
  url: string;
  /** Sent in each new connection's Hello; Lanyard's is 30 000. Settable between connections. */
  heartbeatIntervalMs: number;
  received: LanyardReceived[];
  /** Connections open now. */
  readonly openConnections: number;
  /** Monitors the user (or updates them) and sends PRESENCE_UPDATE to their subscribers; null stops monitoring. */
  setPresence(userId: string, presence: Record<string, unknown> | null): void;
  /** Sends this text frame to every open connection as it is (a message Lanyard would never send). */
  sendRaw(text: string): void;
  /** Cuts every connection without a close frame (the client sees 1006). */
  dropConnections(): void;
  /** Closes every connection with this code, as Lanyard does for a message it refuses. */
  closeConnections(code: number, reason: string): void;
  /** Stops reading every open connection: no pongs, no messages handled (a half-open link). */
  stopAnswering(): void;
  close(): Promise<void>;
}

/**
 * A presence in Lanyard's shape (its PrettyPresence defaults: offline, no activities), for the
 * README's user unless `discord_user` says otherwise.
 */
export function lanyardPresence(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    discord_user: { id: LANYARD_USER_ID, username: 'Phineas', avatar: 'a_7484f82375f47a487f41650f36d30318', public_flags: 131584 },
    discord_status: 'online',
    active_on_discord_web: false,
    active_on_discord_desktop: true,
    active_on_discord_mobile: false,
    active_on_discord_embedded: false,
    active_on_discord_vr: false,
    listening_to_spotify: false,
    spotify: null,
    activities: [],
    kv: {},
    ...fields,
  };
}

interface Client {
  number: number;
  socket: WebSocket;
  /** Subscribed users; 'all' for subscribe_to_all. */
  users: Set<string> | 'all';
}

export async function startLanyardServer(options: { heartbeatIntervalMs?: number; host?: string } = {}): Promise<LanyardServer> {
  const host = options.host ?? '127.0.0.1';
  const server = new WebSocketServer({ host, port: 0, path: '/socket' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const presences = new Map<string, Record<string, unknown>>();
  const clients = new Set<Client>();
  const received: LanyardReceived[] = [];
  let connections = 0;

  const send = (client: Client, message: object) => client.socket.send(JSON.stringify(message));
  // In Lanyard's order: subscribe_to_ids, then subscribe_to_id, then subscribe_to_all; null for none.
  const initialState = (d: Record<string, unknown>, client: Client): Record<string, unknown> | null => {
    const subscribe = (ids: string[]) => {
      const known = ids.filter((id) => presences.has(id));
      if (client.users !== 'all') for (const id of known) client.users.add(id);
      return known;
    };
    if ('subscribe_to_ids' in d) {
      const known = subscribe(Array.isArray(d.subscribe_to_ids) ? d.subscribe_to_ids.map(String) : []);
      return Object.fromEntries(known.map((id) => [id, presences.get(id)]));
    }
    if ('subscribe_to_id' in d) return subscribe([String(d.subscribe_to_id)]).length ? presences.get(String(d.subscribe_to_id))! : {};
    if (d.subscribe_to_all !== true) return null;
    client.users = 'all';
    return Object.fromEntries(presences);
  };

  const handle = (client: Client, text: string) => {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(text);
      if (message === null || typeof message !== 'object' || Array.isArray(message)) throw new Error('not an object');
    } catch {
      return client.socket.close(4006, 'invalid_payload');
    }
    received.push({ connection: client.number, op: message.op, ...('d' in message && { d: message.d }) });
    const d = message.d !== null && typeof message.d === 'object' && !Array.isArray(message.d) ? (message.d as Record<string, unknown>) : undefined;
    if (message.op === 2) {
      if (!d || Object.keys(d).length === 0) return client.socket.close(4005, 'requires_data_object');
      const state = initialState(d, client);
      if (state === null) return client.socket.close(4006, 'invalid_payload');
      send(client, { op: 0, t: 'INIT_STATE', d: state });
    } else if (message.op === 4) {
      const ids = d?.unsubscribe_from_all === true ? [...presences.keys()] : [d?.unsubscribe_from_id, ...(Array.isArray(d?.unsubscribe_from_ids) ? d.unsubscribe_from_ids : [])];
      if (d?.unsubscribe_from_all === true) client.users = new Set();
      else if (client.users !== 'all') for (const id of ids) client.users.delete(String(id));
    } else if (message.op !== 3) {
      client.socket.close(4004, 'unknown_opcode');
    }
  };

  server.on('connection', (socket) => {
    const client: Client = { number: ++connections, socket, users: new Set() };
    clients.add(client);
    socket.on('message', (data) => handle(client, data.toString()));
    socket.on('close', () => clients.delete(client));
    socket.on('error', () => clients.delete(client));
    send(client, { op: 1, d: { heartbeat_interval: stand.heartbeatIntervalMs } });
  });

  const stand: LanyardServer = {
    url: `ws://${host}:${(server.address() as AddressInfo).port}/socket`,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 30_000,
    received,
    get openConnections() {
      return clients.size;
    },
    setPresence(userId, presence) {
      if (presence === null) {
        presences.delete(userId);
        return;
      }
      presences.set(userId, presence);
      for (const client of clients) {
        if (client.users === 'all' || client.users.has(userId)) send(client, { op: 0, t: 'PRESENCE_UPDATE', d: presence });
      }
    },
    sendRaw(text) {
      for (const client of clients) client.socket.send(text);
    },
    dropConnections() {
      for (const client of clients) client.socket.terminate();
    },
    closeConnections(code, reason) {
      for (const client of clients) client.socket.close(code, reason);
    },
    stopAnswering() {
      for (const client of clients) client.socket.pause();
    },
    close() {
      for (const client of clients) client.socket.terminate();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return stand;
}
