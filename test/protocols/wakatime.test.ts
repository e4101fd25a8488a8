// WakaTime heartbeats as wakatime-cli sends them, through the real catch-all route.
import { describe, expect, it, vi } from 'vitest';
import { GET, POST } from '@/app/api/wakatime/[...path]/route';
import { parseUserAgent, parseWakaTime } from '@/lib/ingest/adapters/wakatime';
import { relativeFile } from '@/lib/status/privacy/public-path';
import { getRawActivities, getSnapshot } from '@/lib/status/store';
import { basicAuth as basic, WAKATIME_USER_AGENT as USER_AGENT, wakatimeHeartbeat } from '../support/fixtures';
import { expectNothingPrivate, expectUnchanged, itAnswers400ForEach, latestReport, type MalformedCase, SITE, withReporterToken, SAMPLE_CODING } from './helpers';

const token = withReporterToken();

/** As wakatime-cli sends it from an editor, with the cursor's position. */
const heartbeat = (overrides: Record<string, unknown> = {}) => wakatimeHeartbeat({ lines: 312, lineno: 13, cursorpos: 42, ...overrides });

/** The request wakatime-cli makes (headers included); `path` is what follows /api/wakatime/. */
function send(path: string, body: unknown, headers: Record<string, string> = {}, query = '') {
  const request = new Request(`${SITE}/api/wakatime/${path}${query}`, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      authorization: basic(token()),
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'x-machine-name': 'laptop',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return POST(request, { params: Promise.resolve({ path: path.split('/') }) });
}

describe('POST /api/wakatime/users/current/heartbeats.bulk', () => {
  it('answers one 201 per heartbeat and shows the latest as coding', async () => {
    const now = Date.now() / 1000;
    const res = await send('users/current/heartbeats.bulk', [
      heartbeat({ time: now - 60, entity: '/home/me/site/README.md', language: 'Markdown' }),
      heartbeat({ time: now }),
    ]);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      responses: [
        [{ data: null, error: null }, 201],
        [{ data: null, error: null }, 201],
      ],
    });
    const snapshot = await getSnapshot();
    expect(snapshot.headline).toMatchObject({ ...SAMPLE_CODING, source: 'wakatime' });
    // The file is stored relative to the project, never absolute; published only if allowed. The
    // machine (X-Machine-Name) likewise, only when the owner shows machine names.
    expect((await getRawActivities()).find((a) => a.kind === 'coding')).toMatchObject({ file: 'app/page.tsx', machine: 'laptop' });
    expect(snapshot.headline).not.toHaveProperty('machine');
    expect(snapshot.headline).not.toHaveProperty('file');
    const left = Date.parse(snapshot.headline!.expiresAt!) - Date.now();
    expect(left).toBeGreaterThan(590_000);
    expect(left).toBeLessThanOrEqual(600_000);
    await expectNothingPrivate();
  });

  it('gives a bad heartbeat its own 400 entry and still takes the good one', async () => {
    const res = await send('users/current/heartbeats.bulk', [
      heartbeat({ time: Date.now() / 1000 + 2 * 3600 }),
      heartbeat({ entity: undefined }),
      'not a heartbeat',
      heartbeat({ project: 'good' }),
    ]);
    expect(res.status).toBe(201);
    const { responses } = await res.json();
    expect(responses.map((r: unknown[]) => r[1])).toEqual([400, 400, 400, 201]);
    expect(responses[0][0].error).toContain('more than an hour in the future');
    expect(responses[1][0].error).toContain('entity');
    expect((await getSnapshot()).headline).toMatchObject({ kind: 'coding', project: 'good' });
    expect((await latestReport()).error).toContain('heartbeat 0: time: more than an hour in the future');
  });

  it('accepts heartbeats sent late from the offline queue without making them "now"', async () => {
    const before = await getSnapshot();
    const res = await send('users/current/heartbeats.bulk', [heartbeat({ time: Date.now() / 1000 - 3600 })]);
    expect(res.status).toBe(201);
    await expectUnchanged(before);
  });

  it('shows a heartbeat from a few minutes ago only for what is left of its 10 minutes', async () => {
    await send('users/current/heartbeats.bulk', [heartbeat({ time: Date.now() / 1000 - 240 })]);
    const left = Date.parse((await getSnapshot()).headline!.expiresAt!) - Date.now();
    expect(left).toBeGreaterThan(350_000);
    expect(left).toBeLessThanOrEqual(360_000);
  });

  it('does not take a browsing heartbeat or a domain for coding, nor a non-file entity for a file', async () => {
    const before = await getSnapshot();
    await send('users/current/heartbeats.bulk', [heartbeat({ type: 'domain', category: 'browsing', entity: 'github.com', time: Date.now() / 1000 })]);
    await expectUnchanged(before);
    await send('users/current/heartbeats.bulk', [heartbeat({ type: 'app', entity: 'Xcode' })]);
    const coding = (await getRawActivities()).find((a) => a.kind === 'coding');
    expect(coding).toMatchObject({ project: 'site' });
    expect(coding).not.toHaveProperty('file');
  });
});

