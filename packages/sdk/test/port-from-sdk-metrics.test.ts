/**
 * A program written for `@opentelemetry/sdk-metrics` 2.x with only that import changed to
 * `@yardstick/sdk` (the other OpenTelemetry imports stay). Every name and shape used from the
 * SDK is sdk-metrics'. The repo typecheck (tsconfig.check.json) compiles this file, so a shape
 * regression fails CI; the tests check that the ported program also produces the same data.
 */
import { type Attributes, type Context, ValueType } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  type AggregationOption,
  type AggregationSelector,
  AggregationTemporality,
  type AggregationTemporalitySelector,
  AggregationType,
  type CollectionResult,
  type DataPoint,
  DataPointType,
  type ExponentialHistogram,
  type ExponentialHistogramMetricData,
  type GaugeMetricData,
  type Histogram,
  type HistogramMetricData,
  type IAttributesProcessor,
  type IMetricReader,
  InMemoryMetricExporter,
  InstrumentType,
  type LastValue,
  MeterProvider,
  type MeterProviderOptions,
  type MetricCollectOptions,
  type MetricData,
  type MetricDescriptor,
  type MetricProducer,
  MetricReader,
  type MetricReaderOptions,
  PeriodicExportingMetricReader,
  type PeriodicExportingMetricReaderOptions,
  type PushMetricExporter,
  type ResourceMetrics,
  type ScopeMetrics,
  type Sum,
  type SumMetricData,
  TimeoutError,
  type ViewOptions,
  createAllowListAttributesProcessor,
  createDenyListAttributesProcessor,
} from '@yardstick/sdk';
import { describe, expect, it } from 'vitest';

// ---- the ported program -------------------------------------------------------------------

/** A pull reader written the sdk-metrics way: subclass, options passed through. */
class PullReader extends MetricReader {
  flushes = 0;
  shutdowns = 0;
  constructor(options?: MetricReaderOptions) {
    super(options);
  }
  protected override async onForceFlush(): Promise<void> {
    this.flushes++;
  }
  protected override async onShutdown(): Promise<void> {
    this.shutdowns++;
  }
}

/** A reader implementing the interface directly, without the base class. */
class InterfaceReader implements IMetricReader {
  private producer: MetricProducer | undefined;
  setMetricProducer(metricProducer: MetricProducer): void {
    if (this.producer) throw new Error('bound twice');
    this.producer = metricProducer;
  }
  selectAggregation(_instrumentType: InstrumentType): AggregationOption {
    return { type: AggregationType.DEFAULT };
  }
  selectAggregationTemporality(_instrumentType: InstrumentType): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE;
  }
  selectCardinalityLimit(_instrumentType: InstrumentType): number {
    return 2000;
  }
  collect(options?: MetricCollectOptions): Promise<CollectionResult> {
    if (!this.producer) throw new Error('not bound');
    return this.producer.collect(options);
  }
  async shutdown(): Promise<void> {}
  async forceFlush(): Promise<void> {}
}

/** A push exporter as sdk-metrics users write them, with @opentelemetry/core's result codes. */
class ArrayExporter implements PushMetricExporter {
  readonly batches: ResourceMetrics[] = [];
  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this.batches.push(metrics);
    resultCallback({ code: ExportResultCode.SUCCESS });
  }
  selectAggregationTemporality(_instrumentType: InstrumentType): AggregationTemporality {
    return AggregationTemporality.DELTA;
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

const temporalitySelector: AggregationTemporalitySelector = (type) =>
  type === InstrumentType.COUNTER ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;

const aggregationSelector: AggregationSelector = (type) =>
  type === InstrumentType.HISTOGRAM
    ? { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [1, 10, 100] } }
    : { type: AggregationType.DEFAULT };

const tagRegion: IAttributesProcessor = {
  process: (incoming: Attributes, _context?: Context): Attributes => ({ ...incoming, region: 'eu' }),
};

const views: ViewOptions[] = [
  { instrumentName: 'http.requests', attributesProcessors: [createAllowListAttributesProcessor(['route'])] },
  { instrumentName: 'jobs', attributesProcessors: [createDenyListAttributesProcessor(['job.id']), tagRegion] },
  { instrumentName: 'queue.depth', name: 'queue.size', description: 'items waiting' },
  {
    instrumentName: 'payload.size',
    aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 160 } },
  },
  { instrumentType: InstrumentType.OBSERVABLE_COUNTER, aggregation: { type: AggregationType.DROP } },
  { instrumentName: 'users', aggregationCardinalityLimit: 3 },
];

const bridgeMetric: SumMetricData = {
  descriptor: { name: 'bridge.events', description: '', unit: '{event}', valueType: ValueType.INT },
  aggregationTemporality: AggregationTemporality.CUMULATIVE,
  dataPointType: DataPointType.SUM,
  isMonotonic: true,
  dataPoints: [{ startTime: [1, 0], endTime: [2, 0], attributes: {}, value: 42 }],
};

