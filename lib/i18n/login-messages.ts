// A refused login, as the /admin form says it in the page's language (the JSON route keeps the
// English `message`).
import type { LoginResult } from '@/lib/auth';
import { formatMessage } from './format-message';
import type { Messages } from './messages/en';

/** "40 s", "3 min" (40 秒, 3 分钟): how long to wait. */
function formatWait(seconds: number, m: Messages['login']): string {
  return seconds < 60
    ? formatMessage(m.waitSeconds, { n: Math.max(1, Math.ceil(seconds)) })
    : formatMessage(m.waitMinutes, { n: Math.ceil(seconds / 60) });
}

export function loginRefusalText(result: Extract<LoginResult, { ok: false }>, m: Messages['login']): string {
  switch (result.reason) {
    case 'no_password':
      return m.enterPassword;
    case 'wrong_password':
      return result.waitSeconds
        ? formatMessage(m.wrongPasswordWait, { wait: formatWait(result.waitSeconds, m) })
        : m.wrongPassword;
    case 'too_many_attempts':
      return formatMessage(m.tooManyAttempts, { wait: formatWait(result.retryAfterSeconds ?? 1, m) });
    case 'busy':
      return m.busy;
  }
}
