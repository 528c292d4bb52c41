/**
 * The plain-Map baseline: what hand-written code with no SDK would do. A cell per series in a
 * Map keyed by a string built from the attributes; no validation, no temporality, no export.
 */
import { BOUNDARIES } from '../workload.mjs';

export const label = 'plain Map';

const BOUNDS = Float64Array.from(BOUNDARIES);

/** A sum cell. */
export function sumCell() {
  return { value: 0 };
}

/** A histogram cell with the same boundaries as the SDKs: binary search, counts in a typed array. */
export function histCell() {
  return { count: 0, sum: 0, min: Infinity, max: -Infinity, buckets: new Float64Array(BOUNDS.length + 1) };
}

/** record adds a value to a histogram cell. */
export function histRecord(cell, v) {
  let lo = 0;
  let hi = BOUNDS.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v > BOUNDS[mid]) lo = mid + 1;
    else hi = mid;
  }
  cell.buckets[lo]++;
  cell.count++;
  cell.sum += v;
  if (v < cell.min) cell.min = v;
  if (v > cell.max) cell.max = v;
}
