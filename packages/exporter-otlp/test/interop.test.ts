/**
 * Interoperability both ways: this exporter under @opentelemetry/sdk-metrics' reader, and
 * OpenTelemetry JS exporters/serializers accepting what @yardstick/sdk collects.
 */
import { ProtobufMetricsSerializer as OtelProto } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes as otelResource } from '@opentelemetry/resources';
import {
  AggregationTemporality as OtelTemporality,
  InMemoryMetricExporter as OtelInMemoryExporter,
  MeterProvider as OtelMeterProvider,
  PeriodicExportingMetricReader as OtelPeriodicReader,
  type PushMetricExporter as OtelPushMetricExporter,
  type ResourceMetrics as OtelResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { AggregationType, MeterProvider, PeriodicExportingMetricReader, resourceFromAttributes } from '@yardstick/sdk';
import { TestMetricReader } from '@yardstick/sdk/testing';
import { describe, expect, it } from 'vitest';
import { ProtobufMetricsSerializer } from '../src/index.js';
import { useLoopbackExporter } from './helpers/loopback-exporter.js';
import { decodeRequest, metricsOf } from './helpers/otlp-decoder.js';

const loopback = useLoopbackExporter();

function record(meterProvider: { getMeter(name: string, version?: string): import('@opentelemetry/api').Meter }) {
  const meter = meterProvider.getMeter('interop', '1.0.0');
  const counter = meter.createCounter('jobs.done', { description: 'Jobs done', unit: '{job}' });
  const histogram = meter.createHistogram('job.duration', { unit: 'ms' });
  const updown = meter.createUpDownCounter('queue.size', { valueType: 0 /* INT */ });
  for (let i = 0; i < 20; i++) {
    counter.add(1, { queue: i % 2 === 0 ? 'even' : 'odd' });
    histogram.record(i * 7.5, { queue: 'all' });
    updown.add(i % 3 === 0 ? -1 : 2);
  }
}

describe('OTLPMetricExporter under @opentelemetry/sdk-metrics', () => {
  it('exports what the OpenTelemetry JS SDK collects, byte-equivalent to otlp-transformer', async () => {
    const receiver = await loopback.startReceiver();
    const exporter = loopback.createExporter(receiver.url, { temporalityPreference: 'delta' });
    const reader = new OtelPeriodicReader({
      exporter: exporter satisfies OtelPushMetricExporter,
      exportIntervalMillis: 60_000,
    });
    const provider = new OtelMeterProvider({
      resource: otelResource({ 'service.name': 'otel-sdk-app' }),
      readers: [reader],
    });
    record(provider);
    await provider.forceFlush();
    const report = await exporter.forceFlush();
    expect(report).toMatchObject({ exportedBatches: 1, exportedDataPoints: 4, ok: true });
    expect(receiver.requests).toHaveLength(1);
    const decoded = decodeRequest(receiver.requests[0].body);
    const metrics = metricsOf(decoded);
    expect(metrics.map((m: { name: string }) => m.name).sort()).toEqual(['job.duration', 'jobs.done', 'queue.size']);
    const counter = metrics.find((m: { name: string }) => m.name === 'jobs.done');
    expect(counter.sum).toMatchObject({ aggregationTemporality: 1, isMonotonic: true }); // delta preference honoured
    expect(counter.sum.dataPoints.map((p: { asDouble: number }) => p.asDouble)).toEqual([10, 10]);
    const updown = metrics.find((m: { name: string }) => m.name === 'queue.size');
    expect(updown.sum.aggregationTemporality).toBe(2); // up-down counters stay cumulative
    expect(updown.sum.dataPoints[0].asInt).toBe(String(7 * -1 + 13 * 2));

    // the same collection through otlp-transformer decodes to the same request
    const collector = new OtelInMemoryExporter(OtelTemporality.DELTA);
    const second = new OtelMeterProvider({
      resource: otelResource({ 'service.name': 'otel-sdk-app' }),
      readers: [new OtelPeriodicReader({ exporter: collector, exportIntervalMillis: 60_000 })],
    });
    record(second);
    await second.forceFlush();
    const [rm] = collector.getMetrics() as OtelResourceMetrics[];
    const ours = decodeRequest(ProtobufMetricsSerializer.serializeRequest(rm as never) as Uint8Array);
    expect(ours).toEqual(decodeRequest(OtelProto.serializeRequest(rm) as Uint8Array));
    await Promise.all([provider.shutdown(), second.shutdown()]);
  });
});

describe('@yardstick/sdk with this exporter and with OpenTelemetry JS exporters', () => {
  it('PeriodicExportingMetricReader + OTLPMetricExporter: shutdown flushes the last collection', async () => {
    const receiver = await loopback.startReceiver();
    const exporter = loopback.createExporter(receiver.url);
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'yardstick-job' }),
      readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 })],
    });
    record(provider);
    await provider.shutdown();
    expect(exporter.report()).toMatchObject({ exportedBatches: 1, exportedDataPoints: 4, ok: true });
    const decoded = decodeRequest(receiver.requests[0].body);
    const attrs = decoded.resourceMetrics[0].resource.attributes;
    expect(attrs).toContainEqual({ key: 'service.name', value: { stringValue: 'yardstick-job' } });
    expect(decoded.resourceMetrics[0].scopeMetrics[0].scope).toMatchObject({ name: 'interop', version: '1.0.0' });
  });

  it('OpenTelemetry InMemoryMetricExporter accepts Yardstick snapshots from PeriodicExportingMetricReader', async () => {
    const otelExporter = new OtelInMemoryExporter(OtelTemporality.CUMULATIVE);
    const provider = new MeterProvider({
      readers: [
        new PeriodicExportingMetricReader({
          exporter: otelExporter as never,
          exportIntervalMillis: 60_000,
        }),
      ],
    });
    record(provider);
    await provider.forceFlush();
    const batches = otelExporter.getMetrics();
    expect(batches).toHaveLength(1);
    const names = batches[0].scopeMetrics[0].metrics.map((m) => m.descriptor.name).sort();
    expect(names).toEqual(['job.duration', 'jobs.done', 'queue.size']);
    await provider.shutdown();
  });

  it('otlp-transformer encodes Yardstick snapshots to the same request as this serializer', async () => {
    const reader = new TestMetricReader();
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'svc' }),
      readers: [reader],
      views: [{ instrumentName: 'job.duration', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
    });
    record(provider);
    const meter = provider.getMeter('interop', '1.0.0');
    meter.createGauge('temperature').record(21.5, { room: 'lab' });
    const { resourceMetrics } = await reader.collect();
    const kinds = resourceMetrics.scopeMetrics[0].metrics.map((m) => m.dataPointType).sort();
    expect(kinds).toEqual([1, 2, 3, 3]); // exponential histogram, gauge, two sums
    const ours = decodeRequest(ProtobufMetricsSerializer.serializeRequest(resourceMetrics) as Uint8Array);
    const theirs = decodeRequest(
      OtelProto.serializeRequest(resourceMetrics as unknown as OtelResourceMetrics) as Uint8Array,
    );
    expect(ours).toEqual(theirs);
    await provider.shutdown();
  });
});
