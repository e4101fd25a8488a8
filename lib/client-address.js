// Who is asking: the address every per-client limit (streams, login attempts) is keyed on.
//
// A client can write any X-Forwarded-For it likes, so that header is believed only when the
// connection itself comes from a proxy the owner named in NOWLINE_TRUSTED_PROXY, and then only up
// to the first address that is not such a proxy. On Vercel the platform's own header is used (Vercel
// overwrites it). Otherwise the answer is the socket's address.
//
// Next's request handler does not expose the socket, so the production server (scripts/server.js)
// stamps the peer address into PEER_ADDRESS_HEADER on every request, overwriting whatever a client
// sent under that name. Plain JavaScript: scripts/server.js imports it outside the bundle.
import { BlockList, isIP } from 'node:net';

export const PEER_ADDRESS_HEADER = 'x-nowline-peer-address';

/** `::ffff:127.0.0.1` → `127.0.0.1`, so one client has one key whatever the socket family. */
export function normalizeAddress(address) {
  if (!address) return '';
  const trimmed = address.trim().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped ? mapped[1] : trimmed.toLowerCase();
}

/**
 * The key a per-client limit counts under: the address itself, but an IPv6 client by its prefix
 * (/64 by default: one host or home usually holds it whole; it could otherwise take a fresh address
 * per request). `prefixBits` is a multiple of 16 (the login throttle uses /48: tunnel brokers hand
 * those out free, and a /48 holds 65,536 /64s).
 */
export function limitKeyOf(address, prefixBits = 64) {
  if (isIP(address) !== 6) return address || 'unknown';
  const lower = address.toLowerCase();
  const [head, tail = ''] = lower.split('::');
  const left = head ? head.split(':') : [];
  const right = lower.includes('::') && tail ? tail.split(':') : [];
  const groups = lower.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, Math.ceil(prefixBits / 16))
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/${prefixBits}`;
}

/**
 * NOWLINE_TRUSTED_PROXY: a comma-separated list of addresses or CIDR ranges (`127.0.0.1`,
 * `10.0.0.0/8`, `fd00::/8`). Returns null when unset; throws a message naming the bad entry.
 */
export function parseTrustedProxies(value) {
  if (!value || !value.trim()) return null;
  const list = new BlockList();
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const prefix = bits === undefined ? undefined : Number(bits);
    const maxBits = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (prefix !== undefined && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= maxBits))) {
      throw new Error(`NOWLINE_TRUSTED_PROXY: "${entry}" is not an IP address or CIDR range`);
    }
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  }
  return list;
}

function isTrusted(list, address) {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

let cachedSetting;
let cachedList = null;
function trustedProxies() {
  const setting = process.env.NOWLINE_TRUSTED_PROXY ?? '';
  if (setting !== cachedSetting) {
    cachedList = parseTrustedProxies(setting);
    cachedSetting = setting;
  }
  return cachedList;
}

/** Whether this socket address is a proxy named in NOWLINE_TRUSTED_PROXY (whose headers may be believed). */
export function isTrustedProxy(address) {
  const proxies = trustedProxies();
  const normalized = normalizeAddress(address);
  return Boolean(proxies && normalized && isTrusted(proxies, normalized));
}

/** What resolveClientAddress answers when the request shows no IP address. */
export const UNKNOWN_ADDRESS = 'unknown';

/**
 * The client's address from what the request carries (an IP address, or UNKNOWN_ADDRESS).
 * @param {{ peer?: string | null, forwardedFor?: string | null, vercelForwardedFor?: string | null }} parts
 */
export function resolveClientAddress({ peer, forwardedFor, vercelForwardedFor }) {
  // Only an IP address is an answer: a forged peer header such as `*` must not become a limit key.
  const ipOrUnknown = (value) => (isIP(value) ? value : UNKNOWN_ADDRESS);
  if (process.env.VERCEL && vercelForwardedFor) return ipOrUnknown(normalizeAddress(vercelForwardedFor.split(',')[0]));
  const socket = isIP(normalizeAddress(peer)) ? normalizeAddress(peer) : '';
  const proxies = trustedProxies();
  if (!proxies || !socket || !isTrusted(proxies, socket) || !forwardedFor) return socket || UNKNOWN_ADDRESS;
  // Right to left: each trusted hop vouches for the one before it; the first untrusted is the client.
  const hops = forwardedFor.split(',').map(normalizeAddress).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isTrusted(proxies, hops[i])) return isIP(hops[i]) ? hops[i] : socket || UNKNOWN_ADDRESS;
  }
  return ipOrUnknown(hops[0] ?? socket);
}

/** For a node:http request (the fast lane). */
export function clientAddressOfNodeRequest(req) {
  const header = (name) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(',') : (value ?? null);
  };
  return resolveClientAddress({
    peer: req.socket.remoteAddress ?? null,
    forwardedFor: header('x-forwarded-for'),
    vercelForwardedFor: header('x-vercel-forwarded-for'),
  });
}

/** For a web Request or Next's headers() (route handlers, server actions). */
export function clientAddressOfHeaders(headers) {
  return resolveClientAddress({
    peer: headers.get(PEER_ADDRESS_HEADER),
    forwardedFor: headers.get('x-forwarded-for'),
    vercelForwardedFor: headers.get('x-vercel-forwarded-for'),
  });
}
