// Owner login over real HTTP against the built server: an attacker on another loopback address
// (127.0.0.2, spoofing X-Forwarded-For) cannot keep the owner out, and logging out ends a session
// on the server, so a replayed cookie gets the login page.
import http from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN_PASSWORD, startServer, type RunningServer } from '../test/support/app-server';

const ATTACKER = '127.0.0.2';
let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer('auth');
});
test.afterAll(async () => {
  await server?.stop();
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request from a chosen local address: the server sees that address as the socket's peer. */
function send(method: string, path: string, { from = '127.0.0.1', headers = {}, body }: { from?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<Reply>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method, path, localAddress: from, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const spoofed = () => `${1 + Math.floor(Math.random() * 223)}.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.7`;

function logInOverJson(password: string, from = '127.0.0.1', extraHeaders: Record<string, string> = {}) {
  return send('POST', '/api/admin/session', {
    from,
    headers: { 'content-type': 'application/json', ...extraHeaders },
    body: JSON.stringify({ password }),
  });
}

const sessionCookieOf = (reply: Reply) => {
  const cookie = (reply.headers['set-cookie'] ?? []).find((c) => c.startsWith('nowline_session='));
  return cookie?.split(';')[0] ?? '';
};

/** Whether GET /admin with this cookie shows the admin page (else the login form). */
async function isLoggedInWith(cookie: string) {
  const page = await send('GET', '/admin', { headers: { cookie } });
  expect(page.status).toBe(200);
  const admin = page.text.includes('Manual status');
  expect(page.text.includes('id="password"')).toBe(!admin);
  return admin;
}

async function logInInBrowser(page: Page) {
  await page.goto(`${server.baseUrl}/admin`);
  await page.getByLabel('Password').fill(E2E_ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Manual status' })).toBeVisible();
}

test('no stream of wrong logins from another address keeps the owner out', async ({ page }) => {
  const statuses = new Map<number, number>();
  let stop = false;
  // Ten parallel guessers on 127.0.0.2, each request claiming a new address in X-Forwarded-For.
  const attacker = Promise.all(
    Array.from({ length: 10 }, async () => {
      while (!stop) {
        const reply = await logInOverJson('guess-' + Math.random(), ATTACKER, { 'x-forwarded-for': spoofed(), 'x-real-ip': spoofed(), 'x-nowline-peer-address': spoofed() });
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        if (reply.status === 429) expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
      }
    }),
  );
  try {
    // Well past the free attempts: the attacker's address is being made to wait.
    await expect.poll(() => statuses.get(429) ?? 0, { timeout: 30_000 }).toBeGreaterThan(20);
    // The owner, from their own address, while the attack goes on.
    await page.goto(`${server.baseUrl}/admin`);
    for (let attempt = 0; ; attempt++) {
      await page.getByLabel('Password').fill(E2E_ADMIN_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      const outcome = await Promise.race([
        page.getByRole('heading', { name: 'Manual status' }).waitFor().then(() => 'in'),
        page.locator('#login-error').waitFor().then(() => 'refused'),
      ]);
      if (outcome === 'in') break;
      // The only refusal the owner may see is the one-second "busy" answer, and only briefly.
      await expect(page.locator('#login-error')).toContainText('Try again in a moment');
      expect(attempt).toBeLessThan(3);
      await page.waitForTimeout(2000); // as long as the answer asked
    }
  } finally {
    stop = true;
    await attacker;
  }
  // The attacker's guesses were almost all refused before any password check.
  expect([...statuses.keys()].sort()).toEqual([401, 429]);
  expect(statuses.get(401)).toBeLessThanOrEqual(10);
});

test('the login endpoint answers JSON errors with Retry-After when throttled', async () => {
  const from = '127.0.0.3';
  // The server-wide bound (5 checks a second) must not be what answers here: start in a fresh
  // second, after the previous test's guesses, and spread the five free failures over it.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const wrong = await logInOverJson('nope', from);
  expect(wrong.status).toBe(401);
  expect(JSON.parse(wrong.text)).toEqual({ error: { code: 'unauthorized', message: 'Wrong password.' } });
  for (let i = 0; i < 4; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await logInOverJson('nope', from)).status).toBe(401);
  }
  const throttled = await logInOverJson(E2E_ADMIN_PASSWORD, from);
  expect(throttled.status).toBe(429);
  expect(JSON.parse(throttled.text).error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^Too many attempts\. Try again in \d+ s\.$/) });
  expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
  expect(sessionCookieOf(throttled)).toBe('');
  expect((await send('POST', '/api/admin/session', { from, headers: { 'content-type': 'text/plain' }, body: 'x' })).status).toBe(415);
});

test('after logout the same cookie, replayed, gets the login page', async ({ page }) => {
  // Over JSON: log in, use, log out, replay.
  const login = await logInOverJson(E2E_ADMIN_PASSWORD);
  expect(login.status).toBe(200);
  const cookie = sessionCookieOf(login);
  expect(cookie).toMatch(/^nowline_session=.+/);
  // The built server runs in production without NOWLINE_INSECURE_COOKIES: the cookie is Secure.
  const attributes = (login.headers['set-cookie'] ?? []).find((c) => c.startsWith('nowline_session='))!.split(';').map((a) => a.trim().toLowerCase());
  expect(attributes).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax', 'path=/']));
  expect(await isLoggedInWith(cookie)).toBe(true);
  expect((await send('DELETE', '/api/admin/session', { headers: { cookie } })).status).toBe(200);
  expect(await isLoggedInWith(cookie)).toBe(false);

  // In the browser: the "Log out" button, then the cookie it had, replayed from elsewhere.
  await logInInBrowser(page);
  const browserCookie = (await page.context().cookies()).find((c) => c.name === 'nowline_session');
  expect(browserCookie).toBeTruthy();
  const replay = `nowline_session=${browserCookie!.value}`;
  expect(await isLoggedInWith(replay)).toBe(true);
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(page.getByLabel('Password')).toBeVisible();
  expect(await isLoggedInWith(replay)).toBe(false);
});

test('"Log out everywhere" ends the other sessions too', async ({ page }) => {
  const other = sessionCookieOf(await logInOverJson(E2E_ADMIN_PASSWORD));
  expect(await isLoggedInWith(other)).toBe(true);
  await logInInBrowser(page);
  const mine = `nowline_session=${(await page.context().cookies()).find((c) => c.name === 'nowline_session')!.value}`;

  await page.getByRole('button', { name: 'Log out everywhere' }).click();
  await expect(page.getByLabel('Password')).toBeVisible();
  expect(await isLoggedInWith(other)).toBe(false);
  expect(await isLoggedInWith(mine)).toBe(false);
  // Without a session, "everywhere" is refused.
  expect((await send('DELETE', '/api/admin/session?everywhere=1', { headers: { cookie: other } })).status).toBe(401);
});
