import type { PrivacyCategory } from '@/lib/status/privacy/rules';
import { Field } from './field';
import type { DraftRule } from './use-privacy-draft';

export const CATEGORY_TEXT: Record<PrivacyCategory, { title: string; one: string; help: string; example: string }> = {
  apps: { title: 'Apps', one: 'App', help: 'Matched against the app name. Hide removes the app activity.', example: 'Slack' },
  projects: {
    title: 'Projects',
    one: 'Project',
    help: 'Matched against the coding project. Hide keeps “coding” but drops the project, file and branch.',
    example: 'client-acme',
  },
  players: { title: 'Music players', one: 'Player', help: 'Matched against the music player. Hide removes the music activity.', example: 'Podcasts' },
  games: { title: 'Games', one: 'Game', help: 'Matched against the game name. Hide removes the game activity.', example: 'Solitaire' },
};

interface PrivacyRuleRowProps {
  category: PrivacyCategory;
  index: number;
  rule: DraftRule;
  /** The id of one of this rule's controls ("match", "action", "replacement"). */
  fieldId: (field: string) => string;
  errors: { match?: string; replacement?: string };
  onChange: (patch: Partial<DraftRule>) => void;
  onRemove: () => void;
}

/** One hide or rename rule: what it matches, whether as a pattern, and what it does. */
export function PrivacyRuleRow({ category, index, rule, fieldId, errors, onChange, onRemove }: PrivacyRuleRowProps) {
  const text = CATEGORY_TEXT[category];
  const name = `${text.one} rule ${index + 1}`;
  return (
    <fieldset
      className="grid gap-3 rounded-xl border border-zinc-200 p-3 sm:grid-cols-[minmax(0,1fr)_auto] dark:border-zinc-800"
      data-testid={`rule-${category}-${index}`}
    >
      <legend className="sr-only">{name}</legend>
      <Field id={fieldId('match')} label={rule.regex ? 'Pattern' : 'Name'} error={errors.match} className="min-w-0">
        {(control) => (
          <input
            {...control}
            value={rule.match}
            onChange={(e) => onChange({ match: e.target.value })}
            placeholder={rule.regex ? `^${text.example.split('-')[0]}` : text.example}
            maxLength={200}
            autoComplete="off"
            spellCheck={false}
            className={`field-input ${rule.regex ? 'font-mono' : ''}`}
          />
        )}
      </Field>
      <label className="inline-flex min-h-10 cursor-pointer items-center gap-2 self-start text-sm sm:mt-6">
        <input type="checkbox" checked={rule.regex} onChange={(e) => onChange({ regex: e.target.checked })} className="h-4 w-4 accent-indigo-600" />
        Regular expression
      </label>
      <div className="grid gap-3 sm:col-span-2 sm:grid-cols-[10rem_minmax(0,1fr)_auto] sm:items-start">
        <Field id={fieldId('action')} label="Action">
          {(control) => (
            <select {...control} value={rule.action} onChange={(e) => onChange({ action: e.target.value as DraftRule['action'] })} className="field-input">
              <option value="hide">Hide</option>
              <option value="rename">Rename to…</option>
            </select>
          )}
        </Field>
        {rule.action === 'rename' ? (
          <Field id={fieldId('replacement')} label="New name" error={errors.replacement} className="min-w-0">
            {(control) => (
              <input {...control} value={rule.replacement} onChange={(e) => onChange({ replacement: e.target.value })} maxLength={200} autoComplete="off" className="field-input" />
            )}
          </Field>
        ) : (
          <div aria-hidden className="hidden sm:block" />
        )}
        <button type="button" className="btn-danger self-end sm:mb-0.5" onClick={onRemove} aria-label={`Remove ${name.toLowerCase()}`}>
          Remove
        </button>
      </div>
    </fieldset>
  );
}
