/**
 * Memory cases, measured with `node --expose-gc`: retained heap per attribute set (1 counter +
 * 1 histogram series each) after recording and after the first collection, and a delta-temporality
 * workload collected repeatedly.
 */
import { histCell, histRecord, sumCell } from '../lib/impls/baseline.mjs';
import { VALUES, attrSets, attrs3, keyOf } from '../lib/workload.mjs';

const libs = {
  yardstick: () => import('../lib/impls/yardstick.mjs'),
  otel: () => import('../lib/impls/otel.mjs'),
  prom: () => import('../lib/impls/prom.mjs'),
};

/** Retained heap + ArrayBuffer memory after a few full collections (several gc() calls settle weak maps and finalizers). */
async function settledHeap() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await new Promise((r) => setImmediate(r));
  }
  // ArrayBuffer backing stores live outside the JS heap; count them too, or typed-array storage
  // (Yardstick keeps series state in typed-array columns) would look free.
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

// Keeps what is being measured reachable until the last heap reading.
const keep = [];

/** The heap case: attributes are built per call (as an app does), so only what a library retains counts. */
function heapImpl(record) {
  return async ({ size }) => {
    const state = await record.init();
    const h0 = await settledHeap();
    for (let i = 0; i < size; i++) record.one(state, attrs3(i), VALUES[i & 1023]);
    const h1 = await settledHeap();
    await record.collect(state);
    const h2 = await settledHeap();
    keep.push(state);
    return { values: { afterRecord: (h1 - h0) / size, afterCollect: (h2 - h0) / size } };
  };
}

function sdkRecorder(name) {
  return {
    async init() {
      const s = (await libs[name]()).setup();
      return { ...s, c: s.meter.createCounter('bench_requests'), h: s.meter.createHistogram('bench_latency') };
    },
    one(s, a, v) {
      s.c.add(1, a);
      s.h.record(v, a);
    },
    collect: (s) => s.collect(),
  };
}

export const memoryCases = [
  {
    id: 'heap-per-set',
    title: 'heap per attribute set (1 counter + 1 histogram)',
    kind: 'value',
    size: (quick) => (quick ? 10_000 : 100_000),
    metrics: [
      { key: 'afterRecord', title: 'heap per attribute set after gc()', unit: 'B' },
      { key: 'afterCollect', title: 'heap per attribute set after the first collection', unit: 'B' },
    ],
    impls: {
      yardstick: heapImpl(sdkRecorder('yardstick')),
      otel: heapImpl(sdkRecorder('otel')),
      prom: heapImpl({
        async init() {
          const p = (await libs.prom()).setup();
          return { ...p, c: p.counter('bench_requests_total'), h: p.histogram('bench_latency') };
        },
        one(s, a, v) {
          s.c.inc(a, 1);
          s.h.observe(a, v);
        },
        collect: (s) => s.registry.metrics(),
      }),
      map: heapImpl({
        init: async () => ({ counts: new Map(), hists: new Map() }),
        one(s, a, v) {
          const k = keyOf(a);
          let c = s.counts.get(k);
          if (c === undefined) s.counts.set(k, (c = sumCell()));
          c.value += 1;
          let h = s.hists.get(k);
          if (h === undefined) s.hists.set(k, (h = histCell()));
          histRecord(h, v);
        },
        async collect(s) {
          const out = [];
          for (const [k, c] of s.counts) out.push({ k, v: c.value });
          return out;
        },
      }),
    },
  },
  {
    id: 'delta-rounds',
    title: 'delta temporality: record every series + collect, repeated',
    kind: 'macro',
    size: (quick) => (quick ? 1_000 : 100_000),
    quick: true,
    metrics: [
      { key: 'time', title: 'delta: one round (record all series + collect)', unit: 'ns' },
      { key: 'heap', title: 'delta: heap per attribute set after repeated collections', unit: 'B' },
    ],
    impls: Object.fromEntries(
      ['yardstick', 'otel'].map((name) => [
        name,
        async ({ size }) => {
          const sets = attrSets(size);
          const h0 = await settledHeap();
          const s = (await libs[name]()).setup({ delta: true });
          const c = s.meter.createCounter('bench_requests');
          const h = s.meter.createHistogram('bench_latency');
          return {
            bench: async () => {
              for (let i = 0; i < size; i++) {
                c.add(1, sets[i]);
                h.record(VALUES[i & 1023], sets[i]);
              }
              return s.collect();
            },
            after: async () => {
              const h1 = await settledHeap();
              keep.push(s, sets);
              return { heap: (h1 - h0) / size };
            },
          };
        },
      ]),
    ),
  },
];

memoryCases[1].impls.prom = async () => ({ skip: 'prom-client has no delta temporality' });
memoryCases[1].impls.map = async ({ size }) => {
  const keys = attrSets(size).map(keyOf);
  const h0 = await settledHeap();
  const counts = new Map();
  const hists = new Map();
  return {
    // The baseline's "delta": read every cell into a snapshot, then reset it.
    bench: async () => {
      for (let i = 0; i < size; i++) {
        const k = keys[i];
        let c = counts.get(k);
        if (c === undefined) counts.set(k, (c = sumCell()));
        c.value += 1;
        let h = hists.get(k);
        if (h === undefined) hists.set(k, (h = histCell()));
        histRecord(h, VALUES[i & 1023]);
      }
      const out = [];
      for (const [k, c] of counts) {
        out.push({ k, v: c.value });
        c.value = 0;
      }
      for (const h of hists.values()) {
        out.push({ count: h.count, sum: h.sum, buckets: Array.from(h.buckets) });
        h.buckets.fill(0);
        h.count = 0;
        h.sum = 0;
      }
      return out;
    },
    after: async () => {
      const h1 = await settledHeap();
      keep.push(counts, hists, keys);
      return { heap: (h1 - h0) / size };
    },
  };
};
