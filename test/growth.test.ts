// The linear-time checks (test/support/growth.ts) can fail: quadratic work is caught, and linear
// work passes even with the lowest-of-trials measurement.
import { expect, it } from 'vitest';
import { growthFactor, LINEAR_GROWTH_LIMIT } from './support/growth';

/** Compares every pair of characters: n² steps. */
function quadratic(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) for (let j = i; j < text.length; j++) count += text.charCodeAt(j) & 1;
  return count;
}

it('flags quadratic work', () => {
  expect(growthFactor((n) => 'ab'.repeat(n), quadratic, 300)).toBeGreaterThan(LINEAR_GROWTH_LIMIT);
});

it('passes linear work', () => {
  expect(growthFactor((n) => 'ab'.repeat(n), (text) => text.split('').reverse().join(''), 2_000)).toBeLessThan(LINEAR_GROWTH_LIMIT);
});
