import { grownFloat64 } from '../columns.js';
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

// Each series owns `stride` consecutive doubles of one column:
// [count, sum, min, max, bucket 0 … bucket n]. No per-series objects, no boxed numbers.
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
  private readonly stride: number;
  private data = new Float64Array(0);
  /**
   * A counts array of the right length with unboxed double elements; snapshots copy it with
   * slice(), the cheapest way V8 has to make an exact-size array of that kind.
   */
  private readonly countsTemplate: number[];

  constructor(
    boundaries: readonly number[],
    private readonly recordMinMax: boolean,
    /** False for instruments that may record negatives: their sum is not exported. */
    private readonly recordSum: boolean,
  ) {
    this.boundaryList = boundaries.slice();
    this.bounds = Float64Array.from(boundaries);
    this.stride = FIRST_BUCKET + boundaries.length + 1;
    this.countsTemplate = Array.from({ length: boundaries.length + 1 }, () => 0.5);
  }

  /** The bucket boundaries (shared, do not modify). */
  get boundaries(): readonly number[] {
    return this.boundaryList;
  }

  grow(capacity: number): void {
    this.data = grownFloat64(this.data, capacity * this.stride);
  }

  init(slot: number): void {
    this.reset(slot);
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

  record(slot: number, value: number): void {
    const d = this.data;
    const base = slot * this.stride;
    d[base + FIRST_BUCKET + this.bucketIndex(value)]++;
    d[base + COUNT]++;
    d[base + SUM] += value;
    if (value < (d[base + MIN] as number)) d[base + MIN] = value;
    if (value > (d[base + MAX] as number)) d[base + MAX] = value;
  }

  observe(slot: number, value: number): void {
    this.record(slot, value);
  }

  pointValue(slot: number): Histogram {
    const d = this.data;
    const base = slot * this.stride;
    const count = d[base + COUNT] as number;
    const hasMinMax = this.recordMinMax && count > 0;
    const counts = this.countsTemplate.slice();
    for (let i = 0; i < counts.length; i++) counts[i] = d[base + FIRST_BUCKET + i] as number;
    return {
      buckets: { boundaries: this.boundaryList, counts },
      sum: this.recordSum ? d[base + SUM] : undefined,
      count,
      min: hasMinMax ? d[base + MIN] : undefined,
      max: hasMinMax ? d[base + MAX] : undefined,
    };
  }

  reset(slot: number): void {
    const base = slot * this.stride;
    this.data.fill(0, base, base + this.stride);
    this.data[base + MIN] = Number.POSITIVE_INFINITY;
    this.data[base + MAX] = Number.NEGATIVE_INFINITY;
  }
}
