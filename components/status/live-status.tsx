'use client';

import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useRouter } from 'next/navigation';
import useSWRSubscription from 'swr/subscription';
import { createServerClock, type ServerClock, withClientExpiry } from '@/lib/status/client-view';
import { nextExpiry, STATUS_EVENT, STATUS_STREAM_URL, VIEWERS_EVENT } from '@/lib/status/live';
import { formatMessage } from '@/lib/i18n/format-message';
import type { Snapshot } from '@/lib/status/schema';
import { describeActivity, formatAgo, zoneDiffers, type StatusLocale, type StatusMessages } from './format';
import { StatusCard } from './status-card';

type Connection = 'connecting' | 'live' | 'reconnecting' | 'offline';

interface LiveStatusProps {
  initial: Snapshot;
  timeZone: string;
  ownerName: string;
  /** The page's language and the status texts in it (only these reach the browser). */
  locale: StatusLocale;
  /** The owner shows "3 here now" (site settings): the line's space is reserved from the first HTML. */
  showViewers?: boolean;
}

export function LiveStatus({ initial, timeZone, ownerName, locale, showViewers = false }: LiveStatusProps) {
  const { m } = locale;
  const showZone = useVisitorZoneDiffers(timeZone);
  const [connection, setConnection] = useState<Connection | null>(null);
  const [viewers, setViewers] = useState<number | null>(null);
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
        es.addEventListener(VIEWERS_EVENT, (event) => {
          try {
            const count = (JSON.parse((event as MessageEvent<string>).data) as { count?: unknown }).count;
            if (typeof count === 'number') setViewers(count);
          } catch {
            // Skipped like a malformed status frame.
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
          next(new Error(m.connectionLost));
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
          {m.rightNow}
        </h2>
        <ConnectionBadge connection={connection} m={m} />
      </div>
      <p className="sr-only" aria-live="polite" aria-atomic="true">
        {summarise(view, ownerName, now, locale)}
      </p>
      <StatusCard snapshot={view} now={now} timeZone={timeZone} locale={locale} showZone={showZone} />
      {showViewers && (
        <p data-testid="viewers" aria-live="polite" className="h-5 text-right text-xs leading-5 text-zinc-600 dark:text-zinc-400">
          {viewers !== null && connection === 'live' ? formatMessage(m.hereNow, { count: viewers }) : ''}
        </p>
      )}
    </section>
  );
}

/** One sentence for screen readers; it changes only when the status does, not every second. */
function summarise(snapshot: Snapshot, name: string, now: number, locale: StatusLocale): string {
  const { m } = locale;
  if (snapshot.headline) return formatMessage(m.summaryActive, { name, activity: describeActivity(snapshot.headline, m) });
  if (!snapshot.lastSeenAt) return formatMessage(m.summaryNothing, { name });
  // Within the hour the sentence stays the same, so it is not announced again every minute.
  if (now - Date.parse(snapshot.lastSeenAt) < 3_600_000) return formatMessage(m.summaryAwayRecently, { name });
  return formatMessage(m.summaryAway, { name, ago: formatAgo(snapshot.lastSeenAt, now, locale) });
}

const noSubscription = () => () => {};
// The visitor's zone does not change while the page is open: worked out once per owner zone, not
// on every render (the clock re-renders every second while a track plays).
const zoneDiffersFromVisitor = new Map<string, boolean>();
function differsFromVisitor(ownerTimeZone: string): boolean {
  let differs = zoneDiffersFromVisitor.get(ownerTimeZone);
  if (differs === undefined) {
    differs = zoneDiffers(ownerTimeZone, Intl.DateTimeFormat().resolvedOptions().timeZone);
    zoneDiffersFromVisitor.set(ownerTimeZone, differs);
  }
  return differs;
}

/**
 * Whether the visitor's zone differs from the owner's. The server cannot know it: the first HTML
 * and the hydrating render say false (owner's time, no abbreviation), then the client re-renders.
 */
function useVisitorZoneDiffers(ownerTimeZone: string): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => differsFromVisitor(ownerTimeZone),
    () => false,
  );
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

const BADGE_DOT: Record<Connection, string> = {
  connecting: 'bg-zinc-400',
  live: 'bg-emerald-500 motion-safe:animate-pulse',
  reconnecting: 'bg-amber-500',
  offline: 'bg-red-500',
};

function ConnectionBadge({ connection, m }: { connection: Connection | null; m: StatusMessages }) {
  // Before hydration (and with JavaScript off) there is no live connection to speak of; the
  // space is reserved so nothing moves when the badge appears. The dot sits last, against the
  // right edge, so a label of another length ("Connecting…" → "Live") never moves it.
  const badge = connection ? { label: m[connection], dot: BADGE_DOT[connection] } : null;
  return (
    <span
      data-testid="connection"
      data-state={connection ?? 'static'}
      className="inline-flex h-6 min-w-[7.5rem] items-center justify-end gap-1.5 whitespace-nowrap text-xs font-medium text-zinc-600 dark:text-zinc-400"
    >
      {badge && (
        <>
          {badge.label}
          <span aria-hidden className={`h-2 w-2 shrink-0 rounded-full ${badge.dot}`} />
        </>
      )}
    </span>
  );
}
