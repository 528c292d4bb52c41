import { describe, expect, test } from 'vitest';
import { metricNames, sanitizeLabelName, sanitizeMetricName, unitSuffix } from '../src/index.js';

describe('unit suffixes (OpenTelemetry → Prometheus table)', () => {
  test.each([
    ['ms', 'milliseconds'],
    ['s', 'seconds'],
    ['By', 'bytes'],
    ['KiBy', 'kibibytes'],
    ['kBy', 'kilobytes'],
    ['TiBy', 'tebibytes'],
    ['Cel', 'celsius'],
    ['%', 'percent'],
    ['By/s', 'bytes_per_second'],
    ['m/s', 'meters_per_second'],
    ['{request}', ''],
    ['{packet}/s', 'per_second'],
    ['{req}By', 'bytes'],
    ['widgets', 'widgets'],
    ['', ''],
  ])('%s ⇒ %s', (unit, word) => {
    expect(unitSuffix(unit)).toBe(word);
  });

  test('unit "1" adds no suffix (specification PR #4966 removed `_ratio`)', () => {
    expect(unitSuffix('1')).toBe('');
    expect(metricNames('cpu.utilization', '1', 'gauge', {})?.sample).toBe('cpu_utilization');
  });
});

describe('metric names', () => {
  test('name + unit + _total, in that order', () => {
    expect(metricNames('foo.bar', 'By', 'counter', {})).toEqual({
      family: 'foo_bar_bytes',
      sample: 'foo_bar_bytes_total',
      unit: 'bytes',
    });
  });
  test('an existing _total is kept once and moved after the unit', () => {
    expect(metricNames('requests_total', 's', 'counter', {})?.sample).toBe('requests_seconds_total');
    expect(metricNames('requests_total', '', 'counter', {})?.sample).toBe('requests_total');
  });
  test('the unit is not repeated when the name already ends with it', () => {
    expect(metricNames('http.duration_seconds', 's', 'histogram', {})?.family).toBe('http_duration_seconds');
  });
  test('non-monotonic sums and gauges get no _total', () => {
    expect(metricNames('queue.size', '{item}', 'gauge', {})?.sample).toBe('queue_size');
  });
  test('options drop unit and counter suffixes', () => {
    expect(metricNames('d', 'ms', 'histogram', { withoutUnits: true })).toEqual({ family: 'd', sample: 'd', unit: '' });
    expect(metricNames('c', 'By', 'counter', { withoutCounterSuffixes: true })?.sample).toBe('c_bytes');
    expect(metricNames('c', '', 'counter', { prefix: 'app' })?.sample).toBe('app_c_total');
  });
  test('sanitizing: invalid characters, runs of _, leading digits', () => {
    expect(sanitizeMetricName('a.b-c/d')).toBe('a_b_c_d');
    expect(sanitizeMetricName('a..__b')).toBe('a_b');
    expect(sanitizeMetricName('1xx')).toBe('_1xx');
    expect(sanitizeMetricName('héllo wörld')).toBe('h_llo_w_rld');
    expect(sanitizeMetricName('ns:sub')).toBe('ns:sub');
    expect(sanitizeLabelName('http.method')).toBe('http_method');
    expect(sanitizeLabelName('1st')).toBe('key_1st');
    expect(sanitizeLabelName('a:b')).toBe('a_b');
    expect(metricNames('...', '', 'gauge', {})).toBeUndefined();
  });
});
