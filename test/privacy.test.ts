// Privacy rules: what may leave the server. Pure functions first, then the save action and the
// public API against a real SQLite database. One file, though long: every part shares one set of
// fixtures (the secrets that must never appear, activity(), rules()) and it reads as one
// specification, from the scrubber to what the stream and /admin show.
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyPrivacy } from '@/lib/status/privacy/apply';
import {
  DEFAULT_PRIVACY_RULES,
  findUnusableRules,
  privacyRulesSchema,
  ruleMatches,
  usablePrivacyRules,
  validatePrivacyRules,
  type NameRule,
  type PrivacyRules,
} from '@/lib/status/privacy/rules';
import { scrubText } from '@/lib/status/privacy/scrub';
import { climbsOut, isAbsolutePath, relativeFile } from '@/lib/status/privacy/public-path';
import { RULE_MATCH_MAX_CHARS } from '@/lib/status/privacy/rule-pattern';
import { growthFactor, LINEAR_GROWTH_LIMIT } from './support/growth';
import { computeSnapshot } from '@/lib/status/snapshot';
import type { Activity } from '@/lib/status/schema';
import { useTempSqlite } from './support/database';
import { en } from '@/lib/i18n/messages/en';

const EN_STATUS = { language: 'en', m: en.status } as const;

// The save action reads the session cookie and revalidates a path: both need a Next request, so
// these two framework calls are stood in for (the database and the store stay real).
const cookieJar = vi.hoisted(() => new Map<string, string>());
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (name: string) => (cookieJar.has(name) ? { name, value: cookieJar.get(name) } : undefined) }),
  headers: async () => new Headers(),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined }));

const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const iso = (offset: number) => new Date(NOW + offset).toISOString();

function activity(partial: Partial<Activity> & Pick<Activity, 'kind'>): Activity {
  return { source: 'test', startedAt: iso(-600_000), updatedAt: iso(-1000), expiresAt: iso(300_000), ...partial } as Activity;
}

const rules = (partial: Partial<PrivacyRules> = {}): PrivacyRules => privacyRulesSchema.parse(partial);
const rule = (r: Partial<NameRule> & Pick<NameRule, 'match' | 'action'>): NameRule => ({ regex: false, ...r });

// Everything that must never be public, whatever the settings.
const SECRETS = [
  '/Users/alice',
  '/home/alice',
  'alice/',
  'C:\\Users',
  'C:/Users',
  '\\\\fileserver',
  'file://',
  'git@github.com',
  'github.com:org',
  'ssh://',
  '.git',
  'tok3n',
  'John Smith',
  'clients/acme',
  'Jean',
  'Van Dijk',
  'home/',
  'Users/',
];

function expectNoSecrets(value: unknown) {
  const json = JSON.stringify(value);
  for (const secret of SECRETS) expect(json, `leaked ${secret}`).not.toContain(JSON.stringify(secret).slice(1, -1));
}