describe('aliases and keys', () => {
  const paths = [
    'heartbeat',
    'heartbeats',
    'users/current/heartbeats',
    'users/me/heartbeats.bulk',
    'v1/users/current/heartbeats.bulk',
    'v1/heartbeats',
    'compat/wakatime/v1/users/current/heartbeats.bulk',
    'compat/wakatime/v1/heartbeat',
  ];
  for (const path of paths) {
    it(`accepts /api/wakatime/${path}`, async () => {
      // The project names the route (slashes would read as a path, and users/<x> as a home folder).
      const project = path.replaceAll('/', '-');
      const res = await send(path, [heartbeat({ project })]);
      expect(res.status).toBe(201);
      expect((await getSnapshot()).headline).toMatchObject({ project });
    });
  }

  it('takes one heartbeat object as well as an array', async () => {
    const res = await send('users/current/heartbeats', heartbeat({ project: 'single' }));
    expect(res.status).toBe(201);
    expect((await res.json()).responses).toEqual([[{ data: null, error: null }, 201]]);
    expect((await getSnapshot()).headline).toMatchObject({ project: 'single' });
  });

  const keyForms: [string, () => Record<string, string>, string?][] = [
    ['Basic base64(token)', () => ({ authorization: basic(token()) })],
    ['Basic base64(token:)', () => ({ authorization: basic(`${token()}:`) })],
    ['Basic token', () => ({ authorization: `Basic ${token()}` })],
    ['Bearer base64(token)', () => ({ authorization: `Bearer ${Buffer.from(token()).toString('base64')}` })],
    ['Bearer token', () => ({ authorization: `Bearer ${token()}` })],
    ['?api_key=token', () => ({ authorization: '' }), 'api_key'],
  ];
  for (const [name, headers, query] of keyForms) {
    it(`accepts the key as ${name}`, async () => {
      const res = await send('users/current/heartbeats.bulk', [heartbeat()], headers(), query ? `?api_key=${encodeURIComponent(token())}` : '');
      expect(res.status).toBe(201);
    });
  }

  it('answers 401 on a wrong or missing key and changes nothing', async () => {
    const before = await getSnapshot();
    for (const authorization of [basic('nl_wrong'), '', 'Bearer nl_wrong', `Basic ${basic(token()).slice(6, 20)}`]) {
      const res = await send('users/current/heartbeats.bulk', [heartbeat()], { authorization });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
    await expectUnchanged(before);
  });

  it("answers wakatime-cli's status-bar read with today's coding time, and 401 on a wrong key", async () => {
    const read = async (authorization: string) =>
      GET(new Request(`${SITE}/api/wakatime/users/current/statusbar/today`, { headers: { authorization, 'user-agent': USER_AGENT } }), {
        params: Promise.resolve({ path: ['users', 'current', 'statusbar', 'today'] }),
      });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const start = Date.parse('2026-11-20T09:00:00Z'); // 10:00 in the owner's zone (Europe/Berlin)
      vi.setSystemTime(start);
      const empty = await read(basic(token()));
      expect(empty.status).toBe(200);
      expect((await empty.json()).data).toMatchObject({ categories: [], grand_total: { total_seconds: 0, text: '0 mins', digital: '0:00' } });
      for (let minute = 0; minute <= 90; minute += 2) {
        vi.setSystemTime(start + minute * 60_000);
        expect((await send('users/current/heartbeats.bulk', [heartbeat()])).status).toBe(201);
      }
      vi.setSystemTime(start + 100 * 60_000);
      const { data } = await (await read(basic(token()))).json();
      const total = { decimal: '1.50', digital: '1:30', hours: 1, minutes: 30, text: '1 hr 30 mins', total_seconds: 5400 };
      expect(data).toEqual({
        categories: [{ name: 'Coding', ...total, percent: 100 }],
        grand_total: total,
        range: { date: '2026-11-20', start: '2026-11-19T23:00:00.000Z', end: '2026-11-20T23:00:00.000Z', text: 'Today', timezone: 'Europe/Berlin' },
      });
    } finally {
      vi.useRealTimers();
    }
    expect((await read(basic('nl_wrong'))).status).toBe(401);
  });

  it('answers 404 on other paths', async () => {
    expect((await send('users/current/summaries', [heartbeat()])).status).toBe(404);
    const res = await GET(new Request(`${SITE}/api/wakatime/heartbeats`), { params: Promise.resolve({ path: ['heartbeats'] }) });
    expect(res.status).toBe(404);
  });

  const malformed: MalformedCase[] = [
    ['not JSON', '[{"entity":', 'not valid JSON'],
    ['an empty array', [], 'empty array'],
    ['a number', 42, 'heartbeat object'],
    ['a single heartbeat without time', { entity: 'x.ts' }, 'time'],
  ];
  itAnswers400ForEach(malformed, (body) => send('users/current/heartbeats.bulk', body));
});

