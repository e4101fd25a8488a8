'use client';

import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import useSWRSubscription from 'swr/subscription';
import { createServerClock, type ServerClock, withClientExpiry } from '@/lib/status/client-view';
import { nextExpiry, STATUS_EVENT, STATUS_STREAM_URL } from '@/lib/status/live';
import type { Snapshot } from '@/lib/status/schema';
import { describeActivity, formatAgo } from './format';
import { StatusCard } from './status-card';

type Connection = 'connecting' | 'live' | 'reconnecting' | 'offline';

interface LiveStatusProps {
  initial: Snapshot;
  timeZone: string;
  ownerName: string;
}

export function LiveStatus({ initial, timeZone, ownerName }: LiveStatusProps) {
  const [connection, setConnection] = useState<Connection | null>(null);
  // Expiry follows the server's clock, learnt from each snapshot's generatedAt as it arrives.
  const [clock] = useState(() => createServerClock(initial));
  const router = useRouter();
  // The profile (name, About, links…) is rendered on the server: when the owner saves new site
  // settings, a frame arrives with a new siteVersion and the page asks the server to re-render.
  const siteVersion = useRef(initial.siteVersion);

  // SWR keeps subscription data under its own `$sub$` key, so the server's snapshot is handed
  // to the hook as fallbackData (SWRConfig's fallback would not reach it).
  const { data } = useSWRSubscription<Snapshot, Error, string>(
    STATUS_STREAM_URL,
    (url, { next }) => {
      let source: EventSource | null = null;
      let retryTimer: ReturnType<typeof setTimeout> | undefined;
      let failures = 0;
      const connect = () => {
        setConnection(failures ? 'reconnecting' : 'connecting');
        const es = (source = new EventSource(url));
        es.addEventListener(STATUS_EVENT, (event) => {
          try {
            const snapshot = JSON.parse((event as MessageEvent<string>).data) as Snapshot;
            clock.observe(snapshot);
            next(null, snapshot);
            if (snapshot.siteVersion !== siteVersion.current) {
              siteVersion.current = snapshot.siteVersion;
              router.refresh();
            }
          } catch {
            // A malformed frame is skipped; the next one carries the full state again.
          }
        });
        es.onopen = () => {
          failures = 0;
          setConnection('live');
        };
        // EventSource reconnects by itself after a dropped connection; only a CLOSED source (an
        // error status) has given up, and then this page tries again later, backing off.
        es.onerror = () => {
          if (es.readyState !== EventSource.CLOSED) {
            setConnection(navigator.onLine === false ? 'offline' : 'reconnecting');
            return;
          }
          failures++;
          setConnection('offline');
          next(new Error('The live connection closed.'));
          retryTimer = setTimeout(connect, Math.min(60_000, 2000 * 2 ** failures));
        };
      };
      connect();
      return () => {
        clearTimeout(retryTimer);
        source?.close();
      };
    },
    { fallbackData: initial },
  );

  const snapshot = data ?? initial;
  const now = useNow(snapshot, clock);
  const view = withClientExpiry(snapshot, now);

  return (
    <section aria-labelledby="now-heading" className="flex flex-col gap-3">
      <div className="flex items-center justify-between">
        <h2 id="now-heading" className="text-sm font-semibold uppercase tracking-wider text-zinc-500 dark:text-zinc-400">
          Right now
        </h2>
        <ConnectionBadge connection={connection} />
      </div>
      <p className="sr-only" aria-live="polite" aria-atomic="true">
        {summarise(view, ownerName, now)}
      </p>
      <StatusCard snapshot={view} now={now} timeZone={timeZone} />
    </section>
  );
}

/** One sentence for screen readers; it changes only when the status does, not every second. */
function summarise(snapshot: Snapshot, ownerName: string, now: number): string {
  if (snapshot.headline) return `${ownerName} is ${describeActivity(snapshot.headline)}.`;
  if (!snapshot.lastSeenAt) return `${ownerName} has not shared anything yet.`;
  const ago = formatAgo(snapshot.lastSeenAt, now).replace(/\d+ min|less than a minute/, 'a few minutes');
  return `${ownerName} is away; last seen ${ago}.`;
}

/**
 * The page's clock, in server time. It starts at the snapshot's own time so the first client render
 * matches the server's HTML, then ticks: every second while a track plays (the progress bar), else every 15 s,
 * and exactly at the next expiry so an activity disappears on time without a server event.
 */
function useNow(snapshot: Snapshot, clock: ServerClock): number {
  const [now, setNow] = useState(() => Date.parse(snapshot.generatedAt));
  const playing = snapshot.activities.some((a) => a.kind === 'music' && a.playing !== false && a.durationMs);

  useEffect(() => {
    const tick = () => setNow(clock.now());
    const catchUp = setTimeout(tick, 0);
    const interval = setInterval(tick, playing ? 1000 : 15_000);
    const expiry = nextExpiry(snapshot.activities, clock.now());
    const atExpiry = expiry !== null ? setTimeout(tick, Math.min(expiry - clock.now() + 20, 2 ** 31 - 1)) : undefined;
    return () => {
      clearTimeout(catchUp);
      clearInterval(interval);
      if (atExpiry) clearTimeout(atExpiry);
    };
  }, [snapshot, playing, clock]);

  return now;
}

const BADGE: Record<Connection, { label: string; dot: string }> = {
  connecting: { label: 'Connecting…', dot: 'bg-zinc-400' },
  live: { label: 'Live', dot: 'bg-emerald-500 motion-safe:animate-pulse' },
  reconnecting: { label: 'Reconnecting…', dot: 'bg-amber-500' },
  offline: { label: 'Offline', dot: 'bg-red-500' },
};

function ConnectionBadge({ connection }: { connection: Connection | null }) {
  // Before hydration (and with JavaScript off) there is no live connection to speak of; the
  // space is reserved so nothing moves when the badge appears.
  const badge = connection ? BADGE[connection] : null;
  return (
    <span
      data-testid="connection"
      data-state={connection ?? 'static'}
      className="inline-flex h-6 min-w-[7.5rem] items-center justify-end gap-1.5 text-xs font-medium text-zinc-600 dark:text-zinc-400"
    >
      {badge && (
        <>
          <span aria-hidden className={`h-2 w-2 rounded-full ${badge.dot}`} />
          {badge.label}
        </>
      )}
    </span>
  );
}
