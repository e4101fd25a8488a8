// Starts the server as instrumentation.ts does (lib/server-start.ts) with process.exit turned into a
// throw, for the tests of an environment that must stop the server at start.
import { expect, vi } from 'vitest';

/** Expects the start to exit with 1 under the stubbed environment; returns what it logged. */
export async function startExpectingExit(): Promise<string> {
  vi.resetModules(); // lib/env.ts reads the environment once per module instance
  const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
    throw new Error(`exit ${code}`);
  }) as typeof process.exit);
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  const { onServerStart } = await import('@/lib/server-start');
  await expect(onServerStart()).rejects.toThrow('exit 1');
  expect(exit).toHaveBeenCalledWith(1);
  return logged.mock.calls.flat().join('\n');
}
