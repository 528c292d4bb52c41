import { describe, expect, test } from 'vitest';
import { PrometheusSerializer, type PrometheusSerializerOptions } from '../src/index.js';
import { counter, gauge, hist, histogram, point, resourceMetrics, upDown } from './helpers/fixtures.js';
import { expectValidExposition, expectValidOpenMetrics } from './helpers/promtool.js';

type Snapshot = ReturnType<typeof resourceMetrics>;

/**
 * Renders OpenMetrics for the assertions, and parses the same snapshot with timestamps through
 * Prometheus' OpenMetrics parser (its importer needs a timestamp on every sample).
 */
async function openMetrics(rm: Snapshot, options: PrometheusSerializerOptions = {}): Promise<string> {
  await expectValidOpenMetrics(
    new PrometheusSerializer({ ...options, appendTimestamp: true }).serialize(rm, 'openmetrics'),
  );
  return new PrometheusSerializer(options).serialize(rm, 'openmetrics');
}

const exemplar = {
  value: 7,
  timestamp: [1_700_000_050, 250_000_000] as [number, number],
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  filteredAttributes: { user: 'u1' },
};

describe('Prometheus text 0.0.4', () => {
  test('counter, gauge, up-down counter and histogram with metadata, scope labels and target_info', async () => {
    const rm = resourceMetrics([
      counter('http.requests', [point(3, { route: '/a' })], '{request}', 'Requests served'),
      upDown('queue.size', [point(-2)], '{item}'),
      gauge('temperature', [point(21.5)], 'Cel'),
      histogram('http.duration', [point(hist([0.5, 1], [1, 2, 3], 4.5))], 's'),
    ]);
    expect(await expectValidExposition(new PrometheusSerializer().serialize(rm))).toBe(
      [
        '# HELP target_info Target metadata',
        '# TYPE target_info gauge',
        'target_info{service_name="test"} 1',
        '# HELP http_requests_total Requests served',
        '# TYPE http_requests_total counter',
        'http_requests_total{route="/a",otel_scope_name="test-scope",otel_scope_version="1.2.3"} 3',
        '# TYPE queue_size gauge',
        'queue_size{otel_scope_name="test-scope",otel_scope_version="1.2.3"} -2',
        '# TYPE temperature_celsius gauge',
        'temperature_celsius{otel_scope_name="test-scope",otel_scope_version="1.2.3"} 21.5',
        '# TYPE http_duration_seconds histogram',
        'http_duration_seconds_bucket{otel_scope_name="test-scope",otel_scope_version="1.2.3",le="0.5"} 1',
        'http_duration_seconds_bucket{otel_scope_name="test-scope",otel_scope_version="1.2.3",le="1"} 3',
        'http_duration_seconds_bucket{otel_scope_name="test-scope",otel_scope_version="1.2.3",le="+Inf"} 6',
        'http_duration_seconds_sum{otel_scope_name="test-scope",otel_scope_version="1.2.3"} 4.5',
        'http_duration_seconds_count{otel_scope_name="test-scope",otel_scope_version="1.2.3"} 6',
        '',
      ].join('\n'),
    );
  });

  test('HELP escapes backslash and newline but not quotes; label values escape all three', async () => {
    const rm = resourceMetrics([gauge('g', [point(1, { v: 'a"b\\c\nd' })], '', 'say "hi"\\\nbye')], {});
    const out = await expectValidExposition(new PrometheusSerializer({ withoutScopeInfo: true }).serialize(rm));
    expect(out).toContain('# HELP g say "hi"\\\\\\nbye\n');
    expect(out).toContain('g{v="a\\"b\\\\c\\nd"} 1\n');
  });

  test('attribute keys that collide after sanitizing are merged with ";" in key order', async () => {
    const rm = resourceMetrics([gauge('g', [point(1, { 'a.b': 'dot', a_b: 'under', 'a-b': 'dash' })])], {});
    const out = await expectValidExposition(new PrometheusSerializer({ withoutScopeInfo: true }).serialize(rm));
    // Lexicographic order of the original keys: "a-b" < "a.b" < "a_b".
    expect(out).toContain('g{a_b="dash;dot;under"} 1\n');
  });

  test('non-string attribute values are rendered as JSON', async () => {
    const rm = resourceMetrics([gauge('g', [point(1, { b: true, n: 1.5, arr: ['x', 'y'] })])], {});
    const out = await expectValidExposition(new PrometheusSerializer({ withoutScopeInfo: true }).serialize(rm));
    expect(out).toContain('g{arr="[\\"x\\",\\"y\\"]",b="true",n="1.5"} 1\n');
  });

  test('options: prefix, withoutTargetInfo, withoutScopeInfo, withoutUnits, withoutCounterSuffixes, timestamps', async () => {
    const rm = resourceMetrics([counter('c', [point(1)], 'ms')]);
    const out = await expectValidExposition(
      new PrometheusSerializer({
        prefix: 'app',
        withoutTargetInfo: true,
        withoutScopeInfo: true,
        withoutUnits: true,
        withoutCounterSuffixes: true,
        appendTimestamp: true,
      }).serialize(rm),
      // withoutCounterSuffixes asks for exactly what promtool advises against.
      [/^app_c counter metrics should have "_total" suffix$/],
    );
    expect(out).toBe('# TYPE app_c counter\napp_c 1 1700000060500\n');
  });

  test('OpenTelemetry JS positional constructor still works', async () => {
    const rm = resourceMetrics([counter('c', [point(1)])], { 'service.name': 's', 'k8s.pod': 'p' });
    const out = await expectValidExposition(new PrometheusSerializer('app', false, /^k8s/, true, true).serialize(rm));
    expect(out).toBe('# TYPE app_c_total counter\napp_c_total{k8s_pod="p"} 1\n');
  });

  test('exemplars and _created do not appear in text 0.0.4', async () => {
    const rm = resourceMetrics([counter('c', [point(1, {}, { exemplars: [exemplar] })])], {});
    const out = await expectValidExposition(new PrometheusSerializer({ withoutScopeInfo: true }).serialize(rm));
    expect(out).toBe('# TYPE c_total counter\nc_total 1\n');
  });

  test('special values', async () => {
    const rm = resourceMetrics(
      [
        gauge('g', [
          point(Number.NaN, { k: 'a' }),
          point(Number.POSITIVE_INFINITY, { k: 'b' }),
          point(Number.NEGATIVE_INFINITY, { k: 'c' }),
        ]),
      ],
      {},
    );
    const out = await expectValidExposition(new PrometheusSerializer({ withoutScopeInfo: true }).serialize(rm));
    expect(out).toContain('g{k="a"} NaN\ng{k="b"} +Inf\ng{k="c"} -Inf\n');
  });
});

