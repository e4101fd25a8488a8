import Link from 'next/link';
import type { Messages } from '@/lib/i18n/messages/en';
import type { SiteSettings } from '@/lib/site/settings';
import { LinkSections } from './link-sections';
import { MarkdownText } from './markdown-text';

/** What the homepage shows below the live status: About, the /now link and the link cards. */
export function ProfileSections({
  settings,
  m,
}: {
  settings: Pick<SiteSettings, 'about' | 'nowText' | 'sections'>;
  m: Messages['home'];
}) {
  return (
    <>
      {settings.about && (
        <section aria-labelledby="about-heading" className="flex flex-col gap-3">
          <h2
            id="about-heading"
            className="text-sm font-semibold uppercase tracking-wider text-zinc-500 dark:text-zinc-400"
          >
            {m.about}
          </h2>
          <MarkdownText source={settings.about} />
        </section>
      )}
      {settings.nowText && (
        <p>
          <Link
            href="/now"
            className="font-medium text-(--accent) underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-(--accent)"
          >
            {m.nowLink}
          </Link>
        </p>
      )}
      <LinkSections sections={settings.sections} />
    </>
  );
}
