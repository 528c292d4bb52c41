/**
 * Quantile estimates from histogram snapshots, for summary-style output (console, p50/p90/p99).
 *
 * Rank convention: the q-quantile of n values is the value of rank ⌈q·n⌉ in ascending order
 * (rank 1 for q = 0). The estimate is taken inside the bucket holding that rank, so its error
 * is bounded by that bucket's extent:
 * - explicit buckets: absolute error ≤ width of the bucket, intersected with [min, max] when the
 *   snapshot has them. In the open first/last bucket without min/max the estimate is the finite
 *   bound and the error is unbounded.
 * - exponential buckets: relative error |estimate − x| / |x| ≤ base − 1 where base = 2^(2^−scale)
 *   (about 0.0043 % at scale 14, 2.2 % at scale 5, 100 % at scale 0). Values in the zero bucket
 *   are estimated as 0 (absolute error ≤ zeroThreshold); subnormals share the bucket of 2^−1022
 *   and are estimated near it unless min/max clamp the estimate.
 * Clamping to [min, max] never moves an estimate away from the true value.
 */
import { lowerBoundary } from './aggregators/exponential-mapping.js';
import type { ExponentialHistogram, Histogram } from './snapshot.js';

/**
 * estimateQuantile estimates the q-quantile (0 ≤ q ≤ 1) of the values summarised by a histogram
 * snapshot. Explicit buckets interpolate linearly inside the bucket; exponential buckets
 * interpolate linearly in log space (geometrically). Returns NaN for an empty histogram or a q
 * outside [0, 1]; never throws. See the module comment for error bounds.
 *
 * @example
 * ```ts
 * const p99 = estimateQuantile(point.value, 0.99);
 * ```
 */
export function estimateQuantile(histogram: Histogram | ExponentialHistogram, q: number): number {
  if (typeof q !== 'number' || !(q >= 0 && q <= 1)) return Number.NaN;
  const estimate = 'scale' in histogram ? exponentialQuantile(histogram, q) : explicitQuantile(histogram, q);
  return clamp(estimate, histogram.min, histogram.max);
}

/**
 * quantiles estimates several quantiles at once, in the order given.
 *
 * @example
 * ```ts
 * const [p50, p90, p99] = quantiles(point.value, [0.5, 0.9, 0.99]);
 * ```
 */
export function quantiles(histogram: Histogram | ExponentialHistogram, qs: readonly number[]): number[] {
  return qs.map((q) => estimateQuantile(histogram, q));
}

function clamp(v: number, min: number | undefined, max: number | undefined): number {
  if (min !== undefined && v < min) return min;
  if (max !== undefined && v > max) return max;
  return v;
}

function explicitQuantile(h: Histogram, q: number): number {
  const { boundaries, counts } = h.buckets;
  let total = 0;
  for (const c of counts) total += c;
  if (!(total > 0)) return Number.NaN;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] as number;
    if (c <= 0) continue;
    if (below + c >= rank) {
      let lower = i === 0 ? Number.NEGATIVE_INFINITY : (boundaries[i - 1] as number);
      let upper = i >= boundaries.length ? Number.POSITIVE_INFINITY : (boundaries[i] as number);
      if (h.min !== undefined && h.min > lower) lower = h.min;
      if (h.max !== undefined && h.max < upper) upper = h.max;
      const lowerOpen = lower === Number.NEGATIVE_INFINITY;
      const upperOpen = upper === Number.POSITIVE_INFINITY;
      if (lowerOpen && upperOpen) return h.sum !== undefined ? h.sum / total : Number.NaN;
      if (lowerOpen) return upper;
      if (upperOpen) return lower;
      return lower + (upper - lower) * ((rank - below) / c);
    }
    below += c;
  }
  return Number.NaN;
}

function exponentialQuantile(h: ExponentialHistogram, q: number): number {
  const neg = h.negative.bucketCounts;
  const pos = h.positive.bucketCounts;
  let total = h.zeroCount;
  for (const c of neg) total += c;
  for (const c of pos) total += c;
  if (!(total > 0)) return Number.NaN;
  const rank = q * total;
  let below = 0;
  // Ascending order: negative buckets from the largest magnitude down, zero, then positive.
  for (let j = neg.length - 1; j >= 0; j--) {
    const c = neg[j] as number;
    if (c <= 0) continue;
    if (below + c >= rank) {
      // Bucket holds |v| in (base^i, base^(i+1)]; ascending values mean shrinking magnitude.
      return -geometric(h.negative.offset + j, 1 - (rank - below) / c, h.scale);
    }
    below += c;
  }
  if (h.zeroCount > 0) {
    if (below + h.zeroCount >= rank) return 0;
    below += h.zeroCount;
  }
  for (let j = 0; j < pos.length; j++) {
    const c = pos[j] as number;
    if (c <= 0) continue;
    if (below + c >= rank) return geometric(h.positive.offset + j, (rank - below) / c, h.scale);
    below += c;
  }
  return Number.NaN;
}

/** base^(index + f): the point a fraction f of the way through bucket `index` in log space. */
function geometric(index: number, f: number, scale: number): number {
  // lo·base^f, not lo + f·(hi − lo): linear in log space, and finite even for the top bucket.
  const v = lowerBoundary(index, scale) * 2 ** (f * 2 ** -scale);
  return Math.min(v, Number.MAX_VALUE);
}
