import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AggregationTemporality, AggregationType, InstrumentType } from '@yardstick/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AggregationTemporalityPreference,
  DEFAULT_METRICS_URL,
  OTLPMetricExporter,
  VERSION,
  otlpExporterOptionsFromEnv,
} from '../src/index.js';
import { type CapturedDiag, captureDiag } from './helpers/diag-capture.js';

let diag: CapturedDiag;
beforeEach(() => {
  diag = captureDiag();
});
afterEach(() => diag.stop());

const warnings = () => diag.messages.filter((m) => m.level === 'warn').map((m) => m.text);

describe('otlpExporterOptionsFromEnv', () => {
  it('returns nothing for an empty environment (defaults apply in the exporter)', () => {
    expect(otlpExporterOptionsFromEnv({})).toEqual({});
    const e = new OTLPMetricExporter({ env: {} });
    expect(e.url).toBe(DEFAULT_METRICS_URL);
    return e.shutdown();
  });

  it.each([
    ['http://collector:4318', 'http://collector:4318/v1/metrics'],
    ['http://collector:4318/', 'http://collector:4318/v1/metrics'],
    ['http://c:4318/mycollector', 'http://c:4318/mycollector/v1/metrics'],
    ['https://c/mycollector/', 'https://c/mycollector/v1/metrics'],
  ])('appends v1/metrics to the generic endpoint %s', (endpoint, url) => {
    expect(otlpExporterOptionsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }).url).toBe(url);
  });

  it('uses the per-signal endpoint as is, and it wins over the generic one', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://generic:4318',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://specific:9999/custom/path',
    };
    expect(otlpExporterOptionsFromEnv(env).url).toBe('http://specific:9999/custom/path');
    expect(otlpExporterOptionsFromEnv({ OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://s:1' }).url).toBe('http://s:1/');
  });

  it('warns about an invalid endpoint, naming the variable and the fallback', () => {
    const opts = otlpExporterOptionsFromEnv({
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'not a url',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://generic:4318',
    });
    expect(opts.url).toBe('http://generic:4318/v1/metrics');
    expect(warnings()[0]).toMatch(/OTEL_EXPORTER_OTLP_METRICS_ENDPOINT.*using the generic or default endpoint/);
  });

  it('merges headers (per-signal keys win) and percent-decodes keys and values', () => {
    const opts = otlpExporterOptionsFromEnv({
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=generic, x-tenant = a%20b%2Cc ',
      OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'API-Key=specific%3D1',
    });
    expect(opts.headers).toEqual({ 'api-key': 'specific=1', 'x-tenant': 'a b,c' });
  });

  it('skips malformed header entries without showing their values', () => {
    const opts = otlpExporterOptionsFromEnv({ OTEL_EXPORTER_OTLP_HEADERS: 'ok=1,secretvalue,bad key=x,pct=%E0%A4%A' });
    expect(opts.headers).toEqual({ ok: '1' });
    expect(warnings()).toHaveLength(3);
    expect(warnings().join()).toMatch(/entry 2 of OTEL_EXPORTER_OTLP_HEADERS/);
    expect(warnings().join()).not.toMatch(/secretvalue|%E0/);
  });

  it('reads protocol, timeout, compression, temporality and histogram aggregation (per-signal first)', () => {
    const opts = otlpExporterOptionsFromEnv({
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TIMEOUT: '5000',
      OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: '2500',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'LowMemory',
      OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION: 'base2_exponential_bucket_histogram',
    });
    expect(opts).toEqual({
      protocol: 'http/json',
      timeoutMillis: 2500,
      compression: 'gzip',
      temporalityPreference: 'lowmemory',
      defaultHistogramAggregation: 'base2_exponential_bucket_histogram',
    });
    expect(warnings()).toEqual([]);
  });

  it.each([
    ['OTEL_EXPORTER_OTLP_PROTOCOL', 'grpc', /http\/protobuf/],
    ['OTEL_EXPORTER_OTLP_METRICS_TIMEOUT', '-5', /10000 ms/],
    ['OTEL_EXPORTER_OTLP_TIMEOUT', '10s', /10000 ms/],
    ['OTEL_EXPORTER_OTLP_COMPRESSION', 'brotli', /using none/],
    ['OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', 'sometimes', /using cumulative/],
    ['OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION', 'linear', /using explicit_bucket_histogram/],
  ])('ignores invalid %s=%s with a warning naming it and the default', (name, value, fallback) => {
    expect(otlpExporterOptionsFromEnv({ [name]: value })).toEqual({});
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toContain(name);
    expect(warnings()[0]).toMatch(fallback);
  });

  it('reads TLS files (per-signal first) and warns about unreadable ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ys-otlp-'));
    writeFileSync(join(dir, 'ca.pem'), 'CA');
    writeFileSync(join(dir, 'metrics-ca.pem'), 'METRICS-CA');
    writeFileSync(join(dir, 'key.pem'), 'KEY');
    const opts = otlpExporterOptionsFromEnv({
      OTEL_EXPORTER_OTLP_CERTIFICATE: join(dir, 'ca.pem'),
      OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE: join(dir, 'metrics-ca.pem'),
      OTEL_EXPORTER_OTLP_CLIENT_KEY: join(dir, 'key.pem'),
      OTEL_EXPORTER_OTLP_METRICS_CLIENT_CERTIFICATE: join(dir, 'missing.pem'),
    });
    expect(String(opts.tls?.ca)).toBe('METRICS-CA');
    expect(String(opts.tls?.key)).toBe('KEY');
    expect(opts.tls?.cert).toBeUndefined();
    expect(warnings()[0]).toMatch(/OTEL_EXPORTER_OTLP_METRICS_CLIENT_CERTIFICATE \(ENOENT\)/);
  });

  it('code options win over the environment', async () => {
    const e = new OTLPMetricExporter({
      url: 'http://code:1/v1/metrics',
      env: { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://env:2/v1/metrics' },
    });
    expect(e.url).toBe('http://code:1/v1/metrics');
    await e.shutdown();
  });
});

