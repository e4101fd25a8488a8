// An SSE client that follows the EventSource parsing rules (fields, blank-line dispatch, comments,
// id, retry) over fetch, so tests can send Last-Event-ID and see every frame and comment.

/**
 * Opens `url` as an event stream. `events` and `comments` fill as frames arrive; `closed` resolves
 * when the stream ends (`endedByServer` then says whether the server ended it).
 */
export async function openStream(url, headers = {}) {
  const controller = new AbortController();
  const openedAt = performance.now();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events = [];
  const comments = [];
  const waiters = new Set();
  const conn = {
    events,
    comments,
    retry: undefined,
    status: res.status,
    headers: res.headers,
    endedByServer: false,
    endedAfterMs: undefined,
    close: () => controller.abort(),
    closed: Promise.resolve(),
    waitFor(predicate, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = events.find(predicate);
          if (hit) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(hit);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms (got ${events.length})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };

  conn.closed = (async () => {
    if (!res.body) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let data = [];
    let event = '';
    let id;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          conn.endedByServer = true;
          break;
        }
        buffer += value;
        let newline;
        while ((newline = buffer.search(/\r\n|\r|\n/)) !== -1) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
          if (line === '') {
            if (data.length) {
              events.push({ id, event: event || 'message', data: data.join('\n'), receivedAt: performance.now() });
              for (const w of [...waiters]) w();
            }
            data = [];
            event = '';
            continue;
          }
          if (line.startsWith(':')) {
            comments.push(line.slice(1).trim());
            continue;
          }
          const colon = line.indexOf(':');
          const field = colon === -1 ? line : line.slice(0, colon);
          const val = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'data') data.push(val);
          else if (field === 'event') event = val;
          else if (field === 'id') id = val;
          else if (field === 'retry' && /^\d+$/.test(val)) conn.retry = Number(val);
        }
      }
    } catch {
      // aborted by us
    }
    conn.endedAfterMs = performance.now() - openedAt;
  })();
  return conn;
}

/** Reads a stream until the server ends it, or until `timeoutMs` (then `endedByServer` is false). */
export async function readStream(url, timeoutMs, headers = {}) {
  const conn = await openStream(url, headers);
  const timer = setTimeout(conn.close, timeoutMs);
  await conn.closed;
  clearTimeout(timer);
  return conn;
}