const bridge: MetricProducer = {
  async collect(_options?: MetricCollectOptions): Promise<CollectionResult> {
    return {
      resourceMetrics: {
        resource: resourceFromAttributes({}),
        scopeMetrics: [{ scope: { name: 'bridge' }, metrics: [bridgeMetric] }],
      },
      errors: [],
    };
  },
};

function buildProgram() {
  const pull = new PullReader({
    aggregationTemporalitySelector: temporalitySelector,
    aggregationSelector,
    cardinalitySelector: (type: InstrumentType) => (type === InstrumentType.UP_DOWN_COUNTER ? 1 : 2000),
    metricProducers: [bridge],
    otelComponentType: 'pull_reader',
  });
  const direct = new InterfaceReader();
  const memory = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const periodicOptions: PeriodicExportingMetricReaderOptions = {
    exporter: memory,
    exportIntervalMillis: 60_000,
    exportTimeoutMillis: 5_000,
  };
  const arrays = new ArrayExporter();
  const readers: IMetricReader[] = [
    pull,
    direct,
    new PeriodicExportingMetricReader(periodicOptions),
    new PeriodicExportingMetricReader({ exporter: arrays, exportIntervalMillis: 60_000 }),
  ];
  const options: MeterProviderOptions = {
    resource: resourceFromAttributes({ 'service.name': 'shop' }),
    views,
    readers,
    sdkMetricsEnabled: false,
  };
  const provider = new MeterProvider(options);
  return { provider, pull, direct, memory, arrays };
}

function record(provider: MeterProvider): void {
  const meter = provider.getMeter('shop', '1.2.3');
  const requests = meter.createCounter('http.requests', { description: 'requests', unit: '{request}' });
  requests.add(2, { route: '/a', method: 'GET' });
  requests.add(3, { route: '/a', method: 'POST' });
  requests.add(1, { route: '/b' });
  meter.createCounter('jobs').add(1, { 'job.id': 'j1', kind: 'email' });
  meter.createHistogram('latency', { unit: 'ms', valueType: ValueType.DOUBLE }).record(5);
  meter.createHistogram('latency', { unit: 'ms', valueType: ValueType.DOUBLE }).record(50);
  meter.createHistogram('payload.size', { unit: 'By' }).record(1024);
  meter.createUpDownCounter('queue.depth').add(4);
  meter.createUpDownCounter('sessions').add(1, { user: 'a' });
  meter.createUpDownCounter('sessions').add(1, { user: 'b' });
  meter.createGauge('temperature').record(21.5, { room: 'lab' });
  meter.createObservableCounter('cpu.time').addCallback((r) => r.observe(10));
  const heap = meter.createObservableGauge('heap.used', { unit: 'By' });
  const rss = meter.createObservableUpDownCounter('rss');
  meter.addBatchObservableCallback(
    (r) => {
      r.observe(heap, 100);
      r.observe(rss, 200);
    },
    [heap, rss],
  );
  const users = meter.createCounter('users');
  for (const u of ['a', 'b', 'c', 'd', 'e']) users.add(1, { u });
}

function metricsOf(resourceMetrics: ResourceMetrics, scopeName: string): MetricData[] {
  const scope: ScopeMetrics | undefined = resourceMetrics.scopeMetrics.find((s) => s.scope.name === scopeName);
  return scope?.metrics ?? [];
}

function find(resourceMetrics: ResourceMetrics, name: string, scopeName = 'shop'): MetricData {
  const metric = metricsOf(resourceMetrics, scopeName).find((m) => m.descriptor.name === name);
  if (metric === undefined) throw new Error(`no metric ${name}`);
  return metric;
}

function sums(metric: MetricData): SumMetricData {
  if (metric.dataPointType !== DataPointType.SUM) throw new Error(`${metric.descriptor.name} is not a sum`);
  return metric;
}

function total(points: DataPoint<Sum>[]): Sum {
  return points.reduce((s, p) => s + p.value, 0);
}

// ---- the checks -------------------------------------------------------------------------------

