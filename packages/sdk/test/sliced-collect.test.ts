/**
 * Collections of large streams are built in slices: the event loop gets turns during a
 * 100k-series collection, and measurements made during those turns are not lost.
 */
import { AggregationTemporality, ManualMetricReader, MeterProvider } from '@yardstick/sdk';
import { findMetric } from '@yardstick/sdk/testing';
import { describe, expect, it } from 'vitest';

describe('sliced collection', () => {
  it('gives the event loop turns while collecting 100k series', async () => {
    const reader = new ManualMetricReader({ cardinalitySelector: () => 200_000 });
    const meter = new MeterProvider({ readers: [reader] }).getMeter('m');
    const c = meter.createCounter('c');
    const h = meter.createHistogram('h');
    for (let i = 0; i < 100_000; i++) {
      const attrs = { route: `/r/${i}` };
      c.add(1, attrs);
      h.record(i % 500, attrs);
    }
    let turns = 0;
    let done = false;
    const tick = () => {
      if (done) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const { resourceMetrics } = await reader.collect();
    done = true;
    expect(findMetric(resourceMetrics, 'c')?.dataPoints).toHaveLength(100_000);
    expect(findMetric(resourceMetrics, 'h')?.dataPoints).toHaveLength(100_000);
    expect(turns).toBeGreaterThan(1);
  });

  it('keeps delta measurements made during the pauses for the next interval', async () => {
    const reader = new ManualMetricReader({
      aggregationTemporalitySelector: () => AggregationTemporality.DELTA,
      cardinalitySelector: () => 400_000,
    });
    const c = new MeterProvider({ readers: [reader] }).getMeter('m').createCounter('c');
    // Enough series that collecting them takes several 8 ms slices, even on a fast machine.
    const N = 300_000;
    for (let i = 0; i < N; i++) c.add(1, { k: `s${i}` });
    let during = 0;
    let done = false;
    const writer = () => {
      if (done) return;
      // Hit series on both sides of the collection's cursor.
      c.add(1, { k: `s${(during * 7919) % N}` });
      during++;
      setImmediate(writer);
    };
    setImmediate(writer);
    const first = findMetric((await reader.collect()).resourceMetrics, 'c');
    done = true;
    const second = findMetric((await reader.collect()).resourceMetrics, 'c');
    const sum = (m: typeof first) => (m?.dataPoints ?? []).reduce((s, p) => s + (p.value as number), 0);
    expect(during).toBeGreaterThan(0);
    expect(sum(first) + sum(second)).toBe(N + during);
  });
});
