// The Importers section of /admin: one card per service, with its state as the runner last wrote it
// (the same on every instance) and its settings form. Server-rendered; times in the owner's zone.
import { dateTimeFormat } from '@/lib/i18n/intl-cache';
import { INTL_LOCALE, type Language } from '@/lib/i18n/languages';
import type { Messages } from '@/lib/i18n/messages/en';
import type { ImporterSettingsView } from '@/lib/importers/settings';
import type { ImporterStatus, ImporterStatuses } from '@/lib/importers/status';
import { IMPORTER_NAMES, type ImporterName } from '@/lib/importers/types';
import { AdminSection } from './admin-section';
import { ImporterForm } from './importer-form';

/** Product names, the same in every language. */
const SERVICE_NAMES: Record<ImporterName, string> = { lastfm: 'Last.fm', lanyard: 'Discord (Lanyard)', steam: 'Steam' };

interface ImportersSectionProps {
  settings: ImporterSettingsView;
  statuses: ImporterStatuses;
  timeZone: string;
  language: Language;
  /** False where no process lives between requests (Vercel): the settings are kept, nothing reads them. */
  canRun: boolean;
  m: Messages['importers'];
}

export function ImportersSection({ settings, statuses, timeZone, language, canRun, m }: ImportersSectionProps) {
  const time = dateTimeFormat(INTL_LOCALE[language], { timeZone, dateStyle: 'medium', timeStyle: 'medium' });
  const intro: Record<ImporterName, string> = { lastfm: m.lastfmIntro, lanyard: m.lanyardIntro, steam: m.steamIntro };
  return (
    <AdminSection id="importers" title={m.heading} intro={m.intro}>
      {!canRun && <p className="text-sm font-medium text-amber-800 dark:text-amber-300">{m.cannotRun}</p>}
      <ul className="grid gap-3">
        {IMPORTER_NAMES.map((name) => (
          <li key={name} className="card flex flex-col gap-3" aria-labelledby={`importer-${name}`}>
            <div>
              <h3 id={`importer-${name}`} className="font-semibold">
                {SERVICE_NAMES[name]}
              </h3>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">{intro[name]}</p>
            </div>
            {settings[name] ? <ImporterState status={statuses[name]} format={(iso) => time.format(new Date(iso))} m={m} name={name} /> : <p className="text-sm">{m.notSetUp}</p>}
            <ImporterForm importer={name} saved={settings[name]} m={m} />
          </li>
        ))}
      </ul>
    </AdminSection>
  );
}

function ImporterState({ status, format, m, name }: { status: ImporterStatus | undefined; format: (iso: string) => string; m: Messages['importers']; name: ImporterName }) {
  const state = status?.state ?? 'starting';
  const label = { starting: m.stateStarting, ok: m.stateOk, retrying: m.stateRetrying, stopped: m.stateStopped }[state];
  const tone = state === 'stopped' || state === 'retrying' ? 'text-red-700 dark:text-red-400' : 'text-zinc-800 dark:text-zinc-200';
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm" data-importer-state={state} id={`importer-${name}-state`}>
      <dt className="text-zinc-600 dark:text-zinc-400">{m.status}</dt>
      <dd className={tone}>
        {label}
        {status?.message ? `: ${status.message}` : ''}
      </dd>
      <dt className="text-zinc-600 dark:text-zinc-400">{m.lastRead}</dt>
      <dd>{status?.lastSuccessAt ? <time dateTime={status.lastSuccessAt}>{format(status.lastSuccessAt)}</time> : m.never}</dd>
    </dl>
  );
}
