import type { SiteConfig } from '@/lib/site-config';

export function ProfileHeader({ profile, linksLabel = 'Links' }: { profile: Pick<SiteConfig, 'name' | 'avatar' | 'tagline' | 'links'>; linksLabel?: string }) {
  return (
    <header className="flex flex-col gap-4">
      <div className="flex items-center gap-4">
        {/* eslint-disable-next-line @next/next/no-img-element -- a small local SVG; no optimisation needed */}
        <img src={profile.avatar} alt="" width={72} height={72} className="h-18 w-18 rounded-full" />
        <div>
          <h1 className="text-2xl font-bold tracking-tight">{profile.name}</h1>
          <p className="text-zinc-600 dark:text-zinc-400">{profile.tagline}</p>
        </div>
      </div>
      <nav aria-label={linksLabel}>
        <ul className="flex flex-wrap gap-2">
          {profile.links.map((link) => (
            <li key={link.href}>
              <a
                href={link.href}
                rel="me noopener"
                className="inline-flex min-h-9 items-center rounded-full border border-zinc-200 px-3 text-sm text-zinc-700 hover:border-zinc-400 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-zinc-800 dark:text-zinc-300 dark:hover:border-zinc-600"
              >
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
