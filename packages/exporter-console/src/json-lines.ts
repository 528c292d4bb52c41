import {
  DataPointType,
  type ExponentialHistogram,
  type Histogram,
  type HrTime,
  type MetricData,
  type ResourceMetrics,
  quantiles,
} from '@yardstick/core';

import { TABLE_QUANTILES } from './table.js';

const TYPE_NAMES: Record<DataPointType, string> = {
  [DataPointType.SUM]: 'sum',
  [DataPointType.GAUGE]: 'gauge',
  [DataPointType.HISTOGRAM]: 'histogram',
  [DataPointType.EXPONENTIAL_HISTOGRAM]: 'exponential_histogram',
};

/**
 * renderJsonLines renders one collection as JSON lines, one object per data point, so that
 * `node app.js | jq 'select(.name == "http.requests")'` works without reassembling batches.
 * Non-finite numbers, which JSON cannot carry, are written as "NaN", "+Inf" and "-Inf".
 */
export function renderJsonLines(rm: ResourceMetrics): string {
  const service = rm.resource.attributes['service.name'];
  let out = '';
  for (const sm of rm.scopeMetrics) {
    for (const metric of sm.metrics) {
      const common = {
        service,
        scope: sm.scope.name,
        name: metric.descriptor.name,
        unit: metric.descriptor.unit || undefined,
        description: metric.descriptor.description || undefined,
        type: TYPE_NAMES[metric.dataPointType],
        temporality: metric.dataPointType === DataPointType.GAUGE ? undefined : temporalityName(metric),
        monotonic: metric.dataPointType === DataPointType.SUM ? metric.isMonotonic : undefined,
      };
      for (const point of metric.dataPoints) {
        const line = {
          time: isoTime(point.endTime),
          startTime: isoTime(point.startTime),
          ...common,
          attributes: point.attributes,
          ...pointValue(metric, point.value),
        };
        out += `${JSON.stringify(line, replacer)}\n`;
      }
    }
  }
  return out;
}

function temporalityName(metric: MetricData): string {
  return metric.aggregationTemporality === 0 ? 'delta' : 'cumulative';
}

function pointValue(metric: MetricData, value: unknown): Record<string, unknown> {
  if (metric.dataPointType === DataPointType.SUM || metric.dataPointType === DataPointType.GAUGE) return { value };
  const h = value as Histogram | ExponentialHistogram;
  const [p50, p90, p99] = quantiles(h, TABLE_QUANTILES);
  const base = { count: h.count, sum: h.sum, min: h.min, max: h.max, p50, p90, p99 };
  if ('buckets' in h) return { ...base, buckets: h.buckets };
  return {
    ...base,
    scale: h.scale,
    zeroCount: h.zeroCount,
    positive: h.positive,
    negative: h.negative,
  };
}

function isoTime([seconds, nanos]: HrTime): string {
  return new Date(seconds * 1000 + Math.floor(nanos / 1e6)).toISOString();
}

function replacer(_key: string, v: unknown): unknown {
  if (typeof v !== 'number' || Number.isFinite(v)) return v;
  return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
}
