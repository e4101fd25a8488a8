export function sleep(ms: number): Promise<void>;
export function waitUntil(condition: () => unknown, options?: { timeoutMs?: number; intervalMs?: number; message?: string }): Promise<void>;
