/**
 * `idleSeriesCollections` on the provider: a cumulative series with no measurement for that many
 * collections in a row leaves the output, and comes back with a fresh start time.
 */
import { ManualMetricReader, MeterProvider } from '@yardstick/sdk';
import { findMetric, findPoint } from '@yardstick/sdk/testing';
import { describe, expect, it } from 'vitest';

function setup(idleSeriesCollections?: number) {
  let now = 1_000;
  const reader = new ManualMetricReader();
  const provider = new MeterProvider({ readers: [reader], idleSeriesCollections, clock: () => now });
  const counter = provider.getMeter('app').createCounter('jobs');
  const collect = async () => {
    now += 1_000;
    return findMetric((await reader.collect()).resourceMetrics, 'jobs');
  };
  return { counter, collect };
}

describe('MeterProvider idleSeriesCollections', () => {
  it('drops a cumulative series after n quiet collections; it returns with a fresh start time', async () => {
    const { counter, collect } = setup(2);
    counter.add(1, { queue: 'idle' });
    counter.add(1, { queue: 'busy' });
    const first = await collect(); // both updated
    expect(first?.dataPoints).toHaveLength(2);
    const start = findPoint(first, { queue: 'idle' })?.startTime;

    counter.add(1, { queue: 'busy' });
    expect(findPoint(await collect(), { queue: 'idle' })?.value).toBe(1); // quiet once: kept
    counter.add(1, { queue: 'busy' });
    const third = await collect(); // quiet twice: dropped
    expect(findPoint(third, { queue: 'idle' })).toBeUndefined();
    expect(findPoint(third, { queue: 'busy' })?.value).toBe(3);

    counter.add(5, { queue: 'idle' });
    const back = findPoint(await collect(), { queue: 'idle' });
    expect(back?.value).toBe(5); // a new series, not 6
    expect(back?.startTime).not.toEqual(start);
  });

  it('keeps quiet series forever when unset', async () => {
    const { counter, collect } = setup();
    counter.add(1, { queue: 'idle' });
    for (let i = 0; i < 5; i++) await collect();
    expect(findPoint(await collect(), { queue: 'idle' })?.value).toBe(1);
  });
});
