// Runs once when the server starts. The Node-only work lives in lib/server-start.ts so the Edge
// build never sees Node APIs.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { onServerStart } = await import('./lib/server-start');
    await onServerStart();
  }
}
