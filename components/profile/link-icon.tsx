import type { LinkIcon as LinkIconName } from '@/lib/site/options';

// Simple 24×24 outlines drawn for Nowline (no icon library): each uses currentColor, so it takes
// the link's colour in either theme.
const PATHS: Record<LinkIconName, React.ReactNode> = {
  github: (
    <path d="M9 19c-4.3 1.4-4.3-2.5-6-3m12 5v-3.5c0-1 .1-1.4-.5-2 2.8-.3 5.5-1.4 5.5-6a4.6 4.6 0 0 0-1.3-3.2 4.2 4.2 0 0 0-.1-3.2s-1.1-.3-3.5 1.3a12.3 12.3 0 0 0-6.2 0C6.5 2.8 5.4 3.1 5.4 3.1a4.2 4.2 0 0 0-.1 3.2A4.6 4.6 0 0 0 4 9.5c0 4.6 2.7 5.7 5.5 6-.6.6-.6 1.2-.5 2V21" />
  ),
  mastodon: (
    <>
      <path d="M20 12.5V9c0-3-2-5-5-5H9C6 4 4 6 4 9v3c0 4.5 3 7 7.5 7 1.3 0 2.6-.2 3.8-.6" />
      <path d="M8.5 13V9.8a1.75 1.75 0 0 1 3.5 0V12m0 0V9.8a1.75 1.75 0 0 1 3.5 0V13" />
    </>
  ),
  bluesky: (
    <path d="M12 11.5C10.6 8.7 6.8 3.6 3.5 3.6 2 3.6 2.2 6.5 2.4 8c.4 3.4 2.5 4.6 5.6 4.3-3.9.7-5.2 3-3 5.3 2.7 2.8 5.6.7 7-3.3 1.4 4 4.3 6.1 7 3.3 2.2-2.3.9-4.6-3-5.3 3.1.3 5.2-.9 5.6-4.3.2-1.5.4-4.4-1.1-4.4-3.3 0-7.1 5.1-8.5 7.9Z" />
  ),
  x: <path d="M4 4l16 16M20 4 4 20" />,
  email: (
    <>
      <rect x="3" y="5" width="18" height="14" rx="2" />
      <path d="m3 7 9 6 9-6" />
    </>
  ),
  rss: (
    <>
      <path d="M5 11a8 8 0 0 1 8 8M5 5a14 14 0 0 1 14 14" />
      <circle cx="6" cy="18" r="1" />
    </>
  ),
  website: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18" />
    </>
  ),
};

/** A link's icon, decorative: the link's own text names it. */
export function LinkIcon({ icon, className = 'h-4 w-4' }: { icon: LinkIconName; className?: string }) {
  return (
    <svg
      aria-hidden="true"
      data-icon={icon}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={className}
    >
      {PATHS[icon]}
    </svg>
  );
}
