import type { ExemplarReservoir } from './exemplar-reservoir.js';
import type { Attributes } from './types.js';

/**
 * Series is one attribute set of one metric stream with its aggregation state kept in place.
 * Every aggregator uses this one shape, so the record path stays monomorphic. The object is kept
 * small on purpose (memory per series is a product goal): a sum lives in `value`; larger state
 * (histogram buckets, the previous total of an async sum) lives in one aggregator-owned `state`.
 */
export class Series {
  /** Next series in the same hash bucket (collisions are rare, so a chain beats arrays). */
  next: Series | undefined = undefined;
  /** Set on every measurement; cleared by a delta collection. */
  updated = false;
  /** Number of live bound handles; a pinned series is never evicted. */
  pins = 0;
  /** Collections in a row that saw no measurement (for idle eviction). */
  idleCollections = 0;
  /** Sum or last value. */
  value = 0;
  /** Aggregator-specific state (histogram buckets, exponential ranges, async previous total). */
  state: unknown = undefined;
  /** Sampled measurements, created on the first exemplar offered to this series. */
  exemplars: ExemplarReservoir | undefined = undefined;

  constructor(
    /** The canonical attribute set: sorted keys, frozen, reused in every snapshot. */
    readonly attributes: Attributes,
    /** Sorted keys of `attributes`, shared between series with the same keys. */
    readonly keys: readonly string[],
    readonly hash: number,
    /** Start of a cumulative point in epoch milliseconds: the time of the first measurement. */
    public startMs: number,
  ) {}
}
