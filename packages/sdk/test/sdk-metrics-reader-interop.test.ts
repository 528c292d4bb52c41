/**
 * Readers from `@opentelemetry/sdk-metrics` itself plug into Yardstick's MeterProvider: it takes
 * any IMetricReader, so their subclasses type-check (tsconfig.check.json) and collect real data.
 */
import {
  AggregationTemporality as OtelAggregationTemporality,
  DataPointType as OtelDataPointType,
  InMemoryMetricExporter as OtelInMemoryMetricExporter,
  MetricReader as OtelMetricReader,
  PeriodicExportingMetricReader as OtelPeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { MeterProvider } from '@yardstick/sdk';
import { describe, expect, it } from 'vitest';

class OtelPullReader extends OtelMetricReader {
  shutdowns = 0;
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {
    this.shutdowns++;
  }
}

describe('readers from @opentelemetry/sdk-metrics on a Yardstick MeterProvider', () => {
  it('a MetricReader subclass collects with its own temporality selector', async () => {
    const reader = new OtelPullReader({ aggregationTemporalitySelector: () => OtelAggregationTemporality.DELTA });
    const provider = new MeterProvider({ readers: [reader] });
    const counter = provider.getMeter('interop').createCounter('hits');
    counter.add(2, { a: 'x' });
    counter.add(3, { a: 'x' });
    const { resourceMetrics, errors } = await reader.collect();
    expect(errors).toEqual([]);
    const metric = resourceMetrics.scopeMetrics[0]?.metrics[0];
    expect(metric?.dataPointType).toBe(OtelDataPointType.SUM);
    expect(metric?.aggregationTemporality).toBe(OtelAggregationTemporality.DELTA);
    expect(metric?.dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{ a: 'x' }, 5]]);
    // Delta: the next collection has nothing new.
    expect((await reader.collect()).resourceMetrics.scopeMetrics).toEqual([]);
    await provider.shutdown();
    expect(reader.shutdowns).toBe(1);
  });

  it('its PeriodicExportingMetricReader exports to its InMemoryMetricExporter', async () => {
    const exporter = new OtelInMemoryMetricExporter(OtelAggregationTemporality.CUMULATIVE);
    const reader = new OtelPeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('interop').createHistogram('latency', { unit: 'ms' }).record(7);
    await provider.forceFlush();
    const metric = exporter.getMetrics()[0]?.scopeMetrics[0]?.metrics[0];
    expect(metric?.descriptor).toMatchObject({ name: 'latency', unit: 'ms' });
    expect(metric?.dataPointType).toBe(OtelDataPointType.HISTOGRAM);
    expect(metric?.dataPoints[0]?.value).toMatchObject({ count: 1, sum: 7, min: 7, max: 7 });
    await provider.shutdown();
  });
});
