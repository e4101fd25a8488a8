'use client';

import { startTransition, useActionState, useEffect, useId, useMemo, useRef, useState } from 'react';
import { savePrivacySettings, type PrivacyFormState } from '@/app/admin/actions';
import { StatusCard } from '@/components/status/status-card';
import { applyPrivacy } from '@/lib/status/privacy/apply';
import {
  findUnusableRules,
  PRIVACY_CATEGORIES,
  usablePrivacyRules,
  validatePrivacyRules,
  type PrivacyCategory,
  type PrivacyRules,
} from '@/lib/status/privacy/rules';
import { isLive } from '@/lib/status/live';
import type { Activity, ActivityKind } from '@/lib/status/schema';
import { computeSnapshot } from '@/lib/status/snapshot';

interface DraftRule {
  /** React key only; never sent. */
  id: string;
  match: string;
  regex: boolean;
  action: 'hide' | 'rename';
  replacement: string;
}
type Draft = Pick<PrivacyRules, 'showFileNames' | 'showWindowTitles' | 'showMachineName'> & Record<PrivacyCategory, DraftRule[]>;

const CATEGORY_TEXT: Record<PrivacyCategory, { title: string; one: string; help: string; example: string }> = {
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

function toDraft(rules: PrivacyRules): Draft {
  const list = (category: PrivacyCategory) =>
    rules[category].map((r, i) => ({
      id: `saved-${category}-${i}`,
      match: r.match,
      regex: r.regex,
      action: r.action,
      replacement: r.replacement ?? '',
    }));
  return {
    showFileNames: rules.showFileNames,
    showWindowTitles: rules.showWindowTitles,
    showMachineName: rules.showMachineName,
    apps: list('apps'),
    projects: list('projects'),
    players: list('players'),
    games: list('games'),
  };
}

/** The rules as the action and the schema expect them. */
function toInput(draft: Draft) {
  const list = (category: PrivacyCategory) =>
    draft[category].map(({ match, regex, action, replacement }) =>
      action === 'rename' ? { match, regex, action, replacement } : { match, regex, action },
    );
  return {
    showFileNames: draft.showFileNames,
    showWindowTitles: draft.showWindowTitles,
    showMachineName: draft.showMachineName,
    apps: list('apps'),
    projects: list('projects'),
    players: list('players'),
    games: list('games'),
  };
}

interface PrivacyRulesEditorProps {
  rules: PrivacyRules;
  /** The stored, not yet public activities (admin only). */
  activities: Activity[];
  version: number;
  precedence: readonly ActivityKind[];
  timeZone: string;
  now: number;
}

export function PrivacyRulesEditor({ rules, activities, version, precedence, timeZone, now: initialNow }: PrivacyRulesEditorProps) {
  const baseId = useId();
  const [draft, setDraft] = useState<Draft>(() => toDraft(rules));
  const [savedJson, setSavedJson] = useState(() => JSON.stringify(toInput(toDraft(rules))));
  // Saved rules the matcher cannot use are skipped on the server: flag them from the start.
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set(findUnusableRules(rules).map((u) => u.path)));
  const [attempted, setAttempted] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [now, setNow] = useState(initialNow);
  const nextId = useRef(0);
  const focusNext = useRef<string | null>(null);

  const [state, dispatch, pending] = useActionState<PrivacyFormState, ReturnType<typeof toInput>>(async (prev, input) => {
    const result = await savePrivacySettings(prev, input);
    if (result.ok) {
      setSavedJson(JSON.stringify(input));
      setAttempted(false);
      setTouched(new Set());
    }
    return result;
  }, {});

  // The preview ages with the clock, as the public page does.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });

  const input = useMemo(() => toInput(draft), [draft]);
  const unusable = useMemo(() => findUnusableRules(JSON.parse(savedJson) as PrivacyRules), [savedJson]);
  const dirty = JSON.stringify(input) !== savedJson;
  const validation = useMemo(() => validatePrivacyRules(input), [input]);
  const errors = validation.success ? {} : validation.fieldErrors;
  // Errors show once a field has been typed in, or after a save attempt: never on blur, since a
  // message appearing then would move the control being tapped.
  const visibleError = (path: string) => (attempted || touched.has(path) ? errors[path] : undefined);

  const previewRules = useMemo(() => usablePrivacyRules(input), [input]);
  const preview = useMemo(
    () => computeSnapshot(activities, { version, now, precedence, rules: previewRules }),
    [activities, version, now, precedence, previewRules],
  );
  const hiddenCount = activities.filter((a) => isLive(a, now) && applyPrivacy(a, previewRules) === null).length;

  const fieldId = (category: PrivacyCategory, index: number, field: string) => `${baseId}-${category}-${index}-${field}`;
  const touch = (path: string) => setTouched((t) => (t.has(path) ? t : new Set(t).add(path)));

  function updateRule(category: PrivacyCategory, index: number, patch: Partial<DraftRule>) {
    setDraft((d) => ({ ...d, [category]: d[category].map((r, i) => (i === index ? { ...r, ...patch } : r)) }));
    for (const key of Object.keys(patch)) touch(`${category}.${index}.${key}`);
  }

  function addRule(category: PrivacyCategory) {
    const index = draft[category].length;
    const rule: DraftRule = { id: `new-${nextId.current++}`, match: '', regex: false, action: 'hide', replacement: '' };
    setDraft((d) => ({ ...d, [category]: [...d[category], rule] }));
    focusNext.current = fieldId(category, index, 'match');
  }

  function removeRule(category: PrivacyCategory, index: number) {
    setDraft((d) => ({ ...d, [category]: d[category].filter((_, i) => i !== index) }));
    // Touched paths are positional: forget this category's so later rules do not inherit them.
    setTouched((t) => new Set([...t].filter((p) => !p.startsWith(`${category}.`))));
    setAnnouncement(`${CATEGORY_TEXT[category].one} rule ${index + 1} removed.`);
    focusNext.current = `${baseId}-${category}-add`;
  }

  function discard() {
    setDraft(toDraft(JSON.parse(savedJson) as PrivacyRules));
    setTouched(new Set());
    setAttempted(false);
    setAnnouncement('Changes discarded.');
  }

  function save(event: React.FormEvent) {
    event.preventDefault();
    setAttempted(true);
    if (!validation.success) {
      const first = Object.keys(validation.fieldErrors)[0];
      const [category, index, field] = first.split('.');
      if (category && index !== undefined) document.getElementById(fieldId(category as PrivacyCategory, Number(index), field))?.focus();
      return;
    }
    startTransition(() => dispatch(input));
  }

  const errorCount = Object.keys(errors).length;
  let statusText = '';
  if (pending) statusText = 'Saving…';
  else if (attempted && errorCount > 0) statusText = '';
  else if (dirty) statusText = 'Unsaved changes: the preview shows them, visitors do not see them yet.';
  else if (state.ok) statusText = 'Saved. Every open page now shows the new rules.';

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)] lg:items-start">
      <form onSubmit={save} noValidate className="flex min-w-0 flex-col gap-6" aria-labelledby="privacy-heading">
        {unusable.length > 0 && (
          <div role="alert" className="card border-amber-400 text-sm dark:border-amber-600" data-testid="privacy-unusable-rules">
            <p className="font-medium">
              {unusable.length === 1 ? 'One saved rule is' : `${unusable.length} saved rules are`} skipped: the pattern uses syntax the
              matcher does not support. Fix or remove {unusable.length === 1 ? 'it' : 'them'}, then save.
            </p>
            <ul className="mt-2 list-disc pl-5">
              {unusable.map((u) => (
                <li key={u.path}>
                  {CATEGORY_TEXT[u.path.split('.')[0] as PrivacyCategory].one} rule {Number(u.path.split('.')[1]) + 1}{' '}
                  <code className="font-mono">{u.match}</code>: {u.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        <fieldset className="card flex flex-col gap-4">
          <legend className="sr-only">What may be shown</legend>
          <Toggle
            id={`${baseId}-files`}
            label="Show file names"
            help="The file you are editing, relative to the project. Absolute paths are never shown."
            checked={draft.showFileNames}
            onChange={(v) => setDraft((d) => ({ ...d, showFileNames: v }))}
          />
          <Toggle
            id={`${baseId}-titles`}
            label="Show window titles"
            help="Window titles often name documents and chats. Paths in them are removed either way."
            checked={draft.showWindowTitles}
            onChange={(v) => setDraft((d) => ({ ...d, showWindowTitles: v }))}
          />
          <Toggle
            id={`${baseId}-machine`}
            label="Show machine name"
            help="The computer's name a reporter sends, often a work host name with your own name in it."
            checked={draft.showMachineName}
            onChange={(v) => setDraft((d) => ({ ...d, showMachineName: v }))}
          />
        </fieldset>

        <p id={`${baseId}-matching`} className="text-sm text-zinc-600 dark:text-zinc-400">
          A plain name matches the whole name, ignoring case. A regular expression (RE2 syntax: no backreferences or lookaround) matches anywhere in the name
          (anchor it with ^ and $). In each list the first matching rule wins.
        </p>

        {PRIVACY_CATEGORIES.map((category) => {
          const text = CATEGORY_TEXT[category];
          const list = draft[category];
          return (
            <fieldset key={category} className="card flex min-w-0 flex-col gap-3" aria-describedby={`${baseId}-${category}-help ${baseId}-matching`}>
              <legend className="float-left w-full text-base font-semibold">{text.title}</legend>
              <p id={`${baseId}-${category}-help`} className="text-sm text-zinc-600 dark:text-zinc-400">
                {text.help}
              </p>
              {list.length === 0 ? (
                <p className="text-sm text-zinc-500 dark:text-zinc-400">No rules yet.</p>
              ) : (
                <ol className="flex flex-col gap-3">
                  {list.map((rule, index) => {
                    const path = `${category}.${index}`;
                    const matchError = visibleError(`${path}.match`);
                    const replacementError = visibleError(`${path}.replacement`);
                    const name = `${text.one} rule ${index + 1}`;
                    return (
                      <li key={rule.id}>
                        <fieldset
                          className="grid gap-3 rounded-xl border border-zinc-200 p-3 sm:grid-cols-[minmax(0,1fr)_auto] dark:border-zinc-800"
                          data-testid={`rule-${category}-${index}`}
                        >
                          <legend className="sr-only">{name}</legend>
                          <div className="min-w-0">
                            <label htmlFor={fieldId(category, index, 'match')} className="field-label">
                              {rule.regex ? 'Pattern' : 'Name'}
                            </label>
                            <input
                              id={fieldId(category, index, 'match')}
                              value={rule.match}
                              onChange={(e) => updateRule(category, index, { match: e.target.value })}
                              placeholder={rule.regex ? `^${text.example.split('-')[0]}` : text.example}
                              maxLength={200}
                              autoComplete="off"
                              spellCheck={false}
                              className={`field-input ${rule.regex ? 'font-mono' : ''}`}
                              aria-invalid={matchError ? true : undefined}
                              aria-describedby={matchError ? fieldId(category, index, 'match-error') : undefined}
                            />
                            {matchError && (
                              <p id={fieldId(category, index, 'match-error')} className="field-error">
                                {capitalize(matchError)}
                              </p>
                            )}
                          </div>
                          <label className="inline-flex min-h-10 cursor-pointer items-center gap-2 self-start text-sm sm:mt-6">
                            <input
                              type="checkbox"
                              checked={rule.regex}
                              onChange={(e) => {
                                updateRule(category, index, { regex: e.target.checked });
                                if (rule.match) touch(`${path}.match`);
                              }}
                              className="h-4 w-4 accent-indigo-600"
                            />
                            Regular expression
                          </label>
                          <div className="grid gap-3 sm:col-span-2 sm:grid-cols-[10rem_minmax(0,1fr)_auto] sm:items-start">
                            <div>
                              <label htmlFor={fieldId(category, index, 'action')} className="field-label">
                                Action
                              </label>
                              <select
                                id={fieldId(category, index, 'action')}
                                value={rule.action}
                                onChange={(e) => updateRule(category, index, { action: e.target.value as DraftRule['action'] })}
                                className="field-input"
                              >
                                <option value="hide">Hide</option>
                                <option value="rename">Rename to…</option>
                              </select>
                            </div>
                            {rule.action === 'rename' ? (
                              <div className="min-w-0">
                                <label htmlFor={fieldId(category, index, 'replacement')} className="field-label">
                                  New name
                                </label>
                                <input
                                  id={fieldId(category, index, 'replacement')}
                                  value={rule.replacement}
                                  onChange={(e) => updateRule(category, index, { replacement: e.target.value })}
                                  maxLength={200}
                                  autoComplete="off"
                                  className="field-input"
                                  aria-invalid={replacementError ? true : undefined}
                                  aria-describedby={replacementError ? fieldId(category, index, 'replacement-error') : undefined}
                                />
                                {replacementError && (
                                  <p id={fieldId(category, index, 'replacement-error')} className="field-error">
                                    {capitalize(replacementError)}
                                  </p>
                                )}
                              </div>
                            ) : (
                              <div aria-hidden className="hidden sm:block" />
                            )}
                            <button
                              type="button"
                              className="btn-danger self-end sm:mb-0.5"
                              onClick={() => removeRule(category, index)}
                              aria-label={`Remove ${name.toLowerCase()}`}
                            >
                              Remove
                            </button>
                          </div>
                        </fieldset>
                      </li>
                    );
                  })}
                </ol>
              )}
              <div>
                <button id={`${baseId}-${category}-add`} type="button" className="btn-secondary" onClick={() => addRule(category)}>
                  Add {text.one.toLowerCase()} rule
                </button>
              </div>
            </fieldset>
          );
        })}

        <div className="sticky bottom-0 z-10 -mx-1 flex flex-col gap-2 border-t border-zinc-200 bg-white/95 px-1 py-3 backdrop-blur sm:flex-row sm:items-center dark:border-zinc-800 dark:bg-zinc-950/95">
          <div className="flex shrink-0 gap-3 whitespace-nowrap">
            <button type="submit" className="btn-primary" disabled={pending}>
              {pending ? 'Saving…' : 'Save privacy rules'}
            </button>
            <button type="button" className="btn-secondary" onClick={discard} disabled={!dirty || pending}>
              Discard changes
            </button>
          </div>
          <p role="status" className="flex-1 text-sm text-zinc-600 dark:text-zinc-400" data-testid="privacy-save-status">
            {statusText}
          </p>
          <a href={`#${baseId}-preview`} className="text-sm font-medium text-indigo-700 underline-offset-2 hover:underline lg:hidden dark:text-indigo-400">
            See the preview
          </a>
        </div>
        {attempted && errorCount > 0 ? (
          <p role="alert" className="field-error" data-testid="privacy-errors">
            {errorCount === 1 ? 'One field needs attention' : `${errorCount} fields need attention`}. Nothing was saved.
          </p>
        ) : (
          state.error &&
          !pending && (
            <p role="alert" className="field-error" data-testid="privacy-errors">
              {state.error}
            </p>
          )
        )}
        <p className="sr-only" aria-live="polite">
          {announcement}
        </p>
      </form>

      <section aria-labelledby={`${baseId}-preview`} className="flex min-w-0 flex-col gap-3 lg:sticky lg:top-4">
        <div>
          <h3 id={`${baseId}-preview`} className="text-base font-semibold">
            Live preview
          </h3>
          <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite" data-testid="privacy-preview-summary">
            {dirty ? 'With your unsaved changes' : 'With the saved rules'}: {preview.activities.length} public
            {hiddenCount > 0 ? `, ${hiddenCount} hidden` : ''}.
          </p>
        </div>
        <div data-testid="privacy-preview">
          <StatusCard snapshot={preview} now={now} timeZone={timeZone} />
        </div>
        <details className="card p-0" open>
          <summary className="cursor-pointer rounded-2xl px-4 py-3 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-500">
            Public JSON
          </summary>
          <pre
            data-testid="privacy-preview-json"
            tabIndex={0}
            aria-label="Public snapshot as JSON"
            className="max-h-96 overflow-auto border-t border-zinc-200 px-4 py-3 text-xs leading-relaxed break-words whitespace-pre-wrap dark:border-zinc-800"
          >
            {JSON.stringify(preview, null, 2)}
          </pre>
        </details>
        <details className="card p-0">
          <summary className="cursor-pointer rounded-2xl px-4 py-3 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-500">
            What reporters sent (only you see this)
          </summary>
          <pre
            tabIndex={0}
            aria-label="Stored activities as JSON"
            className="max-h-96 overflow-auto border-t border-zinc-200 px-4 py-3 text-xs leading-relaxed break-words whitespace-pre-wrap dark:border-zinc-800"
          >
            {activities.length ? JSON.stringify(activities, null, 2) : 'Nothing reported yet.'}
          </pre>
        </details>
      </section>
    </div>
  );
}

function Toggle({ id, label, help, checked, onChange }: { id: string; label: string; help: string; checked: boolean; onChange: (v: boolean) => void }) {
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

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
