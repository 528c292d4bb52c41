/**
 * Two speed measures with correctness risks, pinned here: the writer reads Yardstick's columnar
 * snapshots directly (it must render exactly what the data points say), and sliced renders reuse
 * their output buffers once released (a reused buffer must never corrupt a body still in use).
 */
import { ValueType } from '@opentelemetry/api';
import { type ResourceMetrics, pointColumns } from '@yardstick/core';
import { ManualMetricReader, MeterProvider, resourceFromAttributes } from '@yardstick/sdk';
import { afterEach, describe, expect, test } from 'vitest';
import { PrometheusExporter, PrometheusSerializer } from '../src/index.js';
import { rawRequest } from './helpers/http.js';
import { expectValidExposition, expectValidOpenMetrics } from './helpers/promtool.js';

/** record() names latency in ms, as OpenTelemetry does; promtool prefers base units. */
const MS_LINT = [/^http_latency_milliseconds use base unit "seconds" instead of "milliseconds"$/];

/** A copy whose metrics are plain objects (reading dataPoints builds them; no columns). */
function plainCopy(rm: ResourceMetrics): ResourceMetrics {
  return {
    resource: rm.resource,
    scopeMetrics: rm.scopeMetrics.map((sm) => ({ scope: sm.scope, metrics: sm.metrics.map((m) => ({ ...m })) })),
  };
}

function record(provider: MeterProvider, n: number, offset = 0): void {
  const meter = provider.getMeter('shop', '2.0.0');
  const requests = meter.createCounter('http.requests', {
    description: 'Requests "served"\n',
    valueType: ValueType.INT,
  });
  const queue = meter.createUpDownCounter('queue.depth', { unit: '{item}' });
  const temperature = meter.createGauge('room.temperature', { unit: 'Cel' });
  const latency = meter.createHistogram('http.latency', { unit: 'ms' });
  for (let i = 0; i < n; i++) {
    const attrs = { route: `/items/${i % 97}`, 'http.method': i % 2 ? 'GET' : 'POST', note: i % 5 ? 'a"b\\c' : 'ü\n' };
    requests.add(1 + ((i + offset) % 3), attrs);
    queue.add(i % 2 ? 2 : -1, { shard: i % 4 });
    temperature.record(18 + ((i + offset) % 9) / 4, { room: `r${i % 6}` });
    latency.record(((i + offset) * 13.7) % 12_000, attrs);
  }
}

async function collected(n: number): Promise<ResourceMetrics> {
  const reader = new ManualMetricReader();
  const provider = new MeterProvider({ readers: [reader], resource: resourceFromAttributes({ 'service.name': 'c' }) });
  record(provider, n);
  return (await reader.collect()).resourceMetrics;
}

describe('columnar snapshots', () => {
  test('render exactly like their data points, in text and OpenMetrics, and pass promtool', async () => {
    const rm = await collected(500);
    for (const m of rm.scopeMetrics.flatMap((sm) => sm.metrics)) expect(pointColumns(m)).toBeDefined();
    const serializer = new PrometheusSerializer();
    const text = serializer.serialize(rm);
    const openMetrics = serializer.serialize(rm, 'openmetrics');
    // Columns are dropped once dataPoints is read, so render the columns first, then the copy.
    const plain = plainCopy(rm);
    expect(text).toBe(serializer.serialize(plain));
    expect(openMetrics).toBe(serializer.serialize(plain, 'openmetrics'));
    expect(text).toContain('http_latency_milliseconds_bucket{');
    expect(text).toContain('room_temperature_celsius{');
    await expectValidExposition(text, MS_LINT);
    // OpenMetrics goes through Prometheus' parser too, which needs a timestamp on every sample.
    await expectValidOpenMetrics(new PrometheusSerializer({ appendTimestamp: true }).serialize(rm, 'openmetrics'));
  });

  test('sliced rendering of a columnar snapshot matches the one-pass rendering', async () => {
    const rm = await collected(3_000);
    const serializer = new PrometheusSerializer();
    const chunks = await serializer.serializeInSlices(rm, 'text', { sliceMillis: 0 });
    const sliced = Buffer.concat(chunks).toString('utf8');
    expect(sliced).toBe(serializer.serialize(rm));
    await expectValidExposition(sliced, MS_LINT);
  });
});

