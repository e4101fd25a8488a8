import { dateTimeFormat } from '@/lib/i18n/intl-cache';
import { INTL_LOCALE, type Language } from '@/lib/i18n/languages';
import type { Messages } from '@/lib/i18n/messages/en';
import type { SiteSettings } from '@/lib/site/settings';
import { AdminSection } from './admin-section';
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
    dateTimeFormat(INTL_LOCALE[language], {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: settings.timeZone,
    }).format(new Date(settings.nowUpdatedAt));
  return (
    <AdminSection id="profile" title={m.heading} intro={m.intro} wide>
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
    </AdminSection>
  );
}
