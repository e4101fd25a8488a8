'use client';

import { useActionState, useState } from 'react';
import { clearManualStatus, setManualStatus } from '@/lib/admin/actions';
import type { FormState } from '@/lib/form-state';
import { formatMessage } from '@/lib/i18n/format-message';
import type { Messages } from '@/lib/i18n/messages/en';
import { MAX_TEXT } from '@/lib/status/schema';
import { TextField } from './field';

type ManualMessages = Messages['manual'];

const PRESETS = [
  { id: '30m', label: 'preset30m' },
  { id: '1h', label: 'preset1h' },
  { id: '4h', label: 'preset4h' },
  { id: 'today', label: 'presetToday' },
  { id: 'none', label: 'presetNone' },
  { id: 'custom', label: 'presetCustom' },
] as const satisfies readonly { id: string; label: keyof ManualMessages }[];
type Preset = (typeof PRESETS)[number]['id'];

const QUICK_EMOJI = ['🎧', '💻', '🏃', '🍜', '✈️', '😴', '📚', '🎉'];

/** The end time is worked out here, in the owner's browser, so "end of today" is their today. */
function untilFor(preset: Preset, custom: string, now = new Date()): string {
  const minutes: Partial<Record<Preset, number>> = { '30m': 30, '1h': 60, '4h': 240 };
  const ahead = minutes[preset];
  if (ahead !== undefined) return new Date(now.getTime() + ahead * 60_000).toISOString();
  if (preset === 'today') {
    const end = new Date(now);
    end.setHours(23, 59, 59, 0);
    return end.toISOString();
  }
  if (preset === 'custom' && custom) {
    const at = new Date(custom);
    return Number.isNaN(at.getTime()) ? custom : at.toISOString();
  }
  return '';
}

export function ManualStatusForm({ current, m }: { current: { text?: string; emoji?: string } | null; m: ManualMessages }) {
  const [state, action, pending] = useActionState<FormState, FormData>(setManualStatus, {});
  const [clearState, clearAction, clearing] = useActionState<FormState, FormData>(clearManualStatus, {});
  const [text, setText] = useState(current?.text ?? '');
  const [emoji, setEmoji] = useState(current?.emoji ?? '');
  const [preset, setPreset] = useState<Preset>('1h');
  const [custom, setCustom] = useState('');
  const errors = state.fieldErrors ?? {};

  return (
    <div className="card flex flex-col gap-4">
      <form
        action={(formData) => {
          formData.set('until', untilFor(preset, custom));
          action(formData);
        }}
        className="flex flex-col gap-4"
        noValidate
      >
        <div className="grid grid-cols-[5rem_1fr] gap-3">
          <TextField id="emoji" label={m.emoji} error={errors.emoji} name="emoji" value={emoji} onChange={(e) => setEmoji(e.target.value)} maxLength={16} inputClassName="text-center text-xl" />
          <TextField
            id="text"
            label={m.text}
            hint={`${text.length}/${MAX_TEXT}`}
            hintClassName="mt-1 text-right text-xs text-zinc-500"
            error={errors.text}
            name="text"
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={MAX_TEXT}
            placeholder={m.textPlaceholder}
          />
        </div>

        <div className="flex flex-wrap gap-2" role="group" aria-label={m.quickEmoji}>
          {QUICK_EMOJI.map((e) => (
            <button
              key={e}
              type="button"
              onClick={() => setEmoji(e)}
              aria-pressed={emoji === e}
              aria-label={formatMessage(m.useEmoji, { emoji: e })}
              className="h-10 w-10 rounded-lg border border-zinc-200 text-xl hover:bg-zinc-100 aria-pressed:border-indigo-500 aria-pressed:bg-indigo-50 dark:border-zinc-700 dark:hover:bg-zinc-800 dark:aria-pressed:bg-indigo-950"
            >
              {e}
            </button>
          ))}
        </div>

        <fieldset>
          <legend className="field-label">{m.howLong}</legend>
          <div className="flex flex-wrap gap-2">
            {PRESETS.map((p) => (
              <label
                key={p.id}
                className="inline-flex min-h-10 cursor-pointer items-center rounded-lg border border-zinc-300 px-3 text-sm has-[:checked]:border-indigo-500 has-[:checked]:bg-indigo-50 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-500 dark:border-zinc-700 dark:has-[:checked]:bg-indigo-950"
              >
                <input type="radio" name="preset" value={p.id} checked={preset === p.id} onChange={() => setPreset(p.id)} className="sr-only" />
                {m[p.label]}
              </label>
            ))}
          </div>
        </fieldset>
        {preset === 'custom' ? (
          <TextField id="custom-until" label={m.until} error={errors.until} type="datetime-local" value={custom} onChange={(e) => setCustom(e.target.value)} />
        ) : (
          // A preset's end time can be refused too (it passed on the way, or the clock is off).
          errors.until && <p className="field-error">{errors.until}</p>
        )}

        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className="btn-primary" disabled={pending}>
            {pending ? m.submitting : m.submit}
          </button>
          <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
            {state.ok && !pending ? m.done : state.error && !state.fieldErrors ? state.error : ''}
          </p>
        </div>
      </form>
      <form action={clearAction} className="border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <button type="submit" className="btn-secondary" disabled={clearing}>
          {clearing ? m.clearing : m.clear}
        </button>
        {clearState.error && <p className="field-error">{clearState.error}</p>}
      </form>
    </div>
  );
}
