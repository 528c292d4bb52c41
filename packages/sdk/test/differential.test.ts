/**
 * Differential tests: the same workload through Yardstick and through @opentelemetry/sdk-metrics
 * must produce equal data (timestamps excepted), for both temporalities and several readers.
 */
import type { Attributes, Meter as ApiMeter } from '@opentelemetry/api';
import * as otel from '@opentelemetry/sdk-metrics';
import * as ys from '@yardstick/sdk';
import { describe, expect, it } from 'vitest';

/** A workload records on `meter`; `getMeter` gives other meters of the same provider. */
type Workload = (meter: ApiMeter, step: number, getMeter: (name: string) => ApiMeter) => void;

class OtelReader extends otel.MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

function normalizeValue(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    if (val === undefined) continue;
    out[k] = normalizeValue(val);
  }
  return out;
}

/** Strips timestamps and orders everything so two collections can be compared with toEqual. */
function normalize(rm: { scopeMetrics: { scope: object; metrics: unknown[] }[] }) {
  return rm.scopeMetrics
    .map((sm) => ({
      scope: normalizeValue(sm.scope),
      metrics: (sm.metrics as otel.MetricData[])
        .map((m) => ({
          descriptor: {
            name: m.descriptor.name,
            description: m.descriptor.description,
            unit: m.descriptor.unit,
            valueType: m.descriptor.valueType,
          },
          temporality: m.aggregationTemporality,
          type: m.dataPointType,
          monotonic: 'isMonotonic' in m ? m.isMonotonic : undefined,
          points: (m.dataPoints as otel.DataPoint<unknown>[])
            .map((p) => ({ attributes: sortKeys(p.attributes), value: normalizeValue(p.value) }))
            .sort((a, b) => (JSON.stringify(a.attributes) < JSON.stringify(b.attributes) ? -1 : 1)),
        }))
        .filter((m) => m.points.length > 0)
        .sort((a, b) => (a.descriptor.name + a.type < b.descriptor.name + b.type ? -1 : 1)),
    }))
    .filter((sm) => sm.metrics.length > 0);
}

function sortKeys(a: Attributes): Attributes {
  return Object.fromEntries(Object.entries(a).sort(([x], [y]) => (x < y ? -1 : 1)));
}

const temporalities = [
  ['cumulative', otel.AggregationTemporality.CUMULATIVE],
  ['delta', otel.AggregationTemporality.DELTA],
] as const;

/** Runs `steps` rounds of the workload on both SDKs with two readers each; compares every collection. */
async function compare(
  workload: Workload,
  steps = 3,
  views: otel.ViewOptions[] = [],
  /** Collections to leave uncompared (documented, deliberate differences). */
  skip: (step: number, temporality: string) => boolean = () => false,
  /** The readers' aggregation selector, the same function for both SDKs. */
  aggregationSelector?: otel.AggregationSelector,
) {
  const otelReaders = temporalities.map(
    ([, t]) => new OtelReader({ aggregationTemporalitySelector: () => t, aggregationSelector }),
  );
  const ysReaders = temporalities.map(
    ([, t]) =>
      new ys.ManualMetricReader({
        aggregationTemporalitySelector: () => t as unknown as ys.AggregationTemporality,
        aggregationSelector: aggregationSelector as unknown as ys.AggregationSelector | undefined,
      }),
  );
  const otelProvider = new otel.MeterProvider({ readers: otelReaders, views });
  const ysProvider = new ys.MeterProvider({ readers: ysReaders, views: views as unknown as ys.ViewOptions[] });
  const otelMeter = otelProvider.getMeter('diff', '1.0.0');
  const ysMeter = ysProvider.getMeter('diff', '1.0.0');
  for (let step = 0; step < steps; step++) {
    workload(otelMeter, step, (name) => otelProvider.getMeter(name, '1'));
    workload(ysMeter, step, (name) => ysProvider.getMeter(name, '1'));
    for (let r = 0; r < otelReaders.length; r++) {
      const expected = await (otelReaders[r] as OtelReader).collect();
      const actual = await (ysReaders[r] as ys.ManualMetricReader).collect();
      expect(actual.errors).toEqual([]);
      if (skip(step, temporalities[r]?.[0] ?? '')) continue;
      expect(normalize(actual.resourceMetrics), `step ${step}, ${temporalities[r]?.[0]} reader`).toEqual(
        normalize(expected.resourceMetrics as never),
      );
    }
  }
  await otelProvider.shutdown();
  await ysProvider.shutdown();
}

const routes = ['/a', '/b', '/users/:id'];

