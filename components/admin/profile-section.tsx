import { INTL_LOCALE, type Language } from '@/lib/i18n/languages';
import type { Messages } from '@/lib/i18n/messages/en';
import type { SiteSettings } from '@/lib/site/settings';
import { ProfileForm } from './profile-form';

interface ProfileSectionProps {
  settings: SiteSettings;
  language: Language;
  m: Messages['profile'];
}

/** The "Profile" section of /admin: the saved settings handed to the form as plain values. */
export function ProfileSection({ settings, language, m }: ProfileSectionProps) {
  const zoneOverride = settings.timeZone !== settings.storedTimeZone ? settings.timeZone : undefined;
  // Written out here, on the server, so the browser formats nothing (and hydration cannot differ).
  const nowUpdated =
    settings.nowUpdatedAt &&
    new Intl.DateTimeFormat(INTL_LOCALE[language], {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: settings.timeZone,
    }).format(new Date(settings.nowUpdatedAt));
  return (
    // Wider than the column on large screens, so the form and its preview sit side by side.
    <section
      aria-labelledby="profile-heading"
      className="flex flex-col gap-4 lg:w-[min(72rem,calc(100vw-2.5rem))] lg:self-center"
    >
      <div>
        <h2 id="profile-heading" className="text-lg font-semibold">
          {m.heading}
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{m.intro}</p>
      </div>
      <ProfileForm
        initial={{
          name: settings.name,
          avatar: settings.avatar,
          tagline: settings.tagline,
          about: settings.about,
          links: settings.links,
          sections: settings.sections,
          timeZone: settings.storedTimeZone,
          language: settings.language,
          precedence: [...settings.precedence],
          accentColor: settings.accentColor,
          nowText: settings.nowText,
          showViewers: settings.showViewers,
        }}
        timeZones={Intl.supportedValuesOf('timeZone')}
        zoneOverride={zoneOverride}
        nowUpdated={nowUpdated || null}
        m={m}
      />
    </section>
  );
}
