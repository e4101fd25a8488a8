// The owner's view of what reporters sent and what became public. Server-rendered; times are in
// the owner's configured zone.
import { dateTimeFormat } from '@/lib/i18n/intl-cache';
import { describeActivity, formatAgo, type StatusLocale } from '@/components/status/format';
import { INTL_LOCALE } from '@/lib/i18n/languages';
import type { Messages } from '@/lib/i18n/messages/en';
import type { ReceivedReport } from '@/lib/status/reports';

type ReportMessages = Messages['reports'];

interface RecentReportsProps {
  reports: ReceivedReport[];
  now: number;
  timeZone: string;
  /** This site's address, for the set-up examples. */
  origin: string;
  m: ReportMessages;
  locale: StatusLocale;
}

export function RecentReports({ reports, now, timeZone, origin, m, locale }: RecentReportsProps) {
  if (reports.length === 0) return <EmptyReports origin={origin} m={m} />;
  const time = dateTimeFormat(INTL_LOCALE[locale.language], { timeZone, dateStyle: 'medium', timeStyle: 'medium' });
  const newestFirst = [...reports].sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt) || b.id - a.id);

  return (
    <ol className="flex flex-col gap-3" aria-label={m.list}>
      {newestFirst.map((report) => {
        const refused = Boolean(report.error);
        const outcome = refused ? 'refused' : report.published.length > 0 ? 'published' : 'nothing public';
        const outcomeText = { refused: m.refused, published: m.published, 'nothing public': m.nothingPublic }[outcome];
        return (
          <li key={report.id} className="card flex flex-col gap-2 p-4" data-testid="report" data-outcome={outcome}>
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
              <time dateTime={report.receivedAt} className="font-medium tabular-nums">
                {time.format(new Date(report.receivedAt))}
              </time>
              <span className="text-zinc-600 dark:text-zinc-400">{formatAgo(report.receivedAt, now, locale)}</span>
              <span className="break-all">
                <span className="sr-only">{m.token} </span>
                {report.tokenName ?? <em className="text-zinc-500">{m.noToken}</em>}
              </span>
              <span className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-800">
                <span className="sr-only">{m.protocol} </span>
                {report.protocol}
              </span>
              <span
                className={`rounded px-1.5 py-0.5 text-xs font-medium ${
                  refused
                    ? 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300'
                    : outcome === 'published'
                      ? 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300'
                      : 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300'
                }`}
              >
                {outcomeText}
              </span>
            </div>
            {report.error && (
              <p className="text-sm break-words text-red-700 dark:text-red-400">
                <span className="font-medium">{m.error}</span> {report.error}
              </p>
            )}
            {report.published.length > 0 ? (
              <p className="text-sm break-words">
                <span className="font-medium">{m.public}</span> {report.published.map((a) => describeActivity(a, locale.m)).join(' · ')}
              </p>
            ) : (
              !refused && (
                <p className="text-sm text-zinc-600 dark:text-zinc-400">{m.nothingPublicDetail}</p>
              )
            )}
            <div className="flex flex-col gap-1">
              <JsonDetails label={m.rawFields} value={report.raw} />
              {report.published.length > 0 && <JsonDetails label={m.publishedAfterRules} value={report.published} />}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function JsonDetails({ label, value }: { label: string; value: unknown }) {
  return (
    <details className="group rounded-lg border border-zinc-200 dark:border-zinc-800">
      <summary className="cursor-pointer rounded-lg px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-500">
        {label}
      </summary>
      <pre className="max-h-72 overflow-auto border-t border-zinc-200 px-3 py-2 text-xs leading-relaxed break-words whitespace-pre-wrap dark:border-zinc-800">
        {JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}

function EmptyReports({ origin, m }: { origin: string; m: ReportMessages }) {
  const code = (text: string) => <code className="font-mono break-all">{text}</code>;
  const curl = `curl -X POST ${origin}/api/status \\
  -H "Authorization: Bearer <token>" \\
  -H "Content-Type: application/json" \\
  -d '{"kind":"app","name":"Figma"}'`;
  return (
    <div className="card flex flex-col gap-3 text-sm" data-testid="reports-empty">
      <p className="font-medium">{m.emptyTitle}</p>
      <p className="text-zinc-600 dark:text-zinc-400">{m.emptyIntro}</p>
      <ul className="list-disc space-y-1 pl-5 text-zinc-700 dark:text-zinc-300">
        <li>{withCode(m.emptyWakatime, { setting: code(`api_url = ${origin}/api/wakatime`), key: code('api_key'), file: code('~/.wakatime.cfg') })}</li>
        <li>{withCode(m.emptyMixspace, { endpoint: code(`${origin}/api/v2/fn/ps/update`) })}</li>
        <li>{m.emptyOther}</li>
      </ul>
      <pre tabIndex={0} aria-label={m.exampleRequest} className="overflow-auto rounded-lg bg-zinc-100 p-3 font-mono text-xs dark:bg-zinc-800">
        {curl}
      </pre>
    </div>
  );
}

/** A message whose "{name}" places hold markup (code samples) rather than text. */
function withCode(template: string, parts: Record<string, React.ReactNode>): React.ReactNode[] {
  return template.split(/\{(\w+)\}/).map((piece, i) => (i % 2 === 1 ? <span key={i}>{parts[piece] ?? `{${piece}}`}</span> : piece));
}
