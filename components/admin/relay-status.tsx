// The relays' state on /admin, read-only: where each sends (host only), what waits, the last
// delivery and the last error. Server-rendered; times are in the owner's zone.
import { INTL_LOCALE, type Language } from '@/lib/i18n/languages';
import type { Messages } from '@/lib/i18n/messages/en';
import type { RelayStatus } from '@/lib/relays/status';

/** Product names, the same in every language. */
const SERVICE_NAMES = { wakatime: 'WakaTime', listenbrainz: 'ListenBrainz' } as const;

interface RelayStatusListProps {
  relays: RelayStatus[];
  timeZone: string;
  language: Language;
  m: Messages['relays'];
}

export function RelayStatusList({ relays, timeZone, language, m }: RelayStatusListProps) {
  const time = new Intl.DateTimeFormat(INTL_LOCALE[language], { timeZone, dateStyle: 'medium', timeStyle: 'medium' });
  const when = (iso: string | null) => (iso ? <time dateTime={iso}>{time.format(new Date(iso))}</time> : m.never);
  return (
    <ul className="grid gap-3 sm:grid-cols-2">
      {relays.map((relay) => (
        <li key={relay.relay} className="rounded-lg border border-zinc-200 p-4 text-sm dark:border-zinc-800" aria-labelledby={`relay-${relay.relay}`}>
          <h3 id={`relay-${relay.relay}`} className="font-semibold">
            {SERVICE_NAMES[relay.relay]}
          </h3>
          {relay.host === null ? (
            <p className="mt-1 text-zinc-600 dark:text-zinc-400">{m.notConfigured}</p>
          ) : (
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              <dt className="text-zinc-600 dark:text-zinc-400">{m.upstream}</dt>
              <dd className="break-all font-mono">{relay.host}</dd>
              <dt className="text-zinc-600 dark:text-zinc-400">{m.queued}</dt>
              <dd>{relay.queued}</dd>
              <dt className="text-zinc-600 dark:text-zinc-400">{m.lastSuccess}</dt>
              <dd>{when(relay.lastSuccessAt)}</dd>
              <dt className="text-zinc-600 dark:text-zinc-400">{m.dropped}</dt>
              <dd>{relay.dropped}</dd>
              {relay.lastError && (
                <>
                  <dt className="text-zinc-600 dark:text-zinc-400">{m.lastError}</dt>
                  <dd className="break-words text-red-700 dark:text-red-400">
                    {when(relay.lastErrorAt)}: {relay.lastError}
                  </dd>
                </>
              )}
            </dl>
          )}
        </li>
      ))}
    </ul>
  );
}
