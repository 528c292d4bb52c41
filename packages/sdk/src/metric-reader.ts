import {
  type AggregationOption,
  AggregationTemporality,
  AggregationType,
  type CollectionResult,
  type InstrumentType,
} from '@yardstick/core';
import { OnceReporter } from './diag.js';
import {
  type CollectionOptions,
  type ForceFlushOptions,
  type MetricCollectOptions,
  type ShutdownOptions,
  withTimeout,
} from './types.js';

/** AggregationSelector chooses the aggregation per instrument kind. */
export type AggregationSelector = (instrumentType: InstrumentType) => AggregationOption;
/** AggregationTemporalitySelector chooses the temporality per instrument kind. */
export type AggregationTemporalitySelector = (instrumentType: InstrumentType) => AggregationTemporality;
/** CardinalitySelector chooses the default cardinality limit per instrument kind. */
export type CardinalitySelector = (instrumentType: InstrumentType) => number;

/** MetricProducer produces a collection: the provider's own, or an external bridge. */
export interface MetricProducer {
  collect(options?: MetricCollectOptions): Promise<CollectionResult>;
}

export const DEFAULT_AGGREGATION_SELECTOR: AggregationSelector = () => ({ type: AggregationType.DEFAULT });
export const DEFAULT_AGGREGATION_TEMPORALITY_SELECTOR: AggregationTemporalitySelector = () =>
  AggregationTemporality.CUMULATIVE;
/** The spec's default cardinality limit per metric stream. */
export const DEFAULT_CARDINALITY_LIMIT = 2000;

export interface MetricReaderOptions {
  aggregationSelector?: AggregationSelector;
  aggregationTemporalitySelector?: AggregationTemporalitySelector;
  cardinalitySelector?: CardinalitySelector;
  /** Extra producers whose scopes are appended to every collection. */
  metricProducers?: MetricProducer[];
  /**
   * Accepted for `@opentelemetry/sdk-metrics` parity, where it names the reader in the SDK's
   * self-observability metrics. Yardstick emits no self-metrics, so it has no effect here.
   */
  otelComponentType?: string;
}

/**
 * IMetricReader is what a MeterProvider needs from a reader (the `@opentelemetry/sdk-metrics`
 * interface): subclass {@link MetricReader} to get a compliant one, or implement it directly.
 * Readers written against sdk-metrics' `MetricReader` satisfy it too.
 */
export interface IMetricReader {
  /** Called once by the provider; implementations throw when called again. */
  setMetricProducer(metricProducer: MetricProducer): void;
  /** Must be pure: called once per instrument and reader when the instrument is created. */
  selectAggregation(instrumentType: InstrumentType): AggregationOption;
  /** Must be pure: called once per instrument and reader when the instrument is created. */
  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality;
  /** Must be pure: called once per instrument and reader when the instrument is created. */
  selectCardinalityLimit(instrumentType: InstrumentType): number;
  collect(options?: CollectionOptions): Promise<CollectionResult>;
  shutdown(options?: ShutdownOptions): Promise<void>;
  forceFlush(options?: ForceFlushOptions): Promise<void>;
}

/**
 * MetricReader collects from the MeterProvider it is registered with. Subclass it as in
 * `@opentelemetry/sdk-metrics`: implement `onForceFlush` and `onShutdown`, optionally
 * `onInitialized`, and call `collect()` when data is wanted.
 */
export abstract class MetricReader implements IMetricReader {
  private sdkProducer: MetricProducer | undefined;
  private isShutdown = false;
  private readonly producers: MetricProducer[];
  private readonly aggregationSelector: AggregationSelector;
  private readonly temporalitySelector: AggregationTemporalitySelector;
  private readonly cardinalitySelector: CardinalitySelector | undefined;
  /** Each reader reports its own misuse once; another reader's is reported too. */
  private readonly reported = new OnceReporter();

  constructor(options?: MetricReaderOptions) {
    this.aggregationSelector = options?.aggregationSelector ?? DEFAULT_AGGREGATION_SELECTOR;
    this.temporalitySelector = options?.aggregationTemporalitySelector ?? DEFAULT_AGGREGATION_TEMPORALITY_SELECTOR;
    this.cardinalitySelector = options?.cardinalitySelector;
    this.producers = options?.metricProducers ?? [];
  }

  /** setMetricProducer is called by the MeterProvider; a reader belongs to one provider only. */
  setMetricProducer(producer: MetricProducer): void {
    if (this.sdkProducer) throw new Error('MetricReader can not be bound to a MeterProvider again.');
    this.sdkProducer = producer;
    this.onInitialized();
  }

  selectAggregation(instrumentType: InstrumentType): AggregationOption {
    return this.aggregationSelector(instrumentType);
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    return this.temporalitySelector(instrumentType);
  }

  selectCardinalityLimit(instrumentType: InstrumentType): number {
    return this.cardinalitySelector ? this.cardinalitySelector(instrumentType) : DEFAULT_CARDINALITY_LIMIT;
  }

  /** onInitialized runs once the reader is bound to a provider (e.g. to start a timer). */
  protected onInitialized(): void {}
  protected abstract onShutdown(): Promise<void>;
  protected abstract onForceFlush(): Promise<void>;

  /** collect gathers every metric of the provider (and extra producers) into one ResourceMetrics. */
  async collect(options?: CollectionOptions): Promise<CollectionResult> {
    if (this.sdkProducer === undefined) throw new Error('MetricReader is not bound to a MeterProvider');
    if (this.isShutdown) throw new Error('MetricReader is shutdown');
    const [own, ...extra] = await Promise.all([
      this.sdkProducer.collect(options),
      ...this.producers.map((p) => p.collect(options)),
    ]);
    const result = own as CollectionResult;
    for (const other of extra) {
      result.resourceMetrics.scopeMetrics.push(...other.resourceMetrics.scopeMetrics);
      result.errors.push(...other.errors);
    }
    return result;
  }

  /** shutdown flushes and stops the reader; a second call only logs an error. */
  async shutdown(options?: ShutdownOptions): Promise<void> {
    if (this.isShutdown) {
      this.reported.reportOnce(
        `reader-shutdown-twice:${this.constructor.name}`,
        'error',
        'Cannot call shutdown twice.',
      );
      return;
    }
    await withTimeout(this.onShutdown(), options?.timeoutMillis ?? Number.POSITIVE_INFINITY);
    this.isShutdown = true;
  }

  /** forceFlush asks the reader to export what it has now. */
  async forceFlush(options?: ForceFlushOptions): Promise<void> {
    if (this.isShutdown) {
      this.reported.reportOnce(
        `reader-flush-after-shutdown:${this.constructor.name}`,
        'warn',
        'Cannot forceFlush on already shutdown MetricReader.',
      );
      return;
    }
    await withTimeout(this.onForceFlush(), options?.timeoutMillis ?? Number.POSITIVE_INFINITY);
  }

  /** Whether shutdown completed. */
  protected get shutdownCompleted(): boolean {
    return this.isShutdown;
  }
}
