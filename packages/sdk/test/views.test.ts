import {
  AggregationType,
  DEFAULT_SECONDS_BOUNDARIES,
  InstrumentType,
  ManualMetricReader,
  MeterProvider,
  type ViewOptions,
  createDenyListAttributesProcessor,
} from '@yardstick/sdk';
import { findMetric, findPoint } from '@yardstick/sdk/testing';
import { describe, expect, it } from 'vitest';
import { captureDiag } from './helpers.js';

function setup(views: ViewOptions[], options: { unitAwareBuckets?: boolean } = {}) {
  const reader = new ManualMetricReader();
  const provider = new MeterProvider({ readers: [reader], views, ...options });
  return { reader, provider };
}

async function collect(reader: ManualMetricReader) {
  return (await reader.collect()).resourceMetrics;
}

describe('views', () => {
  const diag = captureDiag();

  it('select by wildcard name, type, unit and meter name/version/schema URL', async () => {
    const { reader, provider } = setup([
      { instrumentName: 'http.*.dur?tion', name: undefined, description: 'matched by name' },
      { instrumentType: InstrumentType.UP_DOWN_COUNTER, aggregationCardinalityLimit: 2 },
      { instrumentUnit: 'By', aggregation: { type: AggregationType.DROP } },
      { meterName: 'lib', meterVersion: '2', meterSchemaUrl: 'https://s', description: 'matched by meter' },
    ]);
    const app = provider.getMeter('app');
    app.createHistogram('HTTP.server.duration').record(1);
    const u = app.createUpDownCounter('queue');
    for (const q of ['a', 'b', 'c']) u.add(1, { q });
    app.createCounter('bytes', { unit: 'By' }).add(1);
    provider.getMeter('lib', '2', { schemaUrl: 'https://s' }).createCounter('lib.calls').add(1);
    provider.getMeter('lib', '3', { schemaUrl: 'https://s' }).createCounter('lib.other').add(1);
    const rm = await collect(reader);
    expect(findMetric(rm, 'HTTP.server.duration')?.descriptor.description).toBe('matched by name');
    expect(findMetric(rm, 'queue')?.dataPoints).toHaveLength(2);
    expect(findMetric(rm, 'bytes')).toBeUndefined();
    expect(findMetric(rm, 'lib.calls')?.descriptor.description).toBe('matched by meter');
    expect(findMetric(rm, 'lib.other')?.descriptor.description).toBe('');
  });

  it('deny-list processors drop keys; explicit bucket options override advice; advice applies otherwise', async () => {
    const { reader, provider } = setup([
      { instrumentName: 'calls', attributesProcessors: [createDenyListAttributesProcessor(['user'])] },
      {
        instrumentName: 'sized',
        aggregation: {
          type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
          options: { boundaries: [1, 2], recordMinMax: false },
        },
      },
    ]);
    const m = provider.getMeter('m');
    m.createCounter('calls').add(1, { route: '/a', user: 'u1' });
    m.createCounter('calls').add(1, { route: '/a', user: 'u2' });
    m.createHistogram('sized', { advice: { explicitBucketBoundaries: [100] } }).record(1.5);
    m.createHistogram('advised', { advice: { explicitBucketBoundaries: [100] } }).record(1.5);
    const rm = await collect(reader);
    expect(findPoint(findMetric(rm, 'calls'), { route: '/a' })?.value).toBe(2);
    const sized = findPoint<{ buckets: { boundaries: number[] }; min?: number }>(findMetric(rm, 'sized'));
    expect(sized?.value.buckets.boundaries).toEqual([1, 2]);
    expect(sized?.value.min).toBeUndefined();
    expect(
      findPoint<{ buckets: { boundaries: number[] } }>(findMetric(rm, 'advised'))?.value.buckets.boundaries,
    ).toEqual([100]);
  });

  it('instrumentName matches as the spec says: case-insensitive, `?` is any one character', async () => {
    // A deliberate difference (sdk README): sdk-metrics 2.x compares case-sensitively and takes
    // `?` literally, so none of these views would select anything there.
    const { reader, provider } = setup([
      { instrumentName: 'disk.?', description: 'one char' },
      { instrumentName: 'Http.Requests', description: 'any case' },
    ]);
    const m = provider.getMeter('m');
    for (const name of ['disk.0', 'DISK.1', 'disk.10', 'disk.', 'http.requests', 'HTTP.REQUESTS.x']) {
      m.createCounter(name).add(1);
    }
    const rm = await collect(reader);
    const description = (name: string) => findMetric(rm, name)?.descriptor.description;
    expect(description('disk.0')).toBe('one char');
    expect(description('DISK.1')).toBe('one char');
    expect(description('disk.10')).toBe('');
    expect(description('disk.')).toBe('');
    expect(description('http.requests')).toBe('any case');
    expect(description('HTTP.REQUESTS.x')).toBe('');
  });

  it('an exponential histogram view with zeroThreshold counts |v| ≤ threshold in the zero bucket', async () => {
    const { reader, provider } = setup([
      {
        instrumentName: 'wide',
        aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { zeroThreshold: 0.5 } },
      },
      { instrumentName: 'narrow', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } },
    ]);
    const m = provider.getMeter('m');
    const hist = m.createHistogram('wide');
    const histNarrow = m.createHistogram('narrow');
    for (const v of [0, 0.25, 0.5, 0.75, 2]) {
      hist.record(v);
      histNarrow.record(v);
    }
    const rm = await collect(reader);
    const point = (name: string) =>
      findPoint<{ zeroCount: number; zeroThreshold?: number; count: number }>(findMetric(rm, name))?.value;
    expect(point('wide')?.zeroCount).toBe(3); // 0, 0.25, 0.5
    expect(point('wide')?.zeroThreshold).toBe(0.5);
    expect(point('narrow')?.zeroCount).toBe(1); // only the exact 0
    expect(point('wide')?.count).toBe(5);
  });

  it('two views producing one stream name produce a clear diagnostic, and both streams are exported', async () => {
    const { reader, provider } = setup([
      { instrumentName: 'a', name: 'merged' },
      { instrumentName: 'b', name: 'merged' },
    ]);
    const m = provider.getMeter('m');
    m.createCounter('a').add(1);
    m.createCounter('b').add(2);
    const rm = await collect(reader);
    expect(rm.scopeMetrics[0]?.metrics.filter((x) => x.descriptor.name === 'merged')).toHaveLength(2);
    const warnings = diag.messages.filter((x) => x.text.includes('view conflict'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.text).toContain('"merged" is produced by instrument "a" and by instrument "b"');
  });

  it('two matching views without renames on one instrument are reported as a conflict', async () => {
    const { provider } = setup([{ instrumentName: 'x' }, { instrumentType: InstrumentType.COUNTER }]);
    provider.getMeter('m').createCounter('x');
    expect(diag.messages.some((x) => x.text.includes('(two matching views)'))).toBe(true);
  });

  it('a drop-all view with a keep view re-enabling one instrument', async () => {
    const { reader, provider } = setup([
      { instrumentName: '*', aggregation: { type: AggregationType.DROP } },
      { instrumentName: 'kept', name: 'kept' },
    ]);
    const m = provider.getMeter('m');
    const other = m.createCounter('other');
    other.add(1);
    m.createCounter('kept').add(1);
    expect(other.enabled()).toBe(false);
    const rm = await collect(reader);
    expect(rm.scopeMetrics[0]?.metrics.map((x) => x.descriptor.name)).toEqual(['kept']);
  });
});

describe('unit-aware default buckets', () => {
  it('histograms in seconds get second-scaled boundaries; strict parity keeps the OpenTelemetry ones', async () => {
    const aware = setup([]);
    const strict = setup([], { unitAwareBuckets: false });
    for (const { provider } of [aware, strict]) provider.getMeter('m').createHistogram('d', { unit: 's' }).record(0.2);
    const a = findPoint<{ buckets: { boundaries: number[]; counts: number[] } }>(
      findMetric(await collect(aware.reader), 'd'),
    );
    const s = findPoint<{ buckets: { boundaries: number[] } }>(findMetric(await collect(strict.reader), 'd'));
    expect(a?.value.buckets.boundaries).toEqual([...DEFAULT_SECONDS_BOUNDARIES]);
    expect(a?.value.buckets.boundaries.slice(0, 3)).toEqual([0, 0.005, 0.01]);
    expect(a?.value.buckets.counts[7]).toBe(1); // (0.1, 0.25]
    expect(s?.value.buckets.boundaries[1]).toBe(5);
  });
});
