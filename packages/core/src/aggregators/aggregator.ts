import type { DataPointType } from '../types.js';

/**
 * Aggregator keeps one kind of aggregation for every series of a stream, in columns indexed by
 * the series' slot (see SeriesMap). Record and observe run on the hot path and must not allocate;
 * `pointValue` builds the snapshot value at collection.
 */
export interface Aggregator<T = unknown> {
  readonly pointType: DataPointType;
  /** Makes room for slots [0, capacity). Called before any slot in that range is used. */
  grow(capacity: number): void;
  /** Sets up the state of a new series (slots are reused after eviction). */
  init(slot: number): void;
  /** Adds a synchronous measurement. */
  record(slot: number, value: number): void;
  /** Stores an asynchronous observation (a total or a current value, never an increment). */
  observe(slot: number, value: number): void;
  /** Builds the snapshot value of a series (delta streams reset it afterwards). */
  pointValue(slot: number): T;
  /** Clears the state after a delta collection. */
  reset(slot: number): void;
}
