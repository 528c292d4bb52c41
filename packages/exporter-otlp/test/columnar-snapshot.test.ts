/**
 * Yardstick's own snapshots carry their points as columns, which the protobuf encoder reads
 * directly. These tests pin that fast path to the object path and to otlp-transformer: the same
 * collection must encode to the same request whichever way its points are read.
 */
import { ValueType } from '@opentelemetry/api';
import { ProtobufMetricsSerializer as OtelProto } from '@opentelemetry/otlp-transformer';
import type { ResourceMetrics as OtelResourceMetrics } from '@opentelemetry/sdk-metrics';
import { type ResourceMetrics, pointColumns } from '@yardstick/core';
import { AggregationTemporality, ManualMetricReader, MeterProvider } from '@yardstick/sdk';
import { describe, expect, it } from 'vitest';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '../src/index.js';
import { decodeJsonRequest, decodeRequest } from './helpers/otlp-decoder.js';

/** A copy whose metrics are plain objects (reading dataPoints builds them; no columns). */
function plainCopy(rm: ResourceMetrics): ResourceMetrics {
  return {
    resource: rm.resource,
    scopeMetrics: rm.scopeMetrics.map((sm) => ({ scope: sm.scope, metrics: sm.metrics.map((m) => ({ ...m })) })),
  };
}

async function collectWorkload(temporality: AggregationTemporality): Promise<ResourceMetrics> {
  const reader = new ManualMetricReader({ aggregationTemporalitySelector: () => temporality });
  const provider = new MeterProvider({ readers: [reader] });
  const meter = provider.getMeter('columns', '1.0.0');
  const requests = meter.createCounter('requests', { unit: '{request}', valueType: ValueType.INT });
  const bytes = meter.createCounter('bytes', { unit: 'By' });
  const queue = meter.createUpDownCounter('queue');
  const temperature = meter.createGauge('temperature', { unit: 'Cel' });
  const latency = meter.createHistogram('latency', { unit: 'ms', advice: { explicitBucketBoundaries: [1, 10, 100] } });
  const sizes = meter.createHistogram('sizes');
  for (let i = 0; i < 300; i++) {
    const attrs = { route: `/r/${i % 37}`, method: i % 3 === 0 ? 'POST' : 'GET' };
    requests.add(1 + (i % 4), attrs);
    bytes.add(i * 1.5, attrs);
    queue.add(i % 2 === 0 ? 3 : -5, { shard: i % 5 });
    temperature.record(20 + i / 7, { room: `r${i % 3}` });
    latency.record((i * 7.3) % 250, attrs);
  }
  sizes.bind({ empty: true });
  const { resourceMetrics } = await reader.collect();
  return resourceMetrics;
}

describe('columnar snapshots encode exactly like their data points', () => {
  for (const temporality of [AggregationTemporality.CUMULATIVE, AggregationTemporality.DELTA]) {
    const label = temporality === AggregationTemporality.DELTA ? 'delta' : 'cumulative';

    it(`protobuf, ${label}: columns = plain points = otlp-transformer`, async () => {
      const rm = await collectWorkload(temporality);
      const metrics = rm.scopeMetrics.flatMap((sm) => sm.metrics);
      // The fast path is really taken: every metric here is collected as columns.
      // (A delta stream has no point for the bound series that saw no measurement.)
      expect(metrics.length).toBe(temporality === AggregationTemporality.DELTA ? 5 : 6);
      for (const m of metrics) expect(pointColumns(m), m.descriptor.name).toBeDefined();

      const ours = decodeRequest(ProtobufMetricsSerializer.serializeRequest(rm) as Uint8Array);
      const plain = plainCopy(rm);
      const fromPoints = decodeRequest(ProtobufMetricsSerializer.serializeRequest(plain) as Uint8Array);
      const theirs = decodeRequest(OtelProto.serializeRequest(plain as unknown as OtelResourceMetrics) as Uint8Array);
      expect(ours).toEqual(fromPoints);
      expect(ours).toEqual(theirs);
    });

    it(`JSON, ${label}: the same request as protobuf`, async () => {
      const rm = await collectWorkload(temporality);
      const json = decodeJsonRequest(JsonMetricsSerializer.serializeRequest(rm) as Uint8Array);
      const rm2 = await collectWorkload(temporality);
      const proto = decodeRequest(ProtobufMetricsSerializer.serializeRequest(rm2) as Uint8Array);
      // Two collections differ only in timestamps; compare without them.
      const strip = (x: unknown) =>
        JSON.parse(JSON.stringify(x, (k, v) => (k === 'timeUnixNano' || k === 'startTimeUnixNano' ? undefined : v)));
      expect(strip(json)).toEqual(strip(proto));
    });
  }
});
