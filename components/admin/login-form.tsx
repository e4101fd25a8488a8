'use client';

import { useActionState, useEffect, useRef } from 'react';
import { login } from '@/lib/admin/actions';
import type { FormState } from '@/lib/form-state';
import type { Messages } from '@/lib/i18n/messages/en';
import { TextField } from './field';

export function LoginForm({ m }: { m: Messages['login'] }) {
  const [state, action, pending] = useActionState<FormState, FormData>(login, {});
  const input = useRef<HTMLInputElement>(null);
  // After a refusal the field is empty again (React resets the form): put the cursor back in it.
  useEffect(() => {
    if (state.error) input.current?.focus();
  }, [state]);
  return (
    <form action={action} className="card flex flex-col gap-4" noValidate>
      <TextField id="password" label={m.password} error={state.error} errorId="login-error" alert ref={input} name="password" type="password" autoComplete="current-password" required autoFocus />
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? m.checking : m.submit}
      </button>
    </form>
  );
}
