/**
 * Every exposition these tests produce goes through Prometheus' own parsers: `promtool check metrics`
 * for text 0.0.4 (parse errors fail, lint advice is listed), and promtool's OpenMetrics importer for
 * OpenMetrics 1.0. Names, label values and help texts are fuzzed with quotes, backslashes,
 * newlines and unicode (seeded, so a failure reproduces).
 */
import type { Attributes, MetricData } from '@yardstick/core';
import { describe, expect, test } from 'vitest';
import { PrometheusSerializer, sanitizeMetricName } from '../src/index.js';
import {
  buildExponential,
  counter,
  expHistogram,
  gauge,
  hist,
  histogram,
  point,
  resourceMetrics,
  upDown,
} from './helpers/fixtures.js';
import { seededRandom as rng } from '../../core/test/helpers/seeded-random.js';
import { checkMetrics, checkOpenMetrics, expectValidExposition, expectValidOpenMetrics } from './helpers/promtool.js';

const PIECES = [
  'a',
  'Z',
  '_',
  '.',
  '-',
  '/',
  ':',
  '0',
  '9',
  ' ',
  '"',
  '\\',
  '\n',
  'é',
  'ß',
  '日本',
  '😀',
  '\t',
  '{',
  '}',
  '=',
  ',',
  '#',
];

function fuzzString(r: () => number, min: number, max: number): string {
  const n = min + Math.floor(r() * (max - min + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(r() * PIECES.length)];
  return s;
}

/**
 * First characters that names and keys must survive: leading digits, underscores (a `__` prefix is
 * reserved in Prometheus), colons, punctuation, unicode, and nothing at all.
 */
const STARTS = ['m', 'Z', '0', '9', '_', '__', ':', '.', '-', ' ', 'é', '日本', '😀', '"', '\\', '\n', '{', '#', '='];
/** Pieces with no character valid in a Prometheus name: names made of these sanitize to nothing. */
const INVALID = PIECES.filter((p) => !/[a-zA-Z0-9_:]/.test(p));

/** fuzzName varies the first character too; one name in ten is empty or has no valid character. */
function fuzzName(r: () => number, maxRest: number): string {
  const roll = r();
  if (roll < 0.05) return '';
  if (roll < 0.1) {
    let s = '';
    for (let i = 1 + Math.floor(r() * 4); i > 0; i--) s += INVALID[Math.floor(r() * INVALID.length)];
    return s;
  }
  return STARTS[Math.floor(r() * STARTS.length)] + fuzzString(r, 0, maxRest);
}

function fuzzAttributes(r: () => number): Attributes {
  const attrs: Attributes = {};
  const n = Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const roll = r();
    attrs[fuzzName(r, 5)] = roll < 0.7 ? fuzzString(r, 0, 12) : roll < 0.85 ? r() * 100 : [fuzzString(r, 0, 3)];
  }
  return attrs;
}

function fuzzCollection(seed: number): MetricData[] {
  const r = rng(seed);
  const metrics: MetricData[] = [];
  const used = new Set<string>();
  const units = ['', 'ms', 'By', '1', '{req}', 'm/s', '%', 'weird unit'];
  for (let i = 0; i < 12; i++) {
    let name = fuzzName(r, 10);
    // Keep sanitized names distinct so two fuzzed metrics cannot produce the very same series.
    if (used.has(sanitizeMetricName(name).replace(/_total$/, ''))) name = `${name}${i}x`;
    used.add(sanitizeMetricName(name).replace(/_total$/, ''));
    const unit = units[Math.floor(r() * units.length)];
    const help = fuzzString(r, 0, 20);
    const points = Array.from({ length: 1 + Math.floor(r() * 3) }, (_, k) => ({ k: `${k}`, ...fuzzAttributes(r) }));
    const exemplar = {
      value: 1,
      timestamp: [1_700_000_030, 0] as [number, number],
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      filteredAttributes: fuzzAttributes(r),
    };
    switch (i % 5) {
      case 0:
        metrics.push(
          counter(
            name,
            points.map((a) => point(r() * 1000, a, { exemplars: [exemplar] })),
            unit,
            help,
          ),
        );
        break;
      case 1:
        metrics.push(
          gauge(
            name,
            points.map((a) => point((r() - 0.5) * 1e9, a)),
            unit,
            help,
          ),
        );
        break;
      case 2:
        metrics.push(
          upDown(
            name,
            points.map((a) => point(Math.round((r() - 0.5) * 100), a)),
            unit,
            help,
          ),
        );
        break;
      case 3:
        metrics.push(
          histogram(
            name,
            points.map((a) =>
              point(hist([0, 0.1, 1, 10, 2.5e6], [1, 2, 3, 4, 5, 6], 42.5), a, { exemplars: [exemplar] }),
            ),
            unit,
            help,
          ),
        );
        break;
      default:
        metrics.push(
          expHistogram(
            name,
            points.map((a) => point(buildExponential([0.001, 0.5, 1, 2, 3, 700, 0], 3), a)),
            unit,
            help,
          ),
        );
    }
  }
  return metrics;
}

