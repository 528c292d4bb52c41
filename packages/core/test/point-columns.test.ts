import { describe, expect, it } from 'vitest';
import { createAggregator } from '../src/aggregators/index.js';
import { MetricStream } from '../src/metric-stream.js';
import { pointColumns, pointCount } from '../src/point-columns.js';
import type { HistogramMetricData, SumMetricData } from '../src/snapshot.js';
import { AggregationTemporality, InstrumentType } from '../src/types.js';

function stream(type: InstrumentType, temporality = AggregationTemporality.CUMULATIVE) {
  let now = 1_000;
  const s = new MetricStream({
    descriptor: { name: 'x', description: 'd', unit: 'ms', valueType: 1 },
    temporality,
    aggregator: createAggregator(undefined, { instrumentType: type, report: () => {} })!,
    observable: false,
    cardinalityLimit: 2000,
    clock: () => now,
    events: { overflow: () => {}, invalidAttributes: () => {} },
  });
  return { s, at: (ms: number) => (now = ms) };
}

describe('columnar snapshots', () => {
  it('sums carry columns and build the usual data points on first read', () => {
    const { s, at } = stream(InstrumentType.COUNTER);
    s.record(2, { a: '1' });
    at(1_500);
    s.record(3, { a: '2' });
    const metric = s.collect(2_000.25) as SumMetricData;
    const columns = pointColumns(metric);
    expect(columns?.length).toBe(2);
    expect(pointCount(metric)).toBe(2);
    expect(Array.from(columns?.values ?? [])).toEqual([2, 3]);
    expect(Object.keys(metric)).toEqual([
      'descriptor',
      'aggregationTemporality',
      'dataPointType',
      'dataPoints',
      'isMonotonic',
    ]);
    expect(metric.dataPoints).toEqual([
      { startTime: [1, 0], endTime: [2, 250_000], attributes: { a: '1' }, value: 2 },
      { startTime: [1, 500_000_000], endTime: [2, 250_000], attributes: { a: '2' }, value: 3 },
    ]);
    // Built once, then kept: the same array on every read; from then on the points are the truth.
    expect(metric.dataPoints).toBe(metric.dataPoints);
    expect(pointColumns(metric)).toBeUndefined();
    expect(pointCount(metric)).toBe(2);
  });

  it('columns are a copy: later measurements and delta resets do not change a taken snapshot', () => {
    const { s } = stream(InstrumentType.HISTOGRAM, AggregationTemporality.DELTA);
    s.record(5, { a: '1' });
    s.record(70, { a: '1' });
    const first = s.collect(2_000) as HistogramMetricData;
    s.record(1_000, { a: '1' });
    const second = s.collect(3_000) as HistogramMetricData;
    expect(first.dataPoints[0]?.value).toMatchObject({ count: 2, sum: 75, min: 5, max: 70 });
    expect(first.dataPoints[0]?.value.buckets.counts.slice(0, 6)).toEqual([0, 1, 0, 0, 0, 1]);
    expect(second.dataPoints[0]?.value).toMatchObject({ count: 1, sum: 1_000, min: 1_000, max: 1_000 });
    expect(second.dataPoints[0]?.startTime).toEqual([2, 0]);
  });

  it('an empty histogram series has no min/max, as OpenTelemetry JS reports it', () => {
    const { s } = stream(InstrumentType.HISTOGRAM);
    s.bind({ idle: 'yes' });
    const metric = s.collect(2_000) as HistogramMetricData;
    expect(metric.dataPoints[0]?.value).toMatchObject({ count: 0, sum: 0, min: undefined, max: undefined });
  });

  it('dataPoints can be replaced (a producer filtering points) and survive spreading and JSON', () => {
    const { s } = stream(InstrumentType.UP_DOWN_COUNTER);
    s.record(-4, { a: '1' });
    const metric = s.collect(2_000) as SumMetricData;
    expect(pointColumns(metric)).toBeDefined();
    const copy = { ...metric };
    expect(copy.dataPoints).toHaveLength(1);
    expect(pointColumns(copy as SumMetricData)).toBeUndefined();
    expect(JSON.parse(JSON.stringify(metric)).dataPoints[0].value).toBe(-4);
    const other = s.collect(3_000) as SumMetricData;
    (other as { dataPoints: unknown[] }).dataPoints = [];
    expect(other.dataPoints).toEqual([]);
    expect(pointCount(other)).toBe(0);
  });
});
