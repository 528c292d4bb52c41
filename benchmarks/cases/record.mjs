/**
 * Hot-path cases: one recording call per op on instruments that already exist. Yardstick and
 * OpenTelemetry JS share the `@opentelemetry/api` Meter surface, so they run the very same closure.
 */
import { histCell, histRecord, sumCell } from '../lib/impls/baseline.mjs';
import { VALUES, attrSets, attrs3, keyOf } from '../lib/workload.mjs';

const yardstick = () => import('../lib/impls/yardstick.mjs');
const otel = () => import('../lib/impls/otel.mjs');
const prom = () => import('../lib/impls/prom.mjs');

/** Builds the yardstick and otel entries of a case from one function of a Meter. */
function api(fn) {
  return {
    yardstick: async (ctx) => fn((await yardstick()).setup().meter, ctx),
    otel: async (ctx) => fn((await otel()).setup().meter, ctx),
  };
}

function promCase(fn) {
  return async (ctx) => fn((await prom()).setup(), ctx);
}

const A = attrs3(0);
// Separate variables so the fresh literal is what an app writes: { method: req.method, ... }.
const M = A.method;
const R = A.route;
const S = A.status;

/** Cycles over VALUES so histograms hit different buckets. */
function valueCycler() {
  let i = 0;
  return () => VALUES[i++ & 1023];
}

