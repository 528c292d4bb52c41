/**
 * Bound counters on the fast path add to a running total that the stream moves into the series
 * whenever it is read. These tests pin what that must never change: values, temporality,
 * removal, unbinding, several readers, invalid values, and exemplars once spans can exist.
 */
import { context, diag, DiagLogLevel, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AlwaysOnSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { AggregationTemporality, ManualMetricReader, MeterProvider } from '@yardstick/sdk';
import { findMetric, findPoint } from '@yardstick/sdk/testing';
import { describe, expect, it } from 'vitest';

function setup(temporality = AggregationTemporality.CUMULATIVE) {
  const reader = new ManualMetricReader({ aggregationTemporalitySelector: () => temporality });
  const meter = new MeterProvider({ readers: [reader] }).getMeter('m');
  const value = async (name: string, attrs: Record<string, string> = {}) =>
    findPoint(findMetric((await reader.collect()).resourceMetrics, name), attrs)?.value as number | undefined;
  return { reader, meter, value };
}

describe('bound histograms', () => {
  it('record exactly what unbound calls record (buckets, count, sum, min, max), cumulative and delta', async () => {
    for (const temporality of [AggregationTemporality.CUMULATIVE, AggregationTemporality.DELTA]) {
      const { meter, reader } = setup(temporality);
      const opts = { advice: { explicitBucketBoundaries: [1, 10, 100] } };
      const bound = meter.createHistogram('bound', opts).bind({ k: 'v' });
      const plain = meter.createHistogram('plain', opts);
      const values = [0, 1, 1.5, 10, 10.01, 99, 100, 1e6, -1, Number.NaN, 3];
      for (let round = 0; round < 2; round++) {
        for (const v of values) {
          bound.record(v * (round + 1));
          plain.record(v * (round + 1), { k: 'v' });
        }
        const rm = (await reader.collect()).resourceMetrics;
        const a = findPoint(findMetric(rm, 'bound'), { k: 'v' });
        const b = findPoint(findMetric(rm, 'plain'), { k: 'v' });
        expect(a?.value).toEqual(b?.value);
        // (Start times differ by when each instrument or series was created, except for later
        // delta intervals, which start at the previous collection.)
        if (temporality === AggregationTemporality.DELTA && round > 0) expect(a?.startTime).toEqual(b?.startTime);
        expect((a?.value as { count: number } | undefined)?.count).toBe(
          temporality === AggregationTemporality.DELTA ? 9 : 9 * (round + 1),
        );
      }
    }
  });

  it('remove() and unbind() move pending measurements where they belong', async () => {
    const { meter, reader } = setup();
    const h = meter.createHistogram('lat');
    const b = h.bind({ route: '/a' });
    b.record(5);
    expect(h.remove({ route: '/a' })).toBe(true);
    expect(findMetric((await reader.collect()).resourceMetrics, 'lat')).toBeUndefined();
    b.record(7);
    b.unbind();
    b.record(1000);
    const point = findPoint(findMetric((await reader.collect()).resourceMetrics, 'lat'), { route: '/a' });
    expect(point?.value).toMatchObject({ count: 1, sum: 7, min: 7, max: 7 });
  });
});

describe('bound sums', () => {
  it('cumulative: every add is in the next collection, bound and unbound on one series', async () => {
    const { meter, value } = setup();
    const c = meter.createCounter('c');
    const b = c.bind({ k: 'v' });
    for (let i = 0; i < 1000; i++) b.add(0.5);
    c.add(7, { k: 'v' });
    expect(await value('c', { k: 'v' })).toBe(507);
    b.add(3);
    expect(await value('c', { k: 'v' })).toBe(510);
  });

  it('delta: each interval once; a bound add of 0 still reports the series', async () => {
    const { meter, value } = setup(AggregationTemporality.DELTA);
    const b = meter.createUpDownCounter('u').bind({ k: 'v' });
    b.add(5);
    b.add(-8);
    expect(await value('u', { k: 'v' })).toBe(-3);
    expect(await value('u', { k: 'v' })).toBeUndefined();
    b.add(0);
    expect(await value('u', { k: 'v' })).toBe(0);
  });

  it('invalid values are dropped and reported, valid ones kept', async () => {
    const messages: string[] = [];
    diag.setLogger(
      {
        error: (m) => messages.push(m),
        warn: (m) => messages.push(m),
        info: () => {},
        debug: () => {},
        verbose: () => {},
      },
      DiagLogLevel.WARN,
    );
    const { meter, value } = setup();
    const b = meter.createCounter('strict').bind();
    b.add(2);
    b.add(-1);
    b.add(Number.NaN);
    b.add('5' as unknown as number);
    b.add(Number.POSITIVE_INFINITY - Number.POSITIVE_INFINITY);
    b.add(1);
    expect(await value('strict')).toBe(3);
    expect(messages.some((m) => m.includes('strict'))).toBe(true);
    diag.disable();
  });

  it('remove() keeps what was added before it out of the fresh series; unbind() keeps what was added', async () => {
    const { meter, reader } = setup();
    const c = meter.createCounter('jobs');
    const b = c.bind({ job: 'a' });
    b.add(4);
    expect(c.remove({ job: 'a' })).toBe(true);
    expect(findMetric((await reader.collect()).resourceMetrics, 'jobs')).toBeUndefined();
    b.add(2); // a fresh series
    b.add(1);
    b.unbind();
    b.add(100); // ignored after unbind
    expect(findPoint(findMetric((await reader.collect()).resourceMetrics, 'jobs'), { job: 'a' })?.value).toBe(3);
  });

  it('several readers each get every add', async () => {
    const r1 = new ManualMetricReader();
    const r2 = new ManualMetricReader({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
    const b = new MeterProvider({ readers: [r1, r2] }).getMeter('m').createCounter('c').bind();
    b.add(2);
    b.add(3);
    expect(findPoint(findMetric((await r1.collect()).resourceMetrics, 'c'), {})?.value).toBe(5);
    expect(findPoint(findMetric((await r2.collect()).resourceMetrics, 'c'), {})?.value).toBe(5);
    b.add(1);
    expect(findPoint(findMetric((await r1.collect()).resourceMetrics, 'c'), {})?.value).toBe(6);
    expect(findPoint(findMetric((await r2.collect()).resourceMetrics, 'c'), {})?.value).toBe(1);
  });

  it('a context manager registered after binding is noticed at the next collection: exemplars from then on', async () => {
    const { meter, reader } = setup();
    const b = meter.createCounter('traced').bind({ q: '1' });
    b.add(1);
    await reader.collect();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const tracer = new BasicTracerProvider({ sampler: new AlwaysOnSampler() }).getTracer('t');
    await reader.collect(); // the collection that notices the context manager
    const span = tracer.startSpan('work');
    context.with(trace.setSpan(context.active(), span), () => b.add(2));
    span.end();
    const point = findPoint(findMetric((await reader.collect()).resourceMetrics, 'traced'), { q: '1' });
    expect(point?.value).toBe(3);
    expect(point?.exemplars?.[0]).toMatchObject({ value: 2, traceId: span.spanContext().traceId });
    context.disable();
  });
});
