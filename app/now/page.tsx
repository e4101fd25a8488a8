import { dateTimeFormat } from '@/lib/i18n/intl-cache';
import Link from 'next/link';
import { connection } from 'next/server';
import { MarkdownText } from '@/components/profile/markdown-text';
import { SubPage } from '@/components/profile/sub-page';
import { LiveStatus } from '@/components/status/live-status';
import { LanguageSwitch } from '@/components/i18n/language-switch';
import { INTL_LOCALE, type Language } from '@/lib/i18n/languages';
import { getMessages } from '@/lib/i18n/server';
import { pageMetadata } from '@/lib/seo/metadata';
import { getSiteSettings } from '@/lib/site/settings';
import { getSnapshot } from '@/lib/status/store';

export async function generateMetadata() {
  const { m } = await getMessages();
  return pageMetadata({ path: '/now', title: m.now.title });
}

/** The date the /now text last changed, as a date in the owner's time zone ("28 November 2026"). */
function formatUpdated(iso: string, timeZone: string, language: Language): string {
  return dateTimeFormat(INTL_LOCALE[language], { dateStyle: 'long', timeZone }).format(new Date(iso));
}

export default async function NowPage() {
  // Per request, like the homepage: the status line is live and the text changes without a rebuild.
  await connection();
  const [snapshot, settings, { language, m }] = await Promise.all([getSnapshot(), getSiteSettings(), getMessages()]);

  return (
    <SubPage
      title={m.now.title}
      ownerName={settings.name}
      accent={settings.accent}
      header={
        settings.nowUpdatedAt && (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {m.now.lastUpdated}
            <time dateTime={settings.nowUpdatedAt}>{formatUpdated(settings.nowUpdatedAt, settings.timeZone, language)}</time>
          </p>
        )
      }
    >
      {settings.nowText ? (
        <MarkdownText source={settings.nowText} />
      ) : (
        <p className="text-zinc-600 dark:text-zinc-400">{m.now.empty}</p>
      )}
      <LiveStatus initial={snapshot} timeZone={settings.timeZone} ownerName={settings.firstName} locale={{ language, m: m.status }} showViewers={settings.showViewers} />
      <footer className="flex flex-wrap items-center justify-between gap-3 text-xs text-zinc-600 dark:text-zinc-400">
        <Link href="/history" className="text-(--accent) underline-offset-2 hover:underline">
          {m.history.seeHistory}
        </Link>
        <LanguageSwitch current={language} back="/now" m={m.language} />
      </footer>
    </SubPage>
  );
}
