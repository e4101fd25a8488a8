// Waiting in tests: for a condition, with a deadline generous enough for a busy machine; a test
// never passes or fails on how fast the machine is.

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `condition()` (sync or async) is truthy; checks every `intervalMs` until `timeoutMs`. */
export async function waitUntil(condition, { timeoutMs = 20_000, intervalMs = 5, message = 'condition not met' } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${message} within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}