describe('scrubText', () => {
  it.each([
    ['/Users/alice/code/nowline/src/index.ts', 'index.ts'],
    ['editing /home/alice/clients/acme/app.ts now', 'editing app.ts now'],
    ['~/Code/nowline', 'nowline'],
    ['~alice/notes/todo.md', 'todo.md'],
    ['$HOME/.config/nowline.toml', 'nowline.toml'],
    ['/Users/John Smith/Projects/Site/index.html', 'index.html'],
    ['C:\\Users\\John Smith\\Documents\\plan.docx', 'plan.docx'],
    ['C:/Users/alice/proj/main.go', 'main.go'],
    ['D:\\work\\clients\\acme\\x.cs — Visual Studio', 'x.cs — Visual Studio'],
    ['%USERPROFILE%\\Desktop\\a.txt', 'a.txt'],
    ['\\\\fileserver\\share\\team\\doc.txt', 'doc.txt'],
    ['\\\\?\\C:\\Users\\alice\\x.txt', 'x.txt'],
    ['//fileserver/share/team/doc.txt', 'doc.txt'],
    ['file:///Users/alice/notes/todo.md', 'todo.md'],
    ['file:///C:/Users/alice/x.txt', 'x.txt'],
    ['open file://fileserver/share/y.txt.', 'open y.txt.'],
    ['vscode://file/Users/alice/x.ts', 'x.ts'],
    ['x (/home/alice/a/b.c) y', 'x (b.c) y'],
    ['{"file":"/home/alice/a/b.ts"}', '{"file":"b.ts"}'],
    ['path:/srv/clients/acme', 'path:acme'],
  ])('reduces the path in %j to its last segment', (input, expected) => {
    expect(scrubText(input)).toBe(expected);
  });

  it.each(['/home/alice', '/Users/alice/', 'C:\\Users\\alice', '/mnt/c/Users/alice', '~/', 'HOME=/home/alice'])(
    'drops the home folder %j entirely (its last segment is the user name)',
    (input) => {
      expect(scrubText(input)).not.toMatch(/alice/);
    },
  );

  it.each([
    ['git@github.com:alice/secret.git', ''],
    ['pushing to git@github.com:org/repo now', 'pushing to now'],
    ['alice@laptop:~/code/nowline', ''],
    ['deploy@host:/srv/repos/app', ''],
    ['github.com:org/repo.git', ''],
    ['github.com/org/repo.git', ''],
    ['ssh://git@host.example/org/repo', ''],
    ['git+ssh://git@github.com/a/b.git', ''],
    ['git://host/org/repo', ''],
    ['https://github.com/org/repo.git', ''],
    ['https://gitlab.com/a/b.git/info/refs', ''],
    ['clone https://alice:tok3n@github.com/org/repo.git.', 'clone .'],
    ['smb://nas/share/x', ''],
  ])('removes the git remote or file share in %j', (input, expected) => {
    expect(scrubText(input)).toBe(expected);
  });

  it.each([
    ['alice@alice-laptop: ~/proj', 'proj'],
    ['alice@alice-laptop:~', ''],
    ['alice@alice-laptop: ~', ''],
    ['alice@alice-laptop:', ''],
    ['root@db-1.corp.example.com:/var/log — ssh', '— ssh'],
    ['alice@alice-laptop:~ — bash', '— bash'],
    ['vim notes.md - alice@alice-laptop: ~/notes', 'vim notes.md - notes'],
    ['main.ts - proj [SSH: alice-ws.corp.example.com] - Visual Studio Code', 'main.ts - proj - Visual Studio Code'],
    ['main.ts - proj [WSL: Ubuntu] - Visual Studio Code', 'main.ts - proj - Visual Studio Code'],
    ['main.ts - proj [Dev Container: alice-api @ alice-ws] - Visual Studio Code', 'main.ts - proj - Visual Studio Code'],
  ])('removes the user@host of a terminal prompt and remote markers in window titles: %j', (input, expected) => {
    const out = scrubText(input);
    expect(out).toBe(expected);
    expect(out).not.toMatch(/alice|corp|Ubuntu/);
  });

  it('strips credentials from ordinary links and drops links that carry a local path', () => {
    expect(scrubText('see https://alice:tok3n@example.com/page')).toBe('see https://example.com/page');
    expect(scrubText('https://x.com/?file=%2FUsers%2Falice%2Fa.txt')).toBe('');
  });

  it.each([
    'AC/DC',
    '24/7',
    '1/2',
    'Rock & Roll / Live',
    'TCP/IP and/or I/O',
    'km/h',
    '12/05/2026',
    'r/music',
    'Ctrl+C/Ctrl+V',
    'See /etc now',
    'Best of /Live/ 1999',
    'alice@example.com: hi',
    'Listening to x.mp3 by AC/DC',
    'https://open.spotify.com/track/abc?si=1',
    'https://example.com/home/news',
    'Wikipedia https://en.wikipedia.org/wiki/AC/DC_(band)',
    'Ünïcödé — 日本語 / 한국어',
    '',
  ])('leaves ordinary text alone: %j', (input) => {
    expect(scrubText(input)).toBe(input);
  });

  it('stays linear on long adversarial input (it runs on every report)', () => {
    const shapes: ((n: number) => string)[] = [
      (n) => 'a.'.repeat(n),
      (n) => '/a'.repeat(n),
      (n) => `/${'a '.repeat(n)}`,
      (n) => '\\a'.repeat(n),
      (n) => 'a@b:'.repeat(n),
      (n) => '~/'.repeat(n),
      (n) => 'a.bc/'.repeat(n),
      (n) => 'home/'.repeat(n),
      (n) => 'Users\\a b:'.repeat(n),
    ];
    for (const make of shapes) expect(growthFactor(make, scrubText, 1_500), make(2).slice(0, 12)).toBeLessThan(LINEAR_GROWTH_LIMIT);
  });

  it.each([
    ['C:\\Users\\Jean Paul Van Dijk\\Documents\\plan.docx', 'plan.docx'],
    ['C:\\Users\\Jean Paul Van Dijk', ''],
    ['C:\\Users\\Jean Paul van der Dijk\\x.txt', 'x.txt'],
    ['C:/Users/Jean Paul Van Dijk/Desktop/a b c d e.txt', 'a b c d e.txt'],
    ['plan.docx - C:\\Users\\Jean Paul Van Dijk\\Documents - Word', 'plan.docx - Documents - Word'],
    ['Users\\Jean Paul Van Dijk\\Documents\\x.txt', 'x.txt'],
    ["USERS/Jean O'Brien/notes.md", 'notes.md'],
    ['home/jeanpaul/clients/acme', 'acme'],
    ['Moving files to Users/Jean Paul Van Dijk today', 'Moving files to'],
    ['in home/jeanpaul', 'in'],
    ['Documents and Settings\\Jean Paul\\a.txt', 'a.txt'],
  ])('drops the whole home folder in %j, spaces and all, wherever it stands', (input, expected) => {
    expect(scrubText(input)).toBe(expected);
  });

  it.each([
    ["/Volumes/Alice's iPod/Music/track.mp3", 'track.mp3'],
    ["D:\\Alice's Files\\Clients\\Acme\\memo.mp3", 'memo.mp3'],
    ['/Volumes/My Old Backup Drive 2/clients/acme/x.ts', 'x.ts'],
    ['D:\\Kunden\\Müller & Söhne GmbH Co KG\\Vertrag.docx', 'Vertrag.docx'],
    ['/Volumes/Alice\tiPod/Music/a.mp3', 'a.mp3'],
    ['/Volumes/Alice\u00a0iPod/Music/a.mp3', 'a.mp3'],
    ['/Volumes/"Alice" <iPod> | Music/a.mp3 now', 'a.mp3 now'],
    // Stops after what looks like a file name ("Vol.2"), then the safety net takes the rest.
    ['/Volumes/Vol.2 Alice/clients/acme/x.ts', 'x.ts'],
    ['/Volumes/Vol.2 Alice Old Backup/clients/acme/x.ts', 'x.ts'],
    ['D:\\J.Smith Alice Files\\Clients\\memo.mp3', 'memo.mp3'],
  ])('takes folder names with quotes, many spaces, tabs or no-break spaces whole: %j', (input, expected) => {
    const out = scrubText(input);
    expect(out).toBe(expected);
    for (const secret of ['Alice', 'iPod', 'Backup Drive', 'Kunden', 'Müller', 'clients/acme', 'Volumes']) expect(out).not.toContain(secret);
  });

  it('scrubs worst-case input of 1-16 K characters in linear time', () => {
    const shapes = (n: number) => [
      `/a${' '.repeat(n)}b`,
      `/${'a '.repeat(n / 2)}`,
      `/${'a\t\u00a0'.repeat(n / 3)}x`,
      '/'.repeat(n),
      '\\'.repeat(n),
      'a'.repeat(n),
      `/${'a'.repeat(n)}`,
      ' /a a a'.repeat(n / 7),
      '(/a a '.repeat(n / 6),
      '/x.mp3 b/'.repeat(n / 9),
      '/a.b c'.repeat(n / 6),
      `/v/${'x.y '.repeat(n / 4)}`,
      "'/a' ".repeat(n / 5),
      'C:\\a b\\'.repeat(n / 7),
      'a@b-c.d'.repeat(n / 7),
      '[SSH: '.repeat(n / 6),
      '/a/b.c d '.repeat(n / 9),
      `/a/b.c ${'d '.repeat(n / 2)}`,
      '/a/b.c d/e '.repeat(n / 11),
    ];
    shapes(2_000).forEach((sample, i) => {
      const make = (n: number) => shapes(n)[i]!;
      expect(growthFactor(make, scrubText, 1_000), JSON.stringify(sample.slice(0, 12))).toBeLessThan(LINEAR_GROWTH_LIMIT);
    });
  });

  it('keeps text around a path and its last segment only', () => {
    expect(scrubText('Listening to /Users/alice/Music/x.mp3 by AC/DC')).toBe('Listening to x.mp3 by AC/DC');
  });
});

