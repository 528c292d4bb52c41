import type { HistogramValue, MetricData } from '@yardstick/sdk';
import { collectOnce, findMetric, findPoint } from '@yardstick/sdk/testing';
import { PerformanceObserver } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { startRuntimeMetrics } from '../src/index.js';
import { setupProvider } from './helpers.js';

/** Allocates enough short-lived garbage to make V8 run several scavenges. */
function churn(): number {
  let keep = 0;
  for (let i = 0; i < 200; i++) {
    const junk = Array.from({ length: 2000 }, (_, j) => ({ i, j, s: `item-${j}` }));
    keep += junk.length;
  }
  return keep;
}

function values(metric: MetricData | undefined): number[] {
  return (metric?.dataPoints ?? []).map((p) => p.value as number);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startRuntimeMetrics', () => {
  it('reports event loop, GC, heap, memory, CPU, uptime and active resources with sane values', async () => {
    const { reader, provider } = setupProvider();
    const stop = startRuntimeMetrics({ meterProvider: provider, eventLoopDelayResolutionMs: 5 });
    try {
      expect(churn()).toBeGreaterThan(0);
      const timer = setTimeout(() => {}, 10_000); // a resource we know is active
      await sleep(60); // let the delay monitor sample and GC entries arrive
      const rm = await collectOnce(reader);
      clearTimeout(timer);

      for (const stat of ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99']) {
        const m = findMetric(rm, `nodejs.eventloop.delay.${stat}`);
        expect(m?.descriptor.unit, stat).toBe('s');
        const [v] = values(m);
        expect(v, stat).toBeGreaterThanOrEqual(0);
        expect(v, stat).toBeLessThan(10);
      }
      const [min] = values(findMetric(rm, 'nodejs.eventloop.delay.min'));
      const [max] = values(findMetric(rm, 'nodejs.eventloop.delay.max'));
      expect(min).toBeLessThanOrEqual(max as number);

      const [elu] = values(findMetric(rm, 'nodejs.eventloop.utilization'));
      expect(elu).toBeGreaterThan(0);
      expect(elu).toBeLessThanOrEqual(1);
      const loopTime = findMetric(rm, 'nodejs.eventloop.time');
      expect(findPoint<number>(loopTime, { 'nodejs.eventloop.state': 'active' })?.value).toBeGreaterThan(0);
      expect(findPoint<number>(loopTime, { 'nodejs.eventloop.state': 'idle' })?.value).toBeGreaterThanOrEqual(0);

      const gc = findMetric(rm, 'v8js.gc.duration');
      expect(gc?.descriptor.unit).toBe('s');
      const gcPoints = gc?.dataPoints ?? [];
      const gcCount = gcPoints.reduce((n, p) => n + (p.value as HistogramValue).count, 0);
      expect(gcCount).toBeGreaterThan(0);
      for (const p of gcPoints) {
        expect(['minor', 'major', 'incremental', 'weakcb']).toContain(p.attributes['v8js.gc.type']);
        expect((p.value as HistogramValue).buckets.boundaries).toEqual([0.01, 0.1, 1, 10]);
      }

      const used = findMetric(rm, 'v8js.memory.heap.used');
      const limit = findMetric(rm, 'v8js.memory.heap.limit');
      expect(used?.descriptor.unit).toBe('By');
      const oldUsed = findPoint<number>(used, { 'v8js.heap.space.name': 'old_space' })?.value ?? 0;
      const oldLimit = findPoint<number>(limit, { 'v8js.heap.space.name': 'old_space' })?.value ?? 0;
      expect(oldUsed).toBeGreaterThan(0);
      expect(oldUsed).toBeLessThanOrEqual(oldLimit);
      expect(findPoint(used, { 'v8js.heap.space.name': 'new_space' })).toBeDefined();
      expect(values(findMetric(rm, 'v8js.memory.heap.space.available_size')).length).toBeGreaterThan(3);
      expect(values(findMetric(rm, 'v8js.memory.heap.space.physical_size')).length).toBeGreaterThan(3);

      const [rss] = values(findMetric(rm, 'process.memory.usage'));
      expect(rss).toBeGreaterThan(10 * 1024 * 1024);
      const cpu = findMetric(rm, 'process.cpu.time');
      expect(findPoint<number>(cpu, { 'cpu.mode': 'user' })?.value).toBeGreaterThan(0);
      expect(findPoint<number>(cpu, { 'cpu.mode': 'system' })?.value).toBeGreaterThanOrEqual(0);
      const [uptime] = values(findMetric(rm, 'process.uptime'));
      expect(uptime).toBeGreaterThan(0);
      expect(uptime).toBeLessThanOrEqual(process.uptime());

      const active = findMetric(rm, 'v8js.resource.active');
      expect(active?.descriptor.unit).toBe('{resource}');
      expect(findPoint<number>(active, { 'v8js.resource.type': 'Timeout' })?.value).toBeGreaterThanOrEqual(1);
    } finally {
      stop();
    }
  });

  it('stop removes the callback and the GC observer', async () => {
    const { reader, provider } = setupProvider();
    const stop = startRuntimeMetrics({ meterProvider: provider });
    await sleep(20);
    const before = await collectOnce(reader);
    expect(values(findMetric(before, 'process.uptime'))).toHaveLength(1);
    stop();
    stop(); // idempotent
    const gcBefore = (findMetric(before, 'v8js.gc.duration')?.dataPoints ?? []).reduce(
      (n, p) => n + (p.value as HistogramValue).count,
      0,
    );
    churn();
    await sleep(30);
    const after = await collectOnce(reader);
    expect(values(findMetric(after, 'process.uptime'))).toHaveLength(0);
    expect(values(findMetric(after, 'v8js.memory.heap.used'))).toHaveLength(0);
    const gcAfter = (findMetric(after, 'v8js.gc.duration')?.dataPoints ?? []).reduce(
      (n, p) => n + (p.value as HistogramValue).count,
      0,
    );
    // Cumulative histogram: no new GC was recorded after stop.
    expect(gcAfter).toBe(gcBefore);
  });

  it('a second start on the same provider shares the first and reports each value once', async () => {
    const { reader, provider } = setupProvider();
    // An independent count of GC entries over a window that encloses the metrics' window.
    let seen = 0;
    const witness = new PerformanceObserver((list) => {
      seen += list.getEntries().length;
    });
    witness.observe({ entryTypes: ['gc'] });
    const stop1 = startRuntimeMetrics({ meterProvider: provider });
    const stop2 = startRuntimeMetrics({ meterProvider: provider });
    churn();
    await sleep(50);
    let rm = await collectOnce(reader);
    witness.disconnect();
    const gcCount = (findMetric(rm, 'v8js.gc.duration')?.dataPoints ?? []).reduce(
      (n, p) => n + (p.value as HistogramValue).count,
      0,
    );
    expect(gcCount).toBeGreaterThan(0);
    expect(gcCount).toBeLessThanOrEqual(seen); // two observers would count every GC twice
    expect(values(findMetric(rm, 'process.uptime'))).toHaveLength(1);
    expect(values(findMetric(rm, 'process.cpu.time'))).toHaveLength(2);
    stop1();
    rm = await collectOnce(reader);
    expect(values(findMetric(rm, 'process.uptime'))).toHaveLength(1);
    stop2();
    rm = await collectOnce(reader);
    expect(values(findMetric(rm, 'process.uptime'))).toHaveLength(0);
  });
});
