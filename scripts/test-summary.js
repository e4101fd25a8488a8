// The closing line of `npm test`, counted from what each suite left behind: its JSON report, its
// exit code, or why it did not run. Pure: scripts/test.js reads the files and runs the suites.

/** Counts from a Vitest JSON report; a file that failed to load (no test failed in it) counts as one failure. */
export function countVitest(report) {
  const brokenFiles = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    flaky: 0,
  };
}

/** Counts from a Playwright JSON report: a test that passed only on a retry is flaky, not passed. */
export function countPlaywright(report) {
  const stats = report.stats ?? {};
  return { passed: stats.expected ?? 0, failed: stats.unexpected ?? 0, skipped: stats.skipped ?? 0, flaky: stats.flaky ?? 0 };
}

/** The number of tests in a Playwright JSON report, e.g. from `playwright test --list --reporter=json`. */
export function countListedTests(report) {
  const inSuite = (suite) =>
    (suite.specs ?? []).reduce((n, spec) => n + (spec.tests ?? []).length, 0) + (suite.suites ?? []).reduce((n, s) => n + inSuite(s), 0);
  return (report.suites ?? []).reduce((n, suite) => n + inSuite(suite), 0);
}

const COUNT = { vitest: countVitest, playwright: countPlaywright };

/**
 * @param {Array<{ name: string, kind: 'vitest' | 'playwright' | 'check' | 'step', ran: boolean,
 *   exitCode?: number | null, report?: object | null, tests?: number, reason?: string }>} suites
 *   `check`: one pass or failure of its own (the standalone check); `step`: counts only when it
 *   fails (the build). A suite that did not run counts its `tests` as skipped, saying why.
 */
export function summarize(suites) {
  const totals = { passed: 0, failed: 0, skipped: 0, flaky: 0 };
  const notes = [];
  const brokeOutsideTests = [];
  for (const suite of suites) {
    if (!suite.ran) {
      // Not countable (its listing failed too): at least one test did not run.
      const tests = suite.tests ?? 1;
      const count = suite.tests === undefined ? 'tests: count unknown' : `${tests} test${tests === 1 ? '' : 's'}`;
      totals.skipped += tests;
      notes.push(`SKIPPED  ${suite.name} (${count}): ${suite.reason ?? 'not run'}`);
      continue;
    }
    const ok = suite.exitCode === 0;
    if (suite.kind === 'check' || suite.kind === 'step') {
      if (ok) totals.passed += suite.kind === 'check' ? 1 : 0;
      else {
        totals.failed++;
        brokeOutsideTests.push(suite.name);
        notes.push(`FAILED   ${suite.name} (exit ${suite.exitCode ?? 'by signal'})`);
      }
      continue;
    }
    if (!suite.report) {
      totals.failed++;
      brokeOutsideTests.push(suite.name);
      notes.push(`FAILED   ${suite.name}: exited with ${suite.exitCode ?? 'a signal'} and left no results (crashed?)`);
      continue;
    }
    const counts = COUNT[suite.kind](suite.report);
    for (const key of Object.keys(totals)) totals[key] += counts[key];
    if (!ok && counts.failed === 0) {
      // E.g. a browser suite whose server never started, or an error outside any test.
      totals.failed++;
      brokeOutsideTests.push(suite.name);
      notes.push(`FAILED   ${suite.name}: exited with ${suite.exitCode ?? 'a signal'} though no test in its report failed`);
    }
  }
  let line = `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped, ${totals.flaky} flaky`;
  if (brokeOutsideTests.length) line += ` (failed outside a test: ${brokeOutsideTests.join('; ')})`;
  return { totals, notes, line, ok: totals.failed === 0 };
}
