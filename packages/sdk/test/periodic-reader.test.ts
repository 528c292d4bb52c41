import type { ResourceMetrics } from '@yardstick/core';
import { InstrumentType } from '@yardstick/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type ExportResult, ExportResultCode, type PushMetricExporter } from '../src/exporter.js';
import { MeterProvider } from '../src/meter-provider.js';
import { PeriodicExportingMetricReader } from '../src/periodic-reader.js';
import { findMetric, findPoint } from '../src/testing/index.js';
import { captureDiag } from './helpers.js';

/** RecordingExporter is the collaborator: it records calls and answers after `delayMs` with `result`. */
class RecordingExporter implements PushMetricExporter {
  delayMs = 0;
  result: ExportResult = { code: ExportResultCode.SUCCESS };
  throwOnExport = false;
  /** The `requests` total seen by each export call, read when the call arrives. */
  readonly values: (number | undefined)[] = [];
  readonly events: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  forceFlushCalls = 0;
  shutdownCalls = 0;

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    if (this.throwOnExport) throw new Error('exporter exploded');
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.values.push(findPoint<number>(findMetric(metrics, 'requests'))?.value);
    this.events.push('export');
    const result = this.result;
    setTimeout(() => {
      this.inFlight--;
      this.events.push('done');
      resultCallback(result);
    }, this.delayMs);
  }

  async forceFlush(): Promise<void> {
    this.forceFlushCalls++;
    this.events.push('forceFlush');
  }

  async shutdown(): Promise<void> {
    this.shutdownCalls++;
    this.events.push('shutdown');
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, what: string, limitMs = 3000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const providers: MeterProvider[] = [];
afterEach(async () => {
  // Stop every timer even when a test failed halfway.
  await Promise.all(providers.splice(0).map((p) => p.shutdown().catch(() => undefined)));
});

function setup(
  options: { exportIntervalMillis?: number; exportTimeoutMillis?: number; metricProducers?: [] } = {},
  exporter = new RecordingExporter(),
) {
  const reader = new PeriodicExportingMetricReader({ exporter, ...options });
  const provider = new MeterProvider({ readers: [reader] });
  providers.push(provider);
  const counter = provider.getMeter('test').createCounter('requests');
  return { exporter, reader, provider, counter };
}

describe('PeriodicExportingMetricReader', () => {
  const diag = captureDiag();
  const errors = () => diag.messages.filter((m) => m.level === 'error').map((m) => m.text);

  it('exports the recorded data on every interval', async () => {
    const { exporter, counter } = setup({ exportIntervalMillis: 30, exportTimeoutMillis: 30 });
    counter.add(5);
    expect(exporter.values).toEqual([]);
    await waitFor(() => exporter.values.length >= 1, 'first export');
    counter.add(2);
    await waitFor(() => exporter.values.length >= 3, 'three exports');
    expect(exporter.values[0]).toBe(5);
    expect(exporter.values.at(-1)).toBe(7);
    expect(errors()).toEqual([]);
  });

  it('never has two exports in flight with an exporter slower than the interval', async () => {
    const { exporter, counter } = setup({ exportIntervalMillis: 100, exportTimeoutMillis: 100 });
    exporter.delayMs = 250;
    counter.add(1);
    await waitFor(() => exporter.values.length >= 3, 'three exports');
    expect(exporter.maxInFlight).toBe(1);
    // Each export starts only after the previous one called back.
    expect(exporter.events.slice(0, 5)).toEqual(['export', 'done', 'export', 'done', 'export']);
  });

  it('reports a timed-out export through diag and keeps exporting', async () => {
    const { exporter, counter } = setup({ exportIntervalMillis: 40, exportTimeoutMillis: 20 });
    exporter.delayMs = 150;
    counter.add(1);
    await waitFor(() => errors().some((t) => t.includes('timed out after 20ms')), 'timeout report');
    // The timed-out export still gates the next one.
    expect(exporter.inFlight).toBe(1);
    expect(exporter.values).toHaveLength(1);
    exporter.delayMs = 0;
    counter.add(1);
    await waitFor(() => exporter.values.length >= 3, 'later exports');
    expect(exporter.maxInFlight).toBe(1);
    expect(exporter.values.at(-1)).toBe(2);
  });

  it('forceFlush waits for the export in flight and exports data recorded just before', async () => {
    const { exporter, provider, counter } = setup({ exportIntervalMillis: 30, exportTimeoutMillis: 30 });
    exporter.delayMs = 150;
    counter.add(1);
    await waitFor(() => exporter.inFlight === 1, 'a tick export in flight');
    counter.add(7);
    await provider.forceFlush();
    expect(exporter.events.slice(0, 5)).toEqual(['export', 'done', 'export', 'done', 'forceFlush']);
    expect(exporter.values.slice(0, 2)).toEqual([1, 8]);
    expect(exporter.maxInFlight).toBe(1);
  });

  it('shutdown exports once more, then shuts the exporter down once', async () => {
    const { exporter, reader, counter } = setup({ exportIntervalMillis: 60_000 });
    counter.add(3);
    await Promise.all([reader.shutdown(), reader.shutdown()]);
    await reader.shutdown();
    expect(exporter.values).toEqual([3]);
    expect(exporter.events).toEqual(['export', 'done', 'forceFlush', 'shutdown']);
    expect(exporter.shutdownCalls).toBe(1);
  });

  it('stops its timer on shutdown', async () => {
    const { exporter, reader, counter } = setup({ exportIntervalMillis: 20, exportTimeoutMillis: 20 });
    counter.add(1);
    await waitFor(() => exporter.values.length >= 1, 'first export');
    await reader.shutdown();
    const after = exporter.values.length;
    await sleep(80);
    expect(exporter.values).toHaveLength(after);
  });

  it('reports a FAILED export result and keeps going', async () => {
    const { exporter, counter } = setup({ exportIntervalMillis: 30, exportTimeoutMillis: 30 });
    exporter.result = { code: ExportResultCode.FAILED, error: new Error('backend down') };
    counter.add(1);
    await waitFor(() => errors().some((t) => t.includes('metrics export failed')), 'failure report');
    exporter.result = { code: ExportResultCode.SUCCESS };
    counter.add(1);
    const failed = exporter.values.length;
    await waitFor(() => exporter.values.length >= failed + 2, 'later exports');
    expect(exporter.values.at(-1)).toBe(2);
    expect(exporter.maxInFlight).toBe(1);
  });

  it('reports an exporter that throws and a failing producer without throwing from the timer', async () => {
    const exporter = new RecordingExporter();
    exporter.throwOnExport = true;
    const { counter } = setup({ exportIntervalMillis: 20, exportTimeoutMillis: 20 }, exporter);
    counter.add(1);
    await waitFor(() => errors().length >= 2, 'two failed ticks');
    exporter.throwOnExport = false;
    await waitFor(() => exporter.values.length >= 1, 'export after recovery');

    const broken = new PeriodicExportingMetricReader({
      exporter: new RecordingExporter(),
      exportIntervalMillis: 20,
      metricProducers: [{ collect: () => Promise.reject(new Error('producer down')) }],
    });
    providers.push(new MeterProvider({ readers: [broken] }));
    await waitFor(() => errors().some((t) => t.includes('collect or export failed')), 'producer failure');
  });

  it('does not keep the process alive', () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    setup({ exportIntervalMillis: 1000 });
    expect(timers()).toBe(before);
  });

  it('validates options as @opentelemetry/sdk-metrics does', async () => {
    const exporter = new RecordingExporter();
    const make = (o: { exportIntervalMillis?: number; exportTimeoutMillis?: number }) =>
      new PeriodicExportingMetricReader({ exporter, ...o });
    expect(() => make({ exportIntervalMillis: 0 })).toThrow('exportIntervalMillis must be greater than 0');
    expect(() => make({ exportIntervalMillis: -1 })).toThrow('exportIntervalMillis must be greater than 0');
    expect(() => make({ exportTimeoutMillis: 0 })).toThrow('exportTimeoutMillis must be greater than 0');
    expect(() => make({ exportTimeoutMillis: -5 })).toThrow('exportTimeoutMillis must be greater than 0');
    expect(() => make({ exportIntervalMillis: 100, exportTimeoutMillis: 200 })).toThrow(
      'exportIntervalMillis must be greater than or equal to exportTimeoutMillis',
    );
    expect(() => make({ exportIntervalMillis: 100, exportTimeoutMillis: 100 })).not.toThrow();
    expect(() => make({ exportTimeoutMillis: 90_000 })).not.toThrow();

    // Only the interval given: the default timeout is clamped to it, so a slower export times out.
    const { exporter: slow, counter } = setup({ exportIntervalMillis: 40 });
    slow.delayMs = 80;
    counter.add(1);
    expect(diag.messages.some((m) => m.level === 'info' && m.text.includes('Clamping timeout'))).toBe(true);
    await waitFor(() => errors().some((t) => t.includes('timed out after 40ms')), 'clamped timeout');
  });
});

