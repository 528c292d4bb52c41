import type { Series } from '../series.js';
import { DataPointType } from '../types.js';
import type { Aggregator } from './aggregator.js';

/**
 * SumAggregator adds measurements (sync) or keeps the latest observed total (async).
 * Monotonicity is enforced where values enter (the instrument), not here.
 */
export class SumAggregator implements Aggregator<number> {
  readonly pointType = DataPointType.SUM;

  constructor(readonly isMonotonic: boolean) {}

  init(_series: Series): void {}

  record(series: Series, value: number): void {
    series.value += value;
  }

  observe(series: Series, value: number): void {
    series.value = value;
  }

  pointValue(series: Series): number {
    return series.value;
  }

  reset(series: Series): void {
    series.value = 0;
  }
}

/**
 * observedDelta turns the observed total of an async sum into the change since the previous
 * collection, remembering the total for the next one. A first observation reports the total.
 */
export function observedDelta(series: Series): number {
  const total = series.value;
  const previous = series.state as PreviousTotal | undefined;
  if (previous === undefined) {
    series.state = new PreviousTotal(total);
    return total;
  }
  const delta = total - previous.total;
  previous.total = total;
  return delta;
}

/** The total an async sum reported last, kept only by delta streams of async instruments. */
class PreviousTotal {
  constructor(public total: number) {}
}
