#!/usr/bin/env node
// Overhead of HTTP server metrics on a loopback hello-world server: no instrumentation vs
// @yardstick/http (with the Yardstick SDK and with the OpenTelemetry JS SDK) vs
// @opentelemetry/instrumentation-http. Each variant runs in its own child process (the OTel
// instrumentation patches `http` for the whole process), rounds are interleaved to spread
// machine noise, and the best round of each variant is reported (other load on the machine
// only ever makes a run slower, so the best run is the least disturbed one).
//
//   ./node_modules/.bin/tsc -b && node packages/http/bench/overhead.mjs [--seconds=2] [--rounds=3]
//
// A benchmark to run by hand, not a test: the numbers depend on the machine and its load.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'];
  }),
);
const SECONDS = Number(args.seconds ?? 2);
const WARMUP_SECONDS = Number(args.warmup ?? 0.7);
const ROUNDS = Math.max(1, Math.min(7, Number(args.rounds ?? 3)));
const CONCURRENCY = Number(args.concurrency ?? 8);

const VARIANTS = {
  none: 'no instrumentation',
  yardstick: '@yardstick/http + Yardstick SDK',
  'yardstick-otel-sdk': '@yardstick/http + OTel JS sdk-metrics',
  'otel-instrumentation-http': '@opentelemetry/instrumentation-http + OTel JS sdk-metrics',
};

if (args.variant === 'micro') {
  await runMicro();
} else if (args.variant) {
  await runVariant(args.variant);
} else {
  await main();
}

async function main() {
  const results = Object.fromEntries(Object.keys(VARIANTS).map((v) => [v, []]));
  console.log(
    `node ${process.version}, ${CONCURRENCY} keep-alive connections, ${SECONDS}s per run after ${WARMUP_SECONDS}s warm-up, ${ROUNDS} interleaved rounds`,
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of Object.keys(VARIANTS)) {
      const child = spawnSync(
        process.execPath,
        [
          fileURLToPath(import.meta.url),
          `--variant=${variant}`,
          `--seconds=${SECONDS}`,
          `--warmup=${WARMUP_SECONDS}`,
          `--concurrency=${CONCURRENCY}`,
        ],
        { encoding: 'utf8', timeout: (SECONDS + WARMUP_SECONDS) * 1000 + 20_000 },
      );
      if (child.status !== 0) {
        console.error(`${variant} failed:\n${child.stderr}`);
        process.exit(1);
      }
      results[variant].push(JSON.parse(child.stdout.trim().split('\n').pop()));
    }
  }
  const rows = Object.keys(VARIANTS).map((v) => ({
    variant: v,
    rps: Math.max(...results[v].map((r) => r.rps)),
    wallNs: Math.min(...results[v].map((r) => r.wallNsPerRequest)),
    cpuNs: Math.min(...results[v].map((r) => r.cpuNsPerRequest)),
    recorded: results[v].every((r) => r.recorded),
  }));
  const base = rows[0];
  console.log('');
  console.log('| variant | req/s | wall ns/req | CPU ns/req | CPU overhead | throughput cost |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const cpu =
      r === base
        ? '—'
        : `${(((r.cpuNs - base.cpuNs) / base.cpuNs) * 100).toFixed(1)}% (${Math.round(r.cpuNs - base.cpuNs)} ns)`;
    const tput = r === base ? '—' : `${((1 - r.rps / base.rps) * 100).toFixed(1)}%`;
    console.log(
      `| ${VARIANTS[r.variant]} | ${Math.round(r.rps)} | ${Math.round(r.wallNs)} | ${Math.round(r.cpuNs)} | ${cpu} | ${tput} |`,
    );
  }
  const bad = rows.filter((r) => !r.recorded).map((r) => r.variant);
  if (bad.length > 0) console.log(`\nWARNING: no metrics recorded by ${bad.join(', ')}`);
  console.log(
    '\nCPU ns/req counts server and client in one process; the overhead column is the server-side difference.',
  );

  // The same recorder without sockets: far less noisy than the loopback numbers above.
  const micro = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--variant=micro'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (micro.status !== 0) {
    console.error(`micro failed:\n${micro.stderr}`);
    process.exit(1);
  }
  const m = JSON.parse(micro.stdout.trim().split('\n').pop());
  console.log('\nRecorder cost per request without I/O (begin + close listener + record; best of 5 runs):');
  console.log(`  @yardstick/http + Yardstick SDK:       ${m.yardstick.toFixed(0)} ns`);
  console.log(`  @yardstick/http + OTel JS sdk-metrics: ${m.otelSdk.toFixed(0)} ns`);
  console.log(
    `  as a share of the uninstrumented loopback request (${Math.round(base.cpuNs)} CPU ns): ${((m.yardstick / base.cpuNs) * 100).toFixed(2)}% / ${((m.otelSdk / base.cpuNs) * 100).toFixed(2)}%`,
  );
}

