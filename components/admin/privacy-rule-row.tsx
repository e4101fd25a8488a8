import { formatMessage } from '@/lib/i18n/format-message';
import type { Messages } from '@/lib/i18n/messages/en';
import type { PrivacyCategory } from '@/lib/status/privacy/rules';
import { Field, TextField } from './field';
import type { DraftRule } from './use-privacy-draft';

export type PrivacyMessages = Messages['privacy'];

const EXAMPLE: Record<PrivacyCategory, string> = { apps: 'Slack', projects: 'client-acme', players: 'Podcasts', games: 'Solitaire' };

/** A category's heading, its name for one rule ("App rule 2") and its help, in the page's language. */
export function categoryText(category: PrivacyCategory, m: PrivacyMessages) {
  return { title: m[`${category}Title`], one: m[`${category}One`], help: m[`${category}Help`], example: EXAMPLE[category] };
}

/** "App rule 2" (the rule's legend), or another message about the rule; `midSentence` lowercases the kind ("Remove app rule 2"). */
export function ruleLabel(category: PrivacyCategory, index: number, m: PrivacyMessages, template = m.ruleName, midSentence = false) {
  const kind = categoryText(category, m).one;
  return formatMessage(template, { kind: midSentence ? kind.toLowerCase() : kind, number: index + 1 });
}

interface PrivacyRuleRowProps {
  category: PrivacyCategory;
  index: number;
  rule: DraftRule;
  /** The id of one of this rule's controls ("match", "action", "replacement"). */
  fieldId: (field: string) => string;
  errors: { match?: string; replacement?: string };
  onChange: (patch: Partial<DraftRule>) => void;
  onRemove: () => void;
  m: PrivacyMessages;
}

/** One hide or rename rule: what it matches, whether as a pattern, and what it does. */
export function PrivacyRuleRow({ category, index, rule, fieldId, errors, onChange, onRemove, m }: PrivacyRuleRowProps) {
  const text = categoryText(category, m);
  const name = ruleLabel(category, index, m);
  return (
    <fieldset
      className="grid gap-3 rounded-xl border border-zinc-200 p-3 sm:grid-cols-[minmax(0,1fr)_auto] dark:border-zinc-800"
      data-testid={`rule-${category}-${index}`}
    >
      <legend className="sr-only">{name}</legend>
      <TextField
        id={fieldId('match')}
        label={rule.regex ? m.pattern : m.name}
        error={errors.match}
        className="min-w-0"
        value={rule.match}
        onChange={(e) => onChange({ match: e.target.value })}
        placeholder={rule.regex ? `^${text.example.split('-')[0]}` : text.example}
        maxLength={200}
        autoComplete="off"
        spellCheck={false}
        inputClassName={rule.regex ? 'font-mono' : undefined}
      />
      <label className="inline-flex min-h-10 cursor-pointer items-center gap-2 self-start text-sm sm:mt-6">
        <input type="checkbox" checked={rule.regex} onChange={(e) => onChange({ regex: e.target.checked })} className="h-4 w-4 accent-indigo-600" />
        {m.regex}
      </label>
      <div className="grid gap-3 sm:col-span-2 sm:grid-cols-[10rem_minmax(0,1fr)_auto] sm:items-start">
        <Field id={fieldId('action')} label={m.action}>
          {(control) => (
            <select {...control} value={rule.action} onChange={(e) => onChange({ action: e.target.value as DraftRule['action'] })} className="field-input">
              <option value="hide">{m.hide}</option>
              <option value="rename">{m.rename}</option>
            </select>
          )}
        </Field>
        {rule.action === 'rename' ? (
          <TextField
            id={fieldId('replacement')}
            label={m.newName}
            error={errors.replacement}
            className="min-w-0"
            value={rule.replacement}
            onChange={(e) => onChange({ replacement: e.target.value })}
            maxLength={200}
            autoComplete="off"
          />
        ) : (
          <div aria-hidden className="hidden sm:block" />
        )}
        <button type="button" className="btn-danger self-end sm:mb-0.5" onClick={onRemove} aria-label={ruleLabel(category, index, m, m.removeRule, true)}>
          {m.remove}
        </button>
      </div>
    </fieldset>
  );
}
