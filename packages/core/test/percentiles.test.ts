import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HISTOGRAM_BOUNDARIES,
  ExplicitHistogramAggregator,
  ExponentialHistogramAggregator,
  estimateQuantile,
  quantiles,
} from '../src/index.js';
import type { ExponentialHistogram, Histogram } from '../src/index.js';
import { seededRandom as rng } from './helpers/seeded-random.js';

/** Exact q-quantile by the documented rank convention: rank ⌈q·n⌉, at least 1. */
function exact(sorted: number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
}

function explicit(values: number[], boundaries: readonly number[], recordMinMax = true): Histogram {
  const agg = new ExplicitHistogramAggregator(boundaries, recordMinMax, true);
  agg.grow(1);
  agg.init(0);
  for (const v of values) agg.record(0, v);
  return agg.pointValue(0);
}

function exponential(values: number[], maxSize: number): ExponentialHistogram {
  const agg = new ExponentialHistogramAggregator(maxSize);
  agg.grow(1);
  agg.init(0);
  for (const v of values) agg.record(0, v);
  return agg.pointValue(0);
}

const QS = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

/** Latency-like data: log-normal around 40 ms with a long tail. */
function latencies(n: number, seed: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const g = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    return 40 * Math.exp(g * 1.2);
  });
}

describe('estimateQuantile on explicit-bucket histograms', () => {
  it('stays within the width of the bucket holding the exact quantile', () => {
    for (const [seed, boundaries] of [
      [1, DEFAULT_HISTOGRAM_BOUNDARIES],
      [2, [1, 2, 5, 10, 20, 50, 100, 200, 500]],
      [3, Array.from({ length: 100 }, (_, i) => i * 10)],
    ] as const) {
      const values = latencies(5000, seed);
      const sorted = [...values].sort((a, b) => a - b);
      const h = explicit(values, boundaries);
      const min = sorted[0] as number;
      const max = sorted[sorted.length - 1] as number;
      for (const q of QS) {
        const x = exact(sorted, q);
        const i = boundaries.findIndex((b) => x <= b);
        const upper = Math.min(i === -1 ? max : (boundaries[i] as number), max);
        const lower = Math.max(i <= 0 ? min : (boundaries[i - 1] as number), min);
        const est = estimateQuantile(h, q);
        expect(est, `q=${q}`).toBeGreaterThanOrEqual(lower);
        expect(est, `q=${q}`).toBeLessThanOrEqual(upper);
        expect(Math.abs(est - x)).toBeLessThanOrEqual(upper - lower);
      }
      expect(estimateQuantile(h, 0)).toBe(min);
      expect(estimateQuantile(h, 1)).toBe(max);
    }
  });

  it('interpolates linearly inside a bucket', () => {
    // 10 values in (0, 10], 10 values in (10, 20]: the median sits at the top of the first.
    const h: Histogram = { buckets: { boundaries: [0, 10, 20], counts: [0, 10, 10, 0] }, count: 20 };
    expect(estimateQuantile(h, 0.5)).toBe(10);
    expect(estimateQuantile(h, 0.25)).toBe(5);
    expect(estimateQuantile(h, 0.75)).toBe(15);
  });

  it('falls back to the finite bound of an open bucket without min/max', () => {
    const h = explicit([1, 2, 3, 5000, 6000], [10, 100], false);
    expect(h.min).toBeUndefined();
    expect(estimateQuantile(h, 1)).toBe(100);
    expect(estimateQuantile(explicit([-5, -3], [0, 10], false), 0.5)).toBe(0);
  });
});

describe('estimateQuantile on exponential histograms', () => {
  it('keeps the relative error within base − 1 at every scale the data forces', () => {
    for (const maxSize of [4, 16, 40, 160]) {
      for (const seed of [11, 12]) {
        const values = latencies(4000, seed);
        const sorted = [...values].sort((a, b) => a - b);
        const h = exponential(values, maxSize);
        const bound = 2 ** (2 ** -h.scale) - 1;
        let worst = 0;
        for (const q of QS) {
          const x = exact(sorted, q);
          const rel = Math.abs(estimateQuantile(h, q) - x) / x;
          expect(rel, `maxSize ${maxSize}, scale ${h.scale}, q=${q}`).toBeLessThanOrEqual(bound * (1 + 1e-9));
          worst = Math.max(worst, rel);
        }
        // The bound is not vacuous: the estimate is off by a real amount at coarse scales.
        if (h.scale <= 0) expect(worst).toBeGreaterThan(0);
      }
    }
  });

  it('handles negative values, zeros and the top of the double range', () => {
    const r = rng(21);
    const values = Array.from({ length: 3000 }, (_, i) =>
      i % 10 === 0 ? 0 : (r() < 0.4 ? -1 : 1) * 2 ** ((r() - 0.5) * 40),
    );
    values.push(Number.MAX_VALUE, -Number.MAX_VALUE);
    const sorted = [...values].sort((a, b) => a - b);
    const h = exponential(values, 160);
    const bound = 2 ** (2 ** -h.scale) - 1;
    for (const q of [...QS, 0.3, 0.35, 0.4, 0.45]) {
      const x = exact(sorted, q);
      const est = estimateQuantile(h, q);
      if (x === 0) expect(est).toBe(0);
      else expect(Math.abs(est - x) / Math.abs(x), `q=${q}`).toBeLessThanOrEqual(bound * (1 + 1e-9));
      expect(Number.isFinite(est)).toBe(true);
    }
  });

  it('estimates geometrically inside a bucket', () => {
    // Scale 0: bucket 0 holds (1, 2], bucket 1 holds (2, 4]. Halfway through bucket 1 is 2·√2.
    const h: ExponentialHistogram = {
      count: 4,
      scale: 0,
      zeroCount: 0,
      positive: { offset: 0, bucketCounts: [2, 2] },
      negative: { offset: 0, bucketCounts: [] },
    };
    expect(estimateQuantile(h, 0.75)).toBeCloseTo(2 * Math.SQRT2, 12);
    expect(estimateQuantile(h, 0.5)).toBeCloseTo(2, 12);
  });
});

describe('quantiles', () => {
  it('returns estimates in the order asked, NaN for empty histograms and q outside [0, 1]', () => {
    const h = exponential(latencies(1000, 5), 160);
    const [p50, p90, p99] = quantiles(h, [0.5, 0.9, 0.99]);
    expect(p50).toBeLessThan(p90 as number);
    expect(p90).toBeLessThan(p99 as number);
    expect(quantiles(h, [-0.1, 1.1, Number.NaN]).every(Number.isNaN)).toBe(true);
    expect(estimateQuantile(exponential([], 160), 0.5)).toBeNaN();
    expect(estimateQuantile(explicit([], [1, 2]), 0.5)).toBeNaN();
  });
});
