#!/usr/bin/env node
// Server-side CPU cost per request of HTTP server metrics on a loopback hello-world server:
// no instrumentation vs @yardstick/http (Yardstick SDK) vs @opentelemetry/instrumentation-http
// (OpenTelemetry JS SDK). Why it is built this way:
// - The load generator is another process (`wrk` when installed, else a small node client), so
//   the client's CPU never enters the numbers; the server measures its own CPU with
//   process.cpuUsage() over a fixed number of requests, counted in the handler.
// - Every run is a fresh server process (the OTel instrumentation patches `http` process-wide),
//   variants are interleaved in rounds (A B C A B C …) so slow drifts hit all of them, and the
//   overhead is the median over rounds of the paired ratio variant/none − 1, with its range.
//
//   ./node_modules/.bin/tsc -b && node packages/http/bench/overhead.mjs [--quick] [--rounds=7]
//     [--requests=60000] [--warmup=15000] [--connections=8] [--client=wrk|node] [--otel-sdk]
//     [--variants=none,yardstick] [--no-alternating] [--block=2000] [--calibrate] [--floor] [--pin] [--prof=DIR] [--no-micro]
//
// A benchmark to run by hand, not a test: the numbers depend on the machine and its load.
import { fork, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'];
  }),
);
const QUICK = args.quick === 'true';
const ROUNDS = Math.max(1, Number(args.rounds ?? (QUICK ? 3 : 7)));
const REQUESTS = Number(args.requests ?? (QUICK ? 20_000 : 60_000));
const WARMUP = Number(args.warmup ?? (QUICK ? 8_000 : 15_000));
const CONNECTIONS = Number(args.connections ?? 8);
const WRK = ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((p) => existsSync(p));
const CLIENT = args.client ?? (WRK ? 'wrk' : 'node');

const VARIANTS = {
  none: 'no instrumentation',
  yardstick: '@yardstick/http + Yardstick SDK',
  ...(args['otel-sdk'] === 'true' ? { 'yardstick-otel-sdk': '@yardstick/http + OTel JS sdk-metrics' } : {}),
  'otel-instrumentation-http': '@opentelemetry/instrumentation-http + OTel JS sdk-metrics',
};

if (args.server) await runServer(args.server);
else if (args.load) await runLoad(Number(args.load));
else if (args.micro) await runMicro();
else await main();

async function main() {
  const names = args.variants ? args.variants.split(',') : Object.keys(VARIANTS);
  const startLoad = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const runs = Object.fromEntries(names.map((v) => [v, []]));
  console.log(
    `node ${process.version}, load: ${CLIENT === 'wrk' ? 'wrk -t1' : 'node client'} with ${CONNECTIONS} keep-alive connections in its own process; ` +
      `${REQUESTS} measured requests after ${WARMUP} warm-up per run, ${ROUNDS} interleaved rounds, fresh server per run`,
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const variant of names) {
      const r = await measure(variant);
      if (!r.recorded) throw new Error(`${variant}: no requests were recorded`);
      runs[variant].push(r);
    }
    process.stderr.write(
      `round ${round + 1}/${ROUNDS}: ${names.map((v) => `${v} ${runs[v][round].cpuNs.toFixed(0)} ns`).join(', ')}\n`,
    );
  }
  const base = runs.none.map((r) => r.cpuNs);
  console.log('');
  console.log(
    '| variant | server CPU µs/req (median) | req/s (median) | overhead (median of paired rounds) | range | overhead (best rounds) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const v of names) {
    const cpu = median(runs[v].map((r) => r.cpuNs));
    const rps = median(runs[v].map((r) => r.rps));
    let overhead = '—';
    let range = '—';
    let best = '—';
    if (v !== 'none') {
      // Other load only ever adds CPU, so the least disturbed runs are a second estimate.
      best = pct(Math.min(...runs[v].map((r) => r.cpuNs)) / Math.min(...base) - 1);
      const paired = runs[v].map((r, i) => r.cpuNs / base[i] - 1);
      overhead = pct(median(paired));
      range = `${pct(Math.min(...paired))} … ${pct(Math.max(...paired))}`;
    }
    console.log(
      `| ${VARIANTS[v]} | ${(cpu / 1000).toFixed(2)} | ${Math.round(rps)} | ${overhead} | ${range} | ${best} |`,
    );
  }
  console.log(
    `\nload average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${startLoad} at the start)`,
  );
  console.log('CPU is user+system time of the server process only (GC included), over a fixed request count.');

  if (args['no-alternating'] !== 'true') {
    // Same process, alternating blocks: the steadier estimate of our overhead.
    const ratios = [];
    const plainNs = [];
    const processes = QUICK ? 1 : 3;
    for (let i = 0; i < processes; i++) {
      const r = await measure('alternating', QUICK ? 60_000 : 200_000);
      if (!r.recorded && args.calibrate !== 'true' && args.floor !== 'true')
        throw new Error('alternating: no requests were recorded');
      ratios.push(...r.ratios);
      plainNs.push(r.plainNs);
    }
    const sorted = [...ratios].sort((a, b) => a - b);
    const q = (f) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))];
    console.log(
      `\n@yardstick/http vs none in one server, alternating blocks of ${args.block ?? 2000} requests ` +
        `(${ratios.length} block pairs from ${processes} process${processes > 1 ? 'es' : ''}, plain ≈ ${(median(plainNs) / 1000).toFixed(2)} µs/req): ` +
        `median ${pct(median(ratios))} ± ${(100 * medianError(ratios)).toFixed(1)} (standard error), interquartile ${pct(q(0.25))} … ${pct(q(0.75))}`,
    );
  }

  if (args['no-micro'] !== 'true') {
    // The recorder alone, without sockets: the part of the overhead that is ours to cut.
    const m = await jsonChild(['--micro']);
    console.log(
      `\nRecorder alone (begin + finish channel + record on real req/res objects, no I/O, median of 15 paired runs): ${m.yardstick.toFixed(0)} ns ` +
        `= ${pct(m.yardstick / median(base))} of the uninstrumented request`,
    );
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** medianError estimates the standard error of a median from the spread (robust to outliers). */
function medianError(xs) {
  const m = median(xs);
  const mad = median(xs.map((x) => Math.abs(x - m)));
  return (1.4826 * mad * 1.2533) / Math.sqrt(xs.length);
}

function pct(x) {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}

function jsonChild(extra) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...extra], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`${extra} exited ${code}`)),
    );
  });
}

