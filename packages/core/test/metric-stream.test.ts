import { describe, expect, it } from 'vitest';
import { createAggregator } from '../src/aggregators/index.js';
import { EMPTY_ATTRIBUTES } from '../src/attributes.js';
import { MetricStream } from '../src/metric-stream.js';
import { AggregationTemporality, InstrumentType } from '../src/types.js';

function stream(type: InstrumentType, temporality: AggregationTemporality, idleCollections = 0) {
  let now = 0;
  const s = new MetricStream({
    descriptor: { name: 'x', description: '', unit: '', valueType: 1 },
    temporality,
    aggregator: createAggregator(undefined, { instrumentType: type, report: () => {} })!,
    observable: type.startsWith('OBSERVABLE'),
    cardinalityLimit: 2000,
    clock: () => now,
    events: { overflow: () => {}, invalidAttributes: () => {} },
    idleCollections,
  });
  return { s, tick: (ms: number) => (now += ms) };
}

describe('MetricStream', () => {
  it('delta histograms report each interval once and keep no series between intervals', () => {
    const { s, tick } = stream(InstrumentType.HISTOGRAM, AggregationTemporality.DELTA);
    s.record(5, { a: 1 });
    s.record(7, { b: 1 });
    tick(10);
    expect(s.collect(10)?.dataPoints).toHaveLength(2);
    expect(s.seriesCount).toBe(0);
    s.record(1, { a: 1 });
    const second = s.collect(20);
    expect(second?.dataPoints).toHaveLength(1);
    expect(second?.dataPoints[0]?.value).toMatchObject({ count: 1, sum: 1, min: 1, max: 1 });
    expect(second?.dataPoints[0]?.startTime).toEqual([0, 10_000_000]);
    expect(s.seriesCount).toBe(0);
    expect(s.collect(30)).toBeUndefined();
    expect(s.seriesCount).toBe(0);
  });

  it('idle cumulative series are dropped after N quiet collections and return with a fresh start', () => {
    const { s, tick } = stream(InstrumentType.COUNTER, AggregationTemporality.CUMULATIVE, 2);
    s.record(1, { k: 'idle' });
    s.record(1, { k: 'busy' });
    tick(1000);
    s.collect(1000);
    s.record(1, { k: 'busy' });
    s.collect(2000);
    s.record(1, { k: 'busy' });
    const third = s.collect(3000);
    expect(third?.dataPoints.map((p) => p.attributes)).toEqual([{ k: 'busy' }]);
    tick(3000);
    s.record(5, { k: 'idle' });
    const back = s.collect(5000)?.dataPoints.find((p) => p.attributes.k === 'idle');
    expect(back?.value).toBe(5);
    expect(back?.startTime).toEqual([4, 0]);
  });

  it('measurements without attributes find their series again after it was evicted', () => {
    const { s } = stream(InstrumentType.COUNTER, AggregationTemporality.DELTA);
    s.record(1, EMPTY_ATTRIBUTES);
    s.record(2, { other: 'x' });
    expect(s.collect(1)?.dataPoints.map((p) => p.value)).toEqual([1, 2]);
    // The delta collection evicted both; the other set now takes the freed slot first.
    s.record(5, { other: 'y' });
    s.record(3, EMPTY_ATTRIBUTES);
    s.record(4, EMPTY_ATTRIBUTES);
    const points = s.collect(2)?.dataPoints ?? [];
    expect(points.find((p) => Object.keys(p.attributes).length === 0)?.value).toBe(7);
    expect(points.find((p) => p.attributes.other === 'y')?.value).toBe(5);
    expect(s.remove(EMPTY_ATTRIBUTES)).toBe(false);
  });

  it('the same attributes object is handed out on every collection (exporters cache by it)', () => {
    const { s } = stream(InstrumentType.COUNTER, AggregationTemporality.CUMULATIVE);
    s.record(1, { k: 'v' });
    const first = s.collect(1)?.dataPoints[0]?.attributes;
    s.record(1, { k: 'v' });
    expect(s.collect(2)?.dataPoints[0]?.attributes).toBe(first);
  });
});
