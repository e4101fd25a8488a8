// Runs once when the server starts: prepare the admin password and warm the status store, so
// the first page view already has the snapshot in memory.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { ensureAdminPassword } = await import('./lib/auth');
  const { getSnapshot } = await import('./lib/status/store');
  try {
    const generated = await ensureAdminPassword();
    if (generated) {
      // Printed once, on the first start; only its hash is stored.
      console.log(
        `\n[nowline] No ADMIN_PASSWORD was set, so one was generated. Log in at /admin with:\n\n    ${generated}\n\n` +
          `[nowline] It is shown only this once. Set ADMIN_PASSWORD to choose your own.\n`,
      );
    }
    await getSnapshot();
  } catch (error) {
    console.error('[nowline] start-up check failed:', error instanceof Error ? error.message : error);
  }
}
