'use client';

import { useActionState } from 'react';
import { saveGameSettings } from '@/lib/admin/actions';
import type { FormState } from '@/lib/form-state';
import { formatMessage } from '@/lib/i18n/format-message';
import type { Messages } from '@/lib/i18n/messages/en';
import { Field } from './field';

/** A list's errors as one message: the list's own, or each line's ("games.2" → "Line 3: …"). */
function listError(errors: Record<string, string>, list: string, m: Messages['games']): string | undefined {
  const lines = Object.entries(errors)
    .filter(([path]) => path.startsWith(`${list}.`))
    .map(([path, message]) => formatMessage(m.line, { n: Number(path.slice(list.length + 1)) + 1, message }));
  const all = [errors[list], ...lines].filter(Boolean);
  return all.length ? all.join(' ') : undefined;
}

/** Which apps are games: two plain lists, one app per line. */
export function GameRulesForm({ games, notGames, m }: { games: string; notGames: string; m: Messages['games'] }) {
  const [state, action, pending] = useActionState<FormState, FormData>(saveGameSettings, {});
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="card flex flex-col gap-4" noValidate>
      <Field id="game-apps" label={m.games} hint={m.gamesHint} error={listError(errors, 'games', m)}>
        {(control) => (
          <textarea
            {...control}
            name="games"
            defaultValue={games}
            rows={4}
            spellCheck={false}
            placeholder="MyIndieGame.exe = My Indie Game"
            className="field-input font-mono text-sm"
          />
        )}
      </Field>
      <Field id="not-game-apps" label={m.notGames} hint={m.notGamesHint} error={listError(errors, 'notGames', m)}>
        {(control) => (
          <textarea
            {...control}
            name="notGames"
            defaultValue={notGames}
            rows={3}
            spellCheck={false}
            className="field-input font-mono text-sm"
          />
        )}
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? m.saving : m.save}
        </button>
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          {state.ok && !pending ? m.saved : state.error ? state.error : ''}
        </p>
      </div>
    </form>
  );
}
