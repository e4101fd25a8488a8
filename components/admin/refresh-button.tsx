'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';

/** Re-reads the page's server data without losing what is being edited elsewhere on it. */
export function RefreshButton({ label, pendingLabel }: { label: string; pendingLabel: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <button type="button" className="btn-secondary" disabled={pending} onClick={() => startTransition(() => router.refresh())}>
      {pending ? pendingLabel : label}
    </button>
  );
}
