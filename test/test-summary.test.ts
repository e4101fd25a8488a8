// The closing line of `npm test` (scripts/test-summary.js): it must count what really happened.
import { describe, expect, it } from 'vitest';
import { countListedTests, countPlaywright, countVitest, summarize } from '../scripts/test-summary.js';

const vitestReport = (passed: number, failed: number, pending = 0, files: object[] = []) => ({
  numPassedTests: passed,
  numFailedTests: failed,
  numPendingTests: pending,
  numTodoTests: 0,
  testResults: files,
});

const playwrightReport = (expected: number, unexpected: number, flaky: number, skipped = 0) => ({
  stats: { expected, unexpected, flaky, skipped },
});

describe('counting one report', () => {
  it('counts Vitest failures, skips, and a file that failed to load as one failure', () => {
    const report = vitestReport(10, 2, 3, [
      { status: 'failed', assertionResults: [{ status: 'failed' }, { status: 'failed' }] },
      { status: 'failed', assertionResults: [] },
      { status: 'passed', assertionResults: [{ status: 'passed' }] },
    ]);
    expect(countVitest(report)).toEqual({ passed: 10, failed: 3, skipped: 3, flaky: 0 });
  });

  it('counts a Playwright test that passed on retry as flaky, not passed', () => {
    expect(countPlaywright(playwrightReport(30, 1, 2, 4))).toEqual({ passed: 30, failed: 1, skipped: 4, flaky: 2 });
  });

  it('counts the tests a `playwright test --list` report names, in nested suites', () => {
    const listed = {
      suites: [
        { specs: [{ tests: [{}] }, { tests: [{}] }], suites: [{ specs: [{ tests: [{}, {}] }] }] },
        { specs: [], suites: [] },
      ],
    };
    expect(countListedTests(listed)).toBe(4);
  });
});

describe('the closing line', () => {
  it('adds up every suite, flaky tests apart', () => {
    const summary = summarize([
      { name: 'Vitest', kind: 'vitest', ran: true, exitCode: 1, report: vitestReport(100, 1) },
      { name: 'Build', kind: 'step', ran: true, exitCode: 0 },
      { name: 'Playwright', kind: 'playwright', ran: true, exitCode: 0, report: playwrightReport(35, 0, 2) },
      { name: 'Standalone check', kind: 'check', ran: true, exitCode: 0 },
    ]);
    expect(summary.line).toBe('136 passed, 1 failed, 0 skipped, 2 flaky');
    expect(summary.ok).toBe(false);
    expect(summary.notes).toEqual([]);
  });

  it('counts the tests of suites that did not run as skipped, saying why', () => {
    const summary = summarize([
      { name: 'Vitest', kind: 'vitest', ran: true, exitCode: 0, report: vitestReport(50, 0) },
      { name: 'Build', kind: 'step', ran: true, exitCode: 1 },
      { name: 'Playwright', kind: 'playwright', ran: false, tests: 37, reason: 'the build failed' },
      { name: 'Standalone check', kind: 'check', ran: false, tests: 1, reason: 'the build failed' },
      { name: 'PostgreSQL suites', kind: 'vitest', ran: false, tests: 25, reason: 'the server refused the login' },
    ]);
    expect(summary.line).toBe('50 passed, 1 failed, 63 skipped, 0 flaky (failed outside a test: Build)');
    expect(summary.notes).toContain('SKIPPED  Playwright (37 tests): the build failed');
    expect(summary.notes).toContain('SKIPPED  PostgreSQL suites (25 tests): the server refused the login');
  });

  it('counts a suite that did not run and could not be counted as one skipped test, saying so', () => {
    const summary = summarize([{ name: 'Playwright', kind: 'playwright', ran: false, reason: 'the build failed' }]);
    expect(summary.totals.skipped).toBe(1);
    expect(summary.notes).toEqual(['SKIPPED  Playwright (tests: count unknown): the build failed']);
  });

  it('counts a suite that crashed without a report as failed, and names it', () => {
    const summary = summarize([
      { name: 'Vitest', kind: 'vitest', ran: true, exitCode: 0, report: vitestReport(50, 0) },
      { name: 'Playwright', kind: 'playwright', ran: true, exitCode: null, report: null },
    ]);
    expect(summary.totals).toEqual({ passed: 50, failed: 1, skipped: 0, flaky: 0 });
    expect(summary.line).toMatch(/\(failed outside a test: Playwright\)$/);
    expect(summary.ok).toBe(false);
  });

  it('counts a non-zero exit with no failed test in the report (a server that never started) as a failure', () => {
    const summary = summarize([{ name: 'Playwright', kind: 'playwright', ran: true, exitCode: 1, report: playwrightReport(0, 0, 0) }]);
    expect(summary.line).toBe('0 passed, 1 failed, 0 skipped, 0 flaky (failed outside a test: Playwright)');
  });

  it('passes when everything passed or was skipped', () => {
    const summary = summarize([
      { name: 'Vitest', kind: 'vitest', ran: true, exitCode: 0, report: vitestReport(5, 0, 1) },
      { name: 'PostgreSQL suites', kind: 'vitest', ran: false, tests: 25, reason: 'no server' },
    ]);
    expect(summary).toMatchObject({ ok: true, line: '5 passed, 0 failed, 26 skipped, 0 flaky' });
  });
});
