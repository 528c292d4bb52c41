import { describe, expect, it } from 'vitest';
import {
  AggregationType,
  EXPONENTIAL_MAX_SCALE,
  EXPONENTIAL_MIN_SCALE,
  ExponentialHistogramAggregator,
  InstrumentType,
  createAggregator,
  createExponentialHistogramAggregator,
  exponentialIndex,
  exponentialLowerBoundary,
} from '../src/index.js';
import { mapToIndexByLog } from '../src/aggregators/exponential-mapping.js';
import type { AggregatorContext, ExponentialHistogram } from '../src/index.js';
import { seededRandom as rng } from './helpers/seeded-random.js';

/** newSeries sets up one series (slot 0) of a fresh aggregator and returns its slot. */
function newSeries(agg: ExponentialHistogramAggregator): number {
  agg.grow(1);
  agg.init(0);
  return 0;
}

function ctx(instrumentType = InstrumentType.HISTOGRAM): AggregatorContext & { reports: string[] } {
  const reports: string[] = [];
  return { instrumentType, report: (m) => reports.push(m), reports };
}

/** Independent model: index every value at the reported scale and count. */
function expectConsistent(point: ExponentialHistogram, values: number[], maxSize: number, zeroThreshold = 0): void {
  const finite = values.filter((v) => Number.isFinite(v));
  expect(point.count).toBe(finite.length);
  const zero = finite.filter((v) => Math.abs(v) <= zeroThreshold);
  expect(point.zeroCount).toBe(zero.length);
  const ranges = [
    { values: finite.filter((v) => v > zeroThreshold), got: point.positive },
    { values: finite.filter((v) => v < -zeroThreshold).map((v) => -v), got: point.negative },
  ];
  for (const { values: abs, got } of ranges) {
    if (abs.length === 0) {
      expect(got.bucketCounts).toEqual([]);
      continue;
    }
    const idx = abs.map((v) => exponentialIndex(v, point.scale));
    const low = Math.min(...idx);
    const high = Math.max(...idx);
    const want = new Array<number>(high - low + 1).fill(0);
    for (const i of idx) want[i - low] = (want[i - low] as number) + 1;
    expect(got.offset).toBe(low);
    expect(got.bucketCounts).toEqual(want);
    expect(want.length).toBeLessThanOrEqual(maxSize);
  }
  // The scale is the highest at which both ranges fit (or the maximum).
  if (point.scale < EXPONENTIAL_MAX_SCALE && point.scale > EXPONENTIAL_MIN_SCALE) {
    const spans = ranges.map(({ values: abs }) => {
      if (abs.length === 0) return 0;
      const idx = abs.map((v) => exponentialIndex(v, point.scale + 1));
      return Math.max(...idx) - Math.min(...idx) + 1;
    });
    expect(Math.max(...spans)).toBeGreaterThan(maxSize);
  }
}

