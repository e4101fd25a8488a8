// The bench reports Lighthouse as the median of its runs: one run swings with the machine's load.
import { describe, expect, it } from 'vitest';
import { medianScores } from '../bench/scenarios';

describe('medianScores', () => {
  it('takes the middle run of three per key, whichever run it comes from', () => {
    const runs = [
      { performance: 91, seo: 100, 'largest-contentful-paint': 1900 },
      { performance: 99, seo: 100, 'largest-contentful-paint': 900 },
      { performance: 97, seo: 92, 'largest-contentful-paint': 1200 },
    ];
    expect(medianScores(runs)).toEqual({ performance: 97, seo: 100, 'largest-contentful-paint': 1200 });
  });

  it('averages the middle two of an even count and skips runs without the key', () => {
    expect(medianScores([{ performance: 90 }, { performance: 100 }, {}])).toEqual({ performance: 95 });
    expect(medianScores([])).toEqual({});
  });
});
