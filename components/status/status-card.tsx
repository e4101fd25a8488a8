// Presentational: renders a snapshot at a given moment. No hooks, so the server renders the same
// markup the client hydrates (both pass the same `now`).
import type { Activity, Snapshot } from '@/lib/status/schema';
import { describeActivity, formatAgo, formatClock, formatDuration, formatTrackTime, musicPosition } from './format';

interface StatusCardProps {
  snapshot: Snapshot;
  now: number;
  timeZone: string;
}

export const KIND_LABEL: Record<Activity['kind'], string> = {
  manual: 'Status',
  coding: 'Coding',
  music: 'Listening',
  gaming: 'Playing',
  app: 'Using',
};

const KIND_ICON: Record<Activity['kind'], string> = {
  manual: '💬',
  coding: '⌨️',
  music: '🎵',
  gaming: '🎮',
  app: '🪟',
};

export function StatusCard({ snapshot, now, timeZone }: StatusCardProps) {
  const [headline, ...others] = snapshot.activities;
  return (
    <div className="flex flex-col gap-3">
      <div
        data-testid="status-headline"
        data-kind={headline?.kind ?? 'offline'}
        className="flex min-h-[8.5rem] flex-col justify-center rounded-2xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
      >
        {headline ? (
          <ActivityDetails activity={headline} now={now} timeZone={timeZone} prominent />
        ) : (
          <OfflineDetails snapshot={snapshot} now={now} />
        )}
      </div>
      {others.length > 0 && (
        <ul className="flex flex-col gap-2" aria-label="Also right now">
          {others.map((activity) => (
            <li
              key={activity.kind}
              data-testid={`status-${activity.kind}`}
              className="rounded-xl border border-zinc-200 bg-white/70 px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900/70"
            >
              <ActivityDetails activity={activity} now={now} timeZone={timeZone} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function OfflineDetails({ snapshot, now }: { snapshot: Snapshot; now: number }) {
  return (
    <div className="flex h-full items-start gap-4">
      <span aria-hidden className="text-4xl leading-none grayscale">
        🌙
      </span>
      <div className="min-w-0">
        <p className="text-lg font-semibold text-zinc-900 dark:text-zinc-50">Away right now</p>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400" data-testid="last-seen">
          {snapshot.lastSeenAt ? (
            <>
              Last seen {formatAgo(snapshot.lastSeenAt, now)}
              {snapshot.lastActivity && <> · {describeActivity(snapshot.lastActivity)}</>}
            </>
          ) : (
            'Nothing shared yet.'
          )}
        </p>
      </div>
    </div>
  );
}

interface DetailsProps {
  activity: Activity;
  now: number;
  timeZone: string;
  prominent?: boolean;
}

function ActivityDetails({ activity, now, timeZone, prominent = false }: DetailsProps) {
  const since = `for ${formatDuration(now - Date.parse(activity.startedAt))}`;
  const titleClass = prominent
    ? 'text-lg font-semibold text-zinc-900 dark:text-zinc-50 break-words'
    : 'font-medium text-zinc-900 dark:text-zinc-50 break-words';
  const metaClass = 'text-sm text-zinc-600 dark:text-zinc-400 break-words';

  switch (activity.kind) {
    case 'manual':
      return (
        <Row icon={activity.emoji || KIND_ICON.manual} prominent={prominent} label={KIND_LABEL.manual}>
          <p className={titleClass} data-testid="status-text">
            {activity.text || activity.emoji}
          </p>
          <p className={metaClass}>
            {activity.until ? `until ${formatClock(activity.until, timeZone, now)}` : `since ${formatClock(activity.startedAt, timeZone, now)}`}
          </p>
        </Row>
      );
    case 'coding':
      return (
        <Row icon={KIND_ICON.coding} prominent={prominent} label={KIND_LABEL.coding}>
          <p className={titleClass}>
            Coding{activity.project ? <> on {activity.project}</> : null}
            {activity.language ? <span className="font-normal"> in {activity.language}</span> : null}
          </p>
          <p className={metaClass}>
            {[activity.editor && `in ${activity.editor}`, activity.file, activity.branch && `on ${activity.branch}`, since]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </Row>
      );
    case 'music':
      return <MusicDetails activity={activity} now={now} prominent={prominent} titleClass={titleClass} metaClass={metaClass} />;
    case 'gaming':
      return (
        <Row icon={KIND_ICON.gaming} prominent={prominent} label={KIND_LABEL.gaming}>
          <p className={titleClass}>Playing {activity.name}</p>
          <p className={metaClass}>{[activity.details, activity.platform, since].filter(Boolean).join(' · ')}</p>
        </Row>
      );
    case 'app':
      return (
        <Row icon={KIND_ICON.app} prominent={prominent} label={KIND_LABEL.app} iconUrl={activity.iconUrl}>
          <p className={titleClass}>Using {activity.name}</p>
          <p className={metaClass}>{[activity.description, activity.title, since].filter(Boolean).join(' · ')}</p>
        </Row>
      );
  }
}

function MusicDetails({
  activity,
  now,
  prominent,
  titleClass,
  metaClass,
}: {
  activity: Extract<Activity, { kind: 'music' }>;
  now: number;
  prominent: boolean;
  titleClass: string;
  metaClass: string;
}) {
  const position = musicPosition(activity, now);
  const duration = activity.durationMs;
  const size = prominent ? 'h-20 w-20' : 'h-12 w-12';
  const title = activity.title ?? 'Something good';
  return (
    <div className="flex items-start gap-4">
      {activity.coverUrl ? (
        // eslint-disable-next-line @next/next/no-img-element -- covers come from any host; next/image would need each one configured
        <img
          src={activity.coverUrl}
          alt=""
          width={prominent ? 80 : 48}
          height={prominent ? 80 : 48}
          loading="lazy"
          referrerPolicy="no-referrer"
          className={`${size} shrink-0 rounded-lg bg-zinc-200 object-cover dark:bg-zinc-800`}
        />
      ) : (
        <span aria-hidden className={`${size} flex shrink-0 items-center justify-center rounded-lg bg-gradient-to-br from-indigo-500 to-pink-500 text-2xl`}>
          🎵
        </span>
      )}
      <div className="min-w-0 flex-1">
        <p className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{KIND_LABEL.music}</p>
        <p className={titleClass}>
          {activity.url ? (
            <a href={activity.url} className="hover:underline focus-visible:underline" rel="noopener noreferrer nofollow" target="_blank">
              {title}
            </a>
          ) : (
            title
          )}
        </p>
        <p className={metaClass}>{[activity.artist, activity.album, activity.player && `on ${activity.player}`].filter(Boolean).join(' · ')}</p>
        {position !== null && duration ? (
          <div className="mt-2 flex items-center gap-2 text-xs tabular-nums text-zinc-500 dark:text-zinc-400">
            <span aria-hidden>{formatTrackTime(position)}</span>
            <div
              role="progressbar"
              aria-label="Track progress"
              aria-valuemin={0}
              aria-valuemax={Math.round(duration / 1000)}
              aria-valuenow={Math.round(position / 1000)}
              aria-valuetext={`${formatTrackTime(position)} of ${formatTrackTime(duration)}`}
              className="h-1.5 flex-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
            >
              <div
                className="h-full rounded-full bg-indigo-500 motion-safe:transition-[width] motion-safe:duration-1000 motion-safe:ease-linear"
                style={{ width: `${Math.min(100, (position / duration) * 100).toFixed(2)}%` }}
              />
            </div>
            <span aria-hidden>{formatTrackTime(duration)}</span>
          </div>
        ) : null}
      </div>
    </div>
  );
}

function Row({
  icon,
  iconUrl,
  label,
  prominent,
  children,
}: {
  icon: string;
  iconUrl?: string;
  label: string;
  prominent: boolean;
  children: React.ReactNode;
}) {
  return (
    <div className="flex items-start gap-4">
      {iconUrl ? (
        // eslint-disable-next-line @next/next/no-img-element -- app icons come from any host
        <img src={iconUrl} alt="" width={40} height={40} loading="lazy" referrerPolicy="no-referrer" className="h-10 w-10 shrink-0 rounded-lg" />
      ) : (
        <span aria-hidden className={`${prominent ? 'text-4xl' : 'text-2xl'} w-10 shrink-0 text-center leading-none`}>
          {icon}
        </span>
      )}
      <div className="min-w-0 flex-1">
        <p className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{label}</p>
        {children}
      </div>
    </div>
  );
}