describe('applyPrivacy: settings', () => {
  const coding = activity({ kind: 'coding', project: 'nowline', file: 'src/app/page.tsx', branch: 'main', language: 'TypeScript' });
  const app = activity({ kind: 'app', name: 'Code', title: 'secret-plan.md — Code' });

  it('hides file names and window titles by default', () => {
    expect(applyPrivacy(coding, DEFAULT_PRIVACY_RULES)).not.toHaveProperty('file');
    expect(applyPrivacy(app, DEFAULT_PRIVACY_RULES)).not.toHaveProperty('title');
    expect(applyPrivacy(app, DEFAULT_PRIVACY_RULES)).toMatchObject({ kind: 'app', name: 'Code' });
  });

  it('hides the machine name by default, and shows it only when the owner turns it on', () => {
    const withMachine = activity({ kind: 'coding', project: 'nowline', machine: 'CORP-JVANDIJK-LT' });
    expect(applyPrivacy(withMachine, DEFAULT_PRIVACY_RULES)).not.toHaveProperty('machine');
    expect(applyPrivacy(withMachine, rules({ showFileNames: true, showWindowTitles: true }))).not.toHaveProperty('machine');
    expect(applyPrivacy(withMachine, rules({ showMachineName: true }))).toMatchObject({ machine: 'CORP-JVANDIJK-LT' });
  });

  it('shows them when the owner turns them on', () => {
    expect(applyPrivacy(coding, rules({ showFileNames: true }))).toMatchObject({ file: 'src/app/page.tsx' });
    expect(applyPrivacy(app, rules({ showWindowTitles: true }))).toMatchObject({ title: 'secret-plan.md — Code' });
    // One toggle does not turn on the other.
    expect(applyPrivacy(app, rules({ showFileNames: true }))).not.toHaveProperty('title');
    expect(applyPrivacy(coding, rules({ showWindowTitles: true }))).not.toHaveProperty('file');
  });

  it('reduces an absolute or escaping file name to its name even when file names are shown', () => {
    const on = rules({ showFileNames: true });
    for (const file of [
      '/Users/alice/nowline/src/a.ts',
      'C:\\Users\\alice\\nowline\\a.ts',
      '~/nowline/a.ts',
      '../../alice/nowline/a.ts',
      'file:///home/alice/nowline/a.ts',
    ]) {
      expect(applyPrivacy(activity({ kind: 'coding', file }), on)).toMatchObject({ file: 'a.ts' });
    }
    expect(applyPrivacy(activity({ kind: 'coding', file: '/home/alice' }), on)).not.toHaveProperty('file');
  });

  it('decides "absolute or climbing out" the same way for reported file paths and published file names', () => {
    const on = rules({ showFileNames: true });
    const cases: [string, string | undefined][] = [
      ['src/../../alice/nowline/a.ts', 'a.ts'],
      ['src/..', undefined],
      ['$HOME/nowline/a.ts', 'a.ts'],
      ['${HOME}/nowline/a.ts', 'a.ts'],
      ['%USERPROFILE%\\nowline\\a.ts', 'a.ts'],
      ['~alice/nowline/a.ts', 'a.ts'],
      ['\\\\fileserver\\share\\a.ts', 'a.ts'],
      ['src/lib/a.ts', 'src/lib/a.ts'],
      ['./src/a.ts', 'src/a.ts'],
      ['src/..hidden/a.ts', 'src/..hidden/a.ts'],
    ];
    for (const [file, expected] of cases) {
      // The parsers (WakaTime, CodeTime) refuse it before it is stored...
      expect(relativeFile(file), file).toBe(expected);
      // ...and the privacy step agrees, for anything stored before or reported another way.
      const published = applyPrivacy(activity({ kind: 'coding', file }), on) as { file?: string };
      expect(published.file, file).toBe(file.startsWith('./') ? file : expected);
    }
    expect(isAbsolutePath('  /srv/a')).toBe(true);
    expect(climbsOut('a\\..\\..\\b')).toBe(true);
    // With a project: what follows it is kept only when it does not climb back out.
    expect(relativeFile('/home/me/site/src/a.ts', 'site')).toBe('src/a.ts');
    expect(relativeFile('/srv/site/../../etc/a.ts', 'site')).toBe('a.ts');
    expect(relativeFile('/srv/site/../../etc/a.ts', undefined, 3)).toBe('a.ts');
    expect(relativeFile('$HOME/site/src/a.ts', 'site')).toBe('src/a.ts');
  });

  it('keeps the public fields, times and numbers of a clean activity unchanged', () => {
    const music = activity({
      kind: 'music',
      title: 'Back in Black',
      artist: 'AC/DC',
      album: 'Rock & Roll / Live',
      url: 'https://open.spotify.com/track/1',
      coverUrl: 'https://i.scdn.co/image/abc',
      durationMs: 255_000,
      positionMs: 1000,
      playing: true,
      player: 'Spotify',
    });
    expect(applyPrivacy(music, DEFAULT_PRIVACY_RULES)).toEqual(music);
  });
});

