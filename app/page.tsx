import { connection } from 'next/server';
import { TodayLine } from '@/components/history/today-line';
import { LanguageSwitch } from '@/components/i18n/language-switch';
import { LiveStatus } from '@/components/status/live-status';
import { ProfileHeader } from '@/components/profile/profile-header';
import { ProfileSections } from '@/components/profile/profile-sections';
import { accentStyle } from '@/components/profile/accent-style';
import { getMessages } from '@/lib/i18n/server';
import { getSnapshot } from '@/lib/status/store';
import { getSiteSettings } from '@/lib/site/settings';
import { pageMetadata } from '@/lib/seo/metadata';

export const generateMetadata = () => pageMetadata({ path: '/' });

export default async function HomePage() {
  // Render per request (never at build time): the status is live. It comes from memory, not a query.
  await connection();
  const [snapshot, settings, { language, m }] = await Promise.all([getSnapshot(), getSiteSettings(), getMessages()]);

  return (
    <main className="accent-scope mx-auto flex w-full max-w-xl flex-col gap-10 px-5 py-12 sm:py-20" style={accentStyle(settings.accent)}>
      <ProfileHeader profile={settings} linksLabel={m.home.links} />
      <LiveStatus initial={snapshot} timeZone={settings.timeZone} ownerName={settings.firstName} locale={{ language, m: m.status }} showViewers={settings.showViewers} />
      <TodayLine language={language} m={m} />
      <ProfileSections settings={settings} m={m.home} />
      <footer className="flex flex-wrap items-center justify-between gap-3 text-xs text-zinc-600 dark:text-zinc-400">
        <p>
          {m.home.updatedLive} · <a className="underline-offset-2 hover:underline" href="/api/status">{m.home.statusJson}</a>
        </p>
        <LanguageSwitch current={language} back="/" m={m.language} />
      </footer>
    </main>
  );
}
