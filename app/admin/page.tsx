import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import { LiveStatus } from '@/components/status/live-status';
import { AdminSection } from '@/components/admin/admin-section';
import { GameRulesForm } from '@/components/admin/game-rules-form';
import { ImportersSection } from '@/components/admin/importers-section';
import { LoginForm } from '@/components/admin/login-form';
import { ManualStatusForm } from '@/components/admin/manual-status-form';
import { ProfileSection } from '@/components/admin/profile-section';
import { PrivacyRulesEditor } from '@/components/admin/privacy-rules-editor';
import { RecentReports } from '@/components/admin/recent-reports';
import { RelayStatusList } from '@/components/admin/relay-status';
import { RefreshButton } from '@/components/admin/refresh-button';
import { TokenManager } from '@/components/admin/token-manager';
import { LanguageSwitch } from '@/components/i18n/language-switch';
import { formatMessage } from '@/lib/i18n/format-message';
import { getMessages } from '@/lib/i18n/server';
import { isAdmin } from '@/lib/auth';
import { getDb } from '@/lib/db';
import { importersCanRun } from '@/lib/importers/runner';
import { importerSettingsView, readImporterSettings } from '@/lib/importers/settings';
import { readImporterStatuses } from '@/lib/importers/status';
import { listRelayStatus } from '@/lib/relays/status';
import { listRecentReports } from '@/lib/status/reports';
import { getSiteSettings } from '@/lib/site/settings';
import { isLive } from '@/lib/status/live';
import { gameRulesToText } from '@/lib/games/game-rules';
import { getGameRules, getPrivacyRules, getRawActivities, getSnapshot } from '@/lib/status/store';
import { listReporterTokens } from '@/lib/tokens';
import { logout, logoutEverywhere } from '@/lib/admin/actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getMessages()).m.admin.pageTitle, robots: { index: false, follow: false } };
}

export default async function AdminPage() {
  await connection();
  const { language, m } = await getMessages();
  const languageSwitch = <LanguageSwitch current={language} back="/admin" m={m.language} />;
  if (!(await isAdmin())) {
    return (
      <main className="mx-auto flex min-h-dvh w-full max-w-sm flex-col justify-center gap-6 px-5 py-12">
        <h1 className="text-2xl font-bold tracking-tight">{m.admin.title}</h1>
        <LoginForm m={m.login} />
        <div className="flex justify-center">{languageSwitch}</div>
      </main>
    );
  }

  const [snapshot, raw, tokens, rules, config, reports, relays, gameRules, importers, importerStatuses] = await Promise.all([
    getSnapshot(),
    getRawActivities(),
    listReporterTokens(getDb()),
    getPrivacyRules(),
    getSiteSettings(),
    listRecentReports(),
    listRelayStatus(),
    getGameRules(),
    readImporterSettings(),
    readImporterStatuses(),
  ]);
  // The moment the snapshot was taken, so every part of the page agrees on "now".
  const now = Date.parse(snapshot.generatedAt);
  const manual = raw.find((a) => a.kind === 'manual' && isLive(a, now));

  return (
    <main className="mx-auto flex w-full max-w-2xl flex-col gap-10 px-5 py-10">
      <header className="flex items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">{m.admin.title}</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            <Link href="/" className="underline-offset-2 hover:underline">
              {m.admin.viewHomepage}
            </Link>
          </p>
        </div>
        <div className="flex flex-wrap items-center justify-end gap-2">
          {languageSwitch}
          <form action={logoutEverywhere}>
            <button type="submit" className="btn-secondary" title={m.admin.logOutEverywhereHint} aria-describedby="logout-everywhere-hint">
              {m.admin.logOutEverywhere}
            </button>
            <span id="logout-everywhere-hint" className="sr-only">
              {m.admin.logOutEverywhereHint}
            </span>
          </form>
          <form action={logout}>
            <button type="submit" className="btn-secondary">
              {m.admin.logOut}
            </button>
          </form>
        </div>
      </header>

      <LiveStatus initial={snapshot} timeZone={config.timeZone} ownerName={config.firstName} locale={{ language, m: m.status }} />

      <AdminSection id="manual" title={m.admin.manualHeading}>
        <ManualStatusForm m={m.manual} current={manual?.kind === 'manual' ? { text: manual.text, emoji: manual.emoji } : null} />
      </AdminSection>

      <ProfileSection settings={config} language={language} m={m.profile} />

      <AdminSection id="tokens" title={m.admin.tokensHeading} intro={m.admin.tokensIntro}>
        <TokenManager
          m={m.tokens}
          language={language}
          tokens={tokens.map((t) => ({
            id: t.id,
            name: t.name,
            createdAt: t.createdAt.toISOString(),
            lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
            revokedAt: t.revokedAt?.toISOString() ?? null,
            protocols: t.protocols,
            kinds: t.kinds,
          }))}
        />
      </AdminSection>

      <AdminSection id="privacy" title={m.admin.privacyHeading} intro={m.admin.privacyIntro} wide>
        <PrivacyRulesEditor
          rules={rules}
          activities={raw}
          version={snapshot.version}
          precedence={config.precedence}
          timeZone={config.timeZone}
          now={now}
          m={m.privacy}
          errors={m.errors}
          locale={{ language, m: m.status }}
        />
      </AdminSection>

      <AdminSection id="games" title={m.admin.gamesHeading} intro={m.admin.gamesIntro}>
        <GameRulesForm {...gameRulesToText(gameRules)} m={m.games} />
      </AdminSection>

      <ImportersSection
        settings={importerSettingsView(importers)}
        statuses={importerStatuses}
        timeZone={config.timeZone}
        language={language}
        canRun={importersCanRun()}
        m={m.importers}
      />

      <AdminSection
        id="reports"
        title={m.admin.reportsHeading}
        intro={reports.length === 1 ? m.admin.reportsIntroOne : formatMessage(m.admin.reportsIntroMany, { count: reports.length || 100 })}
        actions={<RefreshButton label={m.admin.refresh} pendingLabel={m.admin.refreshing} />}
      >
        <RecentReports
          reports={reports}
          now={now}
          timeZone={config.timeZone}
          origin={await siteOrigin()}
          m={m.reports}
          locale={{ language, m: m.status }}
        />
      </AdminSection>

      <AdminSection id="relays" title={m.relays.heading} intro={m.relays.intro}>
        <RelayStatusList relays={relays} timeZone={config.timeZone} language={language} m={m.relays} />
      </AdminSection>
    </main>
  );
}

/** This site's address as the browser reached it, for the reporter set-up examples. */
async function siteOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost:3000';
  const proto = h.get('x-forwarded-proto') ?? (host.startsWith('localhost') || host.startsWith('127.') ? 'http' : 'https');
  return `${proto.split(',')[0]}://${host.split(',')[0]}`;
}
