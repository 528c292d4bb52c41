import { grownFloat64 } from '../columns.js';
import {
  HISTOGRAM_COUNT as COUNT,
  HISTOGRAM_FIRST_BUCKET as FIRST_BUCKET,
  HISTOGRAM_MAX as MAX,
  HISTOGRAM_MIN as MIN,
  HISTOGRAM_SUM as SUM,
  type HistogramLayout,
  histogramValue,
} from '../point-columns.js';
import type { PendingHistogram } from '../pending.js';
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
 * explicitBucketIndex returns the bucket of `value`: buckets are (b[i-1], b[i]]. A binary search:
 * a linear scan wins only when most values fall in the first few buckets, and its exit branch
 * mispredicts for spread-out values (measured with benchmarks/).
 */
export function explicitBucketIndex(bounds: Float64Array, value: number): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value > (bounds[mid] as number)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Each series owns `stride` consecutive doubles of one column, laid out as a snapshot's
// histogram columns are: [count, sum, min, max, bucket 0 … bucket n]. No per-series objects.

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
  /** How snapshot columns lay out this histogram's points (the same as `data`). */
  readonly layout: HistogramLayout;

  constructor(
    boundaries: readonly number[],
    recordMinMax: boolean,
    /** False for instruments that may record negatives: their sum is not exported. */
    recordSum: boolean,
  ) {
    this.boundaryList = boundaries.slice();
    this.bounds = Float64Array.from(boundaries);
    this.stride = FIRST_BUCKET + boundaries.length + 1;
    this.layout = { boundaries: this.boundaryList, stride: this.stride, hasSum: recordSum, hasMinMax: recordMinMax };
  }

  /** The boundaries as doubles (shared with bound handles' pending state; do not modify). */
  get boundsColumn(): Float64Array {
    return this.bounds;
  }

  /** merge adds a bound handle's pending measurements into the series in `slot`. */
  merge(slot: number, p: PendingHistogram): void {
    const d = this.data;
    const base = slot * this.stride;
    d[base + COUNT] += p.count;
    d[base + SUM] += p.sum;
    if (p.min < (d[base + MIN] as number)) d[base + MIN] = p.min;
    if (p.max > (d[base + MAX] as number)) d[base + MAX] = p.max;
    const buckets = p.buckets;
    for (let i = 0; i < buckets.length; i++) d[base + FIRST_BUCKET + i] += buckets[i] as number;
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

  record(slot: number, value: number): void {
    const d = this.data;
    const base = slot * this.stride;
    d[base + FIRST_BUCKET + explicitBucketIndex(this.bounds, value)]++;
    d[base + COUNT]++;
    d[base + SUM] += value;
    if (value < (d[base + MIN] as number)) d[base + MIN] = value;
    if (value > (d[base + MAX] as number)) d[base + MAX] = value;
  }

  observe(slot: number, value: number): void {
    this.record(slot, value);
  }

  pointValue(slot: number): Histogram {
    return histogramValue(this.data, slot * this.stride, this.layout);
  }

  /** copyPoint copies the state of `slot` into snapshot columns at `offset` (`layout.stride` doubles). */
  copyPoint(slot: number, out: Float64Array, offset: number): void {
    const d = this.data;
    const base = slot * this.stride;
    for (let i = 0; i < this.stride; i++) out[offset + i] = d[base + i] as number;
  }

  reset(slot: number): void {
    const base = slot * this.stride;
    this.data.fill(0, base, base + this.stride);
    this.data[base + MIN] = Number.POSITIVE_INFINITY;
    this.data[base + MAX] = Number.NEGATIVE_INFINITY;
  }
}
