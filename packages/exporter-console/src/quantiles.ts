import type { ExponentialHistogram, Histogram } from '@yardstick/core';

/**
 * Local quantile estimate, used until `quantiles` is exported by `@yardstick/core`
 * (packages/core/src/percentiles.ts). Same call shape, so switching is a one-line import change.
 *
 * Linear interpolation inside the bucket that holds the rank (the `histogram_quantile` idea),
 * with the open-ended first and last buckets closed by the recorded min and max, and every
 * result clamped to [min, max] so an estimate never leaves the observed range.
 */
export function quantiles(histogram: Histogram | ExponentialHistogram, qs: readonly number[]): number[] {
  const { bounds, counts } = 'buckets' in histogram ? explicitBuckets(histogram) : exponentialBuckets(histogram);
  return qs.map((q) => estimate(bounds, counts, histogram.count, q, histogram.min, histogram.max));
}

interface Buckets {
  /** bounds[i] is the upper bound of bucket i; the last bucket's upper bound is +Inf. */
  bounds: number[];
  counts: number[];
}

function explicitBuckets(h: Histogram): Buckets {
  return { bounds: h.buckets.boundaries, counts: h.buckets.counts };
}

/** exponentialBuckets lays the negative, zero and positive buckets out in ascending order. */
function exponentialBuckets(h: ExponentialHistogram): Buckets {
  const base = 2 ** (2 ** -h.scale);
  const bounds: number[] = [];
  const counts: number[] = [];
  const neg = h.negative.bucketCounts;
  // Negative bucket i covers (-base^(offset+i+1), -base^(offset+i)]: walk from the most negative.
  for (let i = neg.length - 1; i >= 0; i--) {
    bounds.push(-(base ** (h.negative.offset + i)));
    counts.push(neg[i]);
  }
  bounds.push(h.zeroThreshold ?? 0);
  counts.push(h.zeroCount);
  const pos = h.positive.bucketCounts;
  for (let i = 0; i < pos.length; i++) {
    bounds.push(base ** (h.positive.offset + i + 1));
    counts.push(pos[i]);
  }
  return { bounds, counts };
}

function estimate(
  bounds: number[],
  counts: number[],
  total: number,
  q: number,
  min: number | undefined,
  max: number | undefined,
): number {
  if (!(total > 0) || !(q >= 0 && q <= 1)) return Number.NaN;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (c === 0 || seen + c < rank) {
      seen += c;
      continue;
    }
    // Without a recorded min the first bucket starts at 0 (or at its own bound when that is negative).
    let lower = i > 0 ? bounds[i - 1] : (min ?? Math.min(0, bounds[0] ?? 0));
    let upper = i < bounds.length ? bounds[i] : (max ?? bounds[bounds.length - 1] ?? lower);
    if (min !== undefined && lower < min) lower = min;
    if (max !== undefined && upper > max) upper = max;
    const value = lower + (upper - lower) * ((rank - seen) / c);
    return clamp(value, min, max);
  }
  return clamp(max ?? bounds[bounds.length - 1] ?? Number.NaN, min, max);
}

function clamp(v: number, min: number | undefined, max: number | undefined): number {
  if (min !== undefined && v < min) return min;
  if (max !== undefined && v > max) return max;
  return v;
}