describe('differential: Yardstick vs @opentelemetry/sdk-metrics', () => {
  it('counters with attributes, in any key order, across collections', async () => {
    await compare((meter, step) => {
      const c = meter.createCounter('requests', { description: 'Requests served', unit: '{request}' });
      for (let i = 0; i < 20; i++) {
        const route = routes[i % routes.length] as string;
        c.add(i + step, { route, method: i % 2 ? 'GET' : 'POST' });
        c.add(1, { method: 'GET', route });
      }
      if (step === 1) c.add(3); // a series with no attributes, appearing later
    });
  });

  it('up-down counters and integer counters', async () => {
    await compare((meter, step) => {
      const u = meter.createUpDownCounter('queue.depth', { unit: '{item}' });
      u.add(5, { q: 'a' });
      u.add(-7 + step, { q: 'a' });
      u.add(step % 2 ? 2 : -2, { q: 'b' });
      const ints = meter.createCounter('bytes', { unit: 'By', valueType: 0 });
      ints.add(10, { dir: 'in' });
      ints.add(3, { dir: 'out', extra: true });
    });
  });

  it('histograms with default and advised boundaries, min/max and sums', async () => {
    await compare((meter, step) => {
      const h = meter.createHistogram('http.server.duration', { unit: 'ms' });
      const values = [0, 1, 5, 5.5, 10, 24.9, 25, 99, 100, 101, 7500, 10000, 10001, 1e9];
      for (const v of values) h.record(v + step, { route: '/a' });
      h.record(3, { route: '/b', code: 200 });
      const advised = meter.createHistogram('size', { advice: { explicitBucketBoundaries: [1, 10, 100] } });
      advised.record(0.5);
      advised.record(10);
      advised.record(1000 * (step + 1));
    });
  });

  it('gauges keep the last value', async () => {
    await compare((meter, step) => {
      const g = meter.createGauge('temperature', { unit: 'Cel' });
      g.record(20 + step, { room: 'a' });
      g.record(-3.5 * step, { room: 'a' });
      if (step !== 1) g.record(7, { room: 'b' });
    });
  });

  it('observable counter, up-down counter and gauge, including batch callbacks', async () => {
    const totals = [10, 25, 25];
    await compare((meter, step) => {
      if (step > 0) return; // register once; callbacks run at every collection
      let calls = 0;
      const oc = meter.createObservableCounter('cpu.time', { unit: 's' });
      oc.addCallback((r) => {
        const i = Math.min(Math.floor(calls++ / 2), totals.length - 1);
        r.observe(totals[i] as number, { state: 'user' });
        r.observe((totals[i] as number) / 2, { state: 'system' });
      });
      const ou = meter.createObservableUpDownCounter('connections');
      const og = meter.createObservableGauge('memory.used', { unit: 'By' });
      let batchCalls = 0;
      meter.addBatchObservableCallback(
        (r) => {
          batchCalls++;
          r.observe(ou, 3 + (batchCalls % 3), { pool: 'db' });
          r.observe(og, 1024 * batchCalls);
        },
        [ou, og],
      );
    });
  });

  it('views: rename, drop, attribute allow-list and aggregation override', async () => {
    await compare(
      (meter) => {
        meter.createCounter('dropped.metric').add(1);
        const c = meter.createCounter('renamed');
        c.add(2, { keep: 'x', drop: 'y' });
        c.add(3, { keep: 'x', drop: 'z' });
        meter.createHistogram('as.sum').record(5, { a: 1 });
      },
      3,
      [
        { instrumentName: 'dropped.*', aggregation: { type: otel.AggregationType.DROP } },
        {
          instrumentName: 'renamed',
          name: 'renamed.total',
          description: 'from a view',
          attributesProcessors: [otel.createAllowListAttributesProcessor(['keep'])],
        },
        { instrumentName: 'as.sum', aggregation: { type: otel.AggregationType.SUM } },
      ],
    );
  });

  it('cardinality overflow and delta series reclamation (view limit)', async () => {
    await compare(
      (meter, step) => {
        const c = meter.createCounter('users');
        const h = meter.createHistogram('latency');
        // Each step brings new users: cumulative keeps the first ones and overflows the rest;
        // delta starts every interval empty, so the new ones fit again.
        for (let i = 0; i < 12; i++) {
          c.add(1, { user: `u${step * 12 + i}` });
          h.record(i * 10, { user: `u${step * 12 + i}` });
        }
        c.add(5, { user: `u${step * 12}` });
      },
      4,
      [
        { instrumentName: 'users', aggregationCardinalityLimit: 5 },
        { instrumentName: 'latency', aggregationCardinalityLimit: 3 },
      ],
      // Deliberate difference: OpenTelemetry JS applies the limit per collection interval even
      // for cumulative streams, so after the first interval its cumulative output grows past the
      // limit (new sets get series again). Yardstick keeps the series seen before the overflow and
      // sends every later new set to the overflow series, as the specification describes, so
      // memory stays bounded. Delta streams agree on every interval.
      (step, temporality) => step > 0 && temporality === 'cumulative',
    );
  });

  it('several meters and instruments of the same name in different meters', async () => {
    await compare((meter, step) => {
      meter.createCounter('shared').add(step + 1, { m: 'x' });
    });
  });

  it('views: deny-list processor', async () => {
    await compare(
      (meter, step) => {
        const c = meter.createCounter('calls');
        c.add(1, { route: '/a', user: `u${step}`, session: 's' });
        c.add(2, { route: '/b', user: 'u0' });
        meter.createHistogram('timed').record(step + 1, { route: '/a', user: 'u1' });
      },
      3,
      [
        {
          instrumentName: 'calls',
          attributesProcessors: [otel.createDenyListAttributesProcessor(['user', 'session'])],
        },
        { instrumentName: 'timed', attributesProcessors: [otel.createDenyListAttributesProcessor(['user'])] },
      ],
    );
  });

  it('views: explicit bucket boundaries override defaults and advice, with and without min/max', async () => {
    await compare(
      (meter, step) => {
        const advised = meter.createHistogram('advised', { advice: { explicitBucketBoundaries: [100, 200] } });
        const plain = meter.createHistogram('plain', { unit: 'ms' });
        for (const v of [0, 0.5, 1, 1.5, 2, 3, 150, 1e6]) {
          advised.record(v + step, { k: 'a' });
          plain.record(v * 2 + step);
        }
      },
      3,
      [
        {
          instrumentName: 'advised',
          aggregation: { type: otel.AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [1, 2, 3] } },
        },
        {
          instrumentName: 'plain',
          aggregation: {
            type: otel.AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
            options: { boundaries: [0, 10, 1000], recordMinMax: false },
          },
        },
      ],
    );
  });

  it('views: meterName selector applies to that meter only', async () => {
    await compare(
      // Each meter has a version: for a meter without one sdk-metrics exports `version: ''`,
      // Yardstick leaves it out.
      (meter, step, getMeter) => {
        meter.createCounter('jobs').add(step + 1, { q: 'a' });
        getMeter('lib').createCounter('jobs').add(10, { q: 'b' });
        getMeter('other').createHistogram('lat').record(5);
        getMeter('lib').createHistogram('lat').record(5);
      },
      3,
      [
        { meterName: 'lib', instrumentName: 'jobs', name: 'lib.jobs', description: 'from lib' },
        { meterName: 'lib', instrumentName: 'lat', aggregation: { type: otel.AggregationType.DROP } },
      ],
    );
  });

  it('views: instrumentType selector', async () => {
    await compare(
      (meter, step) => {
        meter.createCounter('a.count').add(1 + step, { x: 1 });
        meter.createHistogram('a.hist').record(2 + step, { x: 1 });
        meter.createUpDownCounter('a.updown').add(-1, { x: 1 });
        meter.createHistogram('b.hist').record(7);
      },
      3,
      [
        { instrumentType: otel.InstrumentType.HISTOGRAM, aggregation: { type: otel.AggregationType.SUM } },
        { instrumentType: otel.InstrumentType.UP_DOWN_COUNTER, description: 'selected by type' },
      ],
    );
  });

  it("a reader's aggregationSelector, end to end (views still win)", async () => {
    await compare(
      (meter, step) => {
        for (const v of [0.5, 1, 30, 500 + step]) meter.createHistogram('lat').record(v, { r: '/a' });
        meter.createHistogram('sized').record(3 + step);
        meter.createCounter('calls').add(2);
        meter.createUpDownCounter('depth').add(step - 1);
        meter.createGauge('temp').record(20 + step);
      },
      3,
      [{ instrumentName: 'sized', aggregation: { type: otel.AggregationType.LAST_VALUE } }],
      () => false,
      (type) => {
        switch (type) {
          case otel.InstrumentType.HISTOGRAM:
            return { type: otel.AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [1, 100] } };
          case otel.InstrumentType.COUNTER:
            return { type: otel.AggregationType.DROP };
          case otel.InstrumentType.UP_DOWN_COUNTER:
            return { type: otel.AggregationType.LAST_VALUE };
          default:
            return { type: otel.AggregationType.DEFAULT };
        }
      },
    );
  });
});
