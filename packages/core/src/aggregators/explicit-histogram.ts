import type { Series } from '../series.js';
import type { Histogram } from '../snapshot.js';
import { DataPointType } from '../types.js';
import type { Aggregator } from './aggregator.js';

/** DEFAULT_HISTOGRAM_BOUNDARIES are the OpenTelemetry default bucket boundaries (milliseconds-oriented). */
export const DEFAULT_HISTOGRAM_BOUNDARIES: readonly number[] = Object.freeze([
  0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
]);

/**
 * DEFAULT_SECONDS_BOUNDARIES are the default boundaries scaled to seconds (the millisecond
 * defaults divided by 1000), used for histograms with unit `s` unless strict parity is asked for:
 * with the millisecond defaults every sub-second duration would land in the first two buckets.
 */
export const DEFAULT_SECONDS_BOUNDARIES: readonly number[] = Object.freeze(
  DEFAULT_HISTOGRAM_BOUNDARIES.map((b) => b / 1000),
);

// Below this many boundaries a linear scan beats a binary search (fewer mispredicted branches);
// measured with benchmarks/ on Node 20 for the default 15 boundaries.
const LINEAR_SCAN_MAX = 24;

/**
 * normalizeBoundaries returns strictly increasing finite boundaries, or undefined when the input
 * needed changes (the caller reports it) — NaN and ±Infinity removed, sorted, duplicates dropped.
 */
export function normalizeBoundaries(input: readonly number[]): { boundaries: number[]; changed: boolean } {
  const finite = input.filter((b) => typeof b === 'number' && Number.isFinite(b));
  const sorted = [...new Set(finite)].sort((a, b) => a - b);
  const changed = sorted.length !== input.length || sorted.some((b, i) => b !== input[i]);
  return { boundaries: sorted, changed };
}

// A series' state is one plain double array (V8 stores its elements unboxed, in one block):
// [count, sum, min, max, bucket 0 … bucket n]. One array costs far less memory per series than
// an object with boxed number fields plus a typed array.
const COUNT = 0;
const SUM = 1;
const MIN = 2;
const MAX = 3;
const FIRST_BUCKET = 4;

/**
 * ExplicitHistogramAggregator counts measurements into fixed buckets. A value equal to a
 * boundary lands in the bucket that boundary closes: buckets are (b[i-1], b[i]].
 */
export class ExplicitHistogramAggregator implements Aggregator<Histogram> {
  readonly pointType = DataPointType.HISTOGRAM;
  private readonly bounds: Float64Array;
  private readonly boundaryList: number[];
  /** A fresh state; copied with slice() so every series gets an exact-length double array. */
  private readonly emptyState: number[];

  constructor(
    boundaries: readonly number[],
    private readonly recordMinMax: boolean,
    /** False for instruments that may record negatives: their sum is not exported. */
    private readonly recordSum: boolean,
  ) {
    this.boundaryList = boundaries.slice();
    this.bounds = Float64Array.from(boundaries);
    // The ±Infinity literals make V8 choose unboxed double elements; slice() copies keep them.
    this.emptyState = [0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (let i = 0; i <= boundaries.length; i++) this.emptyState.push(0);
  }

  /** The bucket boundaries (shared, do not modify). */
  get boundaries(): readonly number[] {
    return this.boundaryList;
  }

  init(series: Series): void {
    series.state = this.emptyState.slice();
  }

  /** bucketIndex returns the index of the bucket that takes `value`. */
  bucketIndex(value: number): number {
    const bounds = this.bounds;
    const n = bounds.length;
    if (n <= LINEAR_SCAN_MAX) {
      let i = 0;
      while (i < n && value > (bounds[i] as number)) i++;
      return i;
    }
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (value > (bounds[mid] as number)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  record(series: Series, value: number): void {
    const s = series.state as number[];
    s[FIRST_BUCKET + this.bucketIndex(value)]++;
    s[COUNT]++;
    s[SUM] += value;
    if (value < (s[MIN] as number)) s[MIN] = value;
    if (value > (s[MAX] as number)) s[MAX] = value;
  }

  observe(series: Series, value: number): void {
    this.record(series, value);
  }

  pointValue(series: Series): Histogram {
    const s = series.state as number[];
    const count = s[COUNT] as number;
    const hasMinMax = this.recordMinMax && count > 0;
    return {
      buckets: { boundaries: this.boundaryList, counts: s.slice(FIRST_BUCKET) },
      sum: this.recordSum ? s[SUM] : undefined,
      count,
      min: hasMinMax ? s[MIN] : undefined,
      max: hasMinMax ? s[MAX] : undefined,
    };
  }

  reset(series: Series): void {
    const s = series.state as number[];
    const empty = this.emptyState;
    for (let i = 0; i < s.length; i++) s[i] = empty[i] as number;
  }
}
