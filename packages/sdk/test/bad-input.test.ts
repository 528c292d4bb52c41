/**
 * Bad input never throws into app code: it is dropped or handled as the specification says and
 * reported once through diag with a message naming the instrument.
 */
import { ManualMetricReader, MeterProvider } from '@yardstick/sdk';
import { findMetric, findPoint } from '@yardstick/sdk/testing';
import { describe, expect, it } from 'vitest';
import { captureDiag } from './helpers.js';

function setup(options: ConstructorParameters<typeof MeterProvider>[0] = {}) {
  const reader = new ManualMetricReader();
  const provider = new MeterProvider({ ...options, readers: [reader] });
  return { reader, meter: provider.getMeter('bad') };
}

async function collect(reader: ManualMetricReader) {
  return (await reader.collect()).resourceMetrics;
}

describe('bad input', () => {
  const diag = captureDiag();
  const about = (text: string) => diag.messages.filter((m) => m.text.includes(text));

  it('invalid instrument names give a working no-op instrument and one error', async () => {
    const { reader, meter } = setup();
    for (const name of ['', '1abc', 'has space', 'a'.repeat(256), 'ünïcode', undefined as unknown as string]) {
      expect(() => {
        meter.createCounter(name).add(1);
        meter.createHistogram(name).record(1);
        meter.createObservableGauge(name).addCallback((r) => r.observe(1));
      }).not.toThrow();
    }
    meter.createCounter('1abc').add(1);
    const rm = await collect(reader);
    expect(rm.scopeMetrics).toEqual([]);
    const errors = about('invalid instrument name "1abc"');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.level).toBe('error');
    expect(meter.createCounter('a'.repeat(255))).toBeDefined();
    expect(about(`"${'a'.repeat(255)}"`)).toHaveLength(0);
  });

  it('a unit outside the API syntax (ASCII, at most 63 characters) is kept as given and warned once', async () => {
    const { reader, meter } = setup();
    const long = 'x'.repeat(64);
    for (let i = 0; i < 3; i++) {
      meter.createCounter('elapsed', { unit: 'µs' }).add(1);
      meter.createHistogram('blob', { unit: long }).record(1);
    }
    meter.createCounter('fine', { unit: 'y'.repeat(63) }).add(1);
    meter.createCounter('Case', { unit: 'kB' }).add(1);
    const rm = await collect(reader);
    // As the SDK spec (SHOULD NOT validate) and sdk-metrics: the instrument works, its unit is untouched.
    expect(findMetric(rm, 'elapsed')?.descriptor.unit).toBe('µs');
    expect(findPoint(findMetric(rm, 'elapsed'))?.value).toBe(3);
    expect(findMetric(rm, 'blob')?.descriptor.unit).toBe(long);
    expect(findMetric(rm, 'Case')?.descriptor.unit).toBe('kB');
    const elapsed = about('instrument "elapsed" in meter "bad" has unit "µs"');
    expect(elapsed).toHaveLength(1);
    expect(elapsed[0]?.level).toBe('warn');
    expect(about('instrument "blob" in meter "bad" has unit')).toHaveLength(1);
    expect(about('"fine"')).toHaveLength(0);
    expect(about('"Case"')).toHaveLength(0);
  });

  it('a unit that is not a string becomes no unit, warned once; a missing unit is silently empty', async () => {
    const { reader, meter } = setup();
    meter.createCounter('weird', { unit: 42 as unknown as string }).add(1);
    meter.createCounter('weird', { unit: 42 as unknown as string }).add(1);
    meter.createCounter('plain', { unit: undefined }).add(1);
    const rm = await collect(reader);
    expect(findMetric(rm, 'weird')?.descriptor.unit).toBe('');
    expect(findPoint(findMetric(rm, 'weird'))?.value).toBe(2);
    expect(findMetric(rm, 'plain')?.descriptor.unit).toBe('');
    expect(about('instrument "weird" in meter "bad": unit must be a string')).toHaveLength(1);
    expect(about('"plain"')).toHaveLength(0);
  });

  it('negative, NaN and non-number values on counters are dropped, reported once per reason', async () => {
    const { reader, meter } = setup();
    const c = meter.createCounter('orders');
    c.add(5);
    for (let i = 0; i < 100; i++) {
      c.add(-1);
      c.add(Number.NaN);
      c.add('7' as unknown as number);
      c.add(undefined as unknown as number);
    }
    expect(findPoint(findMetric(await collect(reader), 'orders'))?.value).toBe(5);
    expect(about('counter "orders": dropped a negative value')).toHaveLength(1);
    expect(about('counter "orders": dropped a NaN value')).toHaveLength(1);
    expect(about('counter "orders": dropped a non-number value')).toHaveLength(1);
  });

  it('histograms drop negative values; up-down counters and gauges drop NaN', async () => {
    const { reader, meter } = setup();
    meter.createHistogram('latency').record(-5);
    meter.createUpDownCounter('depth').add(Number.NaN);
    meter.createGauge('temp').record(Number.NaN);
    meter.createUpDownCounter('depth').add(-2);
    const rm = await collect(reader);
    expect(findMetric(rm, 'latency')).toBeUndefined();
    expect(findPoint(findMetric(rm, 'depth'))?.value).toBe(-2);
    expect(about('histogram "latency": dropped a negative value')).toHaveLength(1);
    expect(about('up-down counter "depth": dropped a NaN value')).toHaveLength(1);
  });

  it('integer instruments truncate fractions (reported once)', async () => {
    const { reader, meter } = setup();
    const c = meter.createCounter('ints', { valueType: 0 });
    c.add(1.9);
    c.add(2.2);
    expect(findPoint(findMetric(await collect(reader), 'ints'))?.value).toBe(3);
    expect(about('"ints" has INT values')).toHaveLength(1);
  });

  it('non-primitive attribute values are dropped, the rest kept, reported once per metric', async () => {
    const { reader, meter } = setup();
    const c = meter.createCounter('calls');
    for (let i = 0; i < 10; i++) {
      c.add(1, {
        ok: 'yes',
        obj: { nested: 1 } as never,
        fn: (() => 1) as never,
        list: ['a', 'b'],
        nil: null as never,
      });
    }
    c.add(1, 'not an object' as never);
    const m = findMetric(await collect(reader), 'calls');
    expect(findPoint(m, { ok: 'yes', list: ['a', 'b'] })?.value).toBe(10);
    expect(findPoint(m, {})?.value).toBe(1);
    expect(about('metric "calls": dropped attribute(s) "obj", "fn"')).toHaveLength(1);
  });

  it('attribute getters that throw do not escape into app code', () => {
    const { meter } = setup();
    const evil = {
      get boom(): string {
        throw new Error('boom');
      },
    };
    Object.defineProperty(evil, 'boom', { enumerable: true });
    expect(() => meter.createCounter('evil').add(1, evil as never)).not.toThrow();
    expect(about('counter "evil": recording failed')).toHaveLength(1);
  });

  it('conflicting duplicate registrations keep both streams and warn with a hint', async () => {
    const { reader, meter } = setup();
    meter.createCounter('dup', { unit: 'ms' }).add(1);
    meter.createCounter('dup', { unit: 's' }).add(2);
    meter.createHistogram('dup', { unit: 'ms' }).record(3);
    meter.createCounter('dup', { unit: 'ms', description: 'other' }).add(4);
    const same = meter.createCounter('dup', { unit: 'ms' });
    same.add(10);
    const rm = await collect(reader);
    const dups = rm.scopeMetrics[0]?.metrics.filter((m) => m.descriptor.name === 'dup') ?? [];
    expect(dups).toHaveLength(4);
    expect(dups.map((m) => (m.dataPoints[0] as { value: unknown }).value)).toContainEqual(11);
    expect(about('units or value types differ')).toHaveLength(1);
    expect(about('kinds differ (COUNTER vs HISTOGRAM)')).toHaveLength(1);
    expect(about('only the description differs')).toHaveLength(1);
  });

  it('a name differing only in case returns the first instrument and logs an error', async () => {
    const { reader, meter } = setup();
    meter.createCounter('Requests').add(1);
    meter.createCounter('requests').add(1);
    const rm = await collect(reader);
    expect(rm.scopeMetrics[0]?.metrics.map((m) => m.descriptor.name)).toEqual(['Requests']);
    expect(findPoint(findMetric(rm, 'Requests'))?.value).toBe(2);
    expect(about('differs from the registered "Requests" only in case')).toHaveLength(1);
  });

  it('too many series overflow into otel.metric.overflow=true, reported once', async () => {
    const reader = new ManualMetricReader({ cardinalitySelector: () => 10 });
    const provider = new MeterProvider({ readers: [reader] });
    const c = provider.getMeter('m').createCounter('users');
    for (let i = 0; i < 100; i++) c.add(1, { user: `u${i}` });
    const m = findMetric(await collect(reader), 'users');
    expect(m?.dataPoints).toHaveLength(10);
    expect(findPoint(m, { 'otel.metric.overflow': true })?.value).toBe(91);
    expect(m?.dataPoints.reduce((s, p) => s + (p.value as number), 0)).toBe(100);
    expect(about('metric "users" reached its cardinality limit')).toHaveLength(1);
  });

  it('a throwing or rejecting callback is reported in errors, other callbacks still observed', async () => {
    const { reader, meter } = setup();
    meter.createObservableGauge('bad').addCallback(() => {
      throw new Error('callback failed');
    });
    meter.createObservableGauge('slow').addCallback(() => Promise.reject(new Error('rejected')));
    meter.createObservableGauge('good').addCallback((r) => {
      r.observe(1);
      r.observe(Number.NaN, { x: 1 });
      r.observe('2' as never, { x: 2 });
    });
    const { resourceMetrics, errors } = await reader.collect();
    expect(errors.map((e) => (e as Error).message).sort()).toEqual(['callback failed', 'rejected']);
    expect(findMetric(resourceMetrics, 'good')?.dataPoints).toHaveLength(1);
    expect(about('observable "good": dropped a NaN observation')).toHaveLength(1);
  });

  it('a callback that never resolves times out without blocking the collection', async () => {
    const { reader, meter } = setup();
    meter.createObservableGauge('hang').addCallback(() => new Promise(() => {}));
    meter.createObservableGauge('ok').addCallback((r) => r.observe(5));
    const { resourceMetrics, errors } = await reader.collect({ timeoutMillis: 50 });
    expect(errors.some((e) => (e as Error).name === 'TimeoutError')).toBe(true);
    expect(findPoint(findMetric(resourceMetrics, 'ok'))?.value).toBe(5);
  });

  it('invalid views fail fast at construction (configuration errors throw, recording never does)', () => {
    expect(() => new MeterProvider({ views: [{ name: 'x' }] })).toThrow(/selector/);
    expect(() => new MeterProvider({ views: [{ instrumentName: 'a*', name: 'x' }] })).toThrow(/at most one/);
    expect(() => new MeterProvider({ views: [{ instrumentName: 'a', aggregationCardinalityLimit: 0 }] })).toThrow();
  });

  it('invalid histogram boundaries are fixed up and reported', async () => {
    const { reader, meter } = setup();
    meter
      .createHistogram('h', { advice: { explicitBucketBoundaries: [10, 1, Number.NaN, 1, Number.POSITIVE_INFINITY] } })
      .record(5);
    const p = findPoint<{ buckets: { boundaries: number[] } }>(findMetric(await collect(reader), 'h'));
    expect(p?.value.buckets.boundaries).toEqual([1, 10]);
    expect(about('histogram boundaries must be finite and increasing')).toHaveLength(1);
  });
});