/**
 * runMicro times the recorder alone on real IncomingMessage/ServerResponse objects that never
 * touch a socket: the response closes unfinished, which runs the same code as any request.
 * The cost of making the objects and emitting close is measured separately and subtracted.
 */
async function runMicro() {
  const http = require('node:http');
  const net = require('node:net');
  const { HttpServerMetrics } = await import('../dist/index.js');
  const ys = await import('@yardstick/sdk');
  const otel = require('@opentelemetry/sdk-metrics');
  class Reader extends otel.MetricReader {
    async onShutdown() {}
    async onForceFlush() {}
  }
  const socket = new net.Socket();
  const N = 100_000;
  const run = (recorder) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      const req = new http.IncomingMessage(socket);
      req.method = 'GET';
      req.url = '/hello';
      req.httpVersion = '1.1';
      const res = new http.ServerResponse(req);
      recorder?.begin(req, res, '/hello');
      res.emit('close');
    }
    return Number(process.hrtime.bigint() - t0) / N;
  };
  const yardstick = new HttpServerMetrics({
    meterProvider: new ys.MeterProvider({ readers: [new ys.ManualMetricReader()] }),
  });
  const otelSdk = new HttpServerMetrics({ meterProvider: new otel.MeterProvider({ readers: [new Reader()] }) });
  const best = { none: Infinity, yardstick: Infinity, otelSdk: Infinity };
  for (let round = 0; round < 5; round++) {
    best.none = Math.min(best.none, run(undefined));
    best.yardstick = Math.min(best.yardstick, run(yardstick));
    best.otelSdk = Math.min(best.otelSdk, run(otelSdk));
  }
  console.log(
    JSON.stringify({ yardstick: best.yardstick - best.none, otelSdk: best.otelSdk - best.none, none: best.none }),
  );
}

/** Builds the server for one variant and returns a check that metrics were really recorded. */
async function setup(variant) {
  const hello = (_req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end('hello world');
  };
  if (variant === 'none') {
    const http = require('node:http');
    return { server: http.createServer(hello), recorded: async () => true };
  }
  if (variant === 'otel-instrumentation-http') {
    const { MeterProvider, MetricReader } = require('@opentelemetry/sdk-metrics');
    const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
    const { registerInstrumentations } = require('@opentelemetry/instrumentation');
    class Reader extends MetricReader {
      async onShutdown() {}
      async onForceFlush() {}
    }
    const reader = new Reader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    // Outgoing requests are the benchmark's own client: leave them uninstrumented.
    registerInstrumentations({
      instrumentations: [new HttpInstrumentation({ disableOutgoingRequestInstrumentation: true })],
      meterProvider,
    });
    const http = require('node:http');
    return {
      server: http.createServer(hello),
      recorded: async () => countRequests((await reader.collect()).resourceMetrics) > 0,
    };
  }
  const { wrapRequestListener } = await import('../dist/index.js');
  const http = require('node:http');
  let meterProvider;
  let collect;
  if (variant === 'yardstick') {
    const { MeterProvider, ManualMetricReader } = await import('@yardstick/sdk');
    const reader = new ManualMetricReader();
    meterProvider = new MeterProvider({ readers: [reader] });
    collect = async () => (await reader.collect()).resourceMetrics;
  } else {
    const { MeterProvider, MetricReader } = require('@opentelemetry/sdk-metrics');
    class Reader extends MetricReader {
      async onShutdown() {}
      async onForceFlush() {}
    }
    const reader = new Reader();
    meterProvider = new MeterProvider({ readers: [reader] });
    collect = async () => (await reader.collect()).resourceMetrics;
  }
  const listener = wrapRequestListener(hello, { meterProvider, routes: ['/hello'] });
  return { server: http.createServer(listener), recorded: async () => countRequests(await collect()) > 0 };
}

function countRequests(resourceMetrics) {
  let n = 0;
  for (const sm of resourceMetrics.scopeMetrics)
    for (const m of sm.metrics)
      if (m.descriptor.name === 'http.server.request.duration') for (const p of m.dataPoints) n += p.value.count;
  return n;
}

async function runVariant(variant) {
  const { server, recorded } = await setup(variant);
  const http = require('node:http');
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

  const get = () =>
    new Promise((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/hello', agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
    });
  const loop = async (until) => {
    let n = 0;
    while (performance.now() < until) {
      await get();
      n++;
    }
    return n;
  };
  const phase = async (seconds) => {
    const until = performance.now() + seconds * 1000;
    const counts = await Promise.all(Array.from({ length: CONCURRENCY }, () => loop(until)));
    return counts.reduce((a, b) => a + b, 0);
  };

  await phase(WARMUP_SECONDS);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const count = await phase(SECONDS);
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const ok = await recorded();
  agent.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  console.log(
    JSON.stringify({
      variant,
      count,
      rps: (count / elapsedMs) * 1000,
      wallNsPerRequest: (elapsedMs * 1e6) / count,
      cpuNsPerRequest: ((cpu.user + cpu.system) * 1000) / count,
      recorded: ok,
    }),
  );
}
