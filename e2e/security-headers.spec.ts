// Security headers on the built app: the pages run under their Content-Security-Policy without a
// single violation (homepage with its live stream, admin before and after logging in), and HSTS
// goes out only when the request came over HTTPS through a trusted proxy.
import type { Page } from '@playwright/test';
import { startServer } from '../test/support/app-server';
import { expect, logIn, test } from './fixtures';

/** Console lines and page errors, plus the browser's own securitypolicyviolation events. */
async function watchPolicy(page: Page) {
  const messages: string[] = [];
  page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation on ${location.pathname}: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return () => messages.filter((m) => /content security policy|content-security-policy|refused to/i.test(m));
}

test('the homepage and admin raise no CSP violation, and the live stream comes up', async ({ page, reporterToken }) => {
  const violations = await watchPolicy(page);
  const home = await page.goto('/');
  const policy = home!.headers()['content-security-policy'];
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("connect-src 'self'");
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');

  // A change still arrives over the stream under the policy.
  const res = await page.request.post('/api/status', {
    headers: { authorization: `Bearer ${reporterToken}` },
    data: { kind: 'manual', text: 'Under a strict policy' },
  });
  expect(res.status()).toBe(200);
  await expect(page.getByTestId('status-text')).toHaveText('Under a strict policy');

  await page.goto('/admin');
  await expect(page.getByLabel('Password')).toBeVisible();
  await logIn(page);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Manual status' })).toBeVisible();
  expect(violations()).toEqual([]);
});

test('every page gets a fresh nonce; data routes a policy that allows nothing', async ({ request }) => {
  const nonceOf = async () => /'nonce-([^']+)'/.exec((await request.get('/')).headers()['content-security-policy'] ?? '')?.[1];
  const [a, b] = [await nonceOf(), await nonceOf()];
  expect(a).toBeTruthy();
  expect(a).not.toBe(b);

  const html = await (await request.get('/')).text();
  const nonce = /<script[^>]* nonce="([^"]+)"/.exec(html)?.[1];
  expect(nonce, 'Next stamps the nonce on its scripts').toBeTruthy();

  for (const path of ['/api/status', '/api/health']) {
    const headers = (await request.get(path)).headers();
    expect(headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    expect(headers['permissions-policy']).toContain('camera=()');
  }
  // The fast lane (native ingest on the production server) carries them too.
  const refused = await request.post('/api/status', { data: { kind: 'manual' } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()['content-security-policy']).toContain("default-src 'none'");
  expect(refused.headers()['permissions-policy']).toContain('microphone=()');
});

test('no HSTS over plain HTTP, nor for a forged X-Forwarded-Proto without a trusted proxy', async ({ request }) => {
  for (const headers of [{}, { 'x-forwarded-proto': 'https' }] as Record<string, string>[]) {
    expect((await request.get('/', { headers })).headers()['strict-transport-security']).toBeUndefined();
    expect((await request.post('/api/status', { headers, data: {} })).headers()['strict-transport-security']).toBeUndefined();
  }
});

test('HSTS when a trusted proxy says the visitor came over HTTPS, on both lanes', async ({ request }) => {
  const server = await startServer('hsts', { extraEnv: { NOWLINE_TRUSTED_PROXY: '127.0.0.1,::1' } });
  try {
    const https = { 'x-forwarded-proto': 'https' };
    const page = await request.get(`${server.baseUrl}/`, { headers: https });
    expect(page.headers()['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    const ingest = await request.post(`${server.baseUrl}/api/status`, { headers: https, data: {} });
    expect(ingest.status()).toBe(401);
    expect(ingest.headers()['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');

    const plain = await request.get(`${server.baseUrl}/`, { headers: { 'x-forwarded-proto': 'http' } });
    expect(plain.headers()['strict-transport-security']).toBeUndefined();
  } finally {
    await server.stop();
  }
});
