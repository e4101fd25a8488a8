import { connection } from 'next/server';
import { LiveStatus } from '@/components/status/live-status';
import { ProfileHeader } from '@/components/profile/profile-header';
import { ProfileSections } from '@/components/profile/profile-sections';
import { accentStyle } from '@/components/profile/accent-style';
import { getSnapshot } from '@/lib/status/store';
import { getSiteSettings } from '@/lib/site/settings';

export default async function HomePage() {
  // Render per request (never at build time): the status is live. It comes from memory, not a query.
  await connection();
  const [snapshot, settings] = await Promise.all([getSnapshot(), getSiteSettings()]);

  return (
    <main className="accent-scope mx-auto flex w-full max-w-xl flex-col gap-10 px-5 py-12 sm:py-20" style={accentStyle(settings.accent)}>
      <ProfileHeader profile={settings} />
      <LiveStatus initial={snapshot} timeZone={settings.timeZone} ownerName={settings.firstName} />
      <ProfileSections settings={settings} />
      <footer className="text-xs text-zinc-600 dark:text-zinc-400">
        Updated live · <a className="underline-offset-2 hover:underline" href="/api/status">status as JSON</a>
      </footer>
    </main>
  );
}
