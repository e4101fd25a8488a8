'use client';

import { useActionState, useEffect, useRef } from 'react';
import { login, type FormState } from '@/app/admin/actions';

export function LoginForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(login, {});
  const input = useRef<HTMLInputElement>(null);
  // After a refusal the field is empty again (React resets the form): put the cursor back in it.
  useEffect(() => {
    if (state.error) input.current?.focus();
  }, [state]);
  return (
    <form action={action} className="card flex flex-col gap-4" noValidate>
      <div>
        <label htmlFor="password" className="field-label">
          Password
        </label>
        <input
          ref={input}
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          autoFocus
          className="field-input"
          aria-invalid={state.error ? true : undefined}
          aria-describedby={state.error ? 'login-error' : undefined}
        />
        {state.error && (
          <p id="login-error" role="alert" className="field-error">
            {state.error}
          </p>
        )}
      </div>
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Checking…' : 'Log in'}
      </button>
    </form>
  );
}
