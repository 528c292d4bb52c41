/**
 * Memory stays bounded when an app sends millions of distinct attribute sets: series stop at the
 * cardinality limit (overflow series included) and delta temporality frees what was not updated.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AggregationTemporality, ManualMetricReader, MeterProvider } from '@yardstick/sdk';
import { findMetric, findPoint } from '@yardstick/sdk/testing';
import { describe, expect, it } from 'vitest';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('cardinality limits', () => {
  it('1,000,000 distinct attribute sets keep the series at the limit and the heap bounded', {
    timeout: 120_000,
  }, async () => {
    const reader = new ManualMetricReader();
    const provider = new MeterProvider({ readers: [reader] });
    const counter = provider.getMeter('m').createCounter('requests');
    const histogram = provider.getMeter('m').createHistogram('latency');
    for (let i = 0; i < 10_000; i++) counter.add(1, { user: `warmup-${i}` });
    const before = heapAfterGc();
    for (let i = 0; i < 1_000_000; i++) {
      const attrs = { user: `user-${i}`, route: `/r/${i % 100}` };
      counter.add(1, attrs);
      histogram.record(i % 1000, attrs);
    }
    const growth = heapAfterGc() - before;
    const rm = (await reader.collect()).resourceMetrics;
    const c = findMetric(rm, 'requests');
    expect(c?.dataPoints).toHaveLength(2000);
    expect(findMetric(rm, 'latency')?.dataPoints).toHaveLength(2000);
    const total = c?.dataPoints.reduce((s, p) => s + (p.value as number), 0);
    expect(total).toBe(1_010_000); // nothing lost: overflow took the rest
    expect(findPoint(c, { 'otel.metric.overflow': true })?.value).toBe(1_010_000 - 1999);
    // The histogram's 2000 series exist since warm-up ended; 1M sets must not add per-set state.
    expect(growth).toBeLessThan(8 * 1024 * 1024);
  });

  it('delta temporality frees series that saw no updates, so new sets fit again', async () => {
    const reader = new ManualMetricReader({
      aggregationTemporalitySelector: () => AggregationTemporality.DELTA,
      cardinalitySelector: () => 100,
    });
    const counter = new MeterProvider({ readers: [reader] }).getMeter('m').createCounter('jobs');
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 99; i++) counter.add(1, { job: `r${round}-${i}` });
      const m = findMetric((await reader.collect()).resourceMetrics, 'jobs');
      expect(m?.dataPoints).toHaveLength(99);
      expect(findPoint(m, { 'otel.metric.overflow': true })).toBeUndefined();
    }
  });

  it('the view limit wins over the reader limit, which wins over the default', async () => {
    const reader = new ManualMetricReader({ cardinalitySelector: () => 5 });
    const provider = new MeterProvider({
      readers: [reader],
      views: [{ instrumentName: 'viewed', aggregationCardinalityLimit: 3 }],
    });
    const meter = provider.getMeter('m');
    for (let i = 0; i < 10; i++) {
      meter.createCounter('viewed').add(1, { i });
      meter.createCounter('plain').add(1, { i });
    }
    const rm = (await reader.collect()).resourceMetrics;
    expect(findMetric(rm, 'viewed')?.dataPoints).toHaveLength(3);
    expect(findMetric(rm, 'plain')?.dataPoints).toHaveLength(5);
  });
});