describe('OpenMetrics 1.0', () => {
  test('TYPE/UNIT/HELP order, _total and _created, exemplars, canonical le, # EOF', async () => {
    const rm = resourceMetrics(
      [
        counter('http.requests', [point(3, { route: '/a' }, { exemplars: [exemplar] })], 'By', 'Bytes "sent"'),
        histogram(
          'http.duration',
          [
            point(
              hist([0.5, 1, 1e6], [1, 2, 0, 3], 4.5),
              {},
              { exemplars: [{ ...exemplar, value: 0.75, filteredAttributes: {} }] },
            ),
          ],
          's',
        ),
      ],
      { 'service.name': 'svc' },
      { name: 'sc', version: '' },
    );
    expect(await openMetrics(rm)).toBe(
      [
        '# TYPE target info',
        '# HELP target Target metadata',
        'target_info{service_name="svc"} 1',
        '# TYPE http_requests_bytes counter',
        '# UNIT http_requests_bytes bytes',
        '# HELP http_requests_bytes Bytes \\"sent\\"',
        'http_requests_bytes_total{route="/a",otel_scope_name="sc"} 3 # {trace_id="0af7651916cd43dd8448eb211c80319c",span_id="b7ad6b7169203331",user="u1"} 7 1700000050.250',
        'http_requests_bytes_created{route="/a",otel_scope_name="sc"} 1700000000',
        '# TYPE http_duration_seconds histogram',
        '# UNIT http_duration_seconds seconds',
        'http_duration_seconds_bucket{otel_scope_name="sc",le="0.5"} 1',
        'http_duration_seconds_bucket{otel_scope_name="sc",le="1.0"} 3 # {trace_id="0af7651916cd43dd8448eb211c80319c",span_id="b7ad6b7169203331"} 0.75 1700000050.250',
        'http_duration_seconds_bucket{otel_scope_name="sc",le="1e+06"} 3',
        'http_duration_seconds_bucket{otel_scope_name="sc",le="+Inf"} 6',
        'http_duration_seconds_sum{otel_scope_name="sc"} 4.5',
        'http_duration_seconds_count{otel_scope_name="sc"} 6',
        'http_duration_seconds_created{otel_scope_name="sc"} 1700000000',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  test('an exemplar goes to the bucket its value falls in: a boundary value to the bucket it closes, the latest wins', async () => {
    const at = (value: number, nanos: number) => ({
      value,
      timestamp: [1_700_000_050, nanos] as [number, number],
      filteredAttributes: {},
    });
    const rm = resourceMetrics(
      [
        histogram('d', [
          point(
            hist([1, 2], [2, 2, 1], 11),
            {},
            { exemplars: [at(1, 0), at(1.5, 0), at(2, 1e8), at(9, 0), at(0.5, 2e8)] },
          ),
        ]),
      ],
      {},
    );
    const buckets = (await openMetrics(rm, { withoutScopeInfo: true }))
      .split('\n')
      .filter((l) => l.startsWith('d_bucket'));
    expect(buckets).toEqual([
      'd_bucket{le="1.0"} 2 # {} 0.5 1700000050.200',
      'd_bucket{le="2.0"} 4 # {} 2 1700000050.100',
      'd_bucket{le="+Inf"} 5 # {} 9 1700000050',
    ]);
  });

  test('an empty collection is just # EOF', async () => {
    expect(await openMetrics(resourceMetrics([], {}))).toBe('# EOF\n');
  });

  test('exemplar labels stay within 128 code points', async () => {
    const long = 'x'.repeat(70);
    const rm = resourceMetrics(
      [counter('c', [point(1, {}, { exemplars: [{ ...exemplar, filteredAttributes: { a: long, b: 'short' } }] })])],
      {},
    );
    const out = await openMetrics(rm, { withoutScopeInfo: true });
    // trace_id + span_id use 63 code points; `a` (71) would exceed 128, `b` (6) fits.
    expect(out).toContain('# {trace_id="0af7651916cd43dd8448eb211c80319c",span_id="b7ad6b7169203331",b="short"} 7');
  });
});

describe('families', () => {
  test('one metric name in two scopes becomes one family without interleaving', async () => {
    const rm = {
      resource: { attributes: {} },
      scopeMetrics: [
        { scope: { name: 'a' }, metrics: [counter('req', [point(1)], '', 'first'), gauge('other', [point(5)])] },
        { scope: { name: 'b' }, metrics: [counter('req', [point(2)], '', 'second')] },
      ],
    };
    const out = await expectValidExposition(new PrometheusSerializer().serialize(rm));
    expect(out).toBe(
      [
        '# HELP req_total first',
        '# TYPE req_total counter',
        'req_total{otel_scope_name="a"} 1',
        'req_total{otel_scope_name="b"} 2',
        '# TYPE other gauge',
        'other{otel_scope_name="a"} 5',
        '',
      ].join('\n'),
    );
  });

  test('a TYPE conflict drops the later metric, the same way in every format', async () => {
    const rm = resourceMetrics([counter('x', [point(1)]), gauge('x_total', [point(9)]), upDown('x', [point(3)])], {});
    const serializer = new PrometheusSerializer({ withoutScopeInfo: true });
    // The gauge `x_total` clashes with the counter's samples; the gauge `x` with its OpenMetrics family.
    expect(await expectValidExposition(serializer.serialize(rm))).toBe('# TYPE x_total counter\nx_total 1\n');
    expect(await openMetrics(rm, { withoutScopeInfo: true })).toBe(
      '# TYPE x counter\nx_total 1\nx_created 1700000000\n# EOF\n',
    );
  });

  test('a metric named target_info cannot clash with the resource metric', async () => {
    const rm = resourceMetrics([gauge('target_info', [point(2)]), gauge('ok', [point(1)])], { 'service.name': 's' });
    const out = await expectValidExposition(new PrometheusSerializer({ withoutScopeInfo: true }).serialize(rm));
    expect(out).toBe(
      '# HELP target_info Target metadata\n# TYPE target_info gauge\ntarget_info{service_name="s"} 1\n# TYPE ok gauge\nok 1\n',
    );
  });

  test('attributes named le or otel_scope_* cannot clash with reserved labels', async () => {
    const rm = resourceMetrics([
      histogram('h', [point(hist([1], [1, 0], 1), { le: 'x', otel_scope_name: 'y', k: 'v' })]),
    ]);
    const out = await expectValidExposition(new PrometheusSerializer({ withoutTargetInfo: true }).serialize(rm));
    expect(out).toContain('h_bucket{k="v",otel_scope_name="test-scope",otel_scope_version="1.2.3",le="1"} 1\n');
  });

  test('delta sums are dropped (Prometheus is cumulative)', async () => {
    const delta = { ...counter('d', [point(1)]), aggregationTemporality: 0 } as ReturnType<typeof counter>;
    expect(await expectValidExposition(new PrometheusSerializer().serialize(resourceMetrics([delta], {})))).toBe('');
  });

  test('label strings are cached per attributes object and reused across scrapes', async () => {
    const attrs = Object.freeze({ route: '/cached' });
    const serializer = new PrometheusSerializer({ withoutScopeInfo: true });
    const first = await expectValidExposition(
      serializer.serialize(resourceMetrics([gauge('g', [point(1, {}, { attributes: attrs })])], {})),
    );
    // A mutation the cache cannot see proves the second scrape did not re-render the frozen-by-contract object.
    const sneaky = attrs as { route: string };
    expect(Object.isFrozen(sneaky)).toBe(true);
    const unfrozen = { route: '/cached' };
    const second = await expectValidExposition(
      serializer.serialize(resourceMetrics([gauge('g', [point(1, {}, { attributes: unfrozen })])], {})),
    );
    unfrozen.route = '/changed';
    const third = await expectValidExposition(
      serializer.serialize(resourceMetrics([gauge('g', [point(1, {}, { attributes: unfrozen })])], {})),
    );
    expect(first).toBe('# TYPE g gauge\ng{route="/cached"} 1\n');
    expect(second).toBe(first);
    expect(third).toBe(first);
  });
});
