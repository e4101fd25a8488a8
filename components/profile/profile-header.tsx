import type { SiteSettings } from '@/lib/site/settings';
import { LinkIcon } from './link-icon';

export type ProfileHeaderData = Pick<SiteSettings, 'name' | 'avatar' | 'tagline' | 'links'>;

/** `nameAs`: the admin preview shows the header inside a page that has its own h1. */
export function ProfileHeader({
  profile,
  nameAs: Name = 'h1',
  linksLabel,
}: {
  profile: ProfileHeaderData;
  nameAs?: 'h1' | 'p';
  /** Names the list of links for screen readers, in the page's language. */
  linksLabel: string;
}) {
  return (
    <header className="flex flex-col gap-4">
      <div className="flex items-center gap-4">
        {/* eslint-disable-next-line @next/next/no-img-element -- a small avatar (a local file, an upload or the owner's URL); no optimisation needed */}
        <img
          src={profile.avatar}
          alt=""
          width={72}
          height={72}
          className="h-18 w-18 shrink-0 rounded-full object-cover"
        />
        <div className="min-w-0">
          <Name className="text-2xl font-bold tracking-tight break-words">{profile.name}</Name>
          {profile.tagline && <p className="text-zinc-600 dark:text-zinc-400">{profile.tagline}</p>}
        </div>
      </div>
      {profile.links.length > 0 && (
        <nav aria-label={linksLabel}>
          <ul className="flex flex-wrap gap-2">
            {profile.links.map((link, index) => (
              <li key={`${index}-${link.href}`}>
                <a
                  href={link.href}
                  rel="me noopener noreferrer"
                  className="inline-flex min-h-9 items-center gap-1.5 rounded-full border border-zinc-200 px-3 text-sm text-zinc-700 hover:border-(--accent) hover:text-(--accent) focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-(--accent) dark:border-zinc-800 dark:text-zinc-300"
                >
                  {link.icon && <LinkIcon icon={link.icon} />}
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </header>
  );
}