describe('applyPrivacy: rules', () => {
  it('renames by plain name, ignoring case and surrounding space, whole value only', () => {
    const r = rules({ projects: [rule({ match: '  Client-ACME ', action: 'rename', replacement: 'a client project' })] });
    expect(applyPrivacy(activity({ kind: 'coding', project: 'client-acme' }), r)).toMatchObject({ project: 'a client project' });
    expect(applyPrivacy(activity({ kind: 'coding', project: 'client-acme-2' }), r)).toMatchObject({ project: 'client-acme-2' });
  });

  it('matches regular expressions anywhere, case-insensitively', () => {
    const r = rules({ apps: [rule({ match: 'slack|teams', regex: true, action: 'rename', replacement: 'Chat' })] });
    expect(applyPrivacy(activity({ kind: 'app', name: 'Microsoft Teams' }), r)).toMatchObject({ name: 'Chat' });
    expect(applyPrivacy(activity({ kind: 'app', name: 'SLACK' }), r)).toMatchObject({ name: 'Chat' });
    expect(applyPrivacy(activity({ kind: 'app', name: 'Figma' }), r)).toMatchObject({ name: 'Figma' });
    const anchored = rules({ apps: [rule({ match: '^code$', regex: true, action: 'hide' })] });
    expect(applyPrivacy(activity({ kind: 'app', name: 'Code' }), anchored)).toBeNull();
    expect(applyPrivacy(activity({ kind: 'app', name: 'Xcode' }), anchored)).not.toBeNull();
  });

  it('does not treat a plain name as a pattern', () => {
    const r = rules({ games: [rule({ match: 'a.c', action: 'hide' })] });
    expect(applyPrivacy(activity({ kind: 'gaming', name: 'abc' }), r)).not.toBeNull();
    expect(applyPrivacy(activity({ kind: 'gaming', name: 'A.C' }), r)).toBeNull();
  });

  it('hides per category: app, player and game remove the activity; a project keeps coding without its details', () => {
    const r = rules({
      apps: [rule({ match: 'Slack', action: 'hide' })],
      players: [rule({ match: 'Podcasts', action: 'hide' })],
      games: [rule({ match: 'Solitaire', action: 'hide' })],
      projects: [rule({ match: 'secret', action: 'hide' })],
      showFileNames: true,
    });
    expect(applyPrivacy(activity({ kind: 'app', name: 'Slack' }), r)).toBeNull();
    expect(applyPrivacy(activity({ kind: 'music', title: 'Ep. 4', player: 'Podcasts' }), r)).toBeNull();
    expect(applyPrivacy(activity({ kind: 'gaming', name: 'Solitaire' }), r)).toBeNull();
    const coding = applyPrivacy(activity({ kind: 'coding', project: 'secret', file: 'a.ts', branch: 'x', language: 'Go' }), r);
    expect(coding).toMatchObject({ kind: 'coding', language: 'Go' });
    expect(coding).not.toHaveProperty('project');
    expect(coding).not.toHaveProperty('file');
    expect(coding).not.toHaveProperty('branch');
  });

  it('applies each category only to its own kind and field', () => {
    const r = rules({ apps: [rule({ match: 'Steam', action: 'hide' })], games: [rule({ match: 'Code', action: 'hide' })] });
    expect(applyPrivacy(activity({ kind: 'gaming', name: 'Steam' }), r)).not.toBeNull();
    expect(applyPrivacy(activity({ kind: 'app', name: 'Code' }), r)).not.toBeNull();
    expect(applyPrivacy(activity({ kind: 'music', title: 'Steam', player: 'Spotify' }), r)).not.toBeNull();
  });

  it('uses the first matching rule', () => {
    const r = rules({
      apps: [rule({ match: 'Figma', action: 'rename', replacement: 'Design tool' }), rule({ match: 'fig', regex: true, action: 'hide' })],
    });
    expect(applyPrivacy(activity({ kind: 'app', name: 'Figma' }), r)).toMatchObject({ name: 'Design tool' });
    expect(applyPrivacy(activity({ kind: 'app', name: 'FigJam' }), r)).toBeNull();
  });

  it('matches a project reported as a path by its published name, and never publishes a path from a rename', () => {
    const r = rules({ projects: [rule({ match: 'acme', action: 'rename', replacement: '/Users/alice/oops/client' })] });
    expect(applyPrivacy(activity({ kind: 'coding', project: '/Users/alice/clients/acme' }), r)).toMatchObject({ project: 'client' });
  });

  it('drops an app or game whose name was nothing but a path', () => {
    expect(applyPrivacy(activity({ kind: 'app', name: '/Users/alice' }), DEFAULT_PRIVACY_RULES)).toBeNull();
  });
});

