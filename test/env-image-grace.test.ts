// NOWLINE_IMAGE_GRACE_MINUTES must be at least 1: at 0 an image sent with a report still waiting in
// the group-commit queue could be deleted before the report commits.
import { afterEach, describe, expect, it, vi } from 'vitest';

describe('NOWLINE_IMAGE_GRACE_MINUTES', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('refuses 0 and accepts 1', async () => {
    vi.stubEnv('NOWLINE_IMAGE_GRACE_MINUTES', '0');
    vi.resetModules();
    await expect(import('@/lib/env').then((m) => m.env())).rejects.toThrow(/NOWLINE_IMAGE_GRACE_MINUTES/);
    vi.stubEnv('NOWLINE_IMAGE_GRACE_MINUTES', '1');
    vi.resetModules();
    const { env } = await import('@/lib/env');
    expect(env().NOWLINE_IMAGE_GRACE_MINUTES).toBe(1);
  });
});