describe('code written for @opentelemetry/sdk-metrics 2.x', () => {
  it('collects through a MetricReader subclass: {resourceMetrics, errors} with the same shapes', async () => {
    const { provider, pull } = buildProgram();
    record(provider);
    const { resourceMetrics, errors }: CollectionResult = await pull.collect({ timeoutMillis: 1_000 });
    expect(errors).toEqual([]);
    expect(resourceMetrics.resource.attributes['service.name']).toBe('shop');
    expect(metricsOf(resourceMetrics, 'shop').length).toBeGreaterThan(0);
    const scope = resourceMetrics.scopeMetrics.find((s) => s.scope.name === 'shop')?.scope;
    expect(scope?.version).toBe('1.2.3');

    const requests = sums(find(resourceMetrics, 'http.requests'));
    const descriptor: MetricDescriptor = requests.descriptor;
    expect(descriptor).toMatchObject({ description: 'requests', unit: '{request}', valueType: ValueType.DOUBLE });
    expect(requests.aggregationTemporality).toBe(AggregationTemporality.DELTA);
    expect(requests.isMonotonic).toBe(true);
    // The allow-list view keeps only `route`.
    expect(requests.dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{ route: '/a' }, 5],
      [{ route: '/b' }, 1],
    ]);

    const jobs = sums(find(resourceMetrics, 'jobs'));
    expect(jobs.dataPoints[0]?.attributes).toEqual({ kind: 'email', region: 'eu' });

    const latency = find(resourceMetrics, 'latency') as HistogramMetricData;
    expect(latency.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(latency.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    const h: Histogram = latency.dataPoints[0]?.value as Histogram;
    expect(h.buckets).toEqual({ boundaries: [1, 10, 100], counts: [0, 1, 1, 0] });
    expect([h.count, h.sum, h.min, h.max]).toEqual([2, 55, 5, 50]);

    const payload = find(resourceMetrics, 'payload.size') as ExponentialHistogramMetricData;
    expect(payload.dataPointType).toBe(DataPointType.EXPONENTIAL_HISTOGRAM);
    const e: ExponentialHistogram = payload.dataPoints[0]?.value as ExponentialHistogram;
    expect([e.count, e.sum, e.zeroCount]).toEqual([1, 1024, 0]);
    expect(e.positive.bucketCounts.reduce((a, b) => a + b, 0)).toBe(1);

    const queue = sums(find(resourceMetrics, 'queue.size'));
    expect([queue.descriptor.description, queue.isMonotonic, total(queue.dataPoints)]).toEqual([
      'items waiting',
      false,
      4,
    ]);

    const temperature = find(resourceMetrics, 'temperature') as GaugeMetricData;
    expect(temperature.dataPointType).toBe(DataPointType.GAUGE);
    const reading: DataPoint<LastValue> | undefined = temperature.dataPoints[0];
    expect([reading?.attributes, reading?.value]).toEqual([{ room: 'lab' }, 21.5]);

    expect(find(resourceMetrics, 'heap.used').dataPointType).toBe(DataPointType.GAUGE);
    expect(total(sums(find(resourceMetrics, 'rss')).dataPoints)).toBe(200);
    // The DROP view removes every observable counter.
    expect(metricsOf(resourceMetrics, 'shop').some((m) => m.descriptor.name === 'cpu.time')).toBe(false);

    // Reader cardinality selector (1 for up-down counters): every series lands in the overflow one.
    const sessions = sums(find(resourceMetrics, 'sessions'));
    expect(sessions.dataPoints.map((p) => p.attributes)).toEqual([{ 'otel.metric.overflow': true }]);
    expect(total(sessions.dataPoints)).toBe(2);
    // View aggregationCardinalityLimit 3: two series and the overflow one.
    const users = sums(find(resourceMetrics, 'users'));
    expect(users.dataPoints).toHaveLength(3);
    expect(total(users.dataPoints)).toBe(5);

    // The extra MetricProducer's scope is appended.
    expect(find(resourceMetrics, 'bridge.events', 'bridge')).toEqual(bridgeMetric);
  });

  it('serves several readers with their own temporality; the delta reader resets', async () => {
    const { provider, pull, direct } = buildProgram();
    record(provider);
    await pull.collect();
    const second = await pull.collect();
    expect(metricsOf(second.resourceMetrics, 'shop').some((m) => m.descriptor.name === 'http.requests')).toBe(false);
    const cumulative = (await direct.collect()).resourceMetrics;
    const requests = sums(find(cumulative, 'http.requests'));
    expect(requests.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    expect(total(requests.dataPoints)).toBe(6);
  });

  it('pushes through PeriodicExportingMetricReader to InMemoryMetricExporter and a custom exporter', async () => {
    const { provider, memory, arrays } = buildProgram();
    record(provider);
    await provider.forceFlush({ timeoutMillis: 5_000 });
    const exported: ResourceMetrics[] = memory.getMetrics();
    expect(exported).toHaveLength(1);
    expect(total(sums(find(exported[0] as ResourceMetrics, 'http.requests')).dataPoints)).toBe(6);
    const delta = sums(find(arrays.batches[0] as ResourceMetrics, 'http.requests'));
    expect(delta.aggregationTemporality).toBe(AggregationTemporality.DELTA);
    memory.reset();
    expect(memory.getMetrics()).toEqual([]);
    await provider.shutdown();
  });

  it('flushes and shuts down subclassed readers through onForceFlush and onShutdown', async () => {
    const { provider, pull } = buildProgram();
    await provider.forceFlush();
    await provider.shutdown({ timeoutMillis: 1_000 });
    expect([pull.flushes, pull.shutdowns]).toEqual([1, 1]);
    await expect(pull.collect()).rejects.toThrow();
  });

  it('reports a callback that misses the collection timeout as a TimeoutError in errors', async () => {
    const { provider, pull } = buildProgram();
    provider
      .getMeter('slow')
      .createObservableGauge('never')
      .addCallback(() => new Promise<void>(() => {}));
    const { errors } = await pull.collect({ timeoutMillis: 20 });
    expect(errors.some((e) => e instanceof TimeoutError)).toBe(true);
  });
});
