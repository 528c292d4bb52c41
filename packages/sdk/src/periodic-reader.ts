import { InstrumentType, type ResourceMetrics } from '@yardstick/core';
import { report } from './diag.js';
import { type ExportResult, ExportResultCode, type PushMetricExporter } from './exporter.js';
import { splitMetricData } from './metric-data-splitter.js';
import {
  type CardinalitySelector,
  DEFAULT_CARDINALITY_LIMIT,
  MetricReader,
  type MetricProducer,
} from './metric-reader.js';

export interface PeriodicExportingMetricReaderOptions {
  exporter: PushMetricExporter;
  /** Time between two ticks; default 60000 ms. */
  exportIntervalMillis?: number;
  /**
   * How long one export may run before it is reported as timed out (and the collect's limit);
   * default 30000 ms, at most the interval.
   */
  exportTimeoutMillis?: number;
  metricProducers?: MetricProducer[];
  /**
   * Cardinality limit per metric stream for each instrument kind this reader collects, as in
   * `@opentelemetry/sdk-metrics`: the kind's own limit, else `default`, else 2000. A view's
   * `aggregationCardinalityLimit` still wins.
   */
  cardinalityLimits?: CardinalityLimits;
  /**
   * When set, one collection is exported in several calls of at most this many data points
   * (a positive integer), as in `@opentelemetry/sdk-metrics`.
   */
  maxExportBatchSize?: number;
}

/** CardinalityLimits per instrument kind, with the names `@opentelemetry/sdk-metrics` uses. */
export interface CardinalityLimits {
  counter?: number;
  gauge?: number;
  histogram?: number;
  upDownCounter?: number;
  observableCounter?: number;
  observableGauge?: number;
  observableUpDownCounter?: number;
  default?: number;
}

const LIMIT_KEY: Record<InstrumentType, keyof CardinalityLimits> = {
  [InstrumentType.COUNTER]: 'counter',
  [InstrumentType.GAUGE]: 'gauge',
  [InstrumentType.HISTOGRAM]: 'histogram',
  [InstrumentType.UP_DOWN_COUNTER]: 'upDownCounter',
  [InstrumentType.OBSERVABLE_COUNTER]: 'observableCounter',
  [InstrumentType.OBSERVABLE_GAUGE]: 'observableGauge',
  [InstrumentType.OBSERVABLE_UP_DOWN_COUNTER]: 'observableUpDownCounter',
};

/** cardinalityLimitsSelector turns per-kind limits into the reader's cardinality selector. */
export function cardinalityLimitsSelector(limits: CardinalityLimits | undefined): CardinalitySelector {
  return (type) => limits?.[LIMIT_KEY[type]] ?? limits?.default ?? DEFAULT_CARDINALITY_LIMIT;
}

/**
 * PeriodicExportingMetricReader collects and exports on a timer, and once more on forceFlush
 * and shutdown. Options and validation follow `@opentelemetry/sdk-metrics`.
 *
 * One export at a time: `exporter.export` is never called again before the previous call has
 * called back, even after it timed out (the spec forbids concurrent export calls, and an
 * exporter must call back eventually). A tick that comes while an export runs is skipped, as
 * in the reference SDK: nothing is lost, because the skipped tick collected nothing and the
 * next collect covers it. The timer is unref'd and never throws; failures go to `diag`.
 *
 * @example
 * const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 10_000 });
 * const provider = new MeterProvider({ readers: [reader] });
 */
export class PeriodicExportingMetricReader extends MetricReader {
  private readonly exporter: PushMetricExporter;
  private readonly interval: number;
  private readonly timeout: number;
  private readonly maxExportBatchSize: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The collect + export running now; it settles (never rejects) when the exporter calls back. */
  private inFlight: Promise<void> | undefined;
  private shuttingDown: Promise<void> | undefined;

