import { useEffect, useMemo, useState } from 'react';
import type { StatusLocale } from '@/components/status/format';
import { StatusCard } from '@/components/status/status-card';
import { formatMessage } from '@/lib/i18n/format-message';
import { applyPrivacy } from '@/lib/status/privacy/apply';
import { usablePrivacyRules } from '@/lib/status/privacy/rules';
import { isLive } from '@/lib/status/live';
import type { Activity, ActivityKind } from '@/lib/status/schema';
import { computeSnapshot } from '@/lib/status/snapshot';
import type { PrivacyMessages } from './privacy-rule-row';
import type { PrivacyInput } from './use-privacy-draft';

interface PrivacyPreviewProps {
  /** The heading's id, for the "See the preview" link. */
  id: string;
  /** The rules being edited: incomplete or invalid rules are left out. */
  input: PrivacyInput;
  dirty: boolean;
  /** The stored, not yet public activities (admin only). */
  activities: Activity[];
  version: number;
  precedence: readonly ActivityKind[];
  timeZone: string;
  now: number;
  m: PrivacyMessages;
  locale: StatusLocale;
}

/** The public page as it would look with the rules being edited, by the same code the server runs. */
export function PrivacyPreview({ id, input, dirty, activities, version, precedence, timeZone, now: initialNow, m, locale }: PrivacyPreviewProps) {
  const [now, setNow] = useState(initialNow);
  // The preview ages with the clock, as the public page does.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);

  const rules = useMemo(() => usablePrivacyRules(input), [input]);
  const preview = useMemo(() => computeSnapshot(activities, { version, now, precedence, rules }), [activities, version, now, precedence, rules]);
  const hiddenCount = activities.filter((a) => isLive(a, now) && applyPrivacy(a, rules) === null).length;
  const summary = hiddenCount > 0 ? (dirty ? m.previewUnsavedHidden : m.previewSavedHidden) : dirty ? m.previewUnsaved : m.previewSaved;

  return (
    <section aria-labelledby={id} className="flex min-w-0 flex-col gap-3 lg:sticky lg:top-4">
      <div>
        <h3 id={id} className="text-base font-semibold">
          {m.previewHeading}
        </h3>
        <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite" data-testid="privacy-preview-summary">
          {formatMessage(summary, { public: preview.activities.length, hidden: hiddenCount })}
        </p>
      </div>
      <div data-testid="privacy-preview">
        <StatusCard snapshot={preview} now={now} timeZone={timeZone} locale={locale} />
      </div>
      <JsonDisclosure summary={m.publicJson} label={m.publicJsonLabel} testId="privacy-preview-json" open>
        {JSON.stringify(preview, null, 2)}
      </JsonDisclosure>
      <JsonDisclosure summary={m.storedJson} label={m.storedJsonLabel}>
        {activities.length ? JSON.stringify(activities, null, 2) : m.nothingReported}
      </JsonDisclosure>
    </section>
  );
}

function JsonDisclosure({ summary, label, testId, open, children }: { summary: string; label: string; testId?: string; open?: boolean; children: string }) {
  return (
    <details className="card p-0" open={open}>
      <summary className="cursor-pointer rounded-2xl px-4 py-3 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-500">{summary}</summary>
      <pre
        data-testid={testId}
        tabIndex={0}
        aria-label={label}
        className="max-h-96 overflow-auto border-t border-zinc-200 px-4 py-3 text-xs leading-relaxed break-words whitespace-pre-wrap dark:border-zinc-800"
      >
        {children}
      </pre>
    </details>
  );
}
