// GET /api/health on a real SQLite database: every field, with its value or type, as monitors and
// the multi-instance tests read them.
import { describe, expect, it } from 'vitest';
import { GET } from '@/app/api/health/route';
import { GET as openStream } from '@/app/api/status/stream/route';
import { subscribe } from '@/lib/status/bus';
import { reportActivities } from '@/lib/status/store';
import { resetAppGlobals, withTempSqlite } from './support/database';
import { recordingClient } from './support/sse-client';

withTempSqlite();

const health = async () => {
  const res = await GET();
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> };
};

describe('GET /api/health', () => {
  it('answers ok with the database, the version, the streams and the heartbeat', async () => {
    const empty = await health();
    expect(empty.status).toBe(200);
    expect(empty.type).toContain('application/json');
    expect(empty.body).toEqual({ ok: true, database: 'sqlite', version: 0, subscribers: 0, streams: 0, heartbeatRunning: false, listener: null });

    const { version } = await reportActivities([{ kind: 'app', name: 'Figma' }], 'api');
    const stream = (await openStream(new Request('http://localhost/api/status/stream'))).body!.getReader();
    await stream.read(); // the stream is open and subscribed
    // A listener on the bus that holds no stream slot: `subscribers` and `streams` count apart.
    const off = subscribe(recordingClient().client);
    expect(version).toBeGreaterThan(0);
    expect((await health()).body).toEqual({ ok: true, database: 'sqlite', version, subscribers: 2, streams: 1, heartbeatRunning: true, listener: null });
    off();
    await stream.cancel();
    expect((await health()).body).toMatchObject({ subscribers: 0, streams: 0, heartbeatRunning: false });
  });

  it('answers 503 with ok: false and no version when the database cannot be read', async () => {
    process.env.DATABASE_URL = 'file:/nonexistent-folder/for-sure/nowline.db';
    resetAppGlobals();
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toEqual({
      ok: false,
      database: 'sqlite',
      version: null,
      subscribers: 0,
      streams: 0,
      heartbeatRunning: false,
      listener: null,
      error: 'database unreachable',
    });
  });
});
