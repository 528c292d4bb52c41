import {
  JsonMetricsSerializer as OtelJson,
  ProtobufMetricsSerializer as OtelProto,
} from '@opentelemetry/otlp-transformer';
import type { ResourceMetrics as OtelResourceMetrics } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '../src/index.js';
import { decodeJsonRequest, decodeRequest, metricsOf } from './helpers/otlp-decoder.js';
import { transformerComparableMetrics, transformerComparableSnapshot } from './helpers/snapshots.js';

function otel(rm: unknown): OtelResourceMetrics {
  return rm as OtelResourceMetrics;
}

describe('protobuf encoding decodes to the same request as @opentelemetry/otlp-transformer', () => {
  it('for a full snapshot (resource, two scopes, every point kind)', () => {
    const rm = transformerComparableSnapshot();
    const ours = decodeRequest(ProtobufMetricsSerializer.serializeRequest(rm) as Uint8Array);
    const theirs = decodeRequest(OtelProto.serializeRequest(otel(rm)) as Uint8Array);
    expect(ours).toEqual(theirs);
    expect(metricsOf(ours).map((m: { name: string }) => m.name)).toEqual([
      'requests',
      'queue.depth',
      'temperature',
      'latency',
      'payload',
    ]);
  });

  for (const metric of transformerComparableMetrics()) {
    it(`for ${metric.descriptor.name} (dataPointType ${metric.dataPointType})`, () => {
      const rm = { resource: { attributes: {} }, scopeMetrics: [{ scope: { name: 's' }, metrics: [metric] }] };
      const ours = decodeRequest(ProtobufMetricsSerializer.serializeRequest(rm) as Uint8Array);
      expect(ours).toEqual(decodeRequest(OtelProto.serializeRequest(otel(rm)) as Uint8Array));
      expect(metricsOf(ours)[0].name).toBe(metric.descriptor.name);
    });
  }

  it('encodes the same bytes twice (attribute caches do not change output)', () => {
    const rm = transformerComparableSnapshot();
    const a = Buffer.from(ProtobufMetricsSerializer.serializeRequest(rm) as Uint8Array);
    const b = Buffer.from(ProtobufMetricsSerializer.serializeRequest(rm) as Uint8Array);
    expect(a.equals(b)).toBe(true);
  });

  it('pins the exact values (not only equality with the reference)', () => {
    const req = decodeRequest(
      ProtobufMetricsSerializer.serializeRequest(transformerComparableSnapshot()) as Uint8Array,
    );
    const rm = req.resourceMetrics[0];
    expect(rm.schemaUrl).toBe('https://opentelemetry.io/schemas/1.26.0');
    expect(rm.resource.attributes).toContainEqual({ key: 'process.pid', value: { intValue: '4242' } });
    const scope = rm.scopeMetrics[0].scope;
    expect(scope).toMatchObject({ name: 'checkout-lib', version: '1.2.3' });
    expect(scope.attributes).toEqual([
      { key: 'scope.attr', value: { stringValue: 'v' } },
      { key: 'n', value: { intValue: '7' } },
    ]);
    const [requests, depth, temperature, latency, payload] = metricsOf(req);
    expect(requests.sum).toMatchObject({ aggregationTemporality: 2, isMonotonic: true });
    expect(requests.sum.dataPoints[0]).toMatchObject({
      startTimeUnixNano: '1767225600123456789',
      timeUnixNano: '1767225660987654321',
      asDouble: 12.5,
    });
    expect(depth.sum.aggregationTemporality).toBe(1);
    expect(depth.sum.dataPoints.map((p: { asInt: string }) => p.asInt)).toEqual(['-42', String(2 ** 40 + 3)]);
    expect(depth.sum.dataPoints[0].attributes[0].value.stringValue).toBe('ünïcödé ✓');
    const floors = temperature.gauge.dataPoints[0].attributes[1];
    expect(floors.value.arrayValue.values.map((v: { intValue: string }) => v.intValue)).toEqual(['1', '2', '3']);
    const h = latency.histogram.dataPoints[0];
    expect(h).toMatchObject({ count: String(6 + 2 ** 33), sum: 1234.5, min: 0.5, max: 99.25 });
    expect(h.bucketCounts).toEqual(['1', '2', '0', '3', String(2 ** 33)]);
    expect(h.explicitBounds).toEqual([0, 5, 10, 25]);
    expect(latency.histogram.dataPoints[1].sum).toBeUndefined();
    const e = payload.exponentialHistogram.dataPoints[0];
    expect(e).toMatchObject({ scale: -2, zeroCount: '1', count: '11', min: -17, max: 4096 });
    expect(e.positive).toEqual({ offset: -3, bucketCounts: ['1', '0', '4', '300'] });
    expect(e.negative).toEqual({ offset: 2, bucketCounts: ['5'] });
  });
});

describe('JSON encoding decodes to the same request as @opentelemetry/otlp-transformer', () => {
  it('for a full snapshot', () => {
    const rm = transformerComparableSnapshot();
    const ours = decodeJsonRequest(JsonMetricsSerializer.serializeRequest(rm) as Uint8Array);
    const theirs = decodeJsonRequest(OtelJson.serializeRequest(otel(rm)) as Uint8Array);
    expect(ours).toEqual(theirs);
    // and to the same request as our protobuf bytes
    expect(ours).toEqual(decodeRequest(ProtobufMetricsSerializer.serializeRequest(rm) as Uint8Array));
  });

  it('follows the OTLP JSON mapping: camelCase, int64 as strings, enums as integers', () => {
    const text = Buffer.from(JsonMetricsSerializer.serializeRequest(transformerComparableSnapshot()) as Uint8Array);
    const json = JSON.parse(text.toString('utf8'));
    const sm = json.resourceMetrics[0].scopeMetrics[0];
    const sum = sm.metrics[0].sum;
    expect(sum.aggregationTemporality).toBe(2);
    expect(sum.dataPoints[0].startTimeUnixNano).toBe('1767225600123456789');
    expect(sum.dataPoints[0].asDouble).toBe(12.5);
    expect(sum.dataPoints[0].attributes[1]).toEqual({ key: 'code', value: { intValue: '200' } });
    expect(sm.metrics[1].sum.dataPoints[0].asInt).toBe('-42');
    const second = json.resourceMetrics[0].scopeMetrics[1];
    const h = second.metrics[0].histogram.dataPoints[0];
    expect(h.count).toBe(String(6 + 2 ** 33));
    expect(h.bucketCounts[4]).toBe(String(2 ** 33));
    expect(text.includes('_')).toBe(false); // no snake_case key anywhere in this fixture
  });
});
