// An invalid environment stops the server at start with a message naming the variable, rather than
// serving an error on every request (lib/server-start.ts, run by instrumentation.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('start-up', () => {
  it('exits with 1 and names the variable when NOWLINE_MAX_STREAMS_PER_CLIENT is 0', async () => {
    vi.stubEnv('NOWLINE_MAX_STREAMS_PER_CLIENT', '0');
    vi.resetModules(); // lib/env.ts reads the environment once per module instance
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      throw new Error(`exit ${code}`);
    }) as typeof process.exit);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { onServerStart } = await import('@/lib/server-start');
    await expect(onServerStart()).rejects.toThrow('exit 1');
    expect(exit).toHaveBeenCalledWith(1);
    expect(logged.mock.calls.flat().join('\n')).toMatch(/NOWLINE_MAX_STREAMS_PER_CLIENT/);
  });
});
