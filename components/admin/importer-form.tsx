'use client';
// One importer's settings form on /admin. The saved key is never sent here: the form only knows
// that one is saved, and an empty key field keeps it. The fields are controlled: a refused save
// keeps what the owner typed (React resets an uncontrolled form after its action).
import { useActionState, useState } from 'react';
import { saveImporter, type ImporterFormState } from '@/lib/admin/importer-actions';
import type { Messages } from '@/lib/i18n/messages/en';
import type { ImporterSettingsView } from '@/lib/importers/settings';
import type { ImporterName } from '@/lib/importers/types';
import { TextField } from './field';

interface ImporterFormProps {
  importer: ImporterName;
  saved: ImporterSettingsView[ImporterName];
  m: Messages['importers'];
}

interface TextFieldSpec {
  name: 'user' | 'apiKey' | 'steamId' | 'userId';
  label: string;
  hint?: string;
  secret?: boolean;
  value?: string;
}

export function ImporterForm({ importer, saved, m }: ImporterFormProps) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [state, action, pending] = useActionState<ImporterFormState, FormData>(async (previous, formData) => {
    const result = await saveImporter(previous, formData);
    // Once saved, the key field empties again: the key is on the server, and the hint says so.
    if (result.ok) setValues((current) => ({ ...current, apiKey: '' }));
    return result;
  }, {});
  const errors = state.fieldErrors ?? {};
  const hasKey = Boolean(saved && 'hasKey' in saved);
  const keyField = (hint: string): TextFieldSpec => ({ name: 'apiKey', label: m.apiKey, hint: hasKey ? m.apiKeySaved : hint, secret: true });
  const fields: TextFieldSpec[] =
    importer === 'lastfm'
      ? [{ name: 'user', label: m.user, value: saved && 'user' in saved ? saved.user : '' }, keyField(m.apiKeyHintLastfm)]
      : importer === 'steam'
        ? [{ name: 'steamId', label: m.steamId, hint: m.steamIdHint, value: saved && 'steamId' in saved ? saved.steamId : '' }, keyField(m.apiKeyHintSteam)]
        : [{ name: 'userId', label: m.userId, hint: m.userIdHint, value: saved && 'userId' in saved ? saved.userId : '' }];
  const message = pending ? m.saving : (state.error ?? state.notice ?? '');
  return (
    <form action={action} className="flex flex-col gap-3" noValidate>
      <input type="hidden" name="importer" value={importer} />
      {fields.map((field) => (
        <TextField
          key={field.name}
          id={`${importer}-${field.name}`}
          label={field.label}
          hint={field.hint}
          error={errors[field.name]}
          name={field.name}
          type={field.secret ? 'password' : 'text'}
          value={values[field.name] ?? field.value ?? ''}
          onChange={(event) => setValues((current) => ({ ...current, [field.name]: event.target.value }))}
          autoComplete="off"
          spellCheck={false}
          inputMode={field.name === 'steamId' || field.name === 'userId' ? 'numeric' : undefined}
          inputClassName="font-mono text-sm"
        />
      ))}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" name="intent" value="save" className="btn-primary" disabled={pending}>
          {m.save}
        </button>
        {saved && (
          <button type="submit" name="intent" value="remove" className="btn-secondary" disabled={pending}>
            {m.remove}
          </button>
        )}
      </div>
      <p role="status" className={`text-sm ${state.error ? 'text-red-700 dark:text-red-400' : 'text-zinc-600 dark:text-zinc-400'}`}>
        {message}
      </p>
    </form>
  );
}
