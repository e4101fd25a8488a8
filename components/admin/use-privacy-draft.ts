import { useMemo, useRef, useState } from 'react';
import { findUnusableRules, PRIVACY_CATEGORIES, type PrivacyCategory, type PrivacyRules } from '@/lib/status/privacy/rules';

export interface DraftRule {
  /** React key only; never sent. */
  id: string;
  match: string;
  regex: boolean;
  action: 'hide' | 'rename';
  replacement: string;
}
type Switches = Pick<PrivacyRules, 'showFileNames' | 'showWindowTitles' | 'showMachineName'>;
type Draft = Switches & Record<PrivacyCategory, DraftRule[]>;

const perCategory = <T>(make: (category: PrivacyCategory) => T) =>
  Object.fromEntries(PRIVACY_CATEGORIES.map((c) => [c, make(c)])) as Record<PrivacyCategory, T>;

function toDraft(rules: PrivacyRules): Draft {
  return {
    showFileNames: rules.showFileNames,
    showWindowTitles: rules.showWindowTitles,
    showMachineName: rules.showMachineName,
    ...perCategory((category) =>
      rules[category].map((r, i) => ({ id: `saved-${category}-${i}`, match: r.match, regex: r.regex, action: r.action, replacement: r.replacement ?? '' })),
    ),
  };
}

/** The rules as the action and the schema expect them. */
function toInput(draft: Draft) {
  return {
    showFileNames: draft.showFileNames,
    showWindowTitles: draft.showWindowTitles,
    showMachineName: draft.showMachineName,
    ...perCategory((category) =>
      draft[category].map(({ match, regex, action, replacement }) => (action === 'rename' ? { match, regex, action, replacement } : { match, regex, action })),
    ),
  };
}
export type PrivacyInput = ReturnType<typeof toInput>;

/**
 * The rules being edited, against the last saved ones. `touched` holds the paths ("apps.0.match")
 * typed in since the last save, so errors show only where the owner has been.
 */
export function usePrivacyDraft(rules: PrivacyRules) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(rules));
  const [saved, setSaved] = useState(() => toInput(toDraft(rules)));
  // Saved rules the matcher cannot use are skipped on the server: flag them from the start.
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set(findUnusableRules(rules).map((u) => u.path)));
  const nextId = useRef(0);

  const input = useMemo(() => toInput(draft), [draft]);
  const savedJson = useMemo(() => JSON.stringify(saved), [saved]);
  const unusable = useMemo(() => findUnusableRules(saved), [saved]);
  const touch = (path: string) => setTouched((t) => (t.has(path) ? t : new Set(t).add(path)));

  return {
    draft,
    input,
    dirty: JSON.stringify(input) !== savedJson,
    unusable,
    touched,
    setSwitch: (key: keyof Switches, value: boolean) => setDraft((d) => ({ ...d, [key]: value })),
    updateRule(category: PrivacyCategory, index: number, patch: Partial<DraftRule>) {
      setDraft((d) => ({ ...d, [category]: d[category].map((r, i) => (i === index ? { ...r, ...patch } : r)) }));
      for (const key of Object.keys(patch)) touch(`${category}.${index}.${key}`);
      // Switching between name and pattern changes what a typed match must be: check it again.
      if ('regex' in patch && draft[category][index]?.match) touch(`${category}.${index}.match`);
    },
    /** Adds an empty rule; returns its index. */
    addRule(category: PrivacyCategory): number {
      const rule: DraftRule = { id: `new-${nextId.current++}`, match: '', regex: false, action: 'hide', replacement: '' };
      setDraft((d) => ({ ...d, [category]: [...d[category], rule] }));
      return draft[category].length;
    },
    removeRule(category: PrivacyCategory, index: number) {
      setDraft((d) => ({ ...d, [category]: d[category].filter((_, i) => i !== index) }));
      // Touched paths are positional: forget this category's so later rules do not inherit them.
      setTouched((t) => new Set([...t].filter((p) => !p.startsWith(`${category}.`))));
    },
    discard() {
      setDraft(toDraft(saved));
      setTouched(new Set());
    },
    /** `sent` is what the server accepted: it becomes the saved state. */
    markSaved(sent: PrivacyInput) {
      setSaved(sent);
      setTouched(new Set());
    },
  };
}
