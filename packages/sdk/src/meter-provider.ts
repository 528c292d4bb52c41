import { type MeterOptions, type MeterProvider as ApiMeterProvider, metrics } from '@opentelemetry/api';
import type { Attributes, Clock, CollectionResult, MetricStream, ResourceLike, ScopeMetrics } from '@yardstick/core';
import { OnceReporter } from './diag.js';
import type { ExemplarFilter } from './instruments.js';
import { Meter } from './meter.js';
import { Pauser } from './slicing.js';
import type { IMetricReader } from './metric-reader.js';
import { type Resource, defaultResource } from './resource.js';
import type { StreamContext } from './stream-factory.js';
import { type CollectionOptions, type ForceFlushOptions, type ShutdownOptions, withTimeout } from './types.js';
import { View, type ViewOptions } from './view.js';

export interface MeterProviderOptions {
  /**
   * Merged over the default resource (`service.name`, `telemetry.sdk.*`). Any resource with
   * `attributes` will do, a `@opentelemetry/resources` one included.
   */
  resource?: ResourceLike;
  views?: ViewOptions[];
  /** Any {@link IMetricReader}: Yardstick's readers, or readers written for `@opentelemetry/sdk-metrics`. */
  readers?: IMetricReader[];
  /**
   * Accepted for `@opentelemetry/sdk-metrics` parity, where it turns on the SDK's own
   * self-observability metrics. Yardstick has none yet, so it is ignored.
   */
  sdkMetricsEnabled?: boolean;
  /**
   * Yardstick addition: drop a cumulative series after this many collections in a row without a
   * measurement (it comes back with a fresh start time). 0 or unset keeps series forever.
   */
  idleSeriesCollections?: number;
  /**
   * Yardstick addition: histograms with unit `s` get the default boundaries scaled to seconds
   * (0.005 … 10) instead of the millisecond-oriented defaults (0 … 10000). Default true; set false
   * for strict OpenTelemetry parity.
   */
  unitAwareBuckets?: boolean;
  /**
   * Which measurements may become exemplars (`OTEL_METRICS_EXEMPLAR_FILTER`): `trace_based`
   * (default: made while a sampled span is active), `always_on` or `always_off` (no overhead).
   */
  exemplarFilter?: ExemplarFilter;
  /** Yardstick addition for tests: the clock in epoch milliseconds. */
  clock?: Clock;
}

const DEFAULT_COLLECT_TIMEOUT = 30_000;

const preciseClock: Clock = () => performance.timeOrigin + performance.now();

/**
 * MeterProvider is the entry point of the SDK; it implements `@opentelemetry/api`'s MeterProvider.
 *
 * @example
 * const reader = new ManualMetricReader();
 * const provider = new MeterProvider({ readers: [reader] });
 * metrics.setGlobalMeterProvider(provider);
 * metrics.getMeter('app').createCounter('requests').add(1, { route: '/a' });
 */
export class MeterProvider implements ApiMeterProvider {
  readonly resource: Resource;
  private readonly meters = new Map<string, Meter>();
  private readonly readers: IMetricReader[];
  private readonly contexts: StreamContext[];
  private readonly clock: Clock;
  private readonly exemplarFilter: ExemplarFilter;
  private isShutdown = false;
  /** What this provider has reported: "once" is per provider, so a second provider's problems show too. */
  private readonly reported = new OnceReporter();

  constructor(options: MeterProviderOptions = {}) {
    this.resource = defaultResource().merge(options.resource ?? null);
    this.clock = options.clock ?? preciseClock;
    this.exemplarFilter = options.exemplarFilter ?? 'trace_based';
    const views = (options.views ?? []).map((v) => new View(v));
    this.readers = options.readers ?? [];
    this.contexts = this.readers.map((reader) => ({
      reader,
      views,
      clock: this.clock,
      reported: this.reported,
      idleCollections: options.idleSeriesCollections ?? 0,
      unitAwareBuckets: options.unitAwareBuckets ?? true,
      events: {
        overflow: (stream: MetricStream) =>
          this.reported.reportOnce(
            `overflow:${stream.descriptor.name}:${stream.temporality}`,
            'warn',
            `Yardstick: metric "${stream.descriptor.name}" reached its cardinality limit; new attribute sets are aggregated into the series with otel.metric.overflow=true.`,
          ),
        invalidAttributes: (stream: MetricStream, keys: string[]) =>
          this.reported.reportOnce(
            `attrs:${stream.descriptor.name}:${keys.join(',')}`,
            'warn',
            `Yardstick: metric "${stream.descriptor.name}": dropped attribute(s) ${keys.map((k) => `"${k}"`).join(', ')} with values that are not strings, numbers, booleans or arrays of them.`,
          ),
      },
    }));
    this.readers.forEach((reader, index) => {
      reader.setMetricProducer({ collect: (o?: CollectionOptions) => this.collect(index, o) });
    });
  }

