/**
 * Pending state of bound handles. A handle on the fast path records into a small object of its
 * own (plain number fields, its own bucket array) instead of the stream's shared typed-array
 * columns; the stream moves that state into the series whenever the series is read
 * (collection, removal, unbind), so nothing a reader sees changes.
 */
import { explicitBucketIndex } from './aggregators/explicit-histogram.js';

/** A bound handle's running total for one series of a sum stream. */
export interface PendingSum {
  readonly kind: 'sum';
  slot: number;
  value: number;
  touched: boolean;
  /** False once the series was removed (the owner may also clear it): record through the slow path. */
  open: boolean;
}

/** A bound handle's measurements for one series of an explicit-bucket histogram stream. */
export interface PendingHistogram {
  readonly kind: 'histogram';
  slot: number;
  touched: boolean;
  open: boolean;
  count: number;
  sum: number;
  min: number;
  max: number;
  /** The stream's boundaries (shared) and this handle's own bucket counts. */
  readonly bounds: Float64Array;
  readonly buckets: Float64Array;
}

export type Pending = PendingSum | PendingHistogram;

export function newPendingSum(slot: number): PendingSum {
  return { kind: 'sum', slot, value: 0, touched: false, open: true };
}

export function newPendingHistogram(slot: number, bounds: Float64Array): PendingHistogram {
  const pending: PendingHistogram = {
    kind: 'histogram',
    slot,
    touched: false,
    open: true,
    count: 0,
    sum: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    bounds,
    buckets: new Float64Array(bounds.length + 1),
  };
  return pending;
}

/** recordPendingHistogram adds a (validated) measurement; buckets are (b[i-1], b[i]]. */
export function recordPendingHistogram(p: PendingHistogram, value: number): void {
  p.buckets[explicitBucketIndex(p.bounds, value)]++;
  p.count++;
  p.sum += value;
  if (value < p.min) p.min = value;
  if (value > p.max) p.max = value;
  p.touched = true;
}

/** clearPendingHistogram empties `p` after its measurements were moved into the series. */
export function clearPendingHistogram(p: PendingHistogram): void {
  p.buckets.fill(0);
  p.count = 0;
  p.sum = 0;
  p.min = Number.POSITIVE_INFINITY;
  p.max = Number.NEGATIVE_INFINITY;
  p.touched = false;
}
