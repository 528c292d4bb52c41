/**
 * Text 0.0.4 and OpenMetrics have no native histograms, so an exponential histogram is written as a
 * classic one whose `le` bounds are the exponential bucket boundaries. These tests derive every
 * expected bound and cumulative count from the recorded values and the scale alone (not from the
 * converter), and run each exposition through promtool.
 */
import { AggregationType, MeterProvider } from '@yardstick/sdk';
import { afterEach, describe, expect, test } from 'vitest';
import { PrometheusExporter, PrometheusSerializer } from '../src/index.js';
import { buildExponential, expHistogram, point, resourceMetrics } from './helpers/fixtures.js';
import { expectValidExposition, expectValidOpenMetrics } from './helpers/promtool.js';

interface Bucket {
  readonly le: number;
  readonly count: number;
}

/** Index of the OpenTelemetry bucket holding |v|: (base^i, base^(i+1)], for v off a boundary. */
function indexOf(v: number, scale: number): number {
  return Math.ceil(Math.log2(Math.abs(v)) * 2 ** scale) - 1;
}

/**
 * expectedBuckets lists the classic buckets a converter must write for `values` at `scale`, in
 * ascending order and without +Inf: one per negative bucket index from the largest |v| down
 * (`le` = -base^i), the zero bucket (`le` = 0) when there are zeros or negatives, then one per
 * positive index (`le` = base^(i+1)). Counts are cumulative: how many recorded values are <= le.
 */
function expectedBuckets(values: readonly number[], scale: number): Bucket[] {
  const range = (vs: number[]): number[] => {
    if (vs.length === 0) return [];
    const idx = vs.map((v) => indexOf(v, scale));
    const out: number[] = [];
    for (let i = Math.min(...idx); i <= Math.max(...idx); i++) out.push(i);
    return out;
  };
  const negative = range(values.filter((v) => v < 0));
  const positive = range(values.filter((v) => v > 0));
  const les = [
    ...negative.reverse().map((i) => -(2 ** (i * 2 ** -scale))),
    ...(negative.length > 0 || values.includes(0) ? [0] : []),
    ...positive.map((i) => 2 ** ((i + 1) * 2 ** -scale)),
  ];
  return les.map((le) => ({ le, count: values.filter((v) => v <= le).length }));
}

interface Parsed {
  readonly buckets: Bucket[];
  readonly inf: number | undefined;
  readonly sum: number | undefined;
  readonly count: number | undefined;
}

/** parseHistogram reads `<base>_bucket{…le="…"}`, `_sum` and `_count` samples (timestamps ignored). */
function parseHistogram(text: string, base: string): Parsed {
  const buckets: Bucket[] = [];
  let inf: number | undefined;
  let sum: number | undefined;
  let count: number | undefined;
  for (const line of text.split('\n')) {
    const bucket = new RegExp(`^${base}_bucket\\{(?:.*,)?le="([^"]+)"\\} (\\S+)`).exec(line);
    if (bucket !== null) {
      if (bucket[1] === '+Inf') inf = Number(bucket[2]);
      else buckets.push({ le: Number(bucket[1]), count: Number(bucket[2]) });
      continue;
    }
    const other = new RegExp(`^${base}_(sum|count)(?:\\{[^}]*\\})? (\\S+)`).exec(line);
    if (other?.[1] === 'sum') sum = Number(other[2]);
    if (other?.[1] === 'count') count = Number(other[2]);
  }
  return { buckets, inf, sum, count };
}

/** Same bounds within float formatting (relative 1e-12), same cumulative counts, in the same order. */
function expectBuckets(actual: Bucket[], expected: Bucket[], context: string): void {
  expect(
    actual.map((b) => b.count),
    context,
  ).toEqual(expected.map((b) => b.count));
  expect(actual.length, context).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const { le } = expected[i];
    const got = actual[i].le;
    if (le === 0) expect(got, context).toBe(0);
    else expect(Math.abs(got / le - 1), `${context}: le #${i} ${got} vs ${le}`).toBeLessThan(1e-12);
  }
}

