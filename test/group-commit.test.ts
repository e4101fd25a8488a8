// The generic group-commit queue (lib/group-commit.ts): grouping by arrival, order, refusals, and
// the one-by-one retry when a group's transaction fails.
import { describe, expect, it } from 'vitest';
import { GroupCommitQueue, MAX_GROUP_SIZE, isGroupWideFailure, type Refusal } from '@/lib/group-commit';

/** A queue over an in-memory "database" that refuses items named in `refuse`, failing the whole commit. */
function setUp(options: { refuse?: string[]; invalid?: string[]; down?: unknown } = {}) {
  const commits: string[][] = [];
  const stored: string[] = [];
  let finishes = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const queue = new GroupCommitQueue<string, number>({
    schedule: (task) => {
      chain = chain.then(task);
    },
    async commit(items) {
      commits.push(items);
      await new Promise((r) => setTimeout(r, 5)); // a round trip, during which new items queue up
      if (options.down) throw options.down;
      if (items.some((item) => options.refuse?.includes(item))) throw new Error(`refused ${items.join(',')}`);
      const outcomes: (Refusal | null)[] = items.map((item) => (options.invalid?.includes(item) ? { error: new Error(`invalid ${item}`) } : null));
      stored.push(...items.filter((_, i) => outcomes[i] === null));
      return outcomes;
    },
    finish: () => {
      finishes++;
      return stored.length;
    },
  });
  return { queue, commits, stored, finishes: () => finishes };
}

describe('group commit queue', () => {
  it('commits items added in one turn together, in order, and resolves them with the group’s result', async () => {
    const { queue, commits, stored, finishes } = setUp();
    const results = await Promise.all(['a', 'b', 'c'].map((item) => queue.add(item)));
    expect(commits).toEqual([['a', 'b', 'c']]);
    expect(stored).toEqual(['a', 'b', 'c']);
    expect(results).toEqual([3, 3, 3]);
    expect(finishes()).toBe(1);
  });

  it('groups the items that arrive while a commit is in flight into the next commit', async () => {
    const { queue, commits } = setUp();
    const first = queue.add('a');
    await new Promise((r) => setTimeout(r, 1)); // the first commit has begun
    const rest = ['b', 'c'].map((item) => queue.add(item));
    expect(await first).toBe(1);
    expect(await Promise.all(rest)).toEqual([3, 3]);
    expect(commits).toEqual([['a'], ['b', 'c']]);
  });

  it('rejects an item the commit leaves out, and still commits the others of its group', async () => {
    const { queue, commits, stored } = setUp({ invalid: ['b'] });
    const results = await Promise.allSettled(['a', 'b', 'c'].map((item) => queue.add(item)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(((results[1] as PromiseRejectedResult).reason as Error).message).toBe('invalid b');
    expect(commits).toHaveLength(1);
    expect(stored).toEqual(['a', 'c']);
  });

  it('retries a failed group one item at a time, in order: only the refused item fails, finish runs once', async () => {
    const { queue, commits, stored, finishes } = setUp({ refuse: ['c'], invalid: ['e'] });
    const results = await Promise.allSettled(['a', 'b', 'c', 'd', 'e'].map((item) => queue.add(item)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(((results[2] as PromiseRejectedResult).reason as Error).message).toBe('refused c');
    expect(((results[4] as PromiseRejectedResult).reason as Error).message).toBe('invalid e');
    expect(commits).toEqual([['a', 'b', 'c', 'd', 'e'], ['a'], ['b'], ['c'], ['d'], ['e']]);
    expect(stored).toEqual(['a', 'b', 'd']);
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => r.value)).toEqual([3, 3, 3]);
    expect(finishes()).toBe(1);
  });

  it('rejects a lone item whose commit fails without trying it again, and keeps going after', async () => {
    const { queue, commits, finishes } = setUp({ refuse: ['x'] });
    await expect(queue.add('x')).rejects.toThrow('refused x');
    expect(commits).toEqual([['x']]);
    expect(finishes()).toBe(0);
    expect(await queue.add('y')).toBe(1);
  });

  it('starts a new group after close(), committed after the one it closed', async () => {
    const { queue, commits } = setUp();
    const before = queue.add('a');
    queue.close();
    const after = queue.add('b');
    await Promise.all([before, after]);
    expect(commits).toEqual([['a'], ['b']]);
  });

  it('fails the whole group at once on a connection error or timeout, without retrying item by item', async () => {
    for (const down of [Object.assign(new Error('timeout'), { code: 'P2028' }), Object.assign(new Error('pool'), { code: 'P2024' }), Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })]) {
      const { queue, commits } = setUp({ down });
      const results = await Promise.allSettled(['a', 'b', 'c'].map((item) => queue.add(item)));
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(results.map((r) => (r as PromiseRejectedResult).reason)).toEqual([down, down, down]);
      expect(commits).toEqual([['a', 'b', 'c']]); // one attempt, not 1 + 3
    }
    expect(isGroupWideFailure(new Error('wrapped', { cause: { code: 'P1001' } }))).toBe(true);
    expect(isGroupWideFailure(Object.assign(new Error('unique'), { code: 'P2002' }))).toBe(false);
  });

  it('caps a group at MAX_GROUP_SIZE items: the rest start the next group', async () => {
    const { queue, commits, stored } = setUp();
    const items = Array.from({ length: MAX_GROUP_SIZE + 5 }, (_, i) => `i${i}`);
    await Promise.all(items.map((item) => queue.add(item)));
    expect(commits.map((c) => c.length)).toEqual([MAX_GROUP_SIZE, 5]);
    expect(stored).toEqual(items);
  });
});
