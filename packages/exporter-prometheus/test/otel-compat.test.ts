/**
 * Same data through @opentelemetry/exporter-prometheus 0.223.0 and through Yardstick: the same
 * series with the same values. Deliberate differences, pinned here and listed in the README:
 * - Yardstick appends unit words (`_milliseconds`, `_bytes`) as the compatibility spec asks;
 *   OpenTelemetry JS does not (it only writes a `# UNIT` comment).
 * - Yardstick omits HELP when there is no description (OpenTelemetry JS writes "description missing").
 */
import { PrometheusSerializer as OtelSerializer } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider as OtelMeterProvider, MetricReader as OtelMetricReader } from '@opentelemetry/sdk-metrics';
import type { ResourceMetrics } from '@yardstick/core';
import { describe, expect, test } from 'vitest';
import { PrometheusSerializer } from '../src/index.js';
import { parseSamples } from './helpers/parse-text.js';
import { checkMetrics } from './helpers/promtool.js';

class CollectingReader extends OtelMetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

async function collectFromOtel(withUnits: boolean) {
  const reader = new CollectingReader();
  const provider = new OtelMeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'compat', 'host.name': 'h1' }),
    readers: [reader],
  });
  const meter = provider.getMeter('compat-meter', '3.1.4');
  const unit = (u: string) => (withUnits ? { unit: u } : {});
  const counter = meter.createCounter('http.requests', { description: 'Requests', ...unit('{request}') });
  counter.add(3, { route: '/a', method: 'GET' });
  counter.add(4, { route: '/b', method: 'POST', 'weird.key': 'q"\\\n' });
  meter.createUpDownCounter('queue.depth', unit('{item}')).add(-5, { queue: 'q1' });
  meter.createGauge('cpu.temp', unit('Cel')).record(61.5, { core: 0 });
  const histogram = meter.createHistogram('http.duration', { description: 'Latency', ...unit('ms') });
  for (const v of [1, 7, 7, 30, 120, 9000, 20000]) histogram.record(v, { route: '/a' });
  meter.createObservableCounter('jobs.done', unit('{job}')).addCallback((r) => r.observe(11, { kind: 'x' }));
  const { resourceMetrics } = await reader.collect();
  await provider.shutdown();
  return resourceMetrics;
}

describe('output compared with @opentelemetry/exporter-prometheus 0.223.0', () => {
  test('same series and values for the same OpenTelemetry JS collection', async () => {
    const rm = await collectFromOtel(false);
    const theirs = new OtelSerializer().serialize(rm);
    const ours = new PrometheusSerializer().serialize(rm as unknown as ResourceMetrics);
    const a = parseSamples(theirs);
    const b = parseSamples(ours);
    expect(b.size).toBeGreaterThan(20);
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
    const lint = await checkMetrics(ours);
    expect(lint.errors).toEqual([]);
  });

  test('deliberate difference: unit words in names (compatibility spec), HELP only when described', async () => {
    const rm = await collectFromOtel(true);
    const theirs = new OtelSerializer().serialize(rm);
    const ours = new PrometheusSerializer().serialize(rm as unknown as ResourceMetrics);
    expect(theirs).toContain('http_duration_bucket{');
    expect(ours).toContain('http_duration_milliseconds_bucket{');
    expect(ours).toContain('cpu_temp_celsius{');
    // `{…}` annotations add nothing, so these names agree.
    expect(ours).toContain('http_requests_total{');
    expect(ours).toContain('jobs_done_total{');
    expect(theirs).toContain('description missing');
    expect(ours).not.toContain('description missing');
    // Values agree once the unit word is removed from our names.
    const a = parseSamples(theirs);
    const b = new Map(
      [...parseSamples(ours)].map(([k, v]) => [k.replace('_milliseconds', '').replace('_celsius', ''), v]),
    );
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
  });
});
