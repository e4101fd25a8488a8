// How long the production server (scripts/server.js) waits for a client's request, instead of
// Node's minutes: a slow head or body must not hold a connection. A stream's request has no body,
// so its timer ends with the head; the stream itself is not limited by these.

/** @param {Record<string, string | undefined>} env */
export function serverTimeouts(env = process.env) {
  const seconds = (name, fallback) => {
    const raw = env[name];
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of seconds, not "${raw}"`);
    return Math.round(value * 1000);
  };
  const requestTimeout = seconds('NOWLINE_REQUEST_TIMEOUT_SECONDS', 20);
  // Node refuses a headers timeout longer than the request timeout.
  const headersTimeout = Math.min(seconds('NOWLINE_HEADERS_TIMEOUT_SECONDS', 10), requestTimeout);
  // Idle keep-alive connections; behind a load balancer, set it above the balancer's idle timeout.
  const keepAliveTimeout = seconds('NOWLINE_KEEP_ALIVE_TIMEOUT_SECONDS', 5);
  // Node checks these timers on this interval (30 s by default), so check every second.
  return { requestTimeout, headersTimeout, keepAliveTimeout, connectionsCheckingInterval: 1000 };
}

/** A request's path without its query string (which may carry a reporter token, ?api_key=, ?token=, so logs show only this). */
export function pathForLog(url = '') {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
