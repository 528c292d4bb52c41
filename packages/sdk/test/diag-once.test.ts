/**
 * "Reported once" is per owner: a second provider's (or meter's) bad input is reported too, and
 * the memory stays bounded without forgetting everything at once.
 */
import { ManualMetricReader, MeterProvider } from '@yardstick/sdk';
import { describe, expect, it } from 'vitest';
import { OnceReporter } from '../src/diag.js';
import { captureDiag } from './helpers.js';

const log = captureDiag();
const about = (text: string) => log.messages.filter((m) => m.text.includes(text));

describe('report once, per owner', () => {
  it("each provider reports its own instruments' bad input once", () => {
    for (let i = 0; i < 2; i++) {
      const provider = new MeterProvider({ readers: [new ManualMetricReader()] });
      const orders = provider.getMeter('shop').createCounter('orders');
      orders.add(-1);
      orders.add(-2);
      orders.bind().add(-3);
    }
    expect(about('counter "orders": dropped a negative value')).toHaveLength(2);
  });

  it('two meters of one provider with same-named instruments each report', () => {
    const provider = new MeterProvider({ readers: [new ManualMetricReader()] });
    provider.getMeter('a').createHistogram('latency').record(Number.NaN);
    provider.getMeter('b').createHistogram('latency').record(Number.NaN);
    expect(about('histogram "latency": dropped a NaN value')).toHaveLength(2);
  });

  it("a provider's own problems (overflow, bad attributes, names, shutdown) are reported once per provider", async () => {
    for (let i = 0; i < 2; i++) {
      const reader = new ManualMetricReader();
      const provider = new MeterProvider({
        readers: [reader],
        views: [{ instrumentName: 'hits', aggregationCardinalityLimit: 2 }],
      });
      provider.getMeter('');
      provider.getMeter('');
      const meter = provider.getMeter('app');
      meter.createCounter('bad name!');
      meter.createCounter('bad name!');
      const hits = meter.createCounter('hits');
      for (let id = 0; id < 5; id++) hits.add(1, { id, obj: {} as unknown as string });
      const gauge = meter.createObservableGauge('temp');
      gauge.addCallback((r) => {
        r.observe(Number.NaN);
        r.observe(Number.NaN);
      });
      await reader.collect();
      await reader.collect();
      await provider.shutdown();
      await provider.shutdown();
      await reader.shutdown();
    }
    // Twice each: once per provider, not once per process.
    expect(about('reached its cardinality limit')).toHaveLength(2);
    expect(about('dropped attribute(s) "obj"')).toHaveLength(2);
    expect(about('getMeter called with an invalid name')).toHaveLength(2);
    expect(about('"bad name!"')).toHaveLength(2);
    expect(about('observable "temp": dropped a NaN')).toHaveLength(2);
    expect(about('shutdown may only be called once per MeterProvider')).toHaveLength(2);
    expect(about('Cannot call shutdown twice')).toHaveLength(2);
  });

  it('a full reporter forgets only its oldest key', () => {
    const r = new OnceReporter(3);
    for (const k of ['a', 'b', 'c', 'd']) expect(r.reportOnce(k, 'warn', `problem ${k}`)).toBe(true);
    // "a" was the oldest and was forgotten; "b", "c", "d" are still remembered.
    expect(r.reportOnce('c', 'warn', 'problem c')).toBe(false);
    expect(r.reportOnce('d', 'warn', 'problem d')).toBe(false);
    expect(r.reportOnce('a', 'warn', 'problem a')).toBe(true);
    expect(about('problem ').map((m) => m.text)).toEqual([
      'problem a',
      'problem b',
      'problem c',
      'problem d',
      'problem a',
    ]);
  });
});
