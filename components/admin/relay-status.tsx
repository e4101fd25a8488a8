// The relays on /admin: where each sends (host only), what waits, the last delivery and the last
// error, then how it is set up: the settings form, or the environment variables that set it. Messages
// left waiting by a relay no longer set up are shown, with a button to discard them. Server-rendered;
// times are in the owner's zone.
import { dateTimeFormat } from '@/lib/i18n/intl-cache';
import { discardRelayQueue } from '@/lib/admin/actions';
import { formatMessage } from '@/lib/i18n/format-message';
import { INTL_LOCALE, type Language } from '@/lib/i18n/languages';
import type { Messages } from '@/lib/i18n/messages/en';
import { RELAY_VARIABLES } from '@/lib/relays/names';
import type { RelayStatus } from '@/lib/relays/status';
import { RelaySettingsForm } from './relay-settings-form';

/** Product names, the same in every language. */
const SERVICE_NAMES = { wakatime: 'WakaTime', listenbrainz: 'ListenBrainz' } as const;

interface RelayStatusListProps {
  relays: RelayStatus[];
  timeZone: string;
  language: Language;
  m: Messages['relays'];
}

export function RelayStatusList({ relays, timeZone, language, m }: RelayStatusListProps) {
  const time = dateTimeFormat(INTL_LOCALE[language], { timeZone, dateStyle: 'medium', timeStyle: 'medium' });
  const when = (iso: string | null) => (iso ? <time dateTime={iso}>{time.format(new Date(iso))}</time> : m.never);
  return (
    <ul className="grid gap-3 sm:grid-cols-2">
      {relays.map((relay) => (
        <li key={relay.relay} className="rounded-lg border border-zinc-200 p-4 text-sm dark:border-zinc-800" aria-labelledby={`relay-${relay.relay}`}>
          <h3 id={`relay-${relay.relay}`} className="font-semibold">
            {SERVICE_NAMES[relay.relay]}
          </h3>
          {relay.host === null ? (
            <>
              <p className="mt-1 text-zinc-600 dark:text-zinc-400">{m.notConfigured}</p>
              {relay.queued > 0 && <OrphanedMessages relay={relay} m={m} />}
            </>
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
          {relay.source === 'environment' ? (
            <p className="mt-3 text-zinc-600 dark:text-zinc-400">{formatMessage(m.setByEnvironment, { url: RELAY_VARIABLES[relay.relay][0], secret: RELAY_VARIABLES[relay.relay][1] })}</p>
          ) : (
            <RelaySettingsForm relay={relay.relay} savedUrl={relay.savedUrl} m={m} />
          )}
        </li>
      ))}
    </ul>
  );
}

/** Messages queued while the relay was set up: kept (and sent if it is set up again) until discarded. */
function OrphanedMessages({ relay, m }: { relay: RelayStatus; m: Messages['relays'] }) {
  return (
    <form action={discardRelayQueue} className="mt-2 flex flex-col items-start gap-2">
      <input type="hidden" name="relay" value={relay.relay} />
      <p role="note" className="text-amber-800 dark:text-amber-300">
        {relay.queued === 1 ? m.orphanedOne : formatMessage(m.orphanedMany, { count: relay.queued })}
      </p>
      <button type="submit" className="btn-secondary">
        {m.discard}
      </button>
    </form>
  );
}
