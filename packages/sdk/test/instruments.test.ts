import { type Attributes, metrics } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, ManualMetricReader, MeterProvider } from '@yardstick/sdk';
import { findMetric, findPoint } from '@yardstick/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { captureDiag } from './helpers.js';

function setup(temporality = AggregationTemporality.CUMULATIVE) {
  const reader = new ManualMetricReader({ aggregationTemporalitySelector: () => temporality });
  const provider = new MeterProvider({ readers: [reader] });
  return { reader, provider, meter: provider.getMeter('test') };
}

async function collect(reader: ManualMetricReader) {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  return resourceMetrics;
}

describe('the issue example through @opentelemetry/api', () => {
  afterEach(() => metrics.disable());

  it('records via the global meter provider and collects correct data', async () => {
    const reader = new ManualMetricReader();
    const provider = new MeterProvider({ readers: [reader] });
    expect(metrics.setGlobalMeterProvider(provider)).toBe(true);
    metrics.getMeter('app').createCounter('requests').add(1, { route: '/a' });
    metrics.getMeter('app').createCounter('requests').add(2, { route: '/a' });
    const rm = await collect(reader);
    expect(rm.scopeMetrics[0]?.scope.name).toBe('app');
    const m = findMetric(rm, 'requests');
    expect(m?.dataPointType).toBe(DataPointType.SUM);
    expect(findPoint(m, { route: '/a' })?.value).toBe(3);
  });
});

describe('Counter', () => {
  it('sums per attribute set regardless of key order', async () => {
    const { reader, meter } = setup();
    const c = meter.createCounter('c');
    c.add(1, { a: '1', b: 2 });
    c.add(2, { b: 2, a: '1' });
    c.add(4, { a: '1' });
    c.add(8);
    const m = findMetric(await collect(reader), 'c');
    expect(m?.dataPoints).toHaveLength(3);
    expect(findPoint(m, { a: '1', b: 2 })?.value).toBe(3);
    expect(findPoint(m, { a: '1' })?.value).toBe(4);
    expect(findPoint(m, {})?.value).toBe(8);
    expect(m && 'isMonotonic' in m && m.isMonotonic).toBe(true);
  });

  it('stays correct when the same attributes object is mutated between calls', async () => {
    const { reader, meter } = setup();
    const c = meter.createCounter('c');
    const attrs: Record<string, string> = { status: '200' };
    c.add(1, attrs);
    attrs.status = '500';
    c.add(1, attrs);
    attrs.extra = 'x';
    c.add(1, attrs);
    const m = findMetric(await collect(reader), 'c');
    expect(findPoint(m, { status: '200' })?.value).toBe(1);
    expect(findPoint(m, { status: '500' })?.value).toBe(1);
    expect(findPoint(m, { status: '500', extra: 'x' })?.value).toBe(1);
  });

  it('keeps every series under cumulative temporality and only updated ones under delta', async () => {
    const cumulative = setup();
    const delta = setup(AggregationTemporality.DELTA);
    for (const { meter } of [cumulative, delta]) {
      const c = meter.createCounter('c');
      c.add(1, { k: 'a' });
      c.add(1, { k: 'b' });
    }
    await collect(cumulative.reader);
    const firstDelta = findMetric(await collect(delta.reader), 'c');
    expect(firstDelta?.dataPoints).toHaveLength(2);
    for (const { meter } of [cumulative, delta]) meter.createCounter('c').add(5, { k: 'a' });
    const cm = findMetric(await collect(cumulative.reader), 'c');
    const dm = findMetric(await collect(delta.reader), 'c');
    expect(cm?.dataPoints.map((p) => p.value).sort()).toEqual([1, 6]);
    expect(dm?.dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{ k: 'a' }, 5]]);
    expect(findMetric(await collect(delta.reader), 'c')).toBeUndefined();
  });

  it('uses a fixed start time for cumulative points and advancing windows for delta', async () => {
    let now = 1_000_000;
    const clock = () => now;
    const cr = new ManualMetricReader();
    const dr = new ManualMetricReader({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
    const provider = new MeterProvider({ readers: [cr, dr], clock });
    const c = provider.getMeter('t').createCounter('c');
    now += 1000; // instrument created at 1_000_000; first measurement at 1_001_000
    c.add(1);
    now += 1000;
    const c1 = findPoint(findMetric(await collect(cr), 'c'));
    const d1 = findPoint(findMetric(await collect(dr), 'c'));
    expect(c1?.startTime).toEqual([1001, 0]);
    expect(c1?.endTime).toEqual([1002, 0]);
    expect(d1?.startTime).toEqual([1000, 0]);
    c.add(1);
    now += 1000;
    const c2 = findPoint(findMetric(await collect(cr), 'c'));
    const d2 = findPoint(findMetric(await collect(dr), 'c'));
    expect(c2?.startTime).toEqual([1001, 0]);
    expect(c2?.endTime).toEqual([1003, 0]);
    expect(d2?.startTime).toEqual([1002, 0]);
    expect(d2?.endTime).toEqual([1003, 0]);
  });
});