describe('nothing private is published, whatever the settings', () => {
  const leaky: Activity[] = [
    activity({
      kind: 'coding',
      project: '/Users/alice/clients/acme',
      file: '/Users/alice/clients/acme/src/a.ts',
      branch: 'git@github.com:org/repo.git',
      editor: 'VS Code (C:\\Users\\John Smith\\AppData\\code.exe)',
      machine: '\\\\fileserver\\share\\alice',
      language: 'see file:///home/alice/x',
      source: 'wakatime /home/alice/bin/wakatime',
    }),
    activity({
      kind: 'app',
      name: 'Terminal',
      title: 'alice@laptop: ~/clients/acme — ssh://deploy@host/srv',
      description: 'pushing to https://alice:tok3n@github.com/org/repo.git from Users\\Jean Paul Van Dijk\\repo',
      iconUrl: 'https://alice:tok3n@cdn.example.com/icon.png',
    }),
    activity({
      kind: 'music',
      title: 'C:/Users/alice/Music/song.mp3',
      artist: 'AC/DC',
      album: '~/Music/John Smith/Live',
      url: 'https://github.com/org/repo.git',
      coverUrl: 'file:///Users/alice/cover.jpg',
      player: 'mpv /home/alice/.config/mpv',
    }),
    activity({ kind: 'gaming', name: 'Hades', details: 'D:\\Games\\Users\\alice\\Hades.exe', platform: '//fileserver/share/alice/x' }),
    activity({ kind: 'manual', text: 'Back at /home/alice/desk/now' }),
  ];

  const ALL = ['app', 'coding', 'gaming', 'manual', 'music'];
  const settings: [PrivacyRules, string[]][] = [
    [DEFAULT_PRIVACY_RULES, ALL],
    [rules({ showFileNames: true, showWindowTitles: true, showMachineName: true }), ALL],
    [rules({
      showFileNames: true,
      showWindowTitles: true,
      projects: [rule({ match: 'acme', action: 'rename', replacement: 'C:\\Users\\alice\\acme' })],
      apps: [rule({ match: 'term', regex: true, action: 'rename', replacement: 'git@github.com:org/x.git' })],
      players: [rule({ match: '.*', regex: true, action: 'rename', replacement: '~/alice/player' })],
    }),
      // Renamed to nothing but a remote: no name left, so the app is not shown at all.
      ALL.filter((k) => k !== 'app'),
    ],
  ];

  it.each(settings.map(([s, kinds], i) => [i, s, kinds] as const))('with settings #%i', (_i, s, kinds) => {
    const snapshot = computeSnapshot(leaky, { version: 1, now: NOW, rules: s });
    expect(snapshot.activities.map((a) => a.kind).sort()).toEqual(kinds);
    expectNoSecrets(snapshot);
    // Ordinary text in the same activities survives.
    expect(snapshot.activities.find((a) => a.kind === 'music')).toMatchObject({ artist: 'AC/DC', title: 'song.mp3' });
  });

  it('publishes no folder of a path whose folder names hold quotes or many spaces, in any always-public field', () => {
    const paths = [
      "/Volumes/Alice's iPod/Music/track.mp3",
      "D:\\Alice's Files\\Clients\\Acme\\memo.mp3",
      '/Volumes/My Old Backup Drive 2/clients/acme/x.ts',
      'D:\\Kunden\\Müller & Söhne GmbH Co KG\\Vertrag.docx',
    ];
    const activities = paths.flatMap((path) => [
      activity({ kind: 'music', title: path, player: 'foobar2000' }),
      activity({ kind: 'app', name: 'Explorer', title: path, description: `copying ${path} now` }),
      activity({ kind: 'manual', text: `Moving ${path} today` }),
      activity({ kind: 'gaming', name: 'Hades', details: `saves in ${path}` }),
    ]);
    for (const settings of [DEFAULT_PRIVACY_RULES, rules({ showFileNames: true, showWindowTitles: true, showMachineName: true })]) {
      const published = JSON.stringify(activities.map((a) => applyPrivacy(a, settings)));
      for (const secret of ['Alice', 'iPod', 'Backup Drive', 'Kunden', 'Müller', 'clients/acme', 'Clients', 'Volumes']) {
        expect(published, `leaked ${secret}`).not.toContain(secret);
      }
      // The file name itself may stay.
      expect(published).toContain('"title":"track.mp3"');
      expect(published).toContain('Moving Vertrag.docx today');
    }
  });

  it('publishes only web links or this site’s stored images in link fields, never data URLs', () => {
    const out = applyPrivacy(
      activity({ kind: 'app', name: 'X', iconUrl: 'https://alice:tok3n@cdn.example.com/icon.png' }),
      DEFAULT_PRIVACY_RULES,
    );
    expect(out).toMatchObject({ iconUrl: 'https://cdn.example.com/icon.png' });
    const local = applyPrivacy(activity({ kind: 'app', name: 'X', iconUrl: 'file:///Users/alice/icon.png' }), DEFAULT_PRIVACY_RULES);
    expect(local).not.toHaveProperty('iconUrl');
    const stored = `/api/images/${'a'.repeat(64)}.png`;
    expect(applyPrivacy(activity({ kind: 'app', name: 'X', iconUrl: stored }), DEFAULT_PRIVACY_RULES)).toMatchObject({ iconUrl: stored });
    const inline = 'data:image/png;base64,iVBORw0KGgo=';
    expect(applyPrivacy(activity({ kind: 'app', name: 'X', iconUrl: inline }), DEFAULT_PRIVACY_RULES)).not.toHaveProperty('iconUrl');
    expect(applyPrivacy(activity({ kind: 'app', name: 'X', iconUrl: '/api/images/../../etc/passwd' }), DEFAULT_PRIVACY_RULES)).not.toHaveProperty('iconUrl');
    const huge = `data:image/png;base64,${'A'.repeat(200_000)}`;
    expect(applyPrivacy(activity({ kind: 'app', name: 'X', iconUrl: huge }), DEFAULT_PRIVACY_RULES)).not.toHaveProperty('iconUrl');
  });

  it('publishes nothing nested or unexpected that slipped into a stored activity', () => {
    const odd = { ...activity({ kind: 'app', name: 'X' }), extra: { path: '/Users/alice/x' }, list: ['/home/alice'] } as unknown as Activity;
    expectNoSecrets(applyPrivacy(odd, DEFAULT_PRIVACY_RULES));
  });
});

