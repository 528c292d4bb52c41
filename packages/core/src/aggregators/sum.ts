import { grownFloat64 } from '../columns.js';
import { DataPointType } from '../types.js';
import type { Aggregator } from './aggregator.js';

/**
 * SumAggregator adds measurements (sync) or keeps the latest observed total (async).
 * Monotonicity is enforced where values enter (the instrument), not here.
 */
export class SumAggregator implements Aggregator<number> {
  readonly pointType = DataPointType.SUM;
  private values = new Float64Array(0);
  /** Previous observed totals of an async delta stream; NaN = none yet. Created on first use. */
  private previous: Float64Array | undefined;

  constructor(readonly isMonotonic: boolean) {}

  grow(capacity: number): void {
    this.values = grownFloat64(this.values, capacity);
    if (this.previous !== undefined) this.previous = grownFloat64(this.previous, capacity, Number.NaN);
  }

  init(slot: number): void {
    this.values[slot] = 0;
    if (this.previous !== undefined) this.previous[slot] = Number.NaN;
  }

  record(slot: number, value: number): void {
    this.values[slot] += value;
  }

  observe(slot: number, value: number): void {
    this.values[slot] = value;
  }

  pointValue(slot: number): number {
    return this.values[slot] as number;
  }

  reset(slot: number): void {
    this.values[slot] = 0;
  }

  /**
   * observedDelta turns the observed total of an async sum into the change since the previous
   * collection, remembering the total for the next one. A first observation reports the total.
   */
  observedDelta(slot: number): number {
    if (this.previous === undefined) {
      this.previous = new Float64Array(this.values.length).fill(Number.NaN);
    }
    const total = this.values[slot] as number;
    const before = this.previous[slot] as number;
    this.previous[slot] = total;
    return before === before ? total - before : total;
  }
}
