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

/**
 * ExplicitHistogramAggregator counts measurements into fixed buckets. A value equal to a
 * boundary lands in the bucket that boundary closes: buckets are (b[i-1], b[i]].
 */
export class ExplicitHistogramAggregator implements Aggregator<Histogram> {
  readonly pointType = DataPointType.HISTOGRAM;
  private readonly bounds: Float64Array;
  private readonly boundaryList: number[];

  constructor(
    boundaries: readonly number[],
    private readonly recordMinMax: boolean,
    /** False for instruments that may record negatives: their sum is not exported. */
    private readonly recordSum: boolean,
  ) {
    this.boundaryList = boundaries.slice();
    this.bounds = Float64Array.from(boundaries);
  }

  init(series: Series): void {
    series.counts = new Float64Array(this.bounds.length + 1);
  }

  /** bucketIndex returns the index of the bucket that takes `value`. */
  /** The bucket boundaries (shared, do not modify). */
  get boundaries(): readonly number[] {
    return this.boundaryList;
  }

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
    (series.counts as Float64Array)[this.bucketIndex(value)]++;
    series.count++;
    series.sum += value;
    if (value < series.min) series.min = value;
    if (value > series.max) series.max = value;
  }

  observe(series: Series, value: number): void {
    this.record(series, value);
  }

  pointValue(series: Series): Histogram {
    const counts = series.counts as Float64Array;
    const out = new Array<number>(counts.length);
    for (let i = 0; i < counts.length; i++) out[i] = counts[i] as number;
    const hasMinMax = this.recordMinMax && series.count > 0;
    return {
      buckets: { boundaries: this.boundaryList, counts: out },
      sum: this.recordSum ? series.sum : undefined,
      count: series.count,
      min: hasMinMax ? series.min : undefined,
      max: hasMinMax ? series.max : undefined,
    };
  }

  reset(series: Series): void {
    (series.counts as Float64Array).fill(0);
    series.count = 0;
    series.sum = 0;
    series.min = Number.POSITIVE_INFINITY;
    series.max = Number.NEGATIVE_INFINITY;
  }
}
