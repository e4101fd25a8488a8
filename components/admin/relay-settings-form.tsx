'use client';
// One relay's settings on /admin: its address and the owner's key or token. The saved secret never
// comes to the browser: the form only knows that one is saved, and an empty field keeps it.

import { useActionState } from 'react';
import { saveRelaySettings } from '@/lib/admin/actions';
import type { FormState } from '@/lib/form-state';
import type { Messages } from '@/lib/i18n/messages/en';
import type { RelayName } from '@/lib/relays/names';
import { TextField } from './field';

interface RelaySettingsFormProps {
  relay: RelayName;
  /** The address saved on /admin, to edit; null when none is. */
  savedUrl: string | null;
  m: Messages['relays'];
}

export function RelaySettingsForm({ relay, savedUrl, m }: RelaySettingsFormProps) {
  const [state, action, pending] = useActionState<FormState, FormData>(saveRelaySettings, {});
  const errors = state.fieldErrors ?? {};
  const saved = savedUrl !== null;
  const labels = relay === 'wakatime' ? { url: m.wakatimeUrl, urlHint: m.wakatimeUrlHint, secret: m.wakatimeSecret } : { url: m.listenbrainzUrl, urlHint: m.listenbrainzUrlHint, secret: m.listenbrainzSecret };
  return (
    <form action={action} className="mt-3 flex flex-col gap-3" noValidate>
      <input type="hidden" name="relay" value={relay} />
      <TextField id={`relay-${relay}-url`} label={labels.url} hint={labels.urlHint} error={errors.url} name="url" type="url" defaultValue={savedUrl ?? ''} spellCheck={false} inputClassName="font-mono text-sm" />
      {/* new-password: the browser must not fill in the admin password here. */}
      <TextField
        id={`relay-${relay}-secret`}
        label={labels.secret}
        hint={saved ? m.secretSaved : undefined}
        error={errors.secret}
        name="secret"
        type="password"
        autoComplete="new-password"
        spellCheck={false}
        inputClassName="font-mono text-sm"
      />
      {saved && <p className="text-xs text-zinc-500">{m.queueRule}</p>}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" name="intent" value="save" className="btn-primary" disabled={pending}>
          {pending ? m.saving : m.save}
        </button>
        {saved && (
          <button type="submit" name="intent" value="remove" className="btn-secondary" disabled={pending}>
            {m.remove}
          </button>
        )}
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          {state.ok && !pending ? (saved ? m.saved : m.removed) : state.error ? state.error : ''}
        </p>
      </div>
    </form>
  );
}