describe('rule validation', () => {
  it('refuses an invalid regular expression and a rename without a new name, naming the field', () => {
    const result = validatePrivacyRules({
      apps: [{ match: 'ok', regex: false, action: 'hide' }, { match: '(unclosed', regex: true, action: 'hide' }],
      games: [{ match: 'Hades', regex: false, action: 'rename', replacement: '  ' }],
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.fieldErrors['apps.1.match']).toMatch(/regular expression/);
    expect(result.fieldErrors['games.0.replacement']).toMatch(/new name/);
    expect(result.fieldErrors['apps.0.match']).toBeUndefined();
  });

  it('accepts "(" as a plain name, and valid rules with defaults filled in', () => {
    const result = validatePrivacyRules({ apps: [{ match: '(', action: 'hide' }] });
    expect(result).toEqual({ success: true, data: { ...DEFAULT_PRIVACY_RULES, apps: [{ match: '(', regex: false, action: 'hide' }] } });
  });

  it('explains syntax the linear-time engine does not support', () => {
    const cases: [string, RegExp][] = [
      ['(a)\\1', /backreferences/],
      ['(?<n>a)\\k<n>', /backreferences/],
      ['^(?!secret)', /lookahead/],
      ['(?=x)y', /lookahead/],
      ['(?<=x)y', /lookbehind/],
      ['(?<!x)y', /lookbehind/],
      ['caf\\u00e9', /\\x\{00E9\}/],
      ['a++', /possessive/],
      ['a{1,5000}', /up to 1000/],
      ['[\\p{L}\\p{N}]{900}x', /too large/],
      ['[z-a]', /not a valid regular expression/],
    ];
    for (const [pattern, message] of cases) {
      const result = validatePrivacyRules({ apps: [{ match: pattern, regex: true, action: 'hide' }] });
      expect(result.success, pattern).toBe(false);
      if (!result.success) expect(result.fieldErrors['apps.0.match'], pattern).toMatch(message);
    }
    // An escaped backslash followed by a digit is not a backreference.
    expect(validatePrivacyRules({ apps: [{ match: 'a\\\\1', regex: true, action: 'hide' }] }).success).toBe(true);
  });

  // No stopwatch here: a backtracking engine would not finish these within the test's timeout
  // (see the next test), while RE2 looks at RULE_MATCH_MAX_CHARS characters at most.
  it('matches (.|\\s)*x in linear time: a long adversarial value does not hang', () => {
    const catastrophic = { match: '(.|\\s)*x', regex: true };
    // Accepted as before: the pattern is valid and useful, only the engine changed.
    expect(validatePrivacyRules({ apps: [{ ...catastrophic, action: 'hide' }] }).success).toBe(true);
    const spaces = ' '.repeat(RULE_MATCH_MAX_CHARS - 1);
    expect(ruleMatches(catastrophic, spaces)).toBe(false);
    expect(ruleMatches(catastrophic, `${spaces}X`)).toBe(true);
    expect(ruleMatches(catastrophic, ' '.repeat(1_000_000))).toBe(false);
    expect(applyPrivacy(activity({ kind: 'app', name: `Slack${spaces}` }), rules({ apps: [rule({ ...catastrophic, action: 'hide' })] }))).not.toBeNull();
    // The slowest kind of pattern still allowed (a large counted repeat) on the longest value looked at.
    const large = { match: '.{390}x', regex: true };
    expect(validatePrivacyRules({ apps: [{ ...large, action: 'hide' }] }).success).toBe(true);
    expect(ruleMatches(large, 'é '.repeat(RULE_MATCH_MAX_CHARS))).toBe(false);
    // Only the first RULE_MATCH_MAX_CHARS characters are looked at.
    expect(ruleMatches(catastrophic, `${' '.repeat(RULE_MATCH_MAX_CHARS)}x`)).toBe(false);
  });

  it('JavaScript’s own engine, which matched rules before, does not finish on the same pattern and 40 spaces', () => {
    const child = spawnSync(process.execPath, ['-e', "new RegExp('(.|\\\\s)*x', 'i').test(' '.repeat(40))"], {
      timeout: 1500,
      killSignal: 'SIGKILL',
    });
    expect(child.signal).toBe('SIGKILL');
  });

  it('previews only the complete rules of a draft', () => {
    const usable = usablePrivacyRules({
      showFileNames: true,
      showWindowTitles: false,
      showMachineName: false,
      apps: [
        { match: 'Slack', regex: false, action: 'hide' },
        { match: '(', regex: true, action: 'hide' },
        { match: '(?!x)', regex: true, action: 'hide' },
        { match: '', action: 'hide' },
      ],
      projects: [{ match: 'x', regex: false, action: 'rename', replacement: '' }],
      players: [],
      games: [],
    });
    expect(usable.apps).toEqual([{ match: 'Slack', regex: false, action: 'hide' }]);
    expect(usable.projects).toEqual([]);
    expect(usable.showFileNames).toBe(true);
  });
});

describe('saving rules (server action, store, public API)', () => {
  let db: ReturnType<typeof useTempSqlite>;
  beforeEach(() => {
    db = useTempSqlite();
    cookieJar.clear();
  });
  afterEach(async () => {
    await db.cleanup();
  });

  async function logInCookie() {
    const { createSessionValue, SESSION_COOKIE } = await import('@/lib/auth');
    cookieJar.set(SESSION_COOKIE, (await createSessionValue()).value);
  }

  async function publicSnapshot() {
    const { GET } = await import('@/app/api/status/route');
    return (await GET()).json();
  }

  it('saves valid rules and the public API follows them at once', async () => {
    const { reportActivities } = await import('@/lib/status/store');
    const { savePrivacySettings } = await import('@/lib/admin/actions');
    await reportActivities(
      [
        { kind: 'app', name: 'Slack', title: 'DM with Bob' },
        { kind: 'coding', project: 'client-acme', file: '/Users/alice/client-acme/src/a.ts', language: 'TypeScript' },
      ],
      'test',
    );
    expect((await publicSnapshot()).activities.map((a: Activity) => a.kind).sort()).toEqual(['app', 'coding']);

    await logInCookie();
    const state = await savePrivacySettings(
      {},
      {
        showFileNames: true,
        showWindowTitles: false,
        apps: [{ match: 'slack', regex: false, action: 'hide' }],
        projects: [{ match: '^client-', regex: true, action: 'rename', replacement: 'Client work' }],
        players: [],
        games: [],
      },
    );
    expect(state).toEqual({ ok: true });
    const after = await publicSnapshot();
    expect(after.activities).toHaveLength(1);
    expect(after.activities[0]).toMatchObject({ kind: 'coding', project: 'Client work', file: 'a.ts' });
    expect(JSON.stringify(after)).not.toContain('/Users/alice');

    const { getPrivacyRules } = await import('@/lib/status/store');
    expect((await getPrivacyRules()).apps).toEqual([{ match: 'slack', regex: false, action: 'hide' }]);
  });

  it('saves nothing without a session, or with an invalid rule', async () => {
    const { savePrivacySettings } = await import('@/lib/admin/actions');
    const { getPrivacyRules } = await import('@/lib/status/store');
    const { getDb } = await import('@/lib/db');
    const hide = { apps: [{ match: 'Slack', regex: false, action: 'hide' }] };

    expect((await savePrivacySettings({}, hide)).error).toMatch(/session/i);
    await logInCookie();
    const bad = await savePrivacySettings({}, { apps: [{ match: 'Slack', regex: false, action: 'hide' }, { match: '[', regex: true, action: 'hide' }] });
    expect(bad.ok).toBeUndefined();
    expect(bad.fieldErrors?.['apps.1.match']).toMatch(/regular expression/);
    expect(await getPrivacyRules()).toEqual(DEFAULT_PRIVACY_RULES);
    expect(await getDb().setting.findUnique({ where: { key: 'privacyRules' } })).toBeNull();
  });
  it('loads stored rules RE2 cannot compile: the others still apply, the bad one is skipped and flagged on /admin', async () => {
    const { getDb } = await import('@/lib/db');
    const { getPrivacyRules, reportActivities } = await import('@/lib/status/store');
    // Saved by an older version that matched with JavaScript's engine.
    const stored = {
      showWindowTitles: false,
      apps: [
        { match: '^(?!Code$).*Slack', regex: true, action: 'hide' },
        { match: 'Teams', regex: false, action: 'hide' },
      ],
    };
    await getDb().setting.create({ data: { key: 'privacyRules', value: JSON.stringify(stored) } });
    await reportActivities([{ kind: 'app', name: 'Teams' }], 'test');
    const loaded = await getPrivacyRules();
    expect(loaded.apps).toHaveLength(2);
    expect((await publicSnapshot()).activities).toEqual([]);
    await reportActivities([{ kind: 'app', name: 'Slack' }], 'test');
    expect((await publicSnapshot()).activities).toMatchObject([{ kind: 'app', name: 'Slack' }]);
    expect(findUnusableRules(loaded)).toEqual([{ path: 'apps.0.match', match: '^(?!Code$).*Slack', message: expect.stringMatching(/lookahead/) }]);

    const { renderToStaticMarkup } = await import('react-dom/server');
    const { createElement } = await import('react');
    const { PrivacyRulesEditor } = await import('@/components/admin/privacy-rules-editor');
    const html = renderToStaticMarkup(
      createElement(PrivacyRulesEditor, { rules: loaded, activities: [], version: 1, precedence: ['app'], timeZone: 'UTC', now: NOW, m: en.privacy, errors: en.errors, locale: EN_STATUS }),
    );
    expect(html).toContain('One saved rule is skipped');
    expect(html).toContain('lookahead (?= …) and (?! …) is not supported');
  });
});

describe('recent reports panel', () => {
  it('lists reports newest first with token, protocol, raw fields collapsed, what was published and the refusal', async () => {
    const { renderToStaticMarkup } = await import('react-dom/server');
    const { createElement } = await import('react');
    const { RecentReports } = await import('@/components/admin/recent-reports');
    const published = applyPrivacy(activity({ kind: 'coding', project: 'nowline', file: '/Users/alice/nowline/a.ts' }), DEFAULT_PRIVACY_RULES)!;
    const html = renderToStaticMarkup(
      createElement(RecentReports, {
        now: NOW,
        timeZone: 'UTC',
        origin: 'https://me.example',
        m: en.reports,
        locale: EN_STATUS,
        reports: [
          { id: 1, receivedAt: iso(-120_000), tokenName: 'laptop', protocol: 'wakatime', raw: { entity: '/Users/alice/nowline/a.ts' }, published: [published] },
          { id: 2, receivedAt: iso(-1000), tokenName: null, protocol: 'mixspace', raw: { process: 42 }, published: [], error: 'process: must be a string' },
        ],
      }),
    );
    expect(html.indexOf('mixspace')).toBeLessThan(html.indexOf('wakatime'));
    expect(html).toContain('laptop');
    expect(html).toContain('no token');
    expect(html).toContain('Refused');
    expect(html).toContain('process: must be a string');
    expect(html).toContain('coding nowline');
    // Raw fields are there for the owner, behind a closed disclosure.
    expect(html).toMatch(/<details[^>]*><summary[^>]*>Raw fields<\/summary><pre[^>]*>[^<]*\/Users\/alice\/nowline\/a\.ts/);
    expect(html).not.toMatch(/<details[^>]*open/);
    expect(html).toContain('23 Nov 2026, 09:58:00');

    const empty = renderToStaticMarkup(createElement(RecentReports, { now: NOW, timeZone: 'UTC', origin: 'https://me.example', reports: [], m: en.reports, locale: EN_STATUS }));
    expect(empty).toContain('No reports received yet');
    expect(empty).toContain('https://me.example/api/status');
    expect(empty).toContain('https://me.example/api/wakatime');
  });
});
