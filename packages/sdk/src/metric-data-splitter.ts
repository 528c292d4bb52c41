import type { MetricData, ResourceMetrics, ScopeMetrics } from '@yardstick/core';

/**
 * splitMetricData cuts one collection into exports of at most `maxExportBatchSize` data points,
 * as `@opentelemetry/sdk-metrics` does for its `maxExportBatchSize` option: a metric's points may
 * span batches (each batch keeps the metric's descriptor), and a metric with no points rides along
 * in the current batch so it is not lost.
 */
export function splitMetricData(resourceMetrics: ResourceMetrics, maxExportBatchSize: number): ResourceMetrics[] {
  const batches: ResourceMetrics[] = [];
  let scopes: ScopeMetrics[] = [];
  let points = 0;
  const flush = () => {
    if (scopes.length === 0) return;
    batches.push({ resource: resourceMetrics.resource, scopeMetrics: scopes });
    scopes = [];
    points = 0;
  };
  for (const scopeMetrics of resourceMetrics.scopeMetrics) {
    let current: ScopeMetrics | undefined;
    const open = (): ScopeMetrics => {
      if (current === undefined) {
        current = { scope: scopeMetrics.scope, metrics: [] };
        scopes.push(current);
      }
      return current;
    };
    for (const metric of scopeMetrics.metrics) {
      const dataPoints = metric.dataPoints as unknown[];
      if (dataPoints.length === 0) {
        open().metrics.push(metric);
        continue;
      }
      for (let offset = 0; offset < dataPoints.length; ) {
        const take = Math.min(maxExportBatchSize - points, dataPoints.length - offset);
        open().metrics.push({ ...metric, dataPoints: dataPoints.slice(offset, offset + take) } as MetricData);
        offset += take;
        points += take;
        if (points === maxExportBatchSize) {
          flush();
          current = undefined;
        }
      }
    }
  }
  flush();
  return batches;
}
