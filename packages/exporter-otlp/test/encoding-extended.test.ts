import { describe, expect, it } from 'vitest';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '../src/index.js';
import { decodeJsonRequest, decodeRequest, metricsOf } from './helpers/otlp-decoder.js';
import { END, extendedSnapshot } from './helpers/snapshots.js';

const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

describe('fields beyond what @opentelemetry/otlp-transformer writes', () => {
  const proto = decodeRequest(ProtobufMetricsSerializer.serializeRequest(extendedSnapshot()) as Uint8Array);
  const json = decodeJsonRequest(JsonMetricsSerializer.serializeRequest(extendedSnapshot()) as Uint8Array);

  it('protobuf and JSON decode to the same request', () => {
    expect(json).toEqual(proto);
  });

  it('encodes exemplars on sums (int values, trace and span ids) and histograms', () => {
    const [hits, , sizes, exp] = metricsOf(proto);
    const [first, second] = hits.sum.dataPoints[0].exemplars;
    expect(first).toMatchObject({
      filteredAttributes: [{ key: 'user', value: { stringValue: 'u1' } }],
      asInt: '3',
      timeUnixNano: '1767225630000000005',
      traceId: b64('0af7651916cd43dd8448eb211c80319c'),
      spanId: b64('b7ad6b7169203331'),
    });
    expect(second).toMatchObject({ asInt: '4', timeUnixNano: '1767225640000000000', traceId: '', spanId: '' });
    const h = sizes.histogram.dataPoints[0].exemplars[0];
    expect(h).toMatchObject({ asDouble: 2.5, spanId: b64('00f067aa0ba902b7'), traceId: '' });
    expect(h.timeUnixNano).toBe(`${END[0]}${String(END[1]).padStart(9, '0')}`);
    expect(exp.exponentialHistogram.dataPoints[0].exemplars[0].asDouble).toBe(0.002);
  });

  it('encodes zeroThreshold (field 14) on exponential histograms', () => {
    const exp = metricsOf(proto)[3].exponentialHistogram.dataPoints[0];
    expect(exp).toMatchObject({ zeroThreshold: 0.001, zeroCount: '2', scale: 3 });
  });

  it('encodes NaN and infinities (as "NaN"/"Infinity" strings in JSON)', () => {
    const values = metricsOf(proto)[1].gauge.dataPoints.map((p: { asDouble: number }) => p.asDouble);
    expect(values[0]).toBeNaN();
    expect(values.slice(1)).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    const text = Buffer.from(JsonMetricsSerializer.serializeRequest(extendedSnapshot()) as Uint8Array).toString();
    expect(text).toContain('"asDouble":"NaN"');
    expect(text).toContain('"asDouble":"Infinity"');
    expect(text).toContain('"asDouble":"-Infinity"');
    expect(text).toContain('"traceId":"0af7651916cd43dd8448eb211c80319c"');
  });

  it('drops a malformed trace id rather than sending garbage', () => {
    const rm = extendedSnapshot();
    const point = (rm.scopeMetrics[0].metrics[0].dataPoints as unknown as { exemplars: { traceId?: string }[] }[])[0];
    point.exemplars[0].traceId = 'not-hex-not-hex-not-hex-not-hex!';
    const req = decodeRequest(ProtobufMetricsSerializer.serializeRequest(rm) as Uint8Array);
    expect(metricsOf(req)[0].sum.dataPoints[0].exemplars[0].traceId).toBe('');
    const viaJson = decodeJsonRequest(JsonMetricsSerializer.serializeRequest(rm) as Uint8Array);
    expect(viaJson).toEqual(req);
  });

  it('grows its buffer for large requests and stays decodable', () => {
    const rm = extendedSnapshot();
    const metric = rm.scopeMetrics[0].metrics[1];
    const base = metric.dataPoints[0] as { startTime: [number, number]; endTime: [number, number] };
    const points = [];
    for (let i = 0; i < 20_000; i++) {
      points.push({ ...base, attributes: Object.freeze({ i, s: `series-${i}-${'x'.repeat(i % 50)}` }), value: i });
    }
    (metric as { dataPoints: unknown[] }).dataPoints = points;
    const bytes = ProtobufMetricsSerializer.serializeRequest(rm) as Uint8Array;
    const decoded = metricsOf(decodeRequest(bytes))[1].gauge.dataPoints;
    expect(decoded).toHaveLength(20_000);
    expect(decoded[19_999].asDouble).toBe(19_999);
    expect(decoded[12_345].attributes[1].value.stringValue).toBe(`series-12345-${'x'.repeat(12_345 % 50)}`);
  });
});

describe('deserializeResponse', () => {
  it('decodes a protobuf partial success and an empty body', async () => {
    const { encodeResponse } = await import('./helpers/otlp-decoder.js');
    const bytes = encodeResponse({ partialSuccess: { rejectedDataPoints: 3, errorMessage: 'bad points ✗' } });
    expect(ProtobufMetricsSerializer.deserializeResponse(bytes)).toEqual({
      partialSuccess: { rejectedDataPoints: 3, errorMessage: 'bad points ✗' },
    });
    expect(ProtobufMetricsSerializer.deserializeResponse(new Uint8Array())).toEqual({});
    expect(() => ProtobufMetricsSerializer.deserializeResponse(Uint8Array.of(0x0a, 0x05, 0x08))).toThrow();
  });

  it('decodes a JSON partial success', () => {
    const body = Buffer.from('{"partialSuccess":{"rejectedDataPoints":"2","errorMessage":"x"}}');
    expect(JsonMetricsSerializer.deserializeResponse(body)).toEqual({
      partialSuccess: { rejectedDataPoints: '2', errorMessage: 'x' },
    });
  });
});

describe('JSON number rendering', () => {
  it('renders integers, fractions and int64 counts exactly', () => {
    const values = [0, 7, 9, 10, 99, 100, 12345, 2147483647, 2147483648, 2 ** 53 + 2, -1, -0, 0.1, 1e21, 5e-324];
    const rm = extendedSnapshot();
    const metric = rm.scopeMetrics[0].metrics[1] as { dataPoints: unknown[] };
    const base = metric.dataPoints[0] as object;
    metric.dataPoints = values.map((value) => ({ ...base, value }));
    const counts = rm.scopeMetrics[0].metrics[2] as { dataPoints: { value: { count: number } }[] };
    counts.dataPoints[0].value.count = 2 ** 53 + 2;
    const text = Buffer.from(JsonMetricsSerializer.serializeRequest(rm) as Uint8Array).toString();
    const json = JSON.parse(text);
    const points = json.resourceMetrics[0].scopeMetrics[0].metrics[1].gauge.dataPoints;
    expect(points.map((p: { asDouble: number }) => p.asDouble)).toEqual(values);
    expect(json.resourceMetrics[0].scopeMetrics[0].metrics[2].histogram.dataPoints[0].count).toBe('9007199254740994');
    expect(decodeJsonRequest(text)).toEqual(
      decodeRequest(ProtobufMetricsSerializer.serializeRequest(rm) as Uint8Array),
    );
  });
});
