// Presentational: renders a snapshot at a given moment. No hooks, so the server renders the same
// markup the client hydrates (both pass the same `now`).
import { formatMessage } from '@/lib/i18n/format-message';
import type { Activity, Snapshot } from '@/lib/status/schema';
import { describeActivity, formatAgo, formatClock, formatDuration, formatTrackTime, formatZone, musicPosition, type StatusLocale, type StatusMessages } from './format';
import { AWAY_ICON, KIND_ICON } from './icons';

interface StatusCardProps {
  snapshot: Snapshot;
  now: number;
  timeZone: string;
  locale: StatusLocale;
  /** Times carry the zone's abbreviation (the visitor's zone differs from `timeZone`). */
  showZone?: boolean;
}

/** Each kind's label in the messages ("Coding"); the link-preview card uses the same words. */
export const KIND_LABEL_KEY = {
  manual: 'kindManual',
  coding: 'kindCoding',
  music: 'kindMusic',
  gaming: 'kindGaming',
  app: 'kindApp',
} as const satisfies Record<Activity['kind'], keyof StatusMessages>;

export function StatusCard({ snapshot, now, timeZone, locale, showZone = false }: StatusCardProps) {
  const [headline, ...others] = snapshot.activities;
  const details = { now, timeZone, locale, showZone };
  return (
    <div className="flex flex-col gap-3">
      <div
        data-testid="status-headline"
        data-kind={headline?.kind ?? 'offline'}
        className="flex min-h-[8.5rem] flex-col justify-center rounded-2xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
      >
        {headline ? (
          <ActivityDetails activity={headline} {...details} prominent />
        ) : (
          <OfflineDetails snapshot={snapshot} now={now} locale={locale} />
        )}
      </div>
      {others.length > 0 && (
        <ul className="flex flex-col gap-2" aria-label={locale.m.alsoNow}>
          {others.map((activity) => (
            <li
              key={activity.kind}
              data-testid={`status-${activity.kind}`}
              className="rounded-xl border border-zinc-200 bg-white/70 px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900/70"
            >
              <ActivityDetails activity={activity} {...details} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function OfflineDetails({ snapshot, now, locale }: { snapshot: Snapshot; now: number; locale: StatusLocale }) {
  const { m } = locale;
  return (
    <div className="flex h-full items-start gap-4">
      <span aria-hidden className="font-emoji text-4xl leading-none grayscale">
        {AWAY_ICON}
      </span>
      <div className="min-w-0">
        <p className="text-lg font-semibold text-zinc-900 dark:text-zinc-50">{m.away}</p>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400" data-testid="last-seen">
          {snapshot.lastSeenAt ? (
            <>
              {formatMessage(m.lastSeen, { ago: formatAgo(snapshot.lastSeenAt, now, locale) })}
              {snapshot.lastActivity && <> · {describeActivity(snapshot.lastActivity, m)}</>}
            </>
          ) : (
            m.nothingShared
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
  locale: StatusLocale;
  showZone: boolean;
  prominent?: boolean;
}

function ActivityDetails({ activity, now, timeZone, locale, showZone, prominent = false }: DetailsProps) {
  const { m } = locale;
  const since = formatMessage(m.forDuration, { duration: formatDuration(now - Date.parse(activity.startedAt), locale) });
  const clock = (iso: string) => <Clock iso={iso} timeZone={timeZone} now={now} locale={locale} showZone={showZone} />;
  const titleClass = prominent
    ? 'text-lg font-semibold text-zinc-900 dark:text-zinc-50 break-words'
    : 'font-medium text-zinc-900 dark:text-zinc-50 break-words';
  const metaClass = 'text-sm text-zinc-600 dark:text-zinc-400 break-words';

  switch (activity.kind) {
    case 'manual':
      return (
        <Row icon={activity.emoji || KIND_ICON.manual} prominent={prominent} label={m[KIND_LABEL_KEY.manual]}>
          <p className={titleClass} data-testid="status-text">
            {activity.text || activity.emoji}
          </p>
          <p className={metaClass}>
            {activity.until ? withTime(m.until, clock(activity.until)) : withTime(m.since, clock(activity.startedAt))}
          </p>
        </Row>
      );
    case 'coding':
      return (
        <Row icon={KIND_ICON.coding} prominent={prominent} label={m[KIND_LABEL_KEY.coding]}>
          <p className={titleClass}>
            {activity.project ? formatMessage(m.codingOn, { project: activity.project }) : m.coding}
            {activity.language ? <span className="font-normal">{formatMessage(m.inLanguage, { language: activity.language })}</span> : null}
          </p>
          <p className={metaClass}>
            {[
              activity.editor && formatMessage(m.inEditor, { editor: activity.editor }),
              activity.file,
              activity.branch && formatMessage(m.onBranch, { branch: activity.branch }),
              since,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </Row>
      );
    case 'music':
      return <MusicDetails activity={activity} now={now} m={m} prominent={prominent} titleClass={titleClass} metaClass={metaClass} />;
    case 'gaming':
      return (
        <Row icon={KIND_ICON.gaming} prominent={prominent} label={m[KIND_LABEL_KEY.gaming]}>
          <p className={titleClass}>{formatMessage(m.playingName, { name: activity.name })}</p>
          <p className={metaClass}>{[activity.details, activity.platform, since].filter(Boolean).join(' · ')}</p>
        </Row>
      );
    case 'app':
      return (
        <Row icon={KIND_ICON.app} prominent={prominent} label={m[KIND_LABEL_KEY.app]} iconUrl={activity.iconUrl}>
          <p className={titleClass}>{formatMessage(m.usingName, { name: activity.name })}</p>
          <p className={metaClass}>{[activity.description, activity.title, since].filter(Boolean).join(' · ')}</p>
        </Row>
      );
  }
}

/**
 * A time in the owner's zone. Its zone abbreviation is always in the markup and only made visible
 * once the browser knows the visitor's zone differs, so the line never changes length.
 */
function Clock({ iso, timeZone, now, locale, showZone }: { iso: string; timeZone: string; now: number; locale: StatusLocale; showZone: boolean }) {
  return (
    <>
      {formatClock(iso, timeZone, now, locale)}
      <span data-testid="zone" className={showZone ? undefined : 'invisible'}>
        {` ${formatZone(iso, timeZone, locale)}`}
      </span>
    </>
  );
}

/** A message with a `{time}` placeholder, the time being markup. */
function withTime(template: string, time: React.ReactNode): React.ReactNode {
  const [before, after = ''] = template.split('{time}');
  return (
    <>
      {before}
      {time}
      {after}
    </>
  );
}

function MusicDetails({
  activity,
  now,
  m,
  prominent,
  titleClass,
  metaClass,
}: {
  activity: Extract<Activity, { kind: 'music' }>;
  now: number;
  m: StatusMessages;
  prominent: boolean;
  titleClass: string;
  metaClass: string;
}) {
  const position = musicPosition(activity, now);
  const duration = activity.durationMs;
  const size = prominent ? 'h-20 w-20' : 'h-12 w-12';
  const title = activity.title ?? m.somethingGood;
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
        <span aria-hidden className={`${size} font-emoji flex shrink-0 items-center justify-center rounded-lg bg-gradient-to-br from-indigo-500 to-pink-500 text-2xl`}>
          {KIND_ICON.music}
        </span>
      )}
      <div className="min-w-0 flex-1">
        <p className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{m[KIND_LABEL_KEY.music]}</p>
        <p className={titleClass}>
          {activity.url ? (
            <a href={activity.url} className="hover:underline focus-visible:underline" rel="noopener noreferrer nofollow" target="_blank">
              {title}
            </a>
          ) : (
            title
          )}
        </p>
        <p className={metaClass}>{[activity.artist, activity.album, activity.player && formatMessage(m.onPlayer, { player: activity.player })].filter(Boolean).join(' · ')}</p>
        {position !== null && duration ? (
          <div className="mt-2 flex items-center gap-2 text-xs tabular-nums text-zinc-500 dark:text-zinc-400">
            <span aria-hidden>{formatTrackTime(position)}</span>
            <div
              role="progressbar"
              aria-label={m.trackProgress}
              aria-valuemin={0}
              aria-valuemax={Math.round(duration / 1000)}
              aria-valuenow={Math.round(position / 1000)}
              aria-valuetext={formatMessage(m.trackTime, { position: formatTrackTime(position), duration: formatTrackTime(duration) })}
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
        <span aria-hidden className={`${prominent ? 'text-4xl' : 'text-2xl'} font-emoji w-10 shrink-0 text-center leading-none`}>
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
