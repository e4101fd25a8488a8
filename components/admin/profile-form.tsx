'use client';

import { startTransition, useActionState, useState } from 'react';
import { saveProfile } from '@/lib/admin/actions';
import type { FormState } from '@/lib/form-state';
import { formatMessage } from '@/lib/i18n/format-message';
import type { Messages } from '@/lib/i18n/messages/en';
import { SITE_LANGUAGE_LABELS, SITE_LANGUAGES, type SiteLanguage } from '@/lib/site/options';
import type { SiteSettingsInput } from '@/lib/site/settings-schema';
import type { ActivityKind } from '@/lib/status/schema';
import { AvatarField, type AvatarUpload } from './avatar-field';
import { Field, TextField } from './field';
import { HeadlineOrderEditor } from './headline-order-editor';
import { withKey, withoutKey } from './list-moves';
import { ProfileLinksEditor, type LinkDraft } from './profile-links-editor';
import { ProfilePreview } from './profile-preview';
import { Toggle } from './privacy-rules-editor';
import { ProfileSectionsEditor, type SectionDraft } from './profile-sections-editor';

export type ProfileFormValues = Required<Omit<SiteSettingsInput, 'precedence' | 'language'>> & {
  precedence: ActivityKind[];
  language: SiteLanguage;
};
type ProfileState = FormState & { avatar?: string };
type ProfileInput = SiteSettingsInput & { avatarUpload?: string };

interface ProfileFormProps {
  initial: ProfileFormValues;
  /** IANA zones this server knows, offered as suggestions. */
  timeZones: string[];
  /** NOWLINE_TIME_ZONE when set: it wins over the zone saved here. */
  zoneOverride?: string;
  /** When the /now text last changed, already written out in the page's language. */
  nowUpdated: string | null;
  m: Messages['profile'];
}

function toDraft(values: ProfileFormValues) {
  return {
    ...values,
    links: values.links.map((link): LinkDraft => withKey(link)),
    sections: values.sections.map((section): SectionDraft =>
      withKey({
        ...section,
        cards: section.cards.map((card) => withKey({ ...card, description: card.description ?? '' })),
      }),
    ),
  };
}

export function ProfileForm({ initial, timeZones, zoneOverride, nowUpdated, m }: ProfileFormProps) {
  const [draft, setDraft] = useState(() => toDraft(initial));
  const [upload, setUpload] = useState<AvatarUpload | null>(null);
  const [state, dispatch, pending] = useActionState<ProfileState, ProfileInput>(async (prev, input) => {
    const result: ProfileState = await saveProfile(prev, input);
    if (result.ok && result.avatar) {
      setDraft((d) => ({ ...d, avatar: result.avatar! }));
      setUpload(null);
    }
    return result;
  }, {});
  const errors = state.fieldErrors ?? {};
  const set = <K extends keyof typeof draft>(key: K, value: (typeof draft)[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const input: ProfileInput = {
      ...draft,
      links: draft.links.map(withoutKey),
      sections: draft.sections.map((section) => ({ title: section.title, cards: section.cards.map(withoutKey) })),
      avatarUpload: upload?.dataUrl,
    };
    startTransition(() => dispatch(input));
  }

  const text = (key: 'name' | 'tagline', label: string, hint?: string) => (
    <TextField id={`profile-${key}`} label={label} hint={hint} error={errors[key]} value={draft[key]} onChange={(e) => set(key, e.target.value)} />
  );
  const markdown = (key: 'about' | 'nowText', label: string, hint: string) => (
    <Field id={`profile-${key}`} label={label} hint={hint} error={errors[key]}>
      {(control) => (
        <textarea
          {...control}
          rows={6}
          value={draft[key]}
          onChange={(e) => set(key, e.target.value)}
          className="field-input font-mono text-sm"
        />
      )}
    </Field>
  );

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-6">
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="card flex flex-col gap-4">
          {text('name', m.name)}
          {text('tagline', m.tagline, m.taglineHint)}
          <AvatarField
            value={draft.avatar}
            onChange={(avatar) => set('avatar', avatar)}
            upload={upload}
            onUpload={setUpload}
            error={errors.avatar}
            m={m}
          />
          {markdown('about', m.about, m.aboutHint)}
        </div>
        <div className="lg:sticky lg:top-4 lg:self-start">
          <ProfilePreview
            profile={{ ...draft, avatar: upload?.dataUrl ?? draft.avatar }}
            about={draft.about}
            accentColor={draft.accentColor}
            m={m}
          />
        </div>
      </div>

      <div className="card flex flex-col gap-4">
        <ProfileLinksEditor links={draft.links} onChange={(links) => set('links', links)} errors={errors} m={m} />
      </div>
      <div className="card flex flex-col gap-4">
        <ProfileSectionsEditor
          sections={draft.sections}
          onChange={(sections) => set('sections', sections)}
          errors={errors}
          m={m}
        />
      </div>

      <div className="card grid gap-4 sm:grid-cols-2">
        <Field
          id="profile-timeZone"
          label={m.timeZone}
          hint={zoneOverride ? formatMessage(m.timeZoneOverridden, { zone: zoneOverride }) : m.timeZoneHint}
          error={errors.timeZone}
        >
          {(control) => (
            <>
              <input
                {...control}
                list="profile-time-zones"
                value={draft.timeZone}
                onChange={(e) => set('timeZone', e.target.value)}
                className="field-input"
              />
              <datalist id="profile-time-zones">
                {timeZones.map((zone) => (
                  <option key={zone} value={zone} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field id="profile-language" label={m.language} hint={m.languageHint} error={errors.language}>
          {(control) => (
            <select
              {...control}
              value={draft.language}
              onChange={(e) => set('language', e.target.value as SiteLanguage)}
              className="field-input"
            >
              {SITE_LANGUAGES.map((language) => (
                <option key={language} value={language}>
                  {SITE_LANGUAGE_LABELS[language]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="profile-accentColor" label={m.accentColor} hint={m.accentColorHint} error={errors.accentColor}>
          {(control) => (
            <div className="flex gap-2">
              <input
                {...control}
                value={draft.accentColor}
                onChange={(e) => set('accentColor', e.target.value)}
                className="field-input"
              />
              <input
                type="color"
                aria-label={m.pickAccentColor}
                value={/^#[0-9a-f]{6}$/i.test(draft.accentColor) ? draft.accentColor.toLowerCase() : '#4f46e5'}
                onChange={(e) => set('accentColor', e.target.value)}
                className="h-11 w-14 shrink-0 cursor-pointer rounded-lg border border-zinc-300 bg-transparent dark:border-zinc-700"
              />
            </div>
          )}
        </Field>
        <HeadlineOrderEditor
          order={draft.precedence}
          onChange={(order) => set('precedence', order)}
          error={errors.precedence}
          m={m}
        />
      </div>

      <div className="card flex flex-col gap-2">
        {markdown('nowText', m.nowText, m.nowTextHint)}
        {nowUpdated && <p className="text-xs text-zinc-500">{formatMessage(m.nowLastChanged, { date: nowUpdated })}</p>}
      </div>

      <div className="card">
        <Toggle id="profile-showViewers" label={m.showViewers} help={m.showViewersHint} checked={draft.showViewers} onChange={(on) => set('showViewers', on)} />
      </div>

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? m.saving : m.save}
        </button>
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          {!pending && state.ok ? m.saved : ''}
        </p>
        {!pending && state.error && (
          <p role="alert" className="field-error mt-0">
            {state.error}
          </p>
        )}
      </div>
    </form>
  );
}
