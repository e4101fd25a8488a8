'use client';

import { startTransition, useActionState, useEffect, useId, useMemo, useRef, useState } from 'react';
import { savePrivacySettings } from '@/lib/admin/actions';
import type { FormState } from '@/lib/form-state';
import { localizeFieldErrors, localizeFormMessage } from '@/lib/i18n/form-errors';
import { formatMessage } from '@/lib/i18n/format-message';
import type { Messages } from '@/lib/i18n/messages/en';
import type { StatusLocale } from '@/components/status/format';
import { PRIVACY_CATEGORIES, validatePrivacyRules, type PrivacyCategory, type PrivacyRules } from '@/lib/status/privacy/rules';
import type { Activity, ActivityKind } from '@/lib/status/schema';
import { PrivacyPreview } from './privacy-preview';
import { categoryText, PrivacyRuleRow, ruleLabel, type PrivacyMessages } from './privacy-rule-row';
import { usePrivacyDraft, type PrivacyInput } from './use-privacy-draft';

/** Each switch's label is its key in the messages; its help is that key + "Help". */
const SWITCHES = [
  { key: 'showFileNames', id: 'files' },
  { key: 'showWindowTitles', id: 'titles' },
  { key: 'showMachineName', id: 'machine' },
] as const;

interface PrivacyRulesEditorProps {
  rules: PrivacyRules;
  /** The stored, not yet public activities (admin only). */
  activities: Activity[];
  version: number;
  precedence: readonly ActivityKind[];
  timeZone: string;
  now: number;
  m: PrivacyMessages;
  errors: Messages['errors'];
  /** For the preview card. */
  locale: StatusLocale;
}

