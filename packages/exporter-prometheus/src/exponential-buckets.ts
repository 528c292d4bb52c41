/**
 * Exponential histogram conversions. Text formats have no native histograms, so an exponential
 * histogram is written as a classic one whose `le` bounds are the exponential bucket boundaries;
 * the protobuf format carries it natively (schema, spans, delta-encoded counts).
 */
import type { ExponentialHistogram } from '@yardstick/core';

/** Explicit buckets: ascending upper bounds (`le`) and the (non-cumulative) count in each bucket. */
export interface ExplicitBuckets {
  readonly bounds: number[];
  readonly counts: number[];
}

/** Lower boundary of OpenTelemetry bucket `index` at `scale`: base^index with base = 2^(2^-scale). */
function boundary(index: number, scale: number): number {
  return 2 ** (index * 2 ** -scale);
}

/**
 * exponentialToExplicit lists the buckets of `h` in ascending value order: negative buckets from
 * the most negative (bucket of |v| in (b^i, b^(i+1)] has `le` = -b^i), then the zero bucket
 * (`le` = zero threshold), then positive buckets (`le` = b^(i+1)). The `+Inf` bucket is left to the
 * writer. Each count stays in its own bucket, so quantiles keep the exponential resolution.
 */
export function exponentialToExplicit(h: ExponentialHistogram): ExplicitBuckets {
  const bounds: number[] = [];
  const counts: number[] = [];
  const push = (le: number, count: number): void => {
    const last = bounds.length - 1;
    // Bounds must increase strictly; a bucket that would not (or overflows to +Inf) joins its neighbour.
    if (!Number.isFinite(le) || (last >= 0 && le <= bounds[last])) {
      if (last >= 0) counts[last] += count;
      else if (Number.isFinite(le)) {
        bounds.push(le);
        counts.push(count);
      }
      return;
    }
    bounds.push(le);
    counts.push(count);
  };
  const neg = h.negative.bucketCounts;
  for (let i = neg.length - 1; i >= 0; i--) push(-boundary(h.negative.offset + i, h.scale), neg[i]);
  if (h.zeroCount > 0 || neg.length > 0) push(h.zeroThreshold ?? 0, h.zeroCount);
  const pos = h.positive.bucketCounts;
  for (let i = 0; i < pos.length; i++) push(boundary(h.positive.offset + i + 1, h.scale), pos[i]);
  return { bounds, counts };
}

/** Native histogram buckets of one sign: spans of consecutive buckets and delta-encoded counts. */
export interface NativeBuckets {
  /** Alternating [offset, length] pairs: first offset absolute, later ones the gap after the previous span. */
  readonly spans: number[];
  readonly deltas: number[];
}

/** A Prometheus native histogram built from an OpenTelemetry exponential histogram. */
export interface NativeHistogram {
  readonly schema: number;
  readonly zeroThreshold: number;
  readonly positive: NativeBuckets;
  readonly negative: NativeBuckets;
}

/** Prometheus accepts schemas −4…8. */
export const MAX_NATIVE_SCHEMA = 8;
export const MIN_NATIVE_SCHEMA = -4;
/** Zero threshold used when the histogram has none (what the specification prescribes). */
export const DEFAULT_ZERO_THRESHOLD = 1e-128;

/**
 * toNativeHistogram converts `h`, downscaling scales above 8 by merging 2^k neighbouring buckets
 * (perfect subsetting). Returns undefined for scales below −4, which Prometheus cannot represent.
 */
export function toNativeHistogram(h: ExponentialHistogram): NativeHistogram | undefined {
  if (h.scale < MIN_NATIVE_SCHEMA) return undefined;
  const shift = Math.max(0, h.scale - MAX_NATIVE_SCHEMA);
  const zero = h.zeroThreshold !== undefined && h.zeroThreshold > 0 ? h.zeroThreshold : DEFAULT_ZERO_THRESHOLD;
  return {
    schema: h.scale - shift,
    zeroThreshold: zero,
    positive: nativeBuckets(h.positive.offset, h.positive.bucketCounts, shift),
    negative: nativeBuckets(h.negative.offset, h.negative.bucketCounts, shift),
  };
}

function nativeBuckets(offset: number, counts: readonly number[], shift: number): NativeBuckets {
  const spans: number[] = [];
  const deltas: number[] = [];
  const divisor = 2 ** shift;
  let index = Number.NaN; // Prometheus index of the bucket being merged
  let count = 0;
  let lastIndex = Number.NaN; // last bucket written
  let lastCount = 0;
  const flush = (): void => {
    if (count === 0) return;
    if (lastIndex === index - 1) {
      spans[spans.length - 1]++;
    } else {
      spans.push(Number.isNaN(lastIndex) ? index : index - lastIndex - 1, 1);
    }
    deltas.push(count - lastCount);
    lastIndex = index;
    lastCount = count;
  };
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] === 0) continue;
    // OpenTelemetry bucket i holds (b^i, b^(i+1)]; Prometheus bucket i holds (b^(i-1), b^i].
    const target = Math.floor((offset + i) / divisor) + 1;
    if (target !== index) {
      flush();
      index = target;
      count = 0;
    }
    count += counts[i];
  }
  flush();
  return { spans, deltas };
}
