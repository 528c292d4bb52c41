import { describe, expect, test } from 'vitest';
import { PrometheusSerializer } from '../src/index.js';
import {
  buildExponential,
  counter,
  expHistogram,
  gauge,
  hist,
  histogram,
  point,
  resourceMetrics,
} from './helpers/fixtures.js';
import { decodeDelimited, nativeBuckets } from './helpers/metrics-proto.js';

const labels = (l: { name: string; value: string }[]) => Object.fromEntries(l.map((p) => [p.name, p.value]));

describe('Prometheus protobuf exposition (decoded independently)', () => {
  test('target_info, counter, gauge and classic histogram', () => {
    const rm = resourceMetrics([
      counter(
        'jobs',
        [
          point(
            5,
            { q: 'a' },
            { exemplars: [{ value: 1, timestamp: [1_700_000_001, 5], traceId: 'ab', filteredAttributes: {} }] },
          ),
        ],
        '{job}',
        'Jobs',
      ),
      gauge('temp', [point(-2.5)], 'Cel'),
      histogram('lat', [point(hist([1, 5], [1, 2, 3], 20), { r: '/' })], 's'),
    ]);
    const families = decodeDelimited(new PrometheusSerializer().serializeProtobuf(rm));
    expect(families.map((f) => [f.name, f.type])).toEqual([
      ['target_info', 'GAUGE'],
      ['jobs_total', 'COUNTER'],
      ['temp_celsius', 'GAUGE'],
      ['lat_seconds', 'HISTOGRAM'],
    ]);
    expect(labels(families[0].metric[0].label)).toEqual({ service_name: 'test' });
    expect(families[0].metric[0].gauge?.value).toBe(1);
    const jobs = families[1];
    expect(jobs.help).toBe('Jobs');
    expect(labels(jobs.metric[0].label)).toEqual({
      q: 'a',
      otel_scope_name: 'test-scope',
      otel_scope_version: '1.2.3',
    });
    expect(jobs.metric[0].counter?.value).toBe(5);
    expect(jobs.metric[0].counter?.created_timestamp).toEqual({ seconds: 1_700_000_000, nanos: 0 });
    expect(labels(jobs.metric[0].counter?.exemplar?.label ?? [])).toEqual({ trace_id: 'ab' });
    expect(families[2].unit).toBe('celsius');
    expect(families[2].metric[0].gauge?.value).toBe(-2.5);
    const h = families[3].metric[0].histogram;
    expect(h?.sample_count).toBe(6);
    expect(h?.sample_sum).toBe(20);
    expect(h?.bucket).toEqual([
      { cumulative_count: 1, upper_bound: 1 },
      { cumulative_count: 3, upper_bound: 5 },
    ]);
    expect(h?.schema).toBeUndefined();
    expect(h?.positive_span).toEqual([]);
  });

  test('a family larger than one slice decodes whole (length prefix covers every slice)', () => {
    const points = Array.from({ length: 1000 }, (_, i) => point(i, { i: `${i}` }));
    const families = decodeDelimited(
      new PrometheusSerializer({ withoutTargetInfo: true }).serializeProtobuf(resourceMetrics([counter('c', points)])),
    );
    expect(families).toHaveLength(1);
    expect(families[0].metric).toHaveLength(1000);
    expect(families[0].metric[999].counter?.value).toBe(999);
  });

  test('sliced and one-pass protobuf output are identical', async () => {
    const points = Array.from({ length: 500 }, (_, i) => point(i, { i: `${i}` }));
    const rm = resourceMetrics([
      counter('c', points),
      histogram(
        'h',
        points.map((p) => ({ ...p, value: hist([1], [1, 1], 3) })),
      ),
    ]);
    const serializer = new PrometheusSerializer();
    const chunks = await serializer.serializeInSlices(rm, 'protobuf', { sliceMillis: 0 });
    expect(chunks.length).toBeGreaterThan(4);
    expect(Buffer.concat(chunks).equals(Buffer.from(serializer.serializeProtobuf(rm)))).toBe(true);
  });
});

