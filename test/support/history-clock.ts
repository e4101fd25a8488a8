// History tests run on a controlled clock: Date is faked (timers are not), starting at `start`, and
// reports are sent "at" minutes after it.
import { afterEach, beforeEach, vi } from 'vitest';
import { reportActivities } from '@/lib/status/store';

export const MINUTE = 60_000;

/** Fakes Date for each test of the file, from `start`. */
export function useHistoryClock(start: number) {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** A WakaTime-style heartbeat every 5 minutes from `fromMinute` to `toMinute` after `start`. */
export async function codeFor(
  start: number,
  project: string,
  fromMinute: number,
  toMinute: number,
  fields: Record<string, string> = {},
) {
  for (let minute = fromMinute; minute <= toMinute; minute += 5) {
    vi.setSystemTime(start + minute * MINUTE);
    await reportActivities([{ kind: 'coding', project, language: 'TypeScript', ...fields }], 'wakatime');
  }
}
