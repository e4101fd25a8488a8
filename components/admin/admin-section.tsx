// One section of /admin: a heading the section is named by, an optional intro and buttons beside
// them, then its content. Server-rendered; the forms inside bring their own client code.
import type { ReactNode } from 'react';

interface AdminSectionProps {
  /** The section's name in ids: the heading is `${id}-heading`. */
  id: string;
  title: ReactNode;
  intro?: ReactNode;
  /** Beside the heading, on the right (a refresh button). */
  actions?: ReactNode;
  /** Wider than the column on large screens, so a form and its preview sit side by side. */
  wide?: boolean;
  children: ReactNode;
}

export function AdminSection({ id, title, intro, actions, wide, children }: AdminSectionProps) {
  const headingId = `${id}-heading`;
  const heading = (
    <div>
      <h2 id={headingId} className="text-lg font-semibold">
        {title}
      </h2>
      {intro && <p className="text-sm text-zinc-600 dark:text-zinc-400">{intro}</p>}
    </div>
  );
  return (
    <section
      aria-labelledby={headingId}
      className={
        wide ? 'flex flex-col gap-4 lg:w-[min(72rem,calc(100vw-2.5rem))] lg:self-center' : 'flex flex-col gap-4'
      }
    >
      {actions ? (
        <div className="flex flex-wrap items-end justify-between gap-3">
          {heading}
          {actions}
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
  );
}