describe('exponential index mapping', () => {
  it('puts exact powers of two in the bucket they close, at every scale', () => {
    for (let scale = EXPONENTIAL_MIN_SCALE; scale <= EXPONENTIAL_MAX_SCALE; scale++) {
      for (const e of [-1022, -100, -1, 0, 1, 7, 100, 1023]) {
        const expected = scale > 0 ? e * 2 ** scale - 1 : Math.floor((e - 1) / 2 ** -scale);
        expect(exponentialIndex(2 ** e, scale), `2^${e} at scale ${scale}`).toBe(expected);
      }
    }
  });

  it('puts random values inside (base^i, base^(i+1)] and halves indexes when the scale drops', () => {
    const r = rng(1);
    let misses = 0;
    for (let n = 0; n < 20000; n++) {
      const v = 2 ** ((r() - 0.5) * 200) * (1 + r());
      const scale = Math.floor(r() * 31) - 10;
      const i = exponentialIndex(v, scale);
      expect(Number.isInteger(i) && i >= -(2 ** 31) && i < 2 ** 31).toBe(true);
      // Off by one right at a boundary is tolerated by the spec; random values should not hit one.
      if (!(exponentialLowerBoundary(i, scale) < v && v <= exponentialLowerBoundary(i + 1, scale))) misses++;
      if (scale > EXPONENTIAL_MIN_SCALE && exponentialIndex(v, scale - 1) !== i >> 1) misses++;
    }
    expect(misses).toBe(0);
  });

  it('agrees with the logarithm formula of the spec at every positive scale (tables up to 12)', () => {
    const r = rng(5);
    let differ = 0;
    for (let scale = 1; scale <= EXPONENTIAL_MAX_SCALE; scale++) {
      for (let n = 0; n < 20000; n++) {
        const v = 2 ** ((r() - 0.5) * 2040) * (1 + r());
        if (exponentialIndex(v, scale) !== mapToIndexByLog(v, scale)) differ++;
      }
      // Binade edges, where the logarithm may round across the boundary (the spec tolerates
      // that; the tables do not need the tolerance): just above 2^e and just below 2^(e+1).
      for (const e of [-1022, -3, 0, 5, 1022]) {
        const p = 2 ** e;
        expect(exponentialIndex(p * (1 + Number.EPSILON), scale)).toBe(e * 2 ** scale);
        expect(exponentialIndex(p * (2 - Number.EPSILON), scale)).toBe((e + 1) * 2 ** scale - 1);
      }
    }
    expect(differ).toBe(0);
  });

  it('rounds subnormals up to the smallest normal and keeps Number.MAX_VALUE in a finite bucket', () => {
    for (let scale = EXPONENTIAL_MIN_SCALE; scale <= EXPONENTIAL_MAX_SCALE; scale++) {
      const minNormal = exponentialIndex(2 ** -1022, scale);
      expect(exponentialIndex(Number.MIN_VALUE, scale)).toBe(minNormal);
      expect(exponentialIndex(1e-310, scale)).toBe(minNormal);
      const top = exponentialIndex(Number.MAX_VALUE, scale);
      expect(exponentialLowerBoundary(top, scale)).toBeLessThan(Number.MAX_VALUE);
      expect(Number.isFinite(exponentialLowerBoundary(top, scale))).toBe(true);
    }
    expect(exponentialIndex(Number.MAX_VALUE, 20)).toBe(1024 * 2 ** 20 - 1);
  });
});

describe('ExponentialHistogramAggregator', () => {
  it('keeps bucket windows and downscaling consistent for values in any order', () => {
    const r = rng(9);
    for (const maxSize of [2, 5, 32, 160]) {
      for (const order of ['ascending', 'descending', 'random'] as const) {
        const agg = new ExponentialHistogramAggregator(maxSize);
        const s = newSeries(agg);
        const values = Array.from({ length: 500 }, () => (r() < 0.3 ? -1 : 1) * 2 ** ((r() - 0.5) * 30));
        if (order === 'ascending') values.sort((a, b) => a - b);
        if (order === 'descending') values.sort((a, b) => b - a);
        for (const v of values) agg.record(s, v);
        const p = agg.pointValue(s);
        expectConsistent(p, values, maxSize);
        expect(p.sum).toBeCloseTo(
          values.reduce((a, b) => a + b, 0),
          6,
        );
        expect(p.min).toBe(Math.min(...values));
        expect(p.max).toBe(Math.max(...values));
      }
    }
  });

  it('starts at scale 20 and lowers it only as far as the data needs', () => {
    const agg = new ExponentialHistogramAggregator(160);
    const s = newSeries(agg);
    agg.record(s, 1.5);
    expect(agg.pointValue(s).scale).toBe(20);
    agg.record(s, 3);
    // 1.5 and 3 are one doubling apart: 2^scale buckets per doubling must fit in 160.
    expect(agg.pointValue(s).scale).toBe(7);
    agg.record(s, 1e300);
    expectConsistent(agg.pointValue(s), [1.5, 3, 1e300], 160);
    expect(agg.pointValue(s).scale).toBeLessThan(0);
  });

  it('drops NaN and ±Infinity entirely, counts ±0 in the zero bucket, and a zero-only point has scale 0', () => {
    const agg = new ExponentialHistogramAggregator();
    const s = newSeries(agg);
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) agg.record(s, v);
    expect(agg.pointValue(s)).toMatchObject({ count: 0, sum: 0, min: undefined, max: undefined, zeroCount: 0 });
    agg.record(s, 0);
    agg.record(s, -0);
    expect(agg.pointValue(s)).toMatchObject({ count: 2, zeroCount: 2, scale: 0, sum: 0, zeroThreshold: 0 });
    expect(agg.pointValue(s).positive).toEqual({ offset: 0, bucketCounts: [] });
  });

  it('returns a fresh snapshot each time and resets to an empty scale-20 histogram for delta', () => {
    const agg = new ExponentialHistogramAggregator(4);
    const s = newSeries(agg);
    for (const v of [1, 10, 100, 1000]) agg.record(s, v);
    const first = agg.pointValue(s);
    first.positive.bucketCounts[0] = 999;
    const second = agg.pointValue(s);
    expect(second).not.toBe(first);
    expect(second.positive.bucketCounts).not.toContain(999);
    agg.reset(s);
    expect(agg.pointValue(s)).toMatchObject({ count: 0, sum: 0, zeroCount: 0, scale: 0 });
    expect(agg.pointValue(s).positive.bucketCounts).toEqual([]);
    agg.record(s, 5);
    expect(agg.pointValue(s)).toMatchObject({ count: 1, scale: 20, positive: { bucketCounts: [1] } });
    // The reused ring holds no stale counts after windows move around.
    for (const v of [1e-5, 7, 1e9]) agg.record(s, v);
    expectConsistent(agg.pointValue(s), [5, 1e-5, 7, 1e9], 4);
  });

  it('widens the zero bucket with a zeroThreshold', () => {
    const c = ctx();
    const agg = createExponentialHistogramAggregator(
      { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { zeroThreshold: 0.5 } as never },
      c,
    );
    const s = newSeries(agg);
    const values = [0.3, -0.2, 0.5, 0.6, -2, 0];
    for (const v of values) agg.record(s, v);
    const p = agg.pointValue(s);
    expect(p.zeroThreshold).toBe(0.5);
    expect(p.zeroCount).toBe(4);
    expectConsistent(p, values, 160, 0.5);
    expect(c.reports).toEqual([]);
  });
});

