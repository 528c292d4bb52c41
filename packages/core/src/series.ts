import type { ExemplarReservoir } from './exemplar-reservoir.js';
import type { Attributes, HrTime } from './types.js';

/**
 * Series is one attribute set of one metric stream with its aggregation state kept in place.
 * Every aggregator uses this one shape, so the record path stays monomorphic; fields an
 * aggregator does not need stay at their initial values.
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
  /** Histogram state. */
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  counts: Float64Array | undefined = undefined;
  /** Previous observed total of an asynchronous sum (for delta conversion). */
  previous = 0;
  /** Whether `previous` holds an observation. */
  hasPrevious = false;
  /** Aggregator-specific state that does not fit the fields above (exponential buckets). */
  extra: unknown = undefined;
  /** Sampled measurements, created on the first exemplar offered to this series. */
  exemplars: ExemplarReservoir | undefined = undefined;

  constructor(
    /** The canonical attribute set: sorted keys, frozen, reused in every snapshot. */
    readonly attributes: Attributes,
    /** Sorted keys of `attributes`, shared between series with the same keys. */
    readonly keys: readonly string[],
    readonly hash: number,
    /** Start of a cumulative point: the time of the series' first measurement. */
    public startTime: HrTime,
  ) {}
}