/** measure starts a fresh server for `variant`, loads it until it has counted its requests. */
function measure(variant, requests = REQUESTS) {
  return new Promise((resolve, reject) => {
    const server = fork(
      fileURLToPath(import.meta.url),
      [
        `--server=${variant}`,
        `--requests=${requests}`,
        `--warmup=${WARMUP}`,
        ...['block', 'calibrate', 'floor'].filter((k) => args[k] !== undefined).map((k) => `--${k}=${args[k]}`),
      ],
      {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        // --prof=DIR writes a CPU profile of every server (open it in Chrome DevTools).
        execArgv: args.prof ? ['--cpu-prof', '--cpu-prof-interval=100', `--cpu-prof-dir=${args.prof}`] : [],
      },
    );
    // --pin: server on CPU 1, load generator on CPU 0 (Linux taskset), so they never share a core.
    if (args.pin === 'true') spawnSync('taskset', ['-p', '-c', '1', String(server.pid)], { stdio: 'ignore' });
    let load;
    const timer = setTimeout(() => fail(new Error(`${variant}: timed out`)), 120_000);
    const fail = (err) => {
      clearTimeout(timer);
      load?.kill('SIGKILL');
      server.kill('SIGKILL');
      reject(err);
    };
    server.on('message', (msg) => {
      if (msg.port !== undefined) {
        const url = `http://127.0.0.1:${msg.port}/hello`;
        load =
          CLIENT === 'wrk'
            ? spawn(
                args.pin === 'true' ? 'taskset' : WRK,
                [...(args.pin === 'true' ? ['-c', '0', WRK] : []), '-t1', `-c${CONNECTIONS}`, '-d300s', url],
                { stdio: 'ignore' },
              )
            : spawn(
                process.execPath,
                [fileURLToPath(import.meta.url), `--load=${msg.port}`, `--connections=${CONNECTIONS}`],
                {
                  stdio: 'ignore',
                },
              );
      } else if (msg.done) {
        // The count is reached: stop the load before the server checks what it recorded.
        load.kill('SIGKILL');
        load.once('exit', () => server.send('report'));
      } else if (msg.result) {
        clearTimeout(timer);
        server.once('exit', () => resolve(msg.result));
      }
    });
    server.on('exit', (code) => {
      if (code !== 0) fail(new Error(`${variant} server exited ${code}`));
    });
  });
}

