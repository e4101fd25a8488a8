// The shell of the pages under the homepage (/now, /history): the owner's accent, a link back home
// under the owner's name, and the page's title, so every sub-page starts the same way.
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { AccentColors } from '@/lib/site/accent';
import { accentStyle } from './accent-style';

interface SubPageProps {
  title: string;
  ownerName: string;
  accent: AccentColors;
  /** A wider column, for charts and timelines. */
  wide?: boolean;
  /** Spaces the header's lines out, for a header with navigation in it. */
  roomyHeader?: boolean;
  /** More of the header, under the title. */
  header?: ReactNode;
  children: ReactNode;
}

export function SubPage({ title, ownerName, accent, wide, roomyHeader, header, children }: SubPageProps) {
  return (
    <main
      className={`accent-scope mx-auto flex w-full ${wide ? 'max-w-2xl' : 'max-w-xl'} flex-col gap-8 px-5 py-12 sm:py-20`}
      style={accentStyle(accent)}
    >
      <header className={`flex flex-col ${roomyHeader ? 'gap-3' : 'gap-1'}`}>
        <p className="text-sm">
          <Link href="/" className="text-(--accent) underline-offset-2 hover:underline">
            ← {ownerName}
          </Link>
        </p>
        <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
        {header}
      </header>
      {children}
    </main>
  );
}