// None of these sits on a bucket boundary at scales 0…3, so "<= le" is unambiguous for them.
const MIXED = [-5, -3.3, -0.3, 0, 0, 0.6, 1.5, 3, 3.1, 100];
const NO_ZEROS = [-2.5, -0.7, 0.9, 4.4];
const POSITIVE = [0.2, 0.7, 1.3, 1.4, 6, 6.1, 6.2, 900];

describe('exponential histogram as classic buckets (hand-built at a known scale)', () => {
  test.each([
    [0, MIXED],
    [1, MIXED],
    [3, MIXED],
    [2, POSITIVE],
    [1, NO_ZEROS],
  ])('scale %i, %j: le = base^(i+1) / -base^i / 0, cumulative counts, +Inf = count', async (scale, values) => {
    const rm = resourceMetrics([expHistogram('sizes', [point(buildExponential(values, scale), { k: 'v' })])], {});
    const expected = expectedBuckets(values, scale);
    const hasNegative = values.some((v) => v < 0);
    const sum = values.reduce((a, b) => a + b, 0);

    const text = await expectValidExposition(new PrometheusSerializer({ withoutScopeInfo: true }).serialize(rm));
    const t = parseHistogram(text, 'sizes');
    expectBuckets(t.buckets, expected, `text\n${text}`);
    expect(t.inf).toBe(values.length);
    expect(t.count).toBe(values.length);
    // Text 0.0.4 has no rule against a negative-capable _sum.
    expect(t.sum).toBeCloseTo(sum, 10);

    const om = await expectValidOpenMetrics(
      new PrometheusSerializer({ withoutScopeInfo: true, appendTimestamp: true }).serialize(rm, 'openmetrics'),
    );
    const o = parseHistogram(om, 'sizes');
    expectBuckets(o.buckets, expected, `openmetrics\n${om}`);
    expect(o.inf).toBe(values.length);
    expect(o.count).toBe(values.length);
    // OpenMetrics: a histogram with negative buckets must not expose _sum.
    if (hasNegative) expect(o.sum, om).toBeUndefined();
    else expect(o.sum).toBeCloseTo(sum, 10);
  });
});

describe('exponential histogram recorded through a MeterProvider', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });

  test('a scrape in text and OpenMetrics writes the buckets the recorded values imply', async () => {
    const exporter = new PrometheusExporter({ preventServerStart: true, appendTimestamp: true });
    const provider = new MeterProvider({
      readers: [exporter],
      views: [{ instrumentName: 'payload', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
    });
    cleanups.push(() => provider.shutdown());
    // A Histogram instrument takes non-negative values only (the SDK drops negative ones, as the
    // API specification says), so negative buckets are covered by the hand-built cases above.
    const recorded = [0, 0.01, 0.3, 0.3, 2.2, 17, 17.5, 640, 5000.5];
    const histogram = provider.getMeter('m').createHistogram('payload', { unit: 'By' });
    for (const v of recorded) histogram.record(v, { route: '/up' });

    // The scale is the aggregator's choice (it fits these values in the default 160 buckets); read it
    // from the collection and derive everything else from the recorded values.
    const { resourceMetrics: collected } = await exporter.collect();
    const metric = collected.scopeMetrics[0].metrics[0];
    const scale = (metric.dataPoints[0].value as { scale: number }).scale;
    expect(scale).toBeGreaterThanOrEqual(0);
    expect(recorded.every((v) => v === 0 || Math.abs(Math.log2(Math.abs(v)) * 2 ** scale) % 1 !== 0)).toBe(true);
    const expected = expectedBuckets(recorded, scale);

    const text = await expectValidExposition((await exporter.scrape()).body);
    const t = parseHistogram(text, 'payload_bytes');
    expectBuckets(t.buckets, expected, `text\n${text}`);
    expect(t.inf).toBe(recorded.length);
    expect(t.count).toBe(recorded.length);

    const om = await expectValidOpenMetrics(
      (await exporter.scrape({ accept: 'application/openmetrics-text; version=1.0.0' })).body,
    );
    const o = parseHistogram(om, 'payload_bytes');
    expectBuckets(o.buckets, expected, `openmetrics\n${om}`);
    expect(o.inf).toBe(recorded.length);
    expect(o.count).toBe(recorded.length);
    expect(o.sum).toBeCloseTo(
      recorded.reduce((a, b) => a + b, 0),
      8,
    );
  });
});
