import type { Series } from '../series.js';
import type { DataPointType } from '../types.js';

/**
 * Aggregator keeps one kind of aggregation in a Series' fields. Record and observe run on the
 * hot path and must not allocate; `pointValue` builds the snapshot value at collection.
 */
export interface Aggregator<T = unknown> {
  readonly pointType: DataPointType;
  /** Sets up the state of a new series. */
  init(series: Series): void;
  /** Adds a synchronous measurement. */
  record(series: Series, value: number): void;
  /** Stores an asynchronous observation (a total or a current value, never an increment). */
  observe(series: Series, value: number): void;
  /** Builds the snapshot value of a series (delta streams reset it afterwards). */
  pointValue(series: Series): T;
  /** Clears the state after a delta collection. */
  reset(series: Series): void;
}