  /** getMeter returns the meter of this scope; identical scopes share one meter. */
  getMeter(name: string, version = '', options: MeterOptions & { attributes?: Attributes } = {}): Meter {
    if (this.isShutdown) {
      this.reported.reportOnce(
        'meter-after-shutdown',
        'warn',
        'Yardstick: getMeter called after MeterProvider.shutdown(); returning a no-op meter.',
      );
      // A meter with no readers: every instrument it creates records nothing.
      return new Meter(
        { name: String(name) },
        {
          readers: [],
          exemplarFilter: 'always_off',
          clock: this.clock,
          reported: this.reported,
        },
      );
    }
    if (typeof name !== 'string' || name === '') {
      this.reported.reportOnce(
        'meter-name',
        'warn',
        `Yardstick: getMeter called with an invalid name (${JSON.stringify(name)}); the meter works but its scope has that name.`,
      );
    }
    const scopeName = typeof name === 'string' ? name : String(name);
    const key = JSON.stringify([scopeName, version ?? '', options.schemaUrl ?? '', sortedEntries(options.attributes)]);
    let meter = this.meters.get(key);
    if (meter === undefined) {
      const scope = {
        name: scopeName,
        // As @opentelemetry/sdk-metrics: '' when no version is given (exporters leave it out).
        version: typeof version === 'string' ? version : '',
        schemaUrl: options.schemaUrl || undefined,
        ...(options.attributes ? { attributes: options.attributes } : {}),
      };
      meter = new Meter(scope, {
        readers: this.contexts,
        exemplarFilter: this.exemplarFilter,
        clock: this.clock,
        reported: this.reported,
      });
      this.meters.set(key, meter);
    }
    return meter;
  }

  /** register sets this provider as the global meter provider of `@opentelemetry/api`. */
  register(): boolean {
    return metrics.setGlobalMeterProvider(this);
  }

  /** forceFlush flushes every reader, within the optional timeout. */
  async forceFlush(options?: ForceFlushOptions): Promise<void> {
    if (this.isShutdown) {
      this.reported.reportOnce('flush-after-shutdown', 'warn', 'Yardstick: forceFlush called after shutdown.');
      return;
    }
    await Promise.all(this.readers.map((r) => r.forceFlush(options)));
  }

  /** shutdown flushes and stops every reader once; later meters are no-ops. */
  async shutdown(options?: ShutdownOptions): Promise<void> {
    if (this.isShutdown) {
      this.reported.reportOnce(
        'provider-shutdown-twice',
        'warn',
        'Yardstick: shutdown may only be called once per MeterProvider.',
      );
      return;
    }
    this.isShutdown = true;
    await Promise.all(this.readers.map((r) => r.shutdown(options)));
  }

  /** collect builds the collection of reader `index`: callbacks first, then every stream. */
  private async collect(index: number, options?: CollectionOptions): Promise<CollectionResult> {
    const errors: unknown[] = [];
    const timeout = options?.timeoutMillis ?? DEFAULT_COLLECT_TIMEOUT;
    const meters = [...this.meters.values()];
    const running = meters.filter((m) => m.callbacks.size > 0).map((m) => m.callbacks.run(index, timeout, errors));
    if (running.length > 0) await withTimeout(Promise.all(running), timeout).catch((e) => errors.push(e));
    const now = this.clock();
    const scopeMetrics: ScopeMetrics[] = [];
    const pauser = new Pauser();
    for (const meter of meters) {
      const metricsOfScope = await meter.collectMetrics(index, now, pauser);
      if (metricsOfScope.length > 0) scopeMetrics.push({ scope: meter.scope, metrics: metricsOfScope });
    }
    return { resourceMetrics: { resource: this.resource, scopeMetrics }, errors };
  }
}

function sortedEntries(attrs: Attributes | undefined): unknown[] {
  return attrs ? Object.entries(attrs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : [];
}