describe('temporality and aggregation preferences (SPEC-NOTES §3)', () => {
  const C = AggregationTemporality.CUMULATIVE;
  const D = AggregationTemporality.DELTA;
  const kinds = [
    InstrumentType.COUNTER,
    InstrumentType.HISTOGRAM,
    InstrumentType.OBSERVABLE_COUNTER,
    InstrumentType.UP_DOWN_COUNTER,
    InstrumentType.OBSERVABLE_UP_DOWN_COUNTER,
    InstrumentType.GAUGE,
    InstrumentType.OBSERVABLE_GAUGE,
  ];
  it.each([
    ['cumulative', [C, C, C, C, C, C, C]],
    ['delta', [D, D, D, C, C, D, D]],
    ['lowmemory', [D, D, C, C, C, C, C]],
  ] as const)('%s', async (preference, expected) => {
    const e = new OTLPMetricExporter({ env: {}, temporalityPreference: preference });
    expect(kinds.map((k) => e.selectAggregationTemporality(k))).toEqual(expected);
    // the OpenTelemetry JS enum and the environment variable select the same table
    const viaEnv = new OTLPMetricExporter({ env: { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: preference } });
    expect(kinds.map((k) => viaEnv.selectAggregationTemporality(k))).toEqual(expected);
    await Promise.all([e.shutdown(), viaEnv.shutdown()]);
  });

  it('accepts AggregationTemporalityPreference values', async () => {
    const e = new OTLPMetricExporter({ env: {}, temporalityPreference: AggregationTemporalityPreference.LOWMEMORY });
    expect(e.selectAggregationTemporality(InstrumentType.OBSERVABLE_COUNTER)).toBe(C);
    expect(e.selectAggregationTemporality('COUNTER')).toBe(D);
    await e.shutdown();
  });

  it('selects exponential histograms when asked, default aggregation otherwise', async () => {
    const e = new OTLPMetricExporter({
      env: { OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION: 'base2_exponential_bucket_histogram' },
    });
    expect(e.selectAggregation(InstrumentType.HISTOGRAM)).toEqual({ type: AggregationType.EXPONENTIAL_HISTOGRAM });
    expect(e.selectAggregation(InstrumentType.COUNTER)).toEqual({ type: AggregationType.DEFAULT });
    const d = new OTLPMetricExporter({ env: {} });
    expect(d.selectAggregation(InstrumentType.HISTOGRAM)).toEqual({ type: AggregationType.DEFAULT });
    await Promise.all([e.shutdown(), d.shutdown()]);
  });
});

it('VERSION matches package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  expect(VERSION).toBe(pkg.version);
});