export function PrivacyRulesEditor({ rules, activities, version, precedence, timeZone, now, m, errors: errorText, locale }: PrivacyRulesEditorProps) {
  const baseId = useId();
  const draft = usePrivacyDraft(rules);
  const [attempted, setAttempted] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const focusNext = useRef<string | null>(null);

  const [state, dispatch, pending] = useActionState<FormState, PrivacyInput>(async (prev, input) => {
    const result = await savePrivacySettings(prev, input);
    if (result.ok) {
      draft.markSaved(input);
      setAttempted(false);
    }
    return result;
  }, {});

  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });

  const validation = useMemo(() => validatePrivacyRules(draft.input), [draft.input]);
  const errors = useMemo(() => (validation.success ? {} : localizeFieldErrors(validation.fieldErrors, errorText)), [validation, errorText]);
  // Errors show once a field has been typed in, or after a save attempt: never on blur, since a
  // message appearing then would move the control being tapped.
  const visibleError = (path: string) => (attempted || draft.touched.has(path) ? errors[path] : undefined);
  const fieldId = (category: PrivacyCategory, index: number, field: string) => `${baseId}-${category}-${index}-${field}`;

  function removeRule(category: PrivacyCategory, index: number) {
    draft.removeRule(category, index);
    setAnnouncement(ruleLabel(category, index, m, m.ruleRemoved));
    focusNext.current = `${baseId}-${category}-add`;
  }

  function discard() {
    draft.discard();
    setAttempted(false);
    setAnnouncement(m.discarded);
  }

  function save(event: React.FormEvent) {
    event.preventDefault();
    setAttempted(true);
    if (!validation.success) {
      // Paths are "<category>.<index>.<field>"; one without an index names no control to focus.
      const [category, index, field] = (Object.keys(validation.fieldErrors)[0] ?? '').split('.');
      if (category && index !== undefined && field) document.getElementById(fieldId(category as PrivacyCategory, Number(index), field))?.focus();
      return;
    }
    startTransition(() => dispatch(draft.input));
  }

  const errorCount = Object.keys(errors).length;
  let statusText = '';
  if (pending) statusText = m.saving;
  else if (attempted && errorCount > 0) statusText = '';
  else if (draft.dirty) statusText = m.unsaved;
  else if (state.ok) statusText = m.saved;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)] lg:items-start">
      <form onSubmit={save} noValidate className="flex min-w-0 flex-col gap-6" aria-labelledby="privacy-heading">
        <UnusableRules unusable={draft.unusable} m={m} errors={errorText} />
        <fieldset className="card flex flex-col gap-4">
          <legend className="sr-only">{m.whatMayBeShown}</legend>
          {SWITCHES.map((s) => (
            <Toggle key={s.key} id={`${baseId}-${s.id}`} label={m[s.key]} help={m[`${s.key}Help`]} checked={draft.draft[s.key]} onChange={(v) => draft.setSwitch(s.key, v)} />
          ))}
        </fieldset>

        <p id={`${baseId}-matching`} className="text-sm text-zinc-600 dark:text-zinc-400">
          {m.matching}
        </p>

        {PRIVACY_CATEGORIES.map((category) => {
          const text = categoryText(category, m);
          const list = draft.draft[category];
          return (
            <fieldset key={category} className="card flex min-w-0 flex-col gap-3" aria-describedby={`${baseId}-${category}-help ${baseId}-matching`}>
              <legend className="float-left w-full text-base font-semibold">{text.title}</legend>
              <p id={`${baseId}-${category}-help`} className="text-sm text-zinc-600 dark:text-zinc-400">
                {text.help}
              </p>
              {list.length === 0 ? (
                <p className="text-sm text-zinc-500 dark:text-zinc-400">{m.noRules}</p>
              ) : (
                <ol className="flex flex-col gap-3">
                  {list.map((rule, index) => (
                    <li key={rule.id}>
                      <PrivacyRuleRow
                        category={category}
                        index={index}
                        rule={rule}
                        fieldId={(field) => fieldId(category, index, field)}
                        errors={{ match: visibleError(`${category}.${index}.match`), replacement: visibleError(`${category}.${index}.replacement`) }}
                        onChange={(patch) => draft.updateRule(category, index, patch)}
                        onRemove={() => removeRule(category, index)}
                        m={m}
                      />
                    </li>
                  ))}
                </ol>
              )}
              <div>
                <button
                  id={`${baseId}-${category}-add`}
                  type="button"
                  className="btn-secondary"
                  onClick={() => (focusNext.current = fieldId(category, draft.addRule(category), 'match'))}
                >
                  {formatMessage(m.addRule, { kind: text.one.toLowerCase() })}
                </button>
              </div>
            </fieldset>
          );
        })}

        <div className="sticky bottom-0 z-10 -mx-1 flex flex-col gap-2 border-t border-zinc-200 bg-white/95 px-1 py-3 backdrop-blur sm:flex-row sm:items-center dark:border-zinc-800 dark:bg-zinc-950/95">
          <div className="flex shrink-0 gap-3 whitespace-nowrap">
            <button type="submit" className="btn-primary" disabled={pending}>
              {pending ? m.saving : m.save}
            </button>
            <button type="button" className="btn-secondary" onClick={discard} disabled={!draft.dirty || pending}>
              {m.discard}
            </button>
          </div>
          <p role="status" className="flex-1 text-sm text-zinc-600 dark:text-zinc-400" data-testid="privacy-save-status">
            {statusText}
          </p>
          <a href={`#${baseId}-preview`} className="text-sm font-medium text-indigo-700 underline-offset-2 hover:underline lg:hidden dark:text-indigo-400">
            {m.seePreview}
          </a>
        </div>
        {attempted && errorCount > 0 ? (
          <p role="alert" className="field-error" data-testid="privacy-errors">
            {errorCount === 1 ? m.oneFieldNeedsAttention : formatMessage(m.fieldsNeedAttention, { count: errorCount })}
          </p>
        ) : (
          state.error &&
          !pending && (
            <p role="alert" className="field-error" data-testid="privacy-errors">
              {localizeFormMessage(state.error, errorText)}
            </p>
          )
        )}
        <p className="sr-only" aria-live="polite">
          {announcement}
        </p>
      </form>

      <PrivacyPreview
        id={`${baseId}-preview`}
        input={draft.input}
        dirty={draft.dirty}
        activities={activities}
        version={version}
        precedence={precedence}
        timeZone={timeZone}
        now={now}
        m={m}
        locale={locale}
      />
    </div>
  );
}

/** Saved rules the server skips because RE2 cannot compile their pattern (stored before RE2). */
function UnusableRules({ unusable, m, errors }: { unusable: { path: string; match: string; message: string }[]; m: PrivacyMessages; errors: Messages['errors'] }) {
  if (unusable.length === 0) return null;
  return (
    <div role="alert" className="card border-amber-400 text-sm dark:border-amber-600" data-testid="privacy-unusable-rules">
      <p className="font-medium">{unusable.length === 1 ? m.unusableOne : formatMessage(m.unusableMany, { count: unusable.length })}</p>
      <ul className="mt-2 list-disc pl-5">
        {unusable.map((u) => {
          const [category, index] = u.path.split('.');
          return (
            <li key={u.path}>
              {ruleLabel(category as PrivacyCategory, Number(index), m)} <code className="font-mono">{u.match}</code>: {localizeFormMessage(u.message, errors)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** A checkbox with its label and a line of help beside it. */
export function Toggle({ id, label, help, checked, onChange }: { id: string; label: string; help: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="flex items-start gap-3">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={`${id}-help`}
        className="mt-1 h-5 w-5 shrink-0 accent-indigo-600"
      />
      <div>
        <label htmlFor={id} className="cursor-pointer font-medium">
          {label}
        </label>
        <p id={`${id}-help`} className="text-sm text-zinc-600 dark:text-zinc-400">
          {help}
        </p>
      </div>
    </div>
  );
}
