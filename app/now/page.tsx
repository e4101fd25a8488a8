import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { accentStyle } from '@/components/profile/accent-style';
import { MarkdownText } from '@/components/profile/markdown-text';
import { LiveStatus } from '@/components/status/live-status';
import { getSiteSettings } from '@/lib/site/settings';
import { getSnapshot } from '@/lib/status/store';

export const metadata: Metadata = { title: 'Now' };

/** The date the /now text last changed, as a date in the owner's time zone ("28 November 2026"). */
function formatUpdated(iso: string, timeZone: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone }).format(new Date(iso));
}

export default async function NowPage() {
  // Per request, like the homepage: the status line is live and the text changes without a rebuild.
  await connection();
  const [snapshot, settings] = await Promise.all([getSnapshot(), getSiteSettings()]);

  return (
    <main
      className="accent-scope mx-auto flex w-full max-w-xl flex-col gap-8 px-5 py-12 sm:py-20"
      style={accentStyle(settings.accent)}
    >
      <header className="flex flex-col gap-1">
        <p className="text-sm">
          <Link href="/" className="text-(--accent) underline-offset-2 hover:underline">
            ← {settings.name}
          </Link>
        </p>
        <h1 className="text-2xl font-bold tracking-tight">Now</h1>
        {settings.nowUpdatedAt && (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Last updated{' '}
            <time dateTime={settings.nowUpdatedAt}>
              {formatUpdated(settings.nowUpdatedAt, settings.timeZone, settings.language)}
            </time>
          </p>
        )}
      </header>
      {settings.nowText ? (
        <MarkdownText source={settings.nowText} />
      ) : (
        <p className="text-zinc-600 dark:text-zinc-400">Nothing written here yet.</p>
      )}
      <LiveStatus initial={snapshot} timeZone={settings.timeZone} ownerName={settings.firstName} />
    </main>
  );
}
