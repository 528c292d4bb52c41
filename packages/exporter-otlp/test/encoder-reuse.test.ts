import { describe, expect, it } from 'vitest';
import { ProtobufMetricsEncoder, ProtobufMetricsSerializer } from '../src/index.js';
import { exportOnce } from './helpers/export.js';
import { useLoopbackExporter } from './helpers/loopback-exporter.js';
import { decodeRequest, metricsOf } from './helpers/otlp-decoder.js';
import { extendedSnapshot, transformerComparableSnapshot } from './helpers/snapshots.js';

const loopback = useLoopbackExporter();

describe('ProtobufMetricsEncoder (reused buffer)', () => {
  it('produces the same bytes as ProtobufMetricsSerializer, call after call', () => {
    const encoder = new ProtobufMetricsEncoder();
    for (const rm of [transformerComparableSnapshot(), extendedSnapshot(), transformerComparableSnapshot()]) {
      const expected = Buffer.from(ProtobufMetricsSerializer.serializeRequest(rm) as Uint8Array);
      expect(Buffer.from(encoder.encode(rm)).equals(expected)).toBe(true);
    }
  });

  it('gives memory back after a spike and stays correct', () => {
    const encoder = new ProtobufMetricsEncoder();
    const big = transformerComparableSnapshot();
    const metric = big.scopeMetrics[0].metrics[0] as { dataPoints: unknown[] };
    const template = metric.dataPoints[0] as object;
    metric.dataPoints = Array.from({ length: 40_000 }, (_, i) => ({ ...template, attributes: { i }, value: i }));
    expect(encoder.encode(big).length).toBeGreaterThan(1024 * 1024);
    const small = transformerComparableSnapshot();
    const first = Buffer.from(encoder.encode(small)); // shrinks here
    const second = Buffer.from(encoder.encode(small));
    expect(first.equals(second)).toBe(true);
    expect(decodeRequest(second)).toEqual(
      decodeRequest(ProtobufMetricsSerializer.serializeRequest(small) as Uint8Array),
    );
  });

  it('the exporter never overwrites a body it may still resend (retry during concurrent exports)', async () => {
    let failedOnce = false;
    const nameOf = (body: Buffer) => metricsOf(decodeRequest(body))[0].name as string;
    // The first 'requests' batch gets a 503 and is resent after the other exports were encoded.
    const receiver = await loopback.startReceiver(
      Array.from({ length: 4 }, () => (_req, res, body) => {
        if (nameOf(body) === 'requests' && !failedOnce) {
          failedOnce = true;
          res.writeHead(503).end();
        } else res.writeHead(200).end();
      }),
    );
    const exporter = loopback.createExporter(receiver.url, { retry: { initialBackoffMillis: 100 } });
    const a = exportOnce(exporter, transformerComparableSnapshot());
    const b = exportOnce(exporter, extendedSnapshot());
    const c = exportOnce(exporter, extendedSnapshot());
    expect([(await a).code, (await b).code, (await c).code]).toEqual([0, 0, 0]);
    const names = receiver.requests.map((r) => nameOf(r.body)).sort();
    expect(names).toEqual(['hits', 'hits', 'requests', 'requests']);
  });
});
