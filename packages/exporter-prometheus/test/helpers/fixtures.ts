/**
 * Hand-built snapshots, so serializer tests control every field (exemplars, exponential
 * histograms, odd names) without depending on the SDK's aggregators.
 */
import {
  AggregationTemporality,
  type Attributes,
  type DataPoint,
  DataPointType,
  type ExponentialHistogram,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@yardstick/core';

export const START: [number, number] = [1_700_000_000, 0];
export const END: [number, number] = [1_700_000_060, 500_000_000];

export function point<T>(value: T, attributes: Attributes = {}, extra: Partial<DataPoint<T>> = {}): DataPoint<T> {
  return { startTime: START, endTime: END, attributes: Object.freeze({ ...attributes }), value, ...extra };
}

function descriptor(name: string, unit = '', description = '') {
  return { name, unit, description, valueType: 1 };
}

export function counter(name: string, points: DataPoint<number>[], unit = '', description = ''): MetricData {
  return {
    descriptor: descriptor(name, unit, description),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.SUM,
    isMonotonic: true,
    dataPoints: points,
  };
}

export function upDown(name: string, points: DataPoint<number>[], unit = '', description = ''): MetricData {
  return {
    descriptor: descriptor(name, unit, description),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.SUM,
    isMonotonic: false,
    dataPoints: points,
  };
}

export function gauge(name: string, points: DataPoint<number>[], unit = '', description = ''): MetricData {
  return {
    descriptor: descriptor(name, unit, description),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.GAUGE,
    dataPoints: points,
  };
}

export function histogram(name: string, points: DataPoint<Histogram>[], unit = '', description = ''): MetricData {
  return {
    descriptor: descriptor(name, unit, description),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.HISTOGRAM,
    dataPoints: points,
  };
}

export function expHistogram(
  name: string,
  points: DataPoint<ExponentialHistogram>[],
  unit = '',
  description = '',
): MetricData {
  return {
    descriptor: descriptor(name, unit, description),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
    dataPoints: points,
  };
}

export function hist(boundaries: number[], counts: number[], sum?: number): Histogram {
  const count = counts.reduce((a, b) => a + b, 0);
  return { buckets: { boundaries, counts }, count, sum };
}

export function resourceMetrics(
  metrics: MetricData[],
  resource: Attributes = { 'service.name': 'test' },
  scope = { name: 'test-scope', version: '1.2.3' },
): ResourceMetrics {
  return { resource: { attributes: resource }, scopeMetrics: [{ scope, metrics }] };
}

/**
 * buildExponential records `values` into an exponential histogram at `scale` the way the data
 * model defines buckets (index i holds (base^i, base^(i+1)]), computed with exact integer
 * arithmetic on powers of two where possible. Test-only and independent of core's aggregator.
 */
export function buildExponential(values: number[], scale: number): ExponentialHistogram {
  const pos = new Map<number, number>();
  const neg = new Map<number, number>();
  let zeroCount = 0;
  let sum = 0;
  for (const v of values) {
    sum += v;
    if (v === 0) {
      zeroCount++;
      continue;
    }
    const index = bucketIndex(Math.abs(v), scale);
    const map = v > 0 ? pos : neg;
    map.set(index, (map.get(index) ?? 0) + 1);
  }
  return {
    count: values.length,
    sum,
    scale,
    zeroCount,
    positive: dense(pos),
    negative: dense(neg),
    zeroThreshold: 0,
  };
}

function bucketIndex(v: number, scale: number): number {
  // Smallest i with v <= base^(i+1), found by search on the exact boundary formula.
  let i = Math.floor(Math.log2(v) * 2 ** scale) - 2;
  while (2 ** ((i + 1) * 2 ** -scale) < v) i++;
  while (i > -100000 && 2 ** (i * 2 ** -scale) >= v) i--;
  return i;
}

function dense(map: Map<number, number>): { offset: number; bucketCounts: number[] } {
  if (map.size === 0) return { offset: 0, bucketCounts: [] };
  const keys = [...map.keys()];
  const lo = Math.min(...keys);
  const hi = Math.max(...keys);
  const bucketCounts = new Array<number>(hi - lo + 1).fill(0);
  for (const [k, c] of map) bucketCounts[k - lo] = c;
  return { offset: lo, bucketCounts };
}
