import { MetricReader, type MetricReaderOptions } from './metric-reader.js';

/**
 * ManualMetricReader collects only when `collect()` is called: for pull exporters, tests and
 * scripts that read their own metrics.
 *
 * @example
 * const reader = new ManualMetricReader();
 * const provider = new MeterProvider({ readers: [reader] });
 * provider.getMeter('app').createCounter('jobs').add(1);
 * const { resourceMetrics } = await reader.collect();
 */
export class ManualMetricReader extends MetricReader {
  constructor(options?: MetricReaderOptions) {
    super(options);
  }
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}
