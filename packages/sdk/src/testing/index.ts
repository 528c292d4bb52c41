/**
 * Test helpers: an in-memory reader and snapshot lookups, so tests of instrumented code need
 * no exporter. Import from `@yardstick/sdk/testing`.
 */
import type { Attributes, DataPoint, MetricData, ResourceMetrics } from '@yardstick/core';
import type { ManualMetricReader } from '../manual-reader.js';

export { ManualMetricReader as TestMetricReader } from '../manual-reader.js';

/** findMetric returns the first metric named `name` in a collection. */
export function findMetric(rm: ResourceMetrics, name: string): MetricData | undefined {
  for (const sm of rm.scopeMetrics) for (const m of sm.metrics) if (m.descriptor.name === name) return m;
  return undefined;
}

/** findPoint returns the point of `metric` whose attributes equal `attributes` exactly. */
export function findPoint<T = unknown>(
  metric: MetricData | undefined,
  attributes: Attributes = {},
): DataPoint<T> | undefined {
  if (!metric) return undefined;
  const want = JSON.stringify(Object.entries(attributes).sort());
  return (metric.dataPoints as DataPoint<T>[]).find(
    (p) => JSON.stringify(Object.entries(p.attributes).sort()) === want,
  );
}

/** collectOnce collects from a reader and throws if any callback failed. */
export async function collectOnce(reader: ManualMetricReader): Promise<ResourceMetrics> {
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length > 0) throw new AggregateError(errors, 'collection reported errors');
  return resourceMetrics;
}
