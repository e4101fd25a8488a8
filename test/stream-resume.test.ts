// A client reconnecting with Last-Event-ID, over real HTTP on the production server's fast lane.
// The contract (README, lib/status/stream.ts): every event carries the full state, so whatever id
// comes back it gets the current snapshot once, at once, and then each change: no replay, no
// duplicate, no refusal.
import { describe, expect, it } from 'vitest';
import { reportActivities } from '@/lib/status/store';
import { withFastLaneAndToken } from './support/fast-lane-server';
import { openStream } from './support/sse.js';

const ctx = withFastLaneAndToken();

const cases: [string, (current: number) => string][] = [
  ['the current version', (current) => String(current)],
  ['an older version', (current) => String(current - 1)],
  ['a version from the future', (current) => String(current + 1000)],
  ['garbage', () => 'not a version'],
];

describe('GET /api/status/stream with Last-Event-ID', () => {
  for (const [name, lastEventId] of cases) {
    it(`sends the current snapshot once for ${name}, then the next change`, async () => {
      await reportActivities([{ kind: 'app', name: 'Figma' }], 'api');
      // A stream opened before the change sees it published: the reconnect below comes after that.
      // (One opened between a commit and its coalesced publish gets that snapshot twice.)
      const watcher = await openStream(`${ctx.lane.baseUrl}/api/status/stream`);
      await watcher.waitFor((e) => e.event === 'status');
      const { version } = await reportActivities([{ kind: 'app', name: 'Missed while away' }], 'api');
      await watcher.waitFor((e) => e.id === String(version));
      watcher.close();
      const stream = await openStream(`${ctx.lane.baseUrl}/api/status/stream`, { 'Last-Event-ID': lastEventId(version) });
      try {
        expect(stream.status).toBe(200);
        const first = await stream.waitFor((e) => e.event === 'status');
        expect(first.id).toBe(String(version));
        expect(JSON.parse(first.data)).toMatchObject({ version, headline: { kind: 'app', name: 'Missed while away' } });
        // The next change is the next event: nothing was replayed or sent twice in between.
        const next = await reportActivities([{ kind: 'app', name: 'Back' }], 'api');
        await stream.waitFor((e) => e.id === String(next.version));
        expect(stream.events.map((e) => e.id)).toEqual([String(version), String(next.version)]);
      } finally {
        stream.close();
      }
    });
  }
});
