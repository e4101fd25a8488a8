// What `npm start` decides about an existing build (scripts/build-fingerprint.js), on real folders:
// one with git (tracked and untracked files) and one without (a container build has no .git).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildFingerprint, buildSourceFiles, buildState, recordBuild } from '../scripts/build-fingerprint.js';

let root: string;

function write(file: string, text: string) {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

function checkout() {
  write('app/page.tsx', 'export default function Page() { return <p>hello</p>; }\n');
  write('components/status/status-card.tsx', 'export const card = 1;\n');
  write('lib/db.ts', 'export const db = 1;\n');
  write('lib/generated/sqlite/client.ts', 'generated\n');
  write('lib/env.test.ts', 'test\n');
  write('next.config.ts', 'export default {};\n');
  write('package-lock.json', '{}\n');
  write('README.md', '# readme\n');
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'nowline-fingerprint-'));
  checkout();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe.each([
  ['outside git', () => undefined],
  [
    'in a git checkout',
    () => {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
      write('.gitignore', 'lib/generated/\n.next/\n');
      git('init', '-q');
      git('add', '.');
      git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'init');
    },
  ],
])('build fingerprint %s', (_, setUp) => {
  beforeEach(setUp);

  it('covers the build sources only: not generated code, tests or docs', () => {
    expect(buildSourceFiles(root)).toEqual(['app/page.tsx', 'components/status/status-card.tsx', 'lib/db.ts', 'next.config.ts', 'package-lock.json']);
  });

  it('is the same for the same sources and changes with any edit, new file or deletion', () => {
    const first = buildFingerprint(root);
    expect(buildFingerprint(root)).toBe(first);
    write('README.md', '# edited, not a build source\n');
    write('lib/generated/sqlite/client.ts', 'regenerated\n');
    expect(buildFingerprint(root)).toBe(first);

    write('app/page.tsx', 'export default function Page() { return <p>edited</p>; }\n');
    const edited = buildFingerprint(root);
    expect(edited).not.toBe(first);
    // Untracked in the git case: a new page not yet added still goes into the build.
    write('app/about/page.tsx', 'export default function About() { return null; }\n');
    expect(buildFingerprint(root)).not.toBe(edited);
    rmSync(path.join(root, 'app/about/page.tsx'));
    expect(buildFingerprint(root)).toBe(edited);
    rmSync(path.join(root, 'lib/db.ts'));
    expect(buildFingerprint(root)).not.toBe(edited);
  });

  it('says missing, current or stale for a build folder', () => {
    const distDir = path.join(root, '.next-test');
    expect(buildState(distDir, root)).toBe('missing');
    mkdirSync(distDir);
    writeFileSync(path.join(distDir, 'BUILD_ID'), 'abc');
    recordBuild(distDir, buildFingerprint(root));
    expect(buildState(distDir, root)).toBe('current');

    write('components/status/status-card.tsx', 'export const card = 2;\n');
    expect(buildState(distDir, root)).toBe('stale');
    write('components/status/status-card.tsx', 'export const card = 1;\n');
    expect(buildState(distDir, root)).toBe('current');

    writeFileSync(path.join(distDir, 'nowline-build.json'), '{ not json');
    expect(buildState(distDir, root)).toBe('stale');
  });

  it('judges a build without a record (a plain next build) by file times', () => {
    const distDir = path.join(root, '.next-plain');
    mkdirSync(distDir);
    writeFileSync(path.join(distDir, 'BUILD_ID'), 'abc');
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(distDir, 'BUILD_ID'), later, later);
    expect(buildState(distDir, root)).toBe('current');
    const evenLater = new Date(Date.now() + 120_000);
    utimesSync(path.join(root, 'lib/db.ts'), evenLater, evenLater);
    expect(buildState(distDir, root)).toBe('stale');
  });
});
