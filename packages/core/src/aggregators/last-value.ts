import { grownFloat64 } from '../columns.js';
import { DataPointType } from '../types.js';
import type { Aggregator } from './aggregator.js';

/** LastValueAggregator keeps the most recent measurement or observation. */
export class LastValueAggregator implements Aggregator<number> {
  readonly pointType = DataPointType.GAUGE;
  private values = new Float64Array(0);

  grow(capacity: number): void {
    this.values = grownFloat64(this.values, capacity);
  }

  init(slot: number): void {
    this.values[slot] = 0;
  }

  record(slot: number, value: number): void {
    this.values[slot] = value;
  }

  observe(slot: number, value: number): void {
    this.values[slot] = value;
  }

  pointValue(slot: number): number {
    return this.values[slot] as number;
  }

  reset(_slot: number): void {}
}
