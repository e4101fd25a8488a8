import type { Metadata } from 'next';
import { connection } from 'next/server';
import { LiveStatus } from '@/components/status/live-status';
import { LoginForm } from '@/components/admin/login-form';
import { ManualStatusForm } from '@/components/admin/manual-status-form';
import { TokenManager } from '@/components/admin/token-manager';
import { isAdmin } from '@/lib/auth';
import { getDb } from '@/lib/db';
import { getRawActivities, getSnapshot } from '@/lib/status/store';
import { listReporterTokens } from '@/lib/tokens';
import { config } from '@/nowline.config';
import { logout } from './actions';

export const metadata: Metadata = { title: 'Admin', robots: { index: false, follow: false } };

export default async function AdminPage() {
  await connection();
  if (!(await isAdmin())) {
    return (
      <main className="mx-auto flex min-h-dvh w-full max-w-sm flex-col justify-center gap-6 px-5 py-12">
        <h1 className="text-2xl font-bold tracking-tight">Nowline admin</h1>
        <LoginForm />
      </main>
    );
  }

  const [snapshot, raw, tokens] = await Promise.all([getSnapshot(), getRawActivities(), listReporterTokens(getDb())]);
  const manual = raw.find((a) => a.kind === 'manual' && (a.expiresAt === null || Date.parse(a.expiresAt) > Date.now()));

  return (
    <main className="mx-auto flex w-full max-w-2xl flex-col gap-10 px-5 py-10">
      <header className="flex items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Nowline admin</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            <a href="/" className="underline-offset-2 hover:underline">
              View the homepage
            </a>
          </p>
        </div>
        <form action={logout}>
          <button type="submit" className="btn-secondary">
            Log out
          </button>
        </form>
      </header>

      <LiveStatus initial={snapshot} timeZone={config.timeZone} ownerName={config.name.split(' ')[0]} />

      <section aria-labelledby="manual-heading" className="flex flex-col gap-4">
        <h2 id="manual-heading" className="text-lg font-semibold">
          Manual status
        </h2>
        <ManualStatusForm current={manual?.kind === 'manual' ? { text: manual.text, emoji: manual.emoji } : null} />
      </section>

      <section aria-labelledby="tokens-heading" className="flex flex-col gap-4">
        <h2 id="tokens-heading" className="text-lg font-semibold">
          Reporter tokens
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Editor plugins, desktop agents and scrobblers send activity with a token. It is shown once; only its hash is stored.
        </p>
        <TokenManager
          tokens={tokens.map((t) => ({
            id: t.id,
            name: t.name,
            createdAt: t.createdAt.toISOString(),
            lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
            revokedAt: t.revokedAt?.toISOString() ?? null,
          }))}
        />
      </section>
    </main>
  );
}
