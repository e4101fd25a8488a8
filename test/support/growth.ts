// "Linear time" without a stopwatch bound: how the cost of `run` grows from an input of size `n` to
// one `scale` times larger, on the same machine, moments apart. Linear work grows about `scale`-fold,
// quadratic work about scale²-fold, however fast or busy the machine is.

/** 16 times the input: linear work takes about 16 times as long, quadratic work 256 times. */
export const GROWTH_SCALE = 16;

/** The best of several runs: interference from other processes only ever adds time. */
function fastest(run: () => unknown, times = 7): number {
  let best = Infinity;
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/**
 * How many times longer `run` takes on `make(n * scale)` than on `make(n)`: the lowest of a few
 * trials, since a busy machine (a build beside the tests, a GC pause) can only inflate one. Real
 * quadratic work shows about scale² in every trial.
 */
export function growthFactor<T>(make: (n: number) => T, run: (input: T) => unknown, n: number, scale = GROWTH_SCALE, trials = 3): number {
  const small = make(n);
  const large = make(n * scale);
  fastest(() => run(large), 2); // warm up the JIT on both shapes first
  let lowest = Infinity;
  for (let trial = 0; trial < trials; trial++) {
    const smallMs = fastest(() => run(small));
    const largeMs = fastest(() => run(large));
    // A floor under the small time, so a timer's granularity cannot inflate the factor.
    lowest = Math.min(lowest, largeMs / Math.max(smallMs, 0.05));
  }
  return lowest;
}

/** Well above the scale (linear, with noise from other processes), well below its square (quadratic). */
export const LINEAR_GROWTH_LIMIT = GROWTH_SCALE * 4;
