/**
 * Exemplars with real span contexts: a real tracer (sdk-trace-base) and the async-hooks context
 * manager, so the active span is read from @opentelemetry/api's context as in an app.
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AlwaysOffSampler, AlwaysOnSampler, BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { type ExemplarFilter, ManualMetricReader, MeterProvider } from '@yardstick/sdk';
import { findMetric, findPoint } from '@yardstick/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const contextManager = new AsyncLocalStorageContextManager();
beforeAll(() => {
  contextManager.enable();
  context.setGlobalContextManager(contextManager);
});
afterAll(() => {
  context.disable();
});

const sampledTracer = new BasicTracerProvider({ sampler: new AlwaysOnSampler() }).getTracer('t');
const unsampledTracer = new BasicTracerProvider({ sampler: new AlwaysOffSampler() }).getTracer('t');

function setup(
  exemplarFilter?: ExemplarFilter,
  views: NonNullable<ConstructorParameters<typeof MeterProvider>[0]>['views'] = [],
) {
  const reader = new ManualMetricReader();
  const provider = new MeterProvider({ readers: [reader], exemplarFilter, views });
  return { reader, meter: provider.getMeter('ex') };
}

describe('exemplars', () => {
  it('trace_based (default): only measurements inside a sampled span get exemplars with its ids', async () => {
    const { reader, meter } = setup();
    const c = meter.createCounter('requests');
    c.add(1, { route: '/plain' });
    const span = sampledTracer.startSpan('work');
    context.with(trace.setSpan(context.active(), span), () => c.add(2, { route: '/traced' }));
    const unsampled = unsampledTracer.startSpan('quiet');
    context.with(trace.setSpan(context.active(), unsampled), () => c.add(3, { route: '/unsampled' }));
    span.end();
    unsampled.end();
    const m = findMetric((await reader.collect()).resourceMetrics, 'requests');
    expect(findPoint(m, { route: '/plain' })?.exemplars).toBeUndefined();
    expect(findPoint(m, { route: '/unsampled' })?.exemplars).toBeUndefined();
    const ex = findPoint(m, { route: '/traced' })?.exemplars;
    expect(ex).toHaveLength(1);
    expect(ex?.[0]).toMatchObject({
      value: 2,
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      filteredAttributes: {},
    });
    expect(ex?.[0]?.timestamp[0]).toBeGreaterThan(1_600_000_000);
  });

  it('an explicit context argument wins over the active one', async () => {
    const { reader, meter } = setup();
    const span = sampledTracer.startSpan('explicit');
    meter.createHistogram('h').record(5, {}, trace.setSpan(context.active(), span));
    const p = findPoint(findMetric((await reader.collect()).resourceMetrics, 'h'));
    expect(p?.exemplars?.[0]?.spanId).toBe(span.spanContext().spanId);
  });

  it('always_on samples without a span (no ids); always_off never samples', async () => {
    const on = setup('always_on');
    const off = setup('always_off');
    const span = sampledTracer.startSpan('x');
    for (const { meter } of [on, off]) {
      const g = meter.createGauge('g');
      g.record(1);
      context.with(trace.setSpan(context.active(), span), () => g.record(2, { k: 'v' }));
    }
    const pOn = findMetric((await on.reader.collect()).resourceMetrics, 'g');
    expect(findPoint(pOn)?.exemplars?.[0]).toMatchObject({ value: 1 });
    expect(findPoint(pOn)?.exemplars?.[0]?.traceId).toBeUndefined();
    expect(findPoint(pOn, { k: 'v' })?.exemplars?.[0]?.traceId).toBe(span.spanContext().traceId);
    const pOff = findMetric((await off.reader.collect()).resourceMetrics, 'g');
    expect(pOff?.dataPoints.every((p) => p.exemplars === undefined)).toBe(true);
  });

  it('histograms keep at most one exemplar per bucket, the one that fell into it', async () => {
    const { reader, meter } = setup('always_on');
    const h = meter.createHistogram('lat', { advice: { explicitBucketBoundaries: [10, 100] } });
    for (const v of [1, 2, 50, 60, 500]) h.record(v);
    const ex = findPoint(findMetric((await reader.collect()).resourceMetrics, 'lat'))?.exemplars;
    expect(ex?.map((e) => e.value)).toEqual([2, 60, 500]);
    // Exemplars belong to one collection interval.
    h.record(7);
    const next = findPoint(findMetric((await reader.collect()).resourceMetrics, 'lat'))?.exemplars;
    expect(next?.map((e) => e.value)).toEqual([7]);
  });

  it('attributes dropped by a view are kept on the exemplar as filtered attributes', async () => {
    const { createAllowListAttributesProcessor } = await import('@yardstick/sdk');
    const { reader, meter } = setup('always_on', [
      { instrumentName: 'calls', attributesProcessors: [createAllowListAttributesProcessor(['route'])] },
    ]);
    meter.createCounter('calls').add(1, { route: '/a', user: 'u42' });
    const p = findPoint(findMetric((await reader.collect()).resourceMetrics, 'calls'), { route: '/a' });
    expect(p?.exemplars?.[0]?.filteredAttributes).toEqual({ user: 'u42' });
  });

  it('a simple fixed-size reservoir samples uniformly', async () => {
    const { reader, meter } = setup('always_on', [
      { instrumentName: 'u', exemplarReservoir: { type: 'simple_fixed_size', size: 4 } },
    ]);
    const c = meter.createCounter('u');
    const hits = new Map<number, number>();
    for (let round = 0; round < 200; round++) {
      for (let v = 0; v < 20; v++) c.add(v);
      const ex = findPoint(findMetric((await reader.collect()).resourceMetrics, 'u'))?.exemplars ?? [];
      expect(ex).toHaveLength(4);
      for (const e of ex) hits.set(e.value, (hits.get(e.value) ?? 0) + 1);
    }
    // 800 picks over 20 values: each ~40; uniform sampling keeps every value well away from 0 and 200.
    expect(hits.size).toBe(20);
    for (const n of hits.values()) expect(n).toBeGreaterThan(10);
    for (const n of hits.values()) expect(n).toBeLessThan(90);
  });

  it('bound handles sample exemplars like unbound calls (trace_based, always_on, always_off)', async () => {
    const span = sampledTracer.startSpan('bound');
    const unsampled = unsampledTracer.startSpan('quiet');
    const inSpan = (s: typeof span, fn: () => void) => context.with(trace.setSpan(context.active(), s), fn);

    const traced = setup();
    const c = traced.meter.createCounter('jobs').bind({ queue: 'q1' });
    c.add(1);
    inSpan(unsampled, () => c.add(2));
    inSpan(span, () => c.add(3));
    const p = findPoint(findMetric((await traced.reader.collect()).resourceMetrics, 'jobs'), { queue: 'q1' });
    expect(p?.value).toBe(6);
    expect(p?.exemplars).toHaveLength(1);
    expect(p?.exemplars?.[0]).toMatchObject({
      value: 3,
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
    });

    const on = setup('always_on');
    const h = on.meter.createHistogram('lat', { advice: { explicitBucketBoundaries: [10] } }).bind({ k: 'v' });
    h.record(4);
    inSpan(span, () => h.record(40));
    const ex = findPoint(findMetric((await on.reader.collect()).resourceMetrics, 'lat'), { k: 'v' })?.exemplars;
    expect(ex?.map((e) => [e.value, e.spanId])).toEqual([
      [4, undefined],
      [40, span.spanContext().spanId],
    ]);

    // INT handles take the slow path (truncation); always_off must still mean no exemplars there.
    const off = setup('always_off');
    const g = off.meter.createGauge('g').bind();
    const n = off.meter.createCounter('n', { valueType: 0 }).bind();
    inSpan(span, () => {
      g.record(1);
      n.add(2.5);
    });
    const offMetrics = (await off.reader.collect()).resourceMetrics;
    expect(findPoint(findMetric(offMetrics, 'g'))?.value).toBe(1);
    expect(findPoint(findMetric(offMetrics, 'n'))?.value).toBe(2);
    for (const name of ['g', 'n']) expect(findPoint(findMetric(offMetrics, name))?.exemplars).toBeUndefined();
    span.end();
    unsampled.end();
  });

  it("a bound handle keeps the attributes a view drops as the exemplar's filtered attributes", async () => {
    const { createAllowListAttributesProcessor } = await import('@yardstick/sdk');
    const { reader, meter } = setup('always_on', [
      { instrumentName: 'calls', attributesProcessors: [createAllowListAttributesProcessor(['route'])] },
    ]);
    const attrs = { route: '/a', user: 'u42' };
    const bound = meter.createCounter('calls').bind(attrs);
    attrs.user = 'changed'; // the handle took its attributes at bind time
    bound.add(1);
    const p = findPoint(findMetric((await reader.collect()).resourceMetrics, 'calls'), { route: '/a' });
    expect(p?.exemplars?.[0]?.filteredAttributes).toEqual({ user: 'u42' });
  });
});
