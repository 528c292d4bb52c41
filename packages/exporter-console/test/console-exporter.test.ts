import { ConsoleMetricExporter, useColors } from '@yardstick/exporter-console';
import { ExportResultCode, MeterProvider, PeriodicExportingMetricReader } from '@yardstick/sdk';
import { TestMetricReader, collectOnce } from '@yardstick/sdk/testing';
import { describe, expect, it } from 'vitest';
import { sink } from './sink.js';

const ESC = '\x1b[';

function workload() {
  const reader = new TestMetricReader();
  const provider = new MeterProvider({ readers: [reader] });
  const meter = provider.getMeter('shop', '1.0.0');
  const requests = meter.createCounter('http.requests', { description: 'Requests served', unit: '{request}' });
  requests.add(12, { method: 'GET', route: '/a' });
  requests.add(3, { method: 'POST', route: '/checkout' });
  meter.createUpDownCounter('queue.depth').add(-2);
  const latency = meter.createHistogram('http.latency', {
    unit: 'ms',
    advice: { explicitBucketBoundaries: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100] },
  });
  // 1..100 ms once each: p50 ≈ 50, p90 ≈ 90, p99 ≈ 99 with linear interpolation.
  for (let v = 1; v <= 100; v++) latency.record(v, { route: '/a' });
  return { reader, provider };
}

function exportOnce(exporter: ConsoleMetricExporter, rm: Awaited<ReturnType<typeof collectOnce>>) {
  return new Promise<{ code: ExportResultCode; error?: Error }>((resolve) => exporter.export(rm, resolve));
}

describe('ConsoleMetricExporter table format', () => {
  it('prints one aligned table per metric with attribute columns and values', async () => {
    const { reader } = workload();
    const out = sink();
    const exporter = new ConsoleMetricExporter({ stream: out });
    expect((await exportOnce(exporter, await collectOnce(reader))).code).toBe(ExportResultCode.SUCCESS);
    const text = out.text();
    expect(text).not.toContain(ESC);
    const lines = text.split('\n');
    const title = lines.findIndex((l) => l.startsWith('http.requests '));
    expect(lines[title]).toContain('monotonic sum, cumulative');
    expect(lines[title]).toContain('unit {request}');
    expect(lines[title]).toContain('Requests served');
    expect(lines[title + 1]).toBe('  method  route      value');
    expect(lines[title + 2]).toBe('  GET     /a            12');
    expect(lines[title + 3]).toBe('  POST    /checkout      3');
    const queue = lines.findIndex((l) => l.startsWith('queue.depth '));
    expect(lines[queue]).toContain('(sum, cumulative');
    expect(lines[queue + 1]).toBe('  value');
    expect(lines[queue + 2]).toBe('     -2');
  });

  it('prints count, sum, min, max and p50/p90/p99 for histograms', async () => {
    const { reader } = workload();
    const out = sink();
    await exportOnce(new ConsoleMetricExporter({ stream: out }), await collectOnce(reader));
    const lines = out.text().split('\n');
    const title = lines.findIndex((l) => l.startsWith('http.latency '));
    const header = lines[title + 1].trim().split(/\s+/);
    const row = lines[title + 2].trim().split(/\s+/);
    expect(header).toEqual(['route', 'count', 'sum', 'min', 'max', 'p50', 'p90', 'p99']);
    expect(row).toEqual(['/a', '100', '5050', '1', '100', '50', '90', '99']);
    // Right alignment: every value column ends at the same offset as its header.
    expect(lines[title + 1].length).toBe(lines[title + 2].length);
  });

  it('colours a TTY and leaves NO_COLOR, pipes and forced-off streams plain', async () => {
    const { reader } = workload();
    const rm = await collectOnce(reader);
    const tty = sink(true);
    await exportOnce(new ConsoleMetricExporter({ stream: tty, colors: useColors(tty, {}) }), rm);
    expect(tty.text()).toContain(`${ESC}1;36mhttp.requests${ESC}0m`);
    expect(useColors(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColors(tty, { NO_COLOR: '' })).toBe(true);
    expect(useColors(sink(false), {})).toBe(false);
    const forcedOff = sink(true);
    await exportOnce(new ConsoleMetricExporter({ stream: forcedOff, colors: false }), rm);
    expect(forcedOff.text()).not.toContain(ESC);
  });

  it('works under PeriodicExportingMetricReader and fails exports after shutdown', async () => {
    const out = sink();
    const exporter = new ConsoleMetricExporter({ stream: out });
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('m').createCounter('jobs').add(5, { queue: 'q1' });
    await provider.forceFlush();
    expect(out.text()).toMatch(/^jobs \(monotonic sum, cumulative, scope m\)$/m);
    expect(out.text()).toMatch(/^ {2}q1 +5$/m);
    await provider.shutdown();
    const result = await exportOnce(exporter, { resource: { attributes: {} }, scopeMetrics: [] });
    expect(result.code).toBe(ExportResultCode.FAILED);
  });

  it('reports a failed write as a failed export', async () => {
    const { Writable } = await import('node:stream');
    const broken = new Writable({ write: (_c, _e, cb) => cb(new Error('disk full')) });
    broken.on('error', () => {});
    const { reader } = workload();
    const result = await exportOnce(new ConsoleMetricExporter({ stream: broken }), await collectOnce(reader));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toBe('disk full');
  });
});

describe('ConsoleMetricExporter json format', () => {
  it('writes one JSON object per data point and line, never with colours', async () => {
    const { reader } = workload();
    const out = sink(true);
    await exportOnce(
      new ConsoleMetricExporter({ stream: out, format: 'json', colors: true }),
      await collectOnce(reader),
    );
    const text = out.text();
    expect(text).not.toContain(ESC);
    const records = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records).toHaveLength(4);
    const get = records.find((r) => r.name === 'http.requests' && r.attributes.method === 'GET');
    expect(get).toMatchObject({
      scope: 'shop',
      type: 'sum',
      temporality: 'cumulative',
      monotonic: true,
      unit: '{request}',
      value: 12,
    });
    expect(Number.isNaN(Date.parse(get.time))).toBe(false);
    const h = records.find((r) => r.name === 'http.latency');
    expect(h).toMatchObject({ type: 'histogram', count: 100, sum: 5050, min: 1, max: 100, p50: 50, p90: 90, p99: 99 });
    expect(h.buckets.counts).toHaveLength(11);
  });

  it('writes non-finite values as strings so every line stays valid JSON', async () => {
    const reader = new TestMetricReader();
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('m').createGauge('temp').record(Number.POSITIVE_INFINITY);
    const out = sink();
    await exportOnce(new ConsoleMetricExporter({ stream: out, format: 'json' }), await collectOnce(reader));
    expect(JSON.parse(out.text()).value).toBe('+Inf');
  });
});
