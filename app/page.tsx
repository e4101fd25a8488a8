import { connection } from 'next/server';
import { LiveStatus } from '@/components/status/live-status';
import { ProfileHeader } from '@/components/profile/profile-header';
import { getSnapshot } from '@/lib/status/store';
import { siteConfig } from '@/lib/site-config';
import { pageMetadata } from '@/lib/seo/metadata';

export const generateMetadata = () => pageMetadata({ path: '/' });

export default async function HomePage() {
  // Render per request (never at build time): the status is live. It comes from memory, not a query.
  await connection();
  const snapshot = await getSnapshot();
  const config = siteConfig();

  return (
    <main className="mx-auto flex w-full max-w-xl flex-col gap-10 px-5 py-12 sm:py-20">
      <ProfileHeader profile={config} />
      <LiveStatus initial={snapshot} timeZone={config.timeZone} ownerName={config.firstName} />
      <footer className="text-xs text-zinc-600 dark:text-zinc-400">
        Updated live · <a className="underline-offset-2 hover:underline" href="/api/status">status as JSON</a>
      </footer>
    </main>
  );
}