/** A keep-alive GET loop on `connections` sockets, until killed (used when wrk is missing). */
async function runLoad(port) {
  const http = require('node:http');
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const loop = () =>
    http
      .get({ host: '127.0.0.1', port, path: '/hello', agent }, (res) => {
        res.resume();
        res.on('end', loop);
      })
      .on('error', () => {});
  for (let i = 0; i < CONNECTIONS; i++) loop();
}

async function runServer(variant) {
  if (variant === 'alternating') return runAlternating();
  const { server, recorded } = await setup(variant, () => {
    // Counted in the handler, identically for every variant.
    count++;
    if (count === WARMUP) {
      cpu0 = process.cpuUsage();
      t0 = performance.now();
    } else if (count === WARMUP + REQUESTS) {
      const cpu = process.cpuUsage(cpu0);
      const ms = performance.now() - t0;
      result = { variant, cpuNs: ((cpu.user + cpu.system) * 1000) / REQUESTS, rps: (REQUESTS / ms) * 1000 };
      process.send({ done: true });
    }
  });
  let count = 0;
  let cpu0;
  let t0;
  let result;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('message', async () => {
    result.recorded = (await recorded()) >= WARMUP + REQUESTS;
    server.closeAllConnections();
    server.close();
    process.send({ result }, () => process.exit(0));
  });
  process.send({ port: server.address().port });
}

/**
 * runAlternating serves from one process through two listeners, plain and wrapped by
 * @yardstick/http, switching every BLOCK requests, and times each block's CPU. Neighbouring
 * blocks see the same machine state, so this resolves differences far below the run-to-run
 * noise of separate processes (but it cannot host the OTel variant, which patches `http`).
 */
async function runAlternating() {
  const BLOCK = Number(args.block ?? 2000);
  const http = require('node:http');
  const { wrapRequestListener } = await import('../dist/index.js');
  const { MeterProvider, ManualMetricReader } = await import('@yardstick/sdk');
  const reader = new ManualMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const blocks = [];
  let count = 0;
  let mode = 0;
  let cpu0;
  const hello = (_req, res) => {
    count++;
    if (count >= WARMUP && (count - WARMUP) % BLOCK === 0) {
      const cpu = process.cpuUsage();
      if (cpu0 !== undefined) blocks.push({ mode, us: cpu.user + cpu.system - (cpu0.user + cpu0.system) });
      cpu0 = cpu;
      mode ^= 1;
      if (count >= WARMUP + REQUESTS) process.send({ done: true });
    }
    res.setHeader('content-type', 'text/plain');
    res.end('hello world');
  };
  // --calibrate: the "instrumented" blocks run a wrapper that only calls the handler, which shows
  // what the method itself reads as overhead (it should be about 0).
  // --floor: they run the least any duration-measuring instrumentation must do (see floorWrapper).
  const instrumented =
    args.calibrate === 'true'
      ? function wrapped(req, res) {
          return hello.call(this, req, res);
        }
      : args.floor === 'true'
        ? floorWrapper(hello)
        : wrapRequestListener(hello, { meterProvider, routes: ['/hello'] });
  const server = http.createServer((req, res) => (mode === 1 ? instrumented(req, res) : hello(req, res)));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('message', async () => {
    // Each instrumented block is compared with the mean of the plain blocks on either side.
    const ratios = [];
    for (let i = 1; i + 1 < blocks.length; i++) {
      if (blocks[i].mode === 1) ratios.push((2 * blocks[i].us) / (blocks[i - 1].us + blocks[i + 1].us) - 1);
    }
    const recorded = countRequests((await reader.collect()).resourceMetrics) > 0;
    const plainNs = (median(blocks.filter((b) => b.mode === 0).map((b) => b.us)) * 1000) / BLOCK;
    server.closeAllConnections();
    server.close();
    process.send({ result: { variant: 'alternating', ratios, plainNs, recorded } }, () => process.exit(0));
  });
  process.send({ port: server.address().port });
}

/**
 * floorWrapper is a reference, not an instrumentation: per request it reads the clock at the
 * start and at the finish (published on the same diagnostics channel) and counts the request in
 * flight, on a per-connection object, and keeps the last 256 durations in a ring. No attributes,
 * no route, no status, no histogram. Whatever it costs, any recorder of request durations pays.
 */