describe('UpDownCounter, Histogram and Gauge', () => {
  it('up-down counters go both ways and are not monotonic', async () => {
    const { reader, meter } = setup();
    const u = meter.createUpDownCounter('u');
    u.add(5);
    u.add(-8);
    const m = findMetric(await collect(reader), 'u');
    expect(findPoint(m)?.value).toBe(-3);
    expect(m && 'isMonotonic' in m && m.isMonotonic).toBe(false);
  });

  it('histograms put a value equal to a boundary into the bucket it closes', async () => {
    const { reader, meter } = setup();
    const h = meter.createHistogram('h', { advice: { explicitBucketBoundaries: [1, 10] } });
    for (const v of [0, 1, 1.5, 10, 11]) h.record(v);
    const p = findPoint<{ buckets: { counts: number[] }; min: number; max: number; sum: number; count: number }>(
      findMetric(await collect(reader), 'h'),
    );
    expect(p?.value.buckets.counts).toEqual([2, 2, 1]);
    expect([p?.value.min, p?.value.max, p?.value.sum, p?.value.count]).toEqual([0, 11, 23.5, 5]);
  });

  it('gauges report the last value', async () => {
    const { reader, meter } = setup();
    const g = meter.createGauge('g');
    g.record(3, { a: 1 });
    g.record(-1, { a: 1 });
    expect(findPoint(findMetric(await collect(reader), 'g'), { a: 1 })?.value).toBe(-1);
  });
});

describe('bound instruments', () => {
  it('record into the same series as unbound calls and survive delta collections', async () => {
    const { reader, meter } = setup(AggregationTemporality.DELTA);
    const c = meter.createCounter('c');
    const bound = c.bind({ route: '/a' });
    bound.add(2);
    c.add(3, { route: '/a' });
    expect(findPoint(findMetric(await collect(reader), 'c'), { route: '/a' })?.value).toBe(5);
    expect(findMetric(await collect(reader), 'c')).toBeUndefined();
    bound.add(7);
    expect(findPoint(findMetric(await collect(reader), 'c'), { route: '/a' })?.value).toBe(7);
    bound.unbind();
    bound.add(100); // ignored after unbind
    expect(findMetric(await collect(reader), 'c')).toBeUndefined();
  });

  it('bound histograms and gauges', async () => {
    const { reader, meter } = setup();
    const h = meter.createHistogram('h').bind({ k: 'v' });
    h.record(5);
    h.record(50);
    const g = meter.createGauge('g').bind();
    g.record(9);
    const rm = await collect(reader);
    expect(findPoint<{ count: number }>(findMetric(rm, 'h'), { k: 'v' })?.value.count).toBe(2);
    expect(findPoint(findMetric(rm, 'g'))?.value).toBe(9);
  });
});

describe('remove', () => {
  it('stops exporting a series; it comes back fresh when recorded again', async () => {
    const { reader, meter } = setup();
    const c = meter.createCounter('jobs');
    c.add(4, { job: 'a' });
    c.add(1, { job: 'b' });
    await collect(reader);
    expect(c.remove({ job: 'a' })).toBe(true);
    expect(c.remove({ job: 'missing' })).toBe(false);
    let m = findMetric(await collect(reader), 'jobs');
    expect(m?.dataPoints.map((p) => p.attributes)).toEqual([{ job: 'b' }]);
    c.add(2, { job: 'a' });
    m = findMetric(await collect(reader), 'jobs');
    expect(findPoint(m, { job: 'a' })?.value).toBe(2);
  });
});