describe('exponential histograms as native histograms', () => {
  const values = [0, 0.003, 0.5, 0.75, 1, 1, 1.5, 2, 3, 10, 10.5, 100, 1000, -0.2, -4];

  function native(scale: number) {
    const h = buildExponential(values, scale);
    const rm = resourceMetrics([expHistogram('dist', [point(h)], 's')], {});
    const [family] = decodeDelimited(new PrometheusSerializer({ withoutScopeInfo: true }).serializeProtobuf(rm));
    return { family, h: family.metric[0].histogram as NonNullable<(typeof family.metric)[0]['histogram']> };
  }

  function expectedBuckets(scale: number) {
    // Bucketing the same values directly at `scale`; Prometheus index = OpenTelemetry index + 1.
    const h = buildExponential(values, scale);
    const pos = new Map<number, number>();
    const neg = new Map<number, number>();
    for (const [i, c] of h.positive.bucketCounts.entries()) if (c > 0) pos.set(h.positive.offset + i + 1, c);
    for (const [i, c] of h.negative.bucketCounts.entries()) if (c > 0) neg.set(h.negative.offset + i + 1, c);
    return { pos, neg };
  }

  test('scale ≤ 8 is carried as is: schema, spans, delta-encoded counts, zero bucket', () => {
    const { family, h } = native(3);
    expect(family.type).toBe('HISTOGRAM');
    expect(family.name).toBe('dist_seconds');
    expect(h.schema).toBe(3);
    expect(h.sample_count).toBe(values.length);
    expect(h.sample_sum).toBeCloseTo(
      values.reduce((a, b) => a + b, 0),
      10,
    );
    expect(h.zero_count).toBe(1);
    expect(h.zero_threshold).toBe(1e-128);
    expect(h.bucket).toEqual([]);
    const want = expectedBuckets(3);
    expect(nativeBuckets(h.positive_span, h.positive_delta)).toEqual(want.pos);
    expect(nativeBuckets(h.negative_span, h.negative_delta)).toEqual(want.neg);
    // Gaps between populated buckets become new spans, so there is more than one.
    expect(h.positive_span.length).toBeGreaterThan(1);
  });

  test('scale > 8 is downscaled to schema 8 by merging neighbours, matching direct bucketing at 8', () => {
    const { h } = native(11);
    expect(h.schema).toBe(8);
    const want = expectedBuckets(8);
    expect(nativeBuckets(h.positive_span, h.positive_delta)).toEqual(want.pos);
    expect(nativeBuckets(h.negative_span, h.negative_delta)).toEqual(want.neg);
  });

  test('scale below −4 cannot be represented and is dropped; a point without sum is dropped', () => {
    const tooCoarse = { ...buildExponential([1, 2, 1e9], -5) };
    const noSum = { ...buildExponential([1, 2], 2), sum: undefined };
    const rm = resourceMetrics(
      [
        expHistogram('a', [
          point(tooCoarse, { k: '1' }),
          point(noSum, { k: '2' }),
          point(buildExponential([3], 0), { k: '3' }),
        ]),
      ],
      {},
    );
    const [family] = decodeDelimited(new PrometheusSerializer({ withoutScopeInfo: true }).serializeProtobuf(rm));
    expect(family.metric.map((m) => labels(m.label).k)).toEqual(['3']);
  });

  test('an empty exponential histogram still reads as native (no-op span)', () => {
    const rm = resourceMetrics([expHistogram('e', [point(buildExponential([], 0))])], {});
    const [family] = decodeDelimited(new PrometheusSerializer().serializeProtobuf(rm));
    const h = family.metric[0].histogram;
    expect(h?.zero_threshold).toBe(1e-128);
    expect(h?.positive_span).toHaveLength(1);
    expect(h?.positive_delta).toEqual([]);
  });
});