export const recordCases = [
  {
    id: 'exphistogram-3-same',
    title: 'exponential histogram.record, 3 attributes (issue 4)',
    kind: 'micro',
    impls: {
      yardstick: async () => {
        const h = (await yardstick()).setup({ exponential: true }).meter.createHistogram('e');
        const next = valueCycler();
        h.record(next(), A);
        return () => h.record(next(), A);
      },
      otel: async () => {
        const h = (await otel()).setup({ exponential: true }).meter.createHistogram('e');
        const next = valueCycler();
        h.record(next(), A);
        return () => h.record(next(), A);
      },
    },
  },
  {
    id: 'counter-0',
    title: 'counter.add, 0 attributes',
    kind: 'micro',
    impls: {
      ...api((meter) => {
        const c = meter.createCounter('c');
        c.add(1);
        return () => c.add(1);
      }),
      prom: promCase((p) => {
        const c = p.counter('c', []);
        return () => c.inc(1);
      }),
      map: async () => {
        const cell = sumCell();
        return () => {
          cell.value += 1;
        };
      },
    },
  },
  {
    id: 'counter-3-same',
    title: 'counter.add, 3 attributes, same object',
    kind: 'micro',
    impls: {
      ...api((meter) => {
        const c = meter.createCounter('c');
        c.add(1, A);
        return () => c.add(1, A);
      }),
      prom: promCase((p) => {
        const c = p.counter('c');
        c.inc(A, 1);
        return () => c.inc(A, 1);
      }),
      map: async () => {
        const map = new Map([[keyOf(A), sumCell()]]);
        const key = keyOf(A);
        return () => {
          map.get(key).value += 1;
        };
      },
    },
  },
  {
    id: 'counter-3-fresh',
    title: 'counter.add, 3 attributes, fresh object per call',
    kind: 'micro',
    impls: {
      ...api((meter) => {
        const c = meter.createCounter('c');
        c.add(1, A);
        return () => c.add(1, { method: M, route: R, status: S });
      }),
      prom: promCase((p) => {
        const c = p.counter('c');
        c.inc(A, 1);
        return () => c.inc({ method: M, route: R, status: S }, 1);
      }),
      map: async () => {
        const map = new Map([[keyOf(A), sumCell()]]);
        return () => {
          map.get(keyOf({ method: M, route: R, status: S })).value += 1;
        };
      },
    },
  },
  {
    id: 'counter-3-cycle-1k',
    title: 'counter.add, cycling over 1,000 series',
    kind: 'micro',
    impls: {
      ...api((meter) => {
        const c = meter.createCounter('c');
        const sets = attrSets(1000);
        for (const a of sets) c.add(1, a);
        let i = 0;
        return () => {
          c.add(1, sets[i]);
          if (++i === 1000) i = 0;
        };
      }),
      prom: promCase((p) => {
        const c = p.counter('c');
        const sets = attrSets(1000);
        for (const a of sets) c.inc(a, 1);
        let i = 0;
        return () => {
          c.inc(sets[i], 1);
          if (++i === 1000) i = 0;
        };
      }),
      map: async () => {
        const sets = attrSets(1000);
        const keys = sets.map(keyOf);
        const map = new Map(keys.map((k) => [k, sumCell()]));
        let i = 0;
        return () => {
          map.get(keys[i]).value += 1;
          if (++i === 1000) i = 0;
        };
      },
    },
  },
  {
    id: 'counter-new-series',
    title: 'counter.add creating a new series (fresh attributes)',
    kind: 'micro',
    // Each op creates 1,000 series on a fresh provider/registry, so memory stays bounded.
    perOp: 1000,
    impls: {
      yardstick: async () => {
        const lib = await yardstick();
        return () => {
          const c = lib.setup().meter.createCounter('c');
          for (let j = 0; j < 1000; j++) c.add(1, attrs3(j));
        };
      },
      otel: async () => {
        const lib = await otel();
        return () => {
          const c = lib.setup().meter.createCounter('c');
          for (let j = 0; j < 1000; j++) c.add(1, attrs3(j));
        };
      },
      prom: async () => {
        const lib = await prom();
        return () => {
          const c = lib.setup().counter('c');
          for (let j = 0; j < 1000; j++) c.inc(attrs3(j), 1);
        };
      },
      map: async () => () => {
        const map = new Map();
        for (let j = 0; j < 1000; j++) {
          const k = keyOf(attrs3(j));
          let cell = map.get(k);
          if (cell === undefined) map.set(k, (cell = sumCell()));
          cell.value += 1;
        }
      },
    },
  },
  {
    id: 'histogram-0',
    title: 'histogram.record, 0 attributes',
    kind: 'micro',
    impls: {
      ...api((meter) => {
        const h = meter.createHistogram('h');
        const next = valueCycler();
        return () => h.record(next());
      }),
      prom: promCase((p) => {
        const h = p.histogram('h', []);
        const next = valueCycler();
        return () => h.observe(next());
      }),
      map: async () => {
        const cell = histCell();
        const next = valueCycler();
        return () => histRecord(cell, next());
      },
    },
  },
  {
    id: 'histogram-3-same',
    title: 'histogram.record, 3 attributes, same object',
    kind: 'micro',
    impls: {
      ...api((meter) => {
        const h = meter.createHistogram('h');
        const next = valueCycler();
        h.record(1, A);
        return () => h.record(next(), A);
      }),
      prom: promCase((p) => {
        const h = p.histogram('h');
        const next = valueCycler();
        h.observe(A, 1);
        return () => h.observe(A, next());
      }),
      map: async () => {
        const key = keyOf(A);
        const map = new Map([[key, histCell()]]);
        const next = valueCycler();
        return () => histRecord(map.get(key), next());
      },
    },
  },
  {
    id: 'histogram-3-fresh',
    title: 'histogram.record, 3 attributes, fresh object per call',
    kind: 'micro',
    impls: {
      ...api((meter) => {
        const h = meter.createHistogram('h');
        const next = valueCycler();
        h.record(1, A);
        return () => h.record(next(), { method: M, route: R, status: S });
      }),
      prom: promCase((p) => {
        const h = p.histogram('h');
        const next = valueCycler();
        h.observe(A, 1);
        return () => h.observe({ method: M, route: R, status: S }, next());
      }),
      map: async () => {
        const map = new Map([[keyOf(A), histCell()]]);
        const next = valueCycler();
        return () => histRecord(map.get(keyOf({ method: M, route: R, status: S })), next());
      },
    },
  },
  {
    id: 'gauge-0',
    title: 'gauge.record, 0 attributes',
    kind: 'micro',
    impls: {
      ...api((meter) => {
        const g = meter.createGauge('g');
        const next = valueCycler();
        return () => g.record(next());
      }),
      prom: promCase((p) => {
        const g = p.gauge('g', []);
        const next = valueCycler();
        return () => g.set(next());
      }),
      map: async () => {
        const cell = sumCell();
        const next = valueCycler();
        return () => {
          cell.value = next();
        };
      },
    },
  },
  {
    id: 'gauge-3-same',
    title: 'gauge.record, 3 attributes, same object',
    kind: 'micro',
    impls: {
      ...api((meter) => {
        const g = meter.createGauge('g');
        const next = valueCycler();
        g.record(1, A);
        return () => g.record(next(), A);
      }),
      prom: promCase((p) => {
        const g = p.gauge('g');
        const next = valueCycler();
        g.set(A, 1);
        return () => g.set(A, next());
      }),
      map: async () => {
        const key = keyOf(A);
        const map = new Map([[key, sumCell()]]);
        const next = valueCycler();
        return () => {
          map.get(key).value = next();
        };
      },
    },
  },
  {
    id: 'bound-counter',
    title: 'bound counter: counter.bind(attrs).add(v) vs cell.value += v',
    kind: 'micro',
    impls: {
      yardstick: async () => {
        const b = (await yardstick()).setup().meter.createCounter('c').bind(A);
        return () => b.add(1);
      },
      otel: async () => ({ skip: 'no bound instruments in @opentelemetry/api' }),
      // prom-client's closest form: labels() returns a child that still hashes the labels per call.
      prom: promCase((p) => {
        const b = p.counter('c').labels(A);
        return () => b.inc(1);
      }),
      map: async () => {
        const cell = sumCell();
        return () => {
          cell.value += 1;
        };
      },
    },
  },
  {
    id: 'bound-histogram',
    title: 'bound histogram: histogram.bind(attrs).record(v) vs a plain histogram cell',
    kind: 'micro',
    impls: {
      yardstick: async () => {
        const b = (await yardstick()).setup().meter.createHistogram('h').bind(A);
        const next = valueCycler();
        return () => b.record(next());
      },
      otel: async () => ({ skip: 'no bound instruments in @opentelemetry/api' }),
      prom: promCase((p) => {
        const b = p.histogram('h').labels(A);
        const next = valueCycler();
        return () => b.observe(next());
      }),
      map: async () => {
        const cell = histCell();
        const next = valueCycler();
        return () => histRecord(cell, next());
      },
    },
  },
];