describe('output buffer reuse', () => {
  test('released chunks are reused by the next render, and each body is right when it is read', async () => {
    const reader = new ManualMetricReader();
    const provider = new MeterProvider({ readers: [reader] });
    record(provider, 5_000);
    const serializer = new PrometheusSerializer();
    const first = await serializer.serializeInSlices((await reader.collect()).resourceMetrics, 'text');
    expect(first.length).toBeGreaterThan(1);
    const firstText = Buffer.concat(first).toString('utf8');
    const memory = new Set(first.map((c) => c.buffer));
    serializer.release(first);
    serializer.release(first); // a second release of the same chunks is ignored

    record(provider, 5_000, 1); // new values, so a stale buffer would show
    const rm = (await reader.collect()).resourceMetrics;
    const expected = new PrometheusSerializer().serialize(rm);
    const second = await serializer.serializeInSlices(rm, 'text');
    expect(second.some((c) => memory.has(c.buffer))).toBe(true);
    // A buffer is lent to one body at a time, even after a double release.
    const owners = second.map((c) => c.buffer);
    expect(new Set(owners).size).toBe(owners.length);
    expect(Buffer.concat(second).toString('utf8')).toBe(expected);
    expect(expected).not.toBe(firstText);
    await Promise.all([expectValidExposition(firstText, MS_LINT), expectValidExposition(expected, MS_LINT)]);
  });

  test('bufferPoolBytes: 0 keeps nothing; foreign buffers are never taken in', async () => {
    const rm = await collected(5_000);
    const serializer = new PrometheusSerializer({ bufferPoolBytes: 0 });
    const first = await serializer.serializeInSlices(rm, 'text');
    const memory = new Set(first.map((c) => c.buffer));
    serializer.release(first);
    serializer.release([Buffer.alloc(1 << 20)]);
    const second = await serializer.serializeInSlices(rm, 'text');
    expect(second.some((c) => memory.has(c.buffer))).toBe(false);
    expect(Buffer.concat(second).equals(Buffer.concat(first))).toBe(true);
    await expectValidExposition(Buffer.concat(second), MS_LINT);
  });
});

const PAD = 'x'.repeat(200);

describe('PrometheusExporter scrapes over HTTP with reused buffers', () => {
  let exporter: PrometheusExporter | undefined;
  afterEach(async () => {
    await exporter?.shutdown();
    exporter = undefined;
  });

  test('consecutive and concurrent scrapes each get their own, correct body', async () => {
    exporter = new PrometheusExporter({ port: 0, host: '127.0.0.1', cardinalitySelector: () => 50_000 });
    const provider = new MeterProvider({ readers: [exporter] });
    await exporter.startServer();
    const url = exporter.address()?.url as string;
    const counter = provider.getMeter('m').createCounter('hits');
    for (let i = 0; i < 20_000; i++) counter.add(1, { key: `k${i}`, pad: PAD });
    // Bodies of several MB: many chunks, so reuse between scrapes really happens.
    const scrape = async () => (await rawRequest(url)).body.toString('utf8');
    const bodies: string[] = [];
    const expectTotal = (body: string, total: number) => {
      bodies.push(body);
      const lines = body.split('\n').filter((l) => l.startsWith('hits_total{'));
      expect(lines).toHaveLength(20_000);
      expect(lines.reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0)).toBe(total);
    };
    expectTotal(await scrape(), 20_000);
    for (let i = 0; i < 20_000; i++) counter.add(1, { key: `k${i}`, pad: PAD });
    const [a, b] = await Promise.all([scrape(), scrape()]);
    expectTotal(a, 40_000);
    expectTotal(b, 40_000);
    for (let i = 0; i < 20_000; i++) counter.add(2, { key: `k${i}`, pad: PAD });
    expectTotal(await scrape(), 80_000);
    for (const body of bodies) await expectValidExposition(body);
  });
});