describe('createExponentialHistogramAggregator', () => {
  it('uses maxSize 160 and records min/max by default; no sum for instruments that allow negatives', () => {
    const agg = createExponentialHistogramAggregator({ type: AggregationType.EXPONENTIAL_HISTOGRAM }, ctx());
    expect(agg.maxSize).toBe(160);
    const s = newSeries(agg);
    agg.record(s, 2);
    expect(agg.pointValue(s)).toMatchObject({ sum: 2, min: 2, max: 2 });
    for (const type of [InstrumentType.UP_DOWN_COUNTER, InstrumentType.GAUGE]) {
      const neg = createExponentialHistogramAggregator({ type: AggregationType.EXPONENTIAL_HISTOGRAM }, ctx(type));
      const ns = newSeries(neg);
      neg.record(ns, -2);
      expect(neg.pointValue(ns)).toMatchObject({ sum: undefined, count: 1, negative: { bucketCounts: [1] } });
    }
    const noMinMax = createExponentialHistogramAggregator(
      { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { recordMinMax: false } },
      ctx(),
    );
    const ms = newSeries(noMinMax);
    noMinMax.record(ms, 1);
    expect(noMinMax.pointValue(ms)).toMatchObject({ min: undefined, max: undefined });
  });

  it('replaces an unusable maxSize and says so', () => {
    const small = ctx();
    expect(
      createExponentialHistogramAggregator(
        { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 1 } },
        small,
      ).maxSize,
    ).toBe(2);
    expect(small.reports).toHaveLength(1);
    const nan = ctx();
    expect(
      createExponentialHistogramAggregator(
        { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: Number.NaN } },
        nan,
      ).maxSize,
    ).toBe(160);
    expect(nan.reports).toHaveLength(1);
    const bad = ctx();
    createExponentialHistogramAggregator(
      { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { zeroThreshold: -1 } as never },
      bad,
    );
    expect(bad.reports).toHaveLength(1);
  });

  it('is what createAggregator builds for EXPONENTIAL_HISTOGRAM', () => {
    const agg = createAggregator({ type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 20 } }, ctx());
    expect(agg).toBeInstanceOf(ExponentialHistogramAggregator);
    expect((agg as ExponentialHistogramAggregator).maxSize).toBe(20);
  });
});