/** CapturingExporter keeps every batch it is given. */
class CapturingExporter implements PushMetricExporter {
  readonly batches: ResourceMetrics[] = [];
  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this.batches.push(metrics);
    resultCallback({ code: ExportResultCode.SUCCESS });
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

describe('PeriodicExportingMetricReader options shared with sdk-metrics', () => {
  it('cardinalityLimits caps each stream of that kind, overflowing into otel.metric.overflow=true', async () => {
    const exporter = new CapturingExporter();
    const reader = new PeriodicExportingMetricReader({
      exporter,
      cardinalityLimits: { default: 10, histogram: 4 },
    });
    const provider = new MeterProvider({ readers: [reader] });
    providers.push(provider);
    const meter = provider.getMeter('test');
    const counter = meter.createCounter('requests');
    const histogram = meter.createHistogram('latency');
    for (let i = 0; i < 25; i++) {
      counter.add(1, { id: i });
      histogram.record(1, { id: i });
    }
    await reader.forceFlush();
    const metrics = exporter.batches[0];
    if (metrics === undefined) throw new Error('nothing exported');
    const requests = findMetric(metrics, 'requests');
    expect(requests?.dataPoints.length).toBe(10);
    // 9 own series plus the overflow series, which took the other 16 adds.
    expect(findPoint<number>(requests, { 'otel.metric.overflow': true })?.value).toBe(16);
    expect(findMetric(metrics, 'latency')?.dataPoints.length).toBe(4);
  });

  it('keeps the 2000 default when no limit is given', () => {
    const reader = new PeriodicExportingMetricReader({ exporter: new CapturingExporter(), cardinalityLimits: {} });
    expect(reader.selectCardinalityLimit(InstrumentType.COUNTER)).toBe(2000);
  });

  it('maxExportBatchSize splits one collection into exports of at most that many points', async () => {
    const exporter = new CapturingExporter();
    const reader = new PeriodicExportingMetricReader({ exporter, maxExportBatchSize: 3 });
    const provider = new MeterProvider({ readers: [reader] });
    providers.push(provider);
    const meter = provider.getMeter('test');
    const counter = meter.createCounter('requests');
    meter.createCounter('silent');
    for (let i = 0; i < 7; i++) counter.add(i + 1, { id: i });
    meter.createUpDownCounter('other').add(1);
    await reader.forceFlush();
    const sizes = exporter.batches.map((b) =>
      b.scopeMetrics.flatMap((s) => s.metrics).reduce((n, m) => n + m.dataPoints.length, 0),
    );
    expect(sizes).toEqual([3, 3, 2]);
    const values = exporter.batches.flatMap((b) =>
      b.scopeMetrics.flatMap((s) => s.metrics.filter((m) => m.descriptor.name === 'requests')),
    );
    expect(values.flatMap((m) => m.dataPoints.map((p) => p.value as number)).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
  });

  it('rejects a maxExportBatchSize that is not a positive integer, as sdk-metrics does', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(
        () => new PeriodicExportingMetricReader({ exporter: new CapturingExporter(), maxExportBatchSize: bad }),
      ).toThrow('maxExportBatchSize must be a positive integer');
    }
  });
});
