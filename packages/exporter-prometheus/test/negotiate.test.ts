import { describe, expect, test } from 'vitest';
import { CONTENT_TYPES, acceptsGzip, negotiateFormat } from '../src/index.js';

describe('content negotiation', () => {
  test.each([
    [undefined, 'text'],
    ['', 'text'],
    ['*/*', 'text'],
    ['text/plain', 'text'],
    ['text/plain;version=0.0.4', 'text'],
    ['application/openmetrics-text', 'openmetrics'],
    ['application/json', 'text'],
    // What Prometheus 2.42 sends by default:
    [
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
      'openmetrics',
    ],
    // … and with --enable-feature=native-histograms:
    [
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3,*/*;q=0.2',
      'protobuf',
    ],
    ['application/vnd.google.protobuf;proto=other.Message;encoding=delimited', 'text'],
    ['text/plain;q=0.9, application/openmetrics-text;version=1.0.0;q=0.5', 'text'],
    ['application/openmetrics-text;version=2.0.0', 'text'],
    ['application/openmetrics-text;q=0', 'text'],
    ['text/plain;version=1.0.0;q=1, application/openmetrics-text;q=0.2', 'openmetrics'],
  ])('Accept %s ⇒ %s', (accept, format) => {
    expect(negotiateFormat(accept)).toBe(format);
  });

  test('gzip', () => {
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('deflate, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('br')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });

  test('content types are the prometheus/common constants', () => {
    expect(CONTENT_TYPES).toEqual({
      text: 'text/plain; version=0.0.4; charset=utf-8',
      openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
      protobuf: 'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
    });
  });
});