function floorWrapper(hello) {
  const dc = require('node:diagnostics_channel');
  const key = Symbol('floor');
  const inFlight = new Int32Array(1);
  const durations = new Float64Array(256);
  let next = 0;
  dc.subscribe('http.server.response.finish', ({ socket }) => {
    const conn = socket?.[key];
    if (conn === undefined || !conn.open) return;
    conn.open = false;
    inFlight[0]--;
    durations[next] = performance.now() - conn.start;
    next = (next + 1) & 255;
  });
  return function floor(req, res) {
    let conn = req.socket[key];
    if (conn === undefined) req.socket[key] = conn = { start: 0, open: false };
    conn.open = true;
    conn.start = performance.now();
    inFlight[0]++;
    return hello.call(this, req, res);
  };
}

/**
 * runMicro times the recorder alone on real IncomingMessage/ServerResponse objects that never
 * touch a socket. Each response is made the socket's current one (as node:http does) and its
 * finish is published on `http.server.response.finish` the way node:http's resOnFinish does, so
 * this is the keep-alive fast path: begin, the channel dispatch (message object included), end.
 * The cost of making the objects is measured separately and subtracted.
 */
async function runMicro() {
  const http = require('node:http');
  const net = require('node:net');
  const dc = require('node:diagnostics_channel');
  const { HttpServerMetrics } = await import('../dist/index.js');
  const ys = await import('@yardstick/sdk');
  const finished = dc.channel('http.server.response.finish');
  const socket = new net.Socket();
  socket.parser = {}; // what an http server's socket carries
  const N = 100_000;
  const run = (recorder) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      const req = new http.IncomingMessage(socket);
      req.method = 'GET';
      req.url = '/hello';
      req.httpVersion = '1.1';
      const res = new http.ServerResponse(req);
      socket._httpMessage = res;
      if (recorder !== undefined) {
        recorder.begin(req, res, '/hello');
        res.finished = true;
        if (finished.hasSubscribers) finished.publish({ request: req, response: res, socket, server: undefined });
      }
    }
    return Number(process.hrtime.bigint() - t0) / N;
  };
  const yardstick = new HttpServerMetrics({
    meterProvider: new ys.MeterProvider({ readers: [new ys.ManualMetricReader()] }),
  });
  // GC makes single runs jumpy: pair each run with the plain run before it, take the median.
  const diffs = [];
  const plain = [];
  for (let round = 0; round < 15; round++) {
    const none = run(undefined);
    diffs.push(run(yardstick) - none);
    plain.push(none);
  }
  console.log(JSON.stringify({ yardstick: median(diffs), none: median(plain) }));
}

/** Builds the server for one variant and returns how many requests its metrics recorded. */
async function setup(variant, tick) {
  const hello = (_req, res) => {
    tick();
    res.setHeader('content-type', 'text/plain');
    res.end('hello world');
  };
  const otelReader = () => {
    const { MetricReader } = require('@opentelemetry/sdk-metrics');
    class Reader extends MetricReader {
      async onShutdown() {}
      async onForceFlush() {}
    }
    return new Reader();
  };
  if (variant === 'none') {
    const http = require('node:http');
    return { server: http.createServer(hello), recorded: async () => Infinity };
  }
  if (variant === 'otel-instrumentation-http') {
    const { MeterProvider } = require('@opentelemetry/sdk-metrics');
    const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
    const { registerInstrumentations } = require('@opentelemetry/instrumentation');
    const reader = otelReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    registerInstrumentations({ instrumentations: [new HttpInstrumentation()], meterProvider });
    const http = require('node:http');
    return {
      server: http.createServer(hello),
      recorded: async () => countRequests((await reader.collect()).resourceMetrics),
    };
  }
  const { wrapRequestListener } = await import('../dist/index.js');
  const http = require('node:http');
  let meterProvider;
  let reader;
  if (variant === 'yardstick') {
    const { MeterProvider, ManualMetricReader } = await import('@yardstick/sdk');
    reader = new ManualMetricReader();
    meterProvider = new MeterProvider({ readers: [reader] });
  } else {
    const { MeterProvider } = require('@opentelemetry/sdk-metrics');
    reader = otelReader();
    meterProvider = new MeterProvider({ readers: [reader] });
  }
  const listener = wrapRequestListener(hello, { meterProvider, routes: ['/hello'] });
  return {
    server: http.createServer(listener),
    recorded: async () => countRequests((await reader.collect()).resourceMetrics),
  };
}

function countRequests(resourceMetrics) {
  let n = 0;
  for (const sm of resourceMetrics.scopeMetrics)
    for (const m of sm.metrics)
      if (m.descriptor.name === 'http.server.request.duration') for (const p of m.dataPoints) n += p.value.count;
  return n;
}
