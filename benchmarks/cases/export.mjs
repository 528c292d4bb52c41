/**
 * Collection cases: observable callbacks, and collect + serialize (Prometheus text, OTLP protobuf)
 * of N attribute sets, each with 1 counter and 1 histogram series.
 */
import { sumCell } from '../lib/impls/baseline.mjs';
import { VALUES, attrSets, keyOf } from '../lib/workload.mjs';

const libs = {
  yardstick: () => import('../lib/impls/yardstick.mjs'),
  otel: () => import('../lib/impls/otel.mjs'),
  prom: () => import('../lib/impls/prom.mjs'),
};

/** Fills an OTel-API meter with n attribute sets (counter + histogram each). */
function populate(meter, sets) {
  const c = meter.createCounter('bench_requests');
  const h = meter.createHistogram('bench_latency');
  for (let i = 0; i < sets.length; i++) {
    c.add(i + 1, sets[i]);
    h.record(VALUES[i & 1023], sets[i]);
  }
}

/** Counts rendered series in Prometheus text so every library is seen to render all of them. */
function checkText(body, n) {
  // Bodies are bytes (one Buffer, or the chunks a sliced render produced).
  const text = Array.isArray(body) ? Buffer.concat(body).toString('utf8') : body.toString('utf8');
  let counters = 0;
  let buckets = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('bench_requests')) counters++;
    else if (line.startsWith('bench_latency_bucket')) buckets++;
  }
  const ok = counters === n && buckets === n * 16;
  return {
    ok,
    note: `${counters} counter series, ${buckets / 16} histograms, ${(text.length / 1e6).toFixed(1)} MB`,
  };
}

function prometheusCase(n, quickRuns) {
  const sdk = (name) => async () => {
    const lib = await libs[name]();
    const ser = await lib.prometheusSerializer();
    if (ser.skip) return ser;
    const { meter, collect } = lib.setup();
    populate(meter, attrSets(n));
    const bench = async () => {
      const body = await ser.serialize(await collect());
      // The exporter releases the chunks once the response is written; nothing renders in
      // between, so the check below still reads this body.
      ser.release?.(body);
      return body;
    };
    return { bench, check: async () => checkText(await bench(), n) };
  };
  return {
    id: `prometheus-${n / 1000}k`,
    title: `scrape: collect + Prometheus text body (bytes), ${n.toLocaleString('en')} attribute sets`,
    kind: 'macro',
    size: n,
    quick: quickRuns,
    impls: {
      yardstick: sdk('yardstick'),
      otel: sdk('otel'),
      prom: async () => {
        const p = (await libs.prom()).setup();
        const c = p.counter('bench_requests_total');
        const h = p.histogram('bench_latency');
        const sets = attrSets(n);
        for (let i = 0; i < n; i++) {
          c.inc(sets[i], i + 1);
          h.observe(sets[i], VALUES[i & 1023]);
        }
        // A scrape handler sends res.end(await registry.metrics()): the text is encoded there.
        const bench = async () => Buffer.from(await p.registry.metrics());
        return { bench, check: async () => checkText(await bench(), n) };
      },
    },
  };
}

function otlpCase(n, quickRuns) {
  const sdk = (name) => async () => {
    const lib = await libs[name]();
    const ser = await lib.otlpSerializer();
    if (ser.skip) return ser;
    const { meter, collect } = lib.setup();
    populate(meter, attrSets(n));
    const bench = async () => ser.serialize(await collect());
    return {
      bench,
      check: async () => {
        const bytes = await bench();
        return { ok: bytes.length > n * 50, note: `${(bytes.length / 1e6).toFixed(1)} MB protobuf` };
      },
    };
  };
  return {
    id: `otlp-${n / 1000}k`,
    title: `collect + OTLP protobuf, ${n.toLocaleString('en')} attribute sets`,
    kind: 'macro',
    size: n,
    quick: quickRuns,
    impls: {
      yardstick: sdk('yardstick'),
      otel: sdk('otel'),
      prom: async () => ({ skip: 'no OTLP in prom-client' }),
    },
  };
}

const N_OBS = 1000;

export const exportCases = [
  {
    id: 'observable-1k',
    title: 'observable gauge callback at collection, 1,000 series',
    kind: 'macro',
    size: N_OBS,
    quick: true,
    impls: Object.fromEntries(
      ['yardstick', 'otel'].map((name) => [
        name,
        async () => {
          const { meter, collect } = (await libs[name]()).setup();
          const sets = attrSets(N_OBS);
          let round = 0;
          meter.createObservableGauge('og').addCallback((r) => {
            round++;
            for (let i = 0; i < N_OBS; i++) r.observe(VALUES[(i + round) & 1023], sets[i]);
          });
          return () => collect();
        },
      ]),
    ),
  },
  prometheusCase(1_000, true),
  prometheusCase(10_000, false),
  prometheusCase(100_000, false),
  otlpCase(1_000, true),
  otlpCase(10_000, false),
  otlpCase(100_000, false),
];

// prom-client and Map entries of the observable case are added here to keep the table above short.
exportCases[0].impls.prom = async () => {
  const p = (await libs.prom()).setup();
  const sets = attrSets(N_OBS);
  let round = 0;
  p.gauge('og', undefined, function collect() {
    round++;
    for (let i = 0; i < N_OBS; i++) this.set(sets[i], VALUES[(i + round) & 1023]);
  });
  // getMetricsAsJSON runs the collect callbacks and returns objects: prom-client's "collect".
  return () => p.registry.getMetricsAsJSON();
};
exportCases[0].impls.map = async () => {
  const keys = attrSets(N_OBS).map(keyOf);
  const map = new Map(keys.map((k) => [k, sumCell()]));
  let round = 0;
  return async () => {
    round++;
    for (let i = 0; i < N_OBS; i++) map.get(keys[i]).value = VALUES[(i + round) & 1023];
    const points = [];
    for (const [key, cell] of map) points.push({ key, value: cell.value });
    return points;
  };
};
