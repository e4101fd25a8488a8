// An invalid environment stops the server at start with a message naming the variable, rather than
// serving an error on every request (lib/server-start.ts, run by instrumentation.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startExpectingExit } from './support/server-start';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('start-up', () => {
  it('exits with 1 and names the variable when NOWLINE_MAX_STREAMS_PER_CLIENT is 0', async () => {
    vi.stubEnv('NOWLINE_MAX_STREAMS_PER_CLIENT', '0');
    expect(await startExpectingExit()).toMatch(/NOWLINE_MAX_STREAMS_PER_CLIENT/);
  });
});
