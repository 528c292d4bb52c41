import type { ResourceMetrics } from '@yardstick/core';
import { report } from './diag.js';
import { ExportResultCode, type PushMetricExporter } from './exporter.js';
import { MetricReader, type MetricProducer } from './metric-reader.js';
import { withTimeout } from './types.js';

export interface PeriodicExportingMetricReaderOptions {
  exporter: PushMetricExporter;
  /** Time between the starts of two exports; default 60000 ms. */
  exportIntervalMillis?: number;
  /** Limit of one collect + export; default 30000 ms, at most the interval. */
  exportTimeoutMillis?: number;
  metricProducers?: MetricProducer[];
}

/**
 * PeriodicExportingMetricReader collects and exports on a timer, one export at a time, and
 * once more on forceFlush and shutdown. Its timer never keeps the process alive.
 */
export class PeriodicExportingMetricReader extends MetricReader {
  private readonly exporter: PushMetricExporter;
  private readonly interval: number;
  private readonly timeout: number;
  private timer: NodeJS.Timeout | undefined;
  /** The export in flight; the next one starts after it. */
  private chain: Promise<void> = Promise.resolve();

  constructor(options: PeriodicExportingMetricReaderOptions) {
    const exporter = options.exporter;
    super({
      aggregationSelector: exporter.selectAggregation?.bind(exporter),
      aggregationTemporalitySelector: exporter.selectAggregationTemporality?.bind(exporter),
      metricProducers: options.metricProducers,
    });
    const interval = options.exportIntervalMillis ?? 60_000;
    let timeout = options.exportTimeoutMillis ?? 30_000;
    if (!(interval > 0)) throw new Error('exportIntervalMillis must be greater than 0');
    if (!(timeout > 0)) throw new Error('exportTimeoutMillis must be greater than 0');
    if (timeout > interval) {
      if (options.exportIntervalMillis !== undefined && options.exportTimeoutMillis !== undefined) {
        throw new Error('exportTimeoutMillis must be less than or equal to exportIntervalMillis');
      }
      timeout = interval;
    }
    this.exporter = exporter;
    this.interval = interval;
    this.timeout = timeout;
  }

  protected override onInitialized(): void {
    this.timer = setInterval(() => {
      this.exportOnce().catch((err) => report('error', `Yardstick: periodic export failed: ${String(err)}`));
    }, this.interval);
    this.timer.unref();
  }

  /** exportOnce queues one collect + export after the one in flight. */
  private exportOnce(): Promise<void> {
    const next = this.chain.then(() => withTimeout(this.collectAndExport(), this.timeout));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async collectAndExport(): Promise<void> {
    const { resourceMetrics, errors } = await this.collect({ timeoutMillis: this.timeout });
    if (errors.length > 0)
      report('error', `Yardstick: ${errors.length} metric callback(s) failed during collection`, ...errors);
    if (resourceMetrics.scopeMetrics.length === 0) return;
    await this.send(resourceMetrics);
  }

  private send(resourceMetrics: ResourceMetrics): Promise<void> {
    return new Promise((resolve, reject) => {
      this.exporter.export(resourceMetrics, (result) => {
        if (result.code === ExportResultCode.SUCCESS) resolve();
        else reject(result.error ?? new Error('metric export failed'));
      });
    });
  }

  protected override async onForceFlush(): Promise<void> {
    try {
      await this.exportOnce();
    } finally {
      await this.exporter.forceFlush();
    }
  }

  protected override async onShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    try {
      await this.onForceFlush();
    } finally {
      await this.exporter.shutdown();
    }
  }
}
