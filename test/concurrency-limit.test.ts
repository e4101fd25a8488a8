import { describe, expect, it } from 'vitest';
import { createConcurrencyLimiter } from '@/lib/concurrency-limit';
import { FALLBACK_OPEN_FILES, openFilesLimit, parseOpenFilesLimit, streamBudget } from '@/lib/open-files';

describe('concurrency limiter', () => {
  it('refuses past the cap for one key while other keys still get slots', () => {
    const limiter = createConcurrencyLimiter({ perKey: 2, total: 10 });
    expect(limiter.acquire('a').ok).toBe(true);
    expect(limiter.acquire('a').ok).toBe(true);
    expect(limiter.acquire('a')).toEqual({ ok: false, reason: 'per_key' });
    expect(limiter.acquire('b').ok).toBe(true);
    expect(limiter.held()).toBe(3);
    expect(limiter.heldBy('a')).toBe(2);
  });

  it('refuses every key once the total is reached', () => {
    const limiter = createConcurrencyLimiter({ perKey: 5, total: 3 });
    for (const key of ['a', 'b', 'c']) expect(limiter.acquire(key).ok).toBe(true);
    expect(limiter.acquire('d')).toEqual({ ok: false, reason: 'total' });
    expect(limiter.acquire('a')).toEqual({ ok: false, reason: 'total' });
  });

  it('gives a slot back once however often release is called, and forgets empty keys', () => {
    const limiter = createConcurrencyLimiter({ perKey: 2, total: 2 });
    const first = limiter.acquire('a');
    const second = limiter.acquire('a');
    if (!first.ok || !second.ok) throw new Error('expected slots');
    first.release();
    first.release();
    first.release();
    expect(limiter.held()).toBe(1);
    expect(limiter.heldBy('a')).toBe(1);
    second.release();
    expect(limiter.held()).toBe(0);
    expect(limiter.keys()).toBe(0);
    expect(limiter.acquire('a').ok).toBe(true);
  });

  it('counts a null key toward the total only', () => {
    const limiter = createConcurrencyLimiter({ perKey: 1, total: 3 });
    const taken = [limiter.acquire(null), limiter.acquire(null), limiter.acquire(null)];
    expect(taken.every((t) => t.ok)).toBe(true);
    expect(limiter.acquire(null)).toEqual({ ok: false, reason: 'total' });
    expect(limiter.keys()).toBe(0);
    for (const t of taken) if (t.ok) t.release();
    expect(limiter.held()).toBe(0);
  });

  it('applies new limits to new acquisitions and keeps what is held', () => {
    const limiter = createConcurrencyLimiter({ perKey: 3, total: 3 });
    for (let i = 0; i < 3; i++) limiter.acquire('a');
    limiter.setLimits({ perKey: 1, total: 10 });
    expect(limiter.held()).toBe(3);
    expect(limiter.acquire('a')).toEqual({ ok: false, reason: 'per_key' });
    expect(limiter.acquire('b').ok).toBe(true);
  });
});

describe('open-files budget', () => {
  const limits = [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max processes             95000                95000                processes ',
    'Max open files            1024                 524288               files     ',
  ].join('\n');

  it('reads the soft limit from /proc/self/limits text', () => {
    expect(parseOpenFilesLimit(limits)).toBe(1024);
    expect(parseOpenFilesLimit(limits.replace('1024 ', 'unlimited '))).toBeNull();
    expect(parseOpenFilesLimit('')).toBeNull();
  });

  it('leaves headroom for pages and the database', () => {
    expect(streamBudget(1024)).toBe(793);
    expect(streamBudget(20_000)).toBe(17_872);
    expect(streamBudget(100)).toBe(1);
  });

  it('finds this process’s limit, or falls back to 1,024', () => {
    const limit = openFilesLimit();
    expect(Number.isInteger(limit) && limit > 0).toBe(true);
    if (process.platform !== 'linux') expect(limit).toBe(FALLBACK_OPEN_FILES);
  });
});