describe('remove with views and bound handles', () => {
  const log = captureDiag();

  it("applies a view's custom attribute processor, so the raw attributes find the series", async () => {
    const reader = new ManualMetricReader();
    // Not a key filter: it derives an attribute, so only the generic `process` path can apply it.
    const tier = {
      process: (a: Attributes): Attributes => ({ route: a.route, tier: a.user === 'root' ? 'admin' : 'user' }),
    };
    const provider = new MeterProvider({
      readers: [reader],
      views: [{ instrumentName: 'calls', attributesProcessors: [tier] }],
    });
    const c = provider.getMeter('test').createCounter('calls');
    c.add(1, { route: '/a', user: 'u1' });
    c.add(1, { route: '/b', user: 'u1' });
    expect(findPoint(findMetric(await collect(reader), 'calls'), { route: '/a', tier: 'user' })?.value).toBe(1);
    expect(c.remove({ route: '/a', user: 'u2' })).toBe(true);
    const m = findMetric(await collect(reader), 'calls');
    expect(m?.dataPoints.map((p) => p.attributes)).toEqual([{ route: '/b', tier: 'user' }]);
  });

  it("never throws when a view's processor throws during remove", () => {
    const boom = {
      process: (a: Attributes): Attributes => {
        if (a.route === '/boom') throw new Error('processor failed');
        return a;
      },
    };
    const provider = new MeterProvider({
      readers: [new ManualMetricReader()],
      views: [{ instrumentName: 'calls', attributesProcessors: [boom] }],
    });
    const c = provider.getMeter('test').createCounter('calls');
    expect(c.remove({ route: '/boom' })).toBe(false);
    expect(log.messages.filter((m) => m.text.includes('counter "calls": remove failed'))).toHaveLength(1);
  });

  it('removes a bound series; the handle starts a fresh series on its next measurement', async () => {
    let now = 1_000;
    const reader = new ManualMetricReader();
    const provider = new MeterProvider({ readers: [reader], clock: () => now });
    const c = provider.getMeter('test').createCounter('conns');
    const bound = c.bind({ peer: 'a' });
    const other = c.bind({ peer: 'a' });
    bound.add(5);
    await collect(reader);
    now = 2_000;
    expect(c.remove({ peer: 'a' })).toBe(true);
    expect(findMetric(await collect(reader), 'conns')).toBeUndefined();
    now = 3_000;
    bound.add(2);
    other.add(1);
    const p = findPoint(findMetric(await collect(reader), 'conns'), { peer: 'a' });
    expect(p?.value).toBe(3);
    expect(p?.startTime).toEqual([3, 0]);
    // The handles re-pinned the new series: unbinding one leaves the other recording into it.
    bound.unbind();
    other.add(1);
    expect(findPoint(findMetric(await collect(reader), 'conns'), { peer: 'a' })?.value).toBe(4);
  });

  it('re-binds INT and multi-reader handles too', async () => {
    const r1 = new ManualMetricReader();
    const r2 = new ManualMetricReader({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
    const provider = new MeterProvider({ readers: [r1, r2] });
    const h = provider.getMeter('test').createHistogram('sizes', { valueType: 0 });
    const bound = h.bind({ k: 'v' });
    bound.record(4.7);
    expect(h.remove({ k: 'v' })).toBe(true);
    bound.record(9.2);
    for (const reader of [r1, r2]) {
      const p = findPoint<{ count: number; sum: number }>(findMetric(await collect(reader), 'sizes'), { k: 'v' });
      expect(p?.value).toMatchObject({ count: 1, sum: 9 });
    }
  });
});

describe('several readers', () => {
  it('each reader gets its own temporality and state', async () => {
    const cr = new ManualMetricReader();
    const dr = new ManualMetricReader({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
    const provider = new MeterProvider({ readers: [cr, dr] });
    const c = provider.getMeter('m').createCounter('c');
    c.add(1);
    await collect(dr);
    c.add(1);
    expect(findPoint(findMetric(await collect(cr), 'c'))?.value).toBe(2);
    expect(findPoint(findMetric(await collect(dr), 'c'))?.value).toBe(1);
  });

  it('a reader cannot be registered with two providers', () => {
    const reader = new ManualMetricReader();
    new MeterProvider({ readers: [reader] });
    expect(() => new MeterProvider({ readers: [reader] })).toThrow(/bound/);
  });

  it('collect after shutdown rejects; a second shutdown only logs', async () => {
    const { reader, provider } = setup();
    await provider.shutdown();
    await expect(reader.collect()).rejects.toThrow(/shutdown/);
    await provider.shutdown();
  });
});

describe('meters', () => {
  const diagBox = captureDiag();

  it('are cached by name, version, schema URL and attributes', () => {
    const { provider } = setup();
    const a = provider.getMeter('m', '1', { schemaUrl: 'u' });
    expect(provider.getMeter('m', '1', { schemaUrl: 'u' })).toBe(a);
    expect(provider.getMeter('m', '2', { schemaUrl: 'u' })).not.toBe(a);
    expect(provider.getMeter('m', '1')).not.toBe(a);
    expect(provider.getMeter('m', '1', { schemaUrl: 'u', attributes: { x: 1 } } as never)).not.toBe(a);
  });

  it('carry scope name, version and schema URL into the snapshot', async () => {
    const { reader, provider } = setup();
    provider
      .getMeter('lib', '2.0.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' })
      .createCounter('c')
      .add(1);
    const rm = await collect(reader);
    expect(rm.scopeMetrics[0]?.scope).toEqual({
      name: 'lib',
      version: '2.0.0',
      schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
    });
  });

  it('return a no-op meter after shutdown', async () => {
    const { provider } = setup();
    await provider.shutdown();
    expect(() => provider.getMeter('late').createCounter('c').add(1)).not.toThrow();
    expect(diagBox.messages.some((m) => m.text.includes('after MeterProvider.shutdown'))).toBe(true);
  });
});
