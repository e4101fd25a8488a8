'use client';

import { dateTimeFormat } from '@/lib/i18n/intl-cache';
import { useActionState, useState } from 'react';
import { createToken, revokeToken, type CreatedTokenState } from '@/lib/admin/actions';
import { formatMessage } from '@/lib/i18n/format-message';
import { INTL_LOCALE, type Language } from '@/lib/i18n/languages';
import type { Messages } from '@/lib/i18n/messages/en';
import { ACTIVITY_KINDS } from '@/lib/status/schema';
import { TOKEN_PROTOCOL_LABELS, TOKEN_PROTOCOLS, type TokenProtocol } from '@/lib/token-scopes';
import { Field } from './field';

interface TokenRow {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  protocols: string[] | null;
  kinds: string[] | null;
}

type TokenMessages = Messages['tokens'];

/** "any protocol · coding, music": what a token may do, as the list shows it. */
function describeScopes(t: Pick<TokenRow, 'protocols' | 'kinds'>, m: TokenMessages): string {
  const protocols = t.protocols ? t.protocols.map((p) => TOKEN_PROTOCOL_LABELS[p as TokenProtocol] ?? p).join(', ') : m.anyProtocol;
  const kinds = t.kinds ? t.kinds.join(', ') : m.anyKind;
  return `${protocols} · ${kinds}`;
}

/** Checkboxes for one scope; none ticked means no limit. */
function ScopeChoices({ name, legend, options }: { name: string; legend: string; options: readonly { value: string; label: string }[] }) {
  return (
    <fieldset className="flex flex-wrap gap-x-4 gap-y-1">
      <legend className="field-label">{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" name={name} value={o.value} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

export function TokenManager({ tokens, m, language }: { tokens: TokenRow[]; m: TokenMessages; language: Language }) {
  const dateTime = (iso: string) => dateTimeFormat(INTL_LOCALE[language], { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const [state, action, pending] = useActionState<CreatedTokenState, FormData>(createToken, {});
  const [copied, setCopied] = useState(false);
  // Said below the whole row, not under the field: the button stays level with the input.
  const message = state.fieldErrors?.name ?? state.error;

  return (
    <div className="flex flex-col gap-4">
      <form action={action} className="card flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-end" noValidate>
        <Field id="token-name" label={m.newName} className="flex-1">
          {(control) => (
            <input
              {...control}
              name="name"
              maxLength={60}
              placeholder="laptop-vscode"
              className="field-input"
              aria-invalid={state.fieldErrors?.name ? true : undefined}
              aria-describedby={state.fieldErrors?.name ? 'token-error' : undefined}
            />
          )}
        </Field>
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? m.creating : m.create}
        </button>
        <div className="flex w-full flex-col gap-2 sm:order-last">
          <ScopeChoices name="protocols" legend={formatMessage(m.noneTicked, { legend: m.mayReportThrough })} options={TOKEN_PROTOCOLS.map((p) => ({ value: p, label: TOKEN_PROTOCOL_LABELS[p] }))} />
          <ScopeChoices name="kinds" legend={formatMessage(m.noneTicked, { legend: m.maySet })} options={ACTIVITY_KINDS.map((k) => ({ value: k, label: k }))} />
        </div>
      </form>
      {message && (
        <p id="token-error" role="alert" className="field-error">
          {message}
        </p>
      )}
      {state.token && (
        <div role="status" className="rounded-xl border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-800 dark:bg-emerald-950">
          <p className="text-sm font-medium">{formatMessage(m.shownOnce, { name: state.tokenName ?? '' })}</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code data-testid="new-token" className="rounded bg-white px-2 py-1 font-mono text-sm break-all dark:bg-zinc-900">
              {state.token}
            </code>
            <button
              type="button"
              className="btn-secondary"
              onClick={() => navigator.clipboard?.writeText(state.token!).then(() => setCopied(true), () => setCopied(false))}
            >
              {copied ? m.copied : m.copy}
            </button>
          </div>
        </div>
      )}
      {tokens.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{m.none}</p>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-2xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" aria-label={m.list}>
          {tokens.map((t) => (
            <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3" data-testid="token-row">
              <div className="min-w-0">
                <p className="font-medium break-words">
                  {t.name}
                  {t.revokedAt && <span className="ml-2 rounded bg-zinc-200 px-1.5 py-0.5 text-xs dark:bg-zinc-800">{m.revoked}</span>}
                </p>
                {/* Dates are shown in the browser's zone, which the server cannot know. */}
                <p className="text-xs text-zinc-600 dark:text-zinc-400" suppressHydrationWarning>
                  {formatMessage(m.created, { date: dateTime(t.createdAt) })} ·{' '}
                  {t.lastUsedAt ? formatMessage(m.lastUsed, { date: dateTime(t.lastUsedAt) }) : m.neverUsed}
                </p>
                <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="token-scopes">
                  {formatMessage(m.mayUse, { scopes: describeScopes(t, m) })}
                </p>
              </div>
              {!t.revokedAt && (
                <form action={revokeToken}>
                  <input type="hidden" name="id" value={t.id} />
                  <button type="submit" className="btn-danger" aria-label={formatMessage(m.revokeName, { name: t.name })}>
                    {m.revoke}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
