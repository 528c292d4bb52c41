/**
 * End to end: a real Prometheus scrapes the exporter over loopback and answers PromQL about it.
 * Prometheus 2.42 asks for OpenMetrics by default, and for protobuf when native histograms are on.
 */
import { AggregationType } from '@yardstick/core';
import { MeterProvider, resourceFromAttributes } from '@yardstick/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PrometheusExporter } from '../src/index.js';
import { type PrometheusServer, startPrometheus } from './helpers/prometheus.js';

const value = (r: { value: [number, string] }[]) => Number(r[0]?.value[1]);

describe('Prometheus scrapes the exporter (classic histograms)', () => {
  let exporter: PrometheusExporter;
  let provider: MeterProvider;
  let prometheus: PrometheusServer;
  const formats: string[] = [];

  beforeAll(async () => {
    exporter = new PrometheusExporter({ host: '127.0.0.1', port: 0, preventServerStart: true });
    provider = new MeterProvider({
      readers: [exporter],
      resource: resourceFromAttributes({ 'service.name': 'e2e', 'service.instance.id': 'i-1' }),
    });
    const meter = provider.getMeter('e2e-meter', '1.0.0');
    meter.createCounter('e2e.requests', { description: 'Requests "served"' }).add(7, { route: '/a' });
    meter.createGauge('e2e.temperature', { unit: 'Cel' }).record(42.5);
    const latency = meter.createHistogram('e2e.latency', { unit: 'ms' });
    for (let v = 1; v <= 100; v++) latency.record(v);
    // Record which format Prometheus negotiates, through the public scrape() API.
    const original = exporter.scrapeChunks.bind(exporter);
    exporter.scrapeChunks = async (request) => {
      const res = await original(request);
      formats.push(res.headers['content-type']);
      return res;
    };
    await exporter.startServer();
    prometheus = await startPrometheus({ target: `127.0.0.1:${exporter.address()?.port}` });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await provider?.shutdown();
  });

  test('counter, gauge, histogram and target_info arrive with the expected values', async () => {
    await prometheus.waitFor('up{job="yardstick"}', (r) => value(r) === 1);
    const counter = await prometheus.waitFor('e2e_requests_total', (r) => r.length === 1);
    expect(counter[0].metric).toMatchObject({ route: '/a', otel_scope_name: 'e2e-meter', otel_scope_version: '1.0.0' });
    expect(value(counter)).toBe(7);
    expect(value(await prometheus.waitFor('e2e_temperature_celsius', (r) => r.length === 1))).toBe(42.5);
    const info = await prometheus.waitFor('target_info', (r) => r.length === 1);
    expect(info[0].metric).toMatchObject({ service_name: 'e2e', service_instance_id: 'i-1' });
    expect(value(await prometheus.waitFor('e2e_latency_milliseconds_count', (r) => r.length === 1))).toBe(100);
    expect(value(await prometheus.query('e2e_latency_milliseconds_sum'))).toBe(5050);
    // Values 1..100: the median falls on the le="50" boundary exactly.
    const median = value(await prometheus.query('histogram_quantile(0.5, e2e_latency_milliseconds_bucket)'));
    expect(median).toBeCloseTo(50, 6);
    const p90 = value(await prometheus.query('histogram_quantile(0.9, e2e_latency_milliseconds_bucket)'));
    expect(p90).toBeGreaterThan(75);
    expect(p90).toBeLessThanOrEqual(100);
    expect(formats[0]).toMatch(/^application\/openmetrics-text; version=1.0.0/);
  });
});

describe('Prometheus with native histograms scrapes protobuf', () => {
  let exporter: PrometheusExporter;
  let provider: MeterProvider;
  let prometheus: PrometheusServer;
  const recorded: number[] = [];

  beforeAll(async () => {
    exporter = new PrometheusExporter({ host: '127.0.0.1', port: 0, preventServerStart: true });
    provider = new MeterProvider({
      readers: [exporter],
      views: [{ instrumentName: 'e2e.native', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
    });
    const meter = provider.getMeter('native');
    const h = meter.createHistogram('e2e.native', { unit: 's' });
    // A skewed distribution over four decades (deterministic).
    for (let i = 1; i <= 2000; i++) {
      const v = 0.001 * 10 ** ((4 * ((i * 7919) % 2000)) / 2000);
      recorded.push(v);
      h.record(v);
    }
    recorded.sort((a, b) => a - b);
    meter.createCounter('e2e.native.requests').add(3);
    await exporter.startServer();
    prometheus = await startPrometheus({ target: `127.0.0.1:${exporter.address()?.port}`, nativeHistograms: true });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await provider?.shutdown();
  });

  test('histogram_quantile over the native histogram matches the recorded distribution within the scale error', async () => {
    const { resourceMetrics } = await exporter.collect();
    const point = resourceMetrics.scopeMetrics[0].metrics.find((m) => m.descriptor.name === 'e2e.native')
      ?.dataPoints[0] as { value: { scale: number } };
    const schema = Math.min(point.value.scale, 8);
    const relativeError = 2 ** (2 ** -schema) - 1;

    await prometheus.waitFor('e2e_native_requests_total', (r) => value(r) === 3);
    const count = await prometheus.waitFor('histogram_count(e2e_native_seconds)', (r) => r.length === 1);
    expect(value(count)).toBe(2000);
    expect(value(await prometheus.query('histogram_sum(e2e_native_seconds)'))).toBeCloseTo(
      recorded.reduce((a, b) => a + b, 0),
      6,
    );
    // No classic buckets were sent for it: the series is a native histogram only.
    expect(await prometheus.query('e2e_native_seconds_bucket')).toEqual([]);
    for (const q of [0.1, 0.5, 0.9, 0.99]) {
      const estimate = value(await prometheus.query(`histogram_quantile(${q}, e2e_native_seconds)`));
      const truth = recorded[Math.ceil(q * recorded.length) - 1];
      expect(
        Math.abs(estimate - truth) / truth,
        `q${q}: ${estimate} vs ${truth} (schema ${schema})`,
      ).toBeLessThanOrEqual(relativeError * 1.01);
    }
  });
});
