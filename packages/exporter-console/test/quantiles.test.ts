import { describe, expect, it } from 'vitest';
import { quantiles } from '../src/quantiles.js';

describe('quantile estimate', () => {
  it('interpolates linearly inside explicit buckets and clamps to min/max', () => {
    const h = { buckets: { boundaries: [10, 20], counts: [5, 5, 0] }, count: 10, sum: 100, min: 2, max: 18 };
    // Rank 5 ends bucket (2,10]; rank 7.5 is halfway through (10,18] after clamping the bound to max.
    expect(quantiles(h, [0.5, 0.75, 1])).toEqual([10, 14, 18]);
  });

  it('uses 0 as the first lower bound without min and the last boundary without max', () => {
    const h = { buckets: { boundaries: [10], counts: [2, 2] }, count: 4 };
    expect(quantiles(h, [0.25, 1])).toEqual([5, 10]);
  });

  it('returns NaN for an empty histogram or an invalid quantile', () => {
    const h = { buckets: { boundaries: [10], counts: [0, 0] }, count: 0 };
    expect(quantiles(h, [0.5])).toEqual([Number.NaN]);
    expect(quantiles({ ...h, count: 1, buckets: { boundaries: [10], counts: [1, 0] } }, [1.5])).toEqual([Number.NaN]);
  });

  it('walks exponential buckets from negative through zero to positive', () => {
    // scale 0: positive bucket i covers (2^i, 2^(i+1)]; offset 0 → (1,2], (2,4].
    const h = {
      count: 4,
      scale: 0,
      zeroCount: 0,
      positive: { offset: 0, bucketCounts: [2, 2] },
      negative: { offset: 0, bucketCounts: [] },
      min: 1.5,
      max: 4,
    };
    expect(quantiles(h, [0.5, 1])).toEqual([2, 4]);
    const neg = {
      ...h,
      positive: { offset: 0, bucketCounts: [] },
      negative: { offset: 0, bucketCounts: [2, 2] },
      min: -4,
      max: -1.5,
    };
    expect(quantiles(neg, [0.5])).toEqual([-2]);
  });
});