describe('privacy', () => {
  it('never publishes an absolute path, home folder or remote, even with file names shown', async () => {
    const { savePrivacyRules } = await import('@/lib/status/store');
    const { privacyRulesSchema } = await import('@/lib/status/privacy/rules');
    await savePrivacyRules(privacyRulesSchema.parse({ showFileNames: true }));
    await send('users/current/heartbeats.bulk', [
      heartbeat({ entity: 'C:\\Users\\me\\work\\app\\main.rs', project: 'elsewhere', branch: 'git@github.com:me/site.git' }),
    ]);
    const snapshot = await getSnapshot();
    expect(snapshot.headline).toMatchObject({ kind: 'coding', file: 'main.rs' });
    await expectNothingPrivate();
    await send('users/current/heartbeats.bulk', [heartbeat({ entity: '/Users/me/site/lib/db.ts', project_root_count: 4 })]);
    expect((await getSnapshot()).headline).toMatchObject({ file: 'lib/db.ts' });
    await expectNothingPrivate();
  });
});

describe('parsing', () => {
  it('reads editor and OS from the user agent', () => {
    expect(parseUserAgent(USER_AGENT)).toEqual({ editor: 'VS Code', os: 'Linux' });
    expect(parseUserAgent('wakatime/v1.90.0 (darwin-23.4.0-arm64) go1.22.1 PyCharm/2024.1 PyCharm-wakatime/15.0.1')).toEqual({ editor: 'PyCharm', os: 'macOS' });
    expect(parseUserAgent('wakatime/v1.89.1 (windows-10.0.22631-amd64) go1.22.1 vim/9.1.0 vim-wakatime/11.2.0')).toEqual({ editor: 'Vim', os: 'Windows' });
    expect(parseUserAgent('wakatime/v1.89.1 (linux-6.1-x86_64) go1.22.1 emacs-wakatime/1.0.2')).toEqual({ editor: 'Emacs', os: 'Linux' });
  });

  it('makes a path relative to the project, or keeps just the file name', () => {
    expect(relativeFile('/home/me/site/app/page.tsx', 'site')).toBe('app/page.tsx');
    expect(relativeFile('/Users/user/projects/wakatime/models/user.py', undefined, 5)).toBe('models/user.py');
    expect(relativeFile('C:\\Users\\me\\site\\src\\main.rs', 'site')).toBe('src/main.rs');
    expect(relativeFile('/tmp/scratch.txt', 'site')).toBe('scratch.txt');
    expect(relativeFile('~/notes/todo.md')).toBe('todo.md');
  });

  it('ignores a project_root_count that would go above the project, and never keeps a home folder', () => {
    expect(relativeFile('/home/jeanpaul/clients/acme/src/a.ts', 'acme', 1)).toBe('src/a.ts');
    expect(relativeFile('/home/jeanpaul/clients/acme/src/a.ts', 'acme', 4)).toBe('src/a.ts');
    expect(relativeFile('/home/jeanpaul/clients/acme/src/a.ts', 'acme', 5)).toBe('src/a.ts');
    expect(relativeFile('C:\\Users\\Jean Paul Van Dijk\\clients\\acme\\a.ts', 'acme', 2)).toBe('a.ts');
    // Project unknown or renamed: a count that leaves a home folder in the path is not used.
    expect(relativeFile('/home/jeanpaul/clients/acme/src/a.ts', 'other', 1)).toBe('a.ts');
    expect(relativeFile('/home/jeanpaul/clients/acme/src/a.ts', undefined, 5)).toBe('src/a.ts');
    expect(relativeFile('home/jeanpaul/clients/acme/a.ts')).toBe('a.ts');
  });

  it('uses the OS as the machine when no machine name is sent', () => {
    const { report } = parseWakaTime([heartbeat()], { now: Date.now() });
    expect(report.inputs[0]).toMatchObject({ machine: 'Linux' });
  });
});
