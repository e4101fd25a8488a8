import type { SiteSettings } from '@/lib/site/settings';
import { ProfileForm } from './profile-form';

/** The "Profile" section of /admin: the saved settings handed to the form as plain values. */
export function ProfileSection({ settings }: { settings: SiteSettings }) {
  const zoneOverride = settings.timeZone !== settings.storedTimeZone ? settings.timeZone : undefined;
  return (
    // Wider than the column on large screens, so the form and its preview sit side by side.
    <section
      aria-labelledby="profile-heading"
      className="flex flex-col gap-4 lg:w-[min(72rem,calc(100vw-2.5rem))] lg:self-center"
    >
      <div>
        <h2 id="profile-heading" className="text-lg font-semibold">
          Profile
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Your name, picture, links and the text of the homepage and /now. Saved changes show on every open page at
          once.
        </p>
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
        }}
        timeZones={Intl.supportedValuesOf('timeZone')}
        zoneOverride={zoneOverride}
        nowUpdatedAt={settings.nowUpdatedAt}
      />
    </section>
  );
}
