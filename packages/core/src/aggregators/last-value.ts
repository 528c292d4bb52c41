import type { Series } from '../series.js';
import { DataPointType } from '../types.js';
import type { Aggregator } from './aggregator.js';

/** LastValueAggregator keeps the most recent measurement or observation. */
export class LastValueAggregator implements Aggregator<number> {
  readonly pointType = DataPointType.GAUGE;

  init(_series: Series): void {}

  record(series: Series, value: number): void {
    series.value = value;
  }

  observe(series: Series, value: number): void {
    series.value = value;
  }

  pointValue(series: Series): number {
    return series.value;
  }

  reset(_series: Series): void {}
}
