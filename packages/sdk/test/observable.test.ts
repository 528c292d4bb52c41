import { AggregationTemporality, ManualMetricReader, MeterProvider } from '@yardstick/sdk';
import { findMetric, findPoint } from '@yardstick/sdk/testing';
import { describe, expect, it } from 'vitest';

describe('observable instruments', () => {
  it('report only series observed in this collection; delta turns totals into increments', async () => {
    const cr = new ManualMetricReader();
    const dr = new ManualMetricReader({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
    const provider = new MeterProvider({ readers: [cr, dr] });
    const meter = provider.getMeter('m');
    const oc = meter.createObservableCounter('ticks');
    let total = 0;
    let withB = true;
    oc.addCallback((r) => {
      total += 10;
      r.observe(total, { k: 'a' });
      if (withB) r.observe(1, { k: 'b' });
    });
    await cr.collect(); // total 10
    const d1 = findMetric((await dr.collect()).resourceMetrics, 'ticks'); // total 20
    expect(findPoint(d1, { k: 'a' })?.value).toBe(20);
    withB = false;
    const c2 = findMetric((await cr.collect()).resourceMetrics, 'ticks'); // 30
    expect(c2?.dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{ k: 'a' }, 30]]);
    const d2 = findMetric((await dr.collect()).resourceMetrics, 'ticks'); // 40
    expect(findPoint(d2, { k: 'a' })?.value).toBe(20);
    expect(findPoint(d2, { k: 'b' })).toBeUndefined();
  });

  it('removeCallback and removeBatchObservableCallback stop observations', async () => {
    const reader = new ManualMetricReader();
    const meter = new MeterProvider({ readers: [reader] }).getMeter('m');
    const g = meter.createObservableGauge('g');
    const u = meter.createObservableUpDownCounter('u');
    const cb = (r: { observe(v: number): void }) => r.observe(1);
    const batch = (r: { observe(o: unknown, v: number): void }) => r.observe(u, 2);
    g.addCallback(cb);
    g.addCallback(cb); // registering twice has no effect
    meter.addBatchObservableCallback(batch as never, [u]);
    let rm = (await reader.collect()).resourceMetrics;
    expect(findPoint(findMetric(rm, 'g'))?.value).toBe(1);
    expect(findPoint(findMetric(rm, 'u'))?.value).toBe(2);
    g.removeCallback(cb);
    meter.removeBatchObservableCallback(batch as never, [u]);
    rm = (await reader.collect()).resourceMetrics;
    expect(rm.scopeMetrics).toEqual([]);
  });

  it('a batch callback cannot observe instruments it was not registered with', async () => {
    const reader = new ManualMetricReader();
    const meter = new MeterProvider({ readers: [reader] }).getMeter('m');
    const a = meter.createObservableGauge('a');
    const b = meter.createObservableGauge('b');
    meter.addBatchObservableCallback(
      (r) => {
        r.observe(a, 1);
        r.observe(b, 2);
      },
      [a],
    );
    const rm = (await reader.collect()).resourceMetrics;
    expect(findPoint(findMetric(rm, 'a'))?.value).toBe(1);
    expect(findMetric(rm, 'b')).toBeUndefined();
  });
});
