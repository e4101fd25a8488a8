'use client';

import { useEffect, useState } from 'react';
import { ProfileHeader, type ProfileHeaderData } from '@/components/profile/profile-header';
import { accentStyle } from '@/components/profile/accent-style';
import { previewMarkdown } from '@/lib/admin/actions';
import type { Messages } from '@/lib/i18n/messages/en';
import { accentColors, HEX_COLOR } from '@/lib/site/accent';
import { DEFAULT_ACCENT_COLOR } from '@/lib/site/options';

const PREVIEW_DELAY_MS = 400;

/**
 * The header and About as the homepage will show them. About's Markdown is rendered by the server
 * (the same renderer as the pages, which the browser never loads), a moment after typing stops.
 */
export function ProfilePreview({
  profile,
  about,
  accentColor,
  m,
}: {
  profile: ProfileHeaderData;
  about: string;
  accentColor: string;
  m: Messages['profile'];
}) {
  const [html, setHtml] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(async () => {
      const result = await previewMarkdown({}, { source: about });
      if (current) setHtml('html' in result && typeof result.html === 'string' ? result.html : null);
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [about]);

  const accent = accentColors(HEX_COLOR.test(accentColor.trim()) ? accentColor.trim() : DEFAULT_ACCENT_COLOR);
  return (
    <section
      aria-labelledby="profile-preview-heading"
      className="accent-scope card flex flex-col gap-4"
      style={accentStyle(accent)}
    >
      <h3
        id="profile-preview-heading"
        className="text-sm font-semibold uppercase tracking-wider text-zinc-500 dark:text-zinc-400"
      >
        {m.preview}
      </h3>
      <div data-testid="profile-preview" className="flex flex-col gap-4">
        <ProfileHeader profile={profile} nameAs="p" linksLabel={m.links} />
        {about.trim() && html !== null && <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />}
      </div>
    </section>
  );
}
