import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import { PersonJsonLd } from '@/components/seo/person-json-ld';
import { feedAlternateTypes } from '@/lib/feeds/links';
import { getLanguage, getMessages } from '@/lib/i18n/server';
import { getSiteUrl } from '@/lib/seo/metadata';
import { getSiteSettings } from '@/lib/site/settings';
import './globals.css';
import './emoji-font.css';

// From the settings saved on /admin, so a new name shows in the title without a rebuild.
export async function generateMetadata(): Promise<Metadata> {
  const [{ name, siteDescription }, siteUrl, { m }] = await Promise.all([getSiteSettings(), getSiteUrl(), getMessages()]);
  return {
    title: { default: `${name} — now`, template: `%s · ${name}` },
    description: siteDescription,
    alternates: { types: feedAlternateTypes(siteUrl, m) },
  };
}

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#fafafa' },
    { media: '(prefers-color-scheme: dark)', color: '#09090b' },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, so Next can stamp that request's CSP nonce (proxy.ts) on its
  // inline scripts; a page prerendered at build time would carry none and be blocked.
  await connection();
  return (
    <html lang={await getLanguage()}>
      <body className="min-h-dvh bg-zinc-50 font-sans text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        {children}
        <PersonJsonLd />
      </body>
    </html>
  );
}