  constructor(options: PeriodicExportingMetricReaderOptions) {
    const exporter = options.exporter;
    super({
      aggregationSelector: exporter.selectAggregation?.bind(exporter),
      aggregationTemporalitySelector: exporter.selectAggregationTemporality?.bind(exporter),
      cardinalitySelector: cardinalityLimitsSelector(options.cardinalityLimits),
      metricProducers: options.metricProducers,
    });
    const batch = options.maxExportBatchSize;
    if (batch !== undefined && !(Number.isInteger(batch) && batch > 0)) {
      throw new Error('maxExportBatchSize must be a positive integer');
    }
    this.maxExportBatchSize = batch;
    const interval = options.exportIntervalMillis ?? 60_000;
    let timeout = options.exportTimeoutMillis ?? 30_000;
    // `!(x > 0)` also rejects NaN, which the reference lets through.
    if (!(interval > 0)) throw new Error('exportIntervalMillis must be greater than 0');
    if (!(timeout > 0)) throw new Error('exportTimeoutMillis must be greater than 0');
    if (timeout > interval) {
      // As in the reference: an explicit bad pair throws, a default on either side is clamped.
      if (options.exportIntervalMillis !== undefined && options.exportTimeoutMillis !== undefined) {
        throw new Error('exportIntervalMillis must be greater than or equal to exportTimeoutMillis');
      }
      report(
        'info',
        `Timeout of ${timeout} exceeds the interval of ${interval}. Clamping timeout to interval duration.`,
      );
      timeout = interval;
    }
    this.exporter = exporter;
    this.interval = interval;
    this.timeout = timeout;
  }

  protected override onInitialized(): void {
    this.timer = setInterval(() => {
      if (this.inFlight) {
        report('debug', 'PeriodicExportingMetricReader: export already in progress, skipping tick');
        return;
      }
      void this.start();
    }, this.interval);
    this.timer.unref();
  }

  /** start begins one collect + export; call it only when nothing is in flight. */
  private start(): Promise<void> {
    const run = this.collectAndExport()
      .catch((err) => report('error', 'PeriodicExportingMetricReader: collect or export failed', err))
      .finally(() => {
        this.inFlight = undefined;
      });
    this.inFlight = run;
    return run;
  }

  private async collectAndExport(): Promise<void> {
    const { resourceMetrics, errors } = await this.collect({ timeoutMillis: this.timeout });
    if (errors.length > 0) report('error', 'PeriodicExportingMetricReader: metrics collection errors', ...errors);
    if (resourceMetrics.scopeMetrics.length === 0) return;
    // A timeout cannot cancel the exporter, so it is only reported; the run ends at the callback.
    const timer = setTimeout(
      () => report('error', `PeriodicExportingMetricReader: metrics export timed out after ${this.timeout}ms`),
      this.timeout,
    );
    timer.unref();
    try {
      const batches =
        this.maxExportBatchSize === undefined
          ? [resourceMetrics]
          : splitMetricData(resourceMetrics, this.maxExportBatchSize);
      for (const batch of batches) {
        const result = await this.send(batch);
        if (result.code !== ExportResultCode.SUCCESS) {
          report('error', 'PeriodicExportingMetricReader: metrics export failed', result.error);
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** send resolves with the exporter's result; a throwing exporter counts as a failed export. */
  private send(resourceMetrics: ResourceMetrics): Promise<ExportResult> {
    return new Promise((resolve) => {
      try {
        this.exporter.export(resourceMetrics, resolve);
      } catch (err) {
        resolve({ code: ExportResultCode.FAILED, error: err instanceof Error ? err : new Error(String(err)) });
      }
    });
  }

  /** onForceFlush waits for the export in flight, exports what is recorded now, then flushes the exporter. */
  protected override async onForceFlush(): Promise<void> {
    if (this.inFlight) await this.inFlight;
    // A run started while we waited collected after this call began, so it covers our data.
    await (this.inFlight ?? this.start());
    await this.exporter.forceFlush();
  }

  protected override onShutdown(): Promise<void> {
    // Concurrent shutdown calls share one final export and one exporter.shutdown.
    this.shuttingDown ??= this.finish();
    return this.shuttingDown;
  }

  private async finish(): Promise<void> {
    clearInterval(this.timer);
    try {
      await this.onForceFlush();
    } finally {
      await this.exporter.shutdown();
    }
  }
}
