// The owner's view of what reporters sent and what became public. Server-rendered; times are in
// the owner's configured zone.
import { describeActivity, formatAgo } from '@/components/status/format';
import type { ReceivedReport } from '@/lib/status/reports';

interface RecentReportsProps {
  reports: ReceivedReport[];
  now: number;
  timeZone: string;
  /** This site's address, for the set-up examples. */
  origin: string;
}

export function RecentReports({ reports, now, timeZone, origin }: RecentReportsProps) {
  if (reports.length === 0) return <EmptyReports origin={origin} />;
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'medium' });
  const newestFirst = [...reports].sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt) || b.id - a.id);

  return (
    <ol className="flex flex-col gap-3" aria-label="Recent reports, newest first">
      {newestFirst.map((report) => {
        const refused = Boolean(report.error);
        const outcome = refused ? 'Refused' : report.published.length > 0 ? 'Published' : 'Nothing public';
        return (
          <li key={report.id} className="card flex flex-col gap-2 p-4" data-testid="report" data-outcome={outcome.toLowerCase()}>
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
              <time dateTime={report.receivedAt} className="font-medium tabular-nums">
                {time.format(new Date(report.receivedAt))}
              </time>
              <span className="text-zinc-600 dark:text-zinc-400">{formatAgo(report.receivedAt, now)}</span>
              <span className="break-all">
                <span className="sr-only">Token: </span>
                {report.tokenName ?? <em className="text-zinc-500">no token</em>}
              </span>
              <span className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-800">
                <span className="sr-only">Protocol: </span>
                {report.protocol}
              </span>
              <span
                className={`rounded px-1.5 py-0.5 text-xs font-medium ${
                  refused
                    ? 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300'
                    : outcome === 'Published'
                      ? 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300'
                      : 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300'
                }`}
              >
                {outcome}
              </span>
            </div>
            {report.error && (
              <p className="text-sm break-words text-red-700 dark:text-red-400">
                <span className="font-medium">Error:</span> {report.error}
              </p>
            )}
            {report.published.length > 0 ? (
              <p className="text-sm break-words">
                <span className="font-medium">Public:</span> {report.published.map(describeActivity).join(' · ')}
              </p>
            ) : (
              !refused && (
                <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing from this report is public (hidden by a rule, or a stop).</p>
              )
            )}
            <div className="flex flex-col gap-1">
              <JsonDetails label="Raw fields" value={report.raw} />
              {report.published.length > 0 && <JsonDetails label="Published after the rules" value={report.published} />}
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

function EmptyReports({ origin }: { origin: string }) {
  const curl = `curl -X POST ${origin}/api/status \\
  -H "Authorization: Bearer <token>" \\
  -H "Content-Type: application/json" \\
  -d '{"kind":"app","name":"Figma"}'`;
  return (
    <div className="card flex flex-col gap-3 text-sm" data-testid="reports-empty">
      <p className="font-medium">No reports received yet.</p>
      <p className="text-zinc-600 dark:text-zinc-400">
        Create a token under Reporter tokens, then point a reporter at this site. Each report shows up here with what it sent and what
        became public. The list is kept in memory, so it starts empty after a restart.
      </p>
      <ul className="list-disc space-y-1 pl-5 text-zinc-700 dark:text-zinc-300">
        <li>
          WakaTime editor plugins: set <code className="font-mono break-all">api_url = {origin}/api/wakatime</code> and your token as{' '}
          <code className="font-mono">api_key</code> in <code className="font-mono">~/.wakatime.cfg</code>.
        </li>
        <li>
          ProcessReporter desktop agents: use <code className="font-mono break-all">{origin}/api/v2/fn/ps/update</code> as the endpoint and
          the token as the key.
        </li>
        <li>Anything else: send JSON to the native API.</li>
      </ul>
      <pre tabIndex={0} aria-label="Example request" className="overflow-auto rounded-lg bg-zinc-100 p-3 font-mono text-xs dark:bg-zinc-800">
        {curl}
      </pre>
    </div>
  );
}