describe('promtool accepts every exposition', () => {
  test.each([1, 2, 3, 4, 5, 6])('fuzzed collection %i: text 0.0.4 parses', async (seed) => {
    const resource = { 'service.name': fuzzString(rng(seed), 1, 8), 'host.name': 'h"\\\n' };
    const rm = resourceMetrics(fuzzCollection(seed), resource, {
      name: fuzzString(rng(seed + 99), 1, 8),
      version: '1"\\',
    });
    const text = new PrometheusSerializer().serialize(rm);
    const result = await checkMetrics(text);
    expect(result.errors, text).toEqual([]);
    expect(result.code, text).not.toBe(1);
    // Lint advice we accept: missing HELP, non-base units the OpenTelemetry table mandates, and
    // unit-word advice on fuzzed names. A counter without `_total` would be our bug.
    for (const line of result.lint) expect(line).not.toMatch(/should have "_total" suffix/);
  });

  test.each([1, 2, 3, 4, 5, 6])('fuzzed collection %i: OpenMetrics 1.0 parses', async (seed) => {
    const rm = resourceMetrics(fuzzCollection(seed), { 'service.name': 'svc', 'x.y': 'q"\\\n😀' });
    const om = new PrometheusSerializer({ appendTimestamp: true }).serialize(rm, 'openmetrics');
    expect(om.endsWith('# EOF\n')).toBe(true);
    await expect(checkOpenMetrics(om)).resolves.toMatch(/BLOCK ULID/);
  });

  test('names and keys with every kind of first character: sanitized by hand-derived rules, and they parse', async () => {
    // Expected names follow the compatibility rules: invalid runs become one `_`, a leading digit
    // gets `_` (metrics) or `key_` (labels); a name with no valid character left is dropped.
    const cases: [string, string | undefined][] = [
      ['0abc', '_0abc_total'],
      ['__x', '_x_total'],
      [':a', ':a_total'],
      // The suffix is appended after sanitizing, as in @opentelemetry/exporter-prometheus: `Z_` + `_total`.
      ['Zé', 'Z__total'],
      ['日本y', '_y_total'],
      ['.m', '_m_total'],
      ['9', '_9_total'],
      ['', undefined],
      ['😀', undefined],
      [' "', undefined],
    ];
    const attrs = { '0k': 'digit', __k: 'under', '😀': 'emoji', '': 'empty', 'é"\\\n': 'q"\\\n😀' };
    const rm = resourceMetrics(
      cases.map(([name], i) => counter(name, [point(i, attrs)])),
      {},
      { name: 's', version: '' },
    );
    const text = new PrometheusSerializer().serialize(rm);
    const result = await checkMetrics(text);
    expect(result.errors, text).toEqual([]);
    expect(result.code, text).not.toBe(1);
    const families = text
      .split('\n')
      .filter((l) => l.startsWith('# TYPE '))
      .map((l) => l.split(' ')[2]);
    expect(families).toEqual(cases.flatMap(([, want]) => (want === undefined ? [] : [want])));
    // Colliding keys merge in UTF-16 order of the original keys: 'é…' (U+00E9) before '😀' (U+D83D…).
    expect(text).toContain('_0abc_total{key_0k="digit",_k="under",_="q\\"\\\\\\n😀;emoji",otel_scope_name="s"} 0\n');
    const om = new PrometheusSerializer({ appendTimestamp: true }).serialize(rm, 'openmetrics');
    await expect(checkOpenMetrics(om)).resolves.toMatch(/BLOCK ULID/);
  });

  test('promtool really rejects a broken exposition (the check can fail)', async () => {
    const result = await checkMetrics('broken{a="b} 1\n');
    expect(result.code).toBe(1);
    expect(result.errors.length).toBeGreaterThan(0);
    await expect(checkOpenMetrics('# TYPE x counter\nx_total{a="b} 1 1\n# EOF\n')).rejects.toThrow(/rejected/);
    await expect(checkOpenMetrics('# TYPE x counter\nx_total 1 1\n')).rejects.toThrow(/rejected/);
    // The shared helpers fail on parse errors and on lint findings nobody allowed.
    await expect(expectValidExposition('broken{a="b} 1\n')).rejects.toThrow(/rejected/);
    await expect(expectValidExposition('# TYPE c counter\nc 1\n')).rejects.toThrow(/_total/);
    await expect(expectValidExposition('# TYPE c counter\nc 1\n', [/should have "_total" suffix/])).resolves.toBe(
      '# TYPE c counter\nc 1\n',
    );
    await expect(expectValidOpenMetrics('# TYPE x counter\nx_total 1 1\n')).rejects.toThrow(/# EOF/);
  });
});
