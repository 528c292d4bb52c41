// The README's demo command: build, then run examples/http-service with its load generator.
//   node scripts/demo.mjs [--duration <seconds>]      (or DEMO_DURATION; default: until Ctrl-C)
// The service prints console tables every EXPORT_INTERVAL_MS (5 s) and serves /metrics on
// OTEL_EXPORTER_PROMETHEUS_PORT (9464); the service itself gets a free port unless PORT is set.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(import.meta.dirname, '..');
const env = process.env;
const example = join(root, 'examples', 'http-service');

function durationSeconds() {
  const args = process.argv.slice(2);
  let raw = env.DEMO_DURATION;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--duration') raw = args[++i];
    else if (args[i].startsWith('--duration=')) raw = args[i].slice('--duration='.length);
  }
  if (raw === undefined || raw === '') return undefined;
  const seconds = Number(raw);
  if (!(seconds > 0)) {
    console.error(`demo: --duration must be a positive number of seconds, got "${raw}"`);
    process.exit(2);
  }
  return seconds;
}

const duration = durationSeconds();
const tsc = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-b'], { stdio: 'inherit', cwd: root });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const service = spawn(process.execPath, [join(example, 'server.js')], {
  cwd: example,
  env: { ...process.env, PORT: env.PORT ?? '0' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let load;
let stopping = false;

/** stop ends the load generator first (so its summary prints), then the service (last export). */
async function stop(code) {
  if (stopping) return;
  stopping = true;
  clearTimeout(startTimer);
  if (load && load.exitCode === null) {
    load.kill('SIGTERM');
    await exited(load, 5000);
  }
  if (service.exitCode === null) {
    service.kill('SIGTERM');
    if (!(await exited(service, 10_000))) service.kill('SIGKILL');
  }
  process.exit(code);
}

function exited(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

const startTimer = setTimeout(() => {
  console.error('demo: the service did not start within 20 s');
  stop(1);
}, 20_000);

let serviceUrl;
createInterface({ input: service.stdout }).on('line', (line) => {
  console.log(line);
  const listening = /^http-service listening on (\S+)/.exec(line);
  if (listening) serviceUrl = listening[1];
  const dashboard = /^dashboard:\s+(\S+)/.exec(line);
  if (dashboard && serviceUrl && !load) {
    clearTimeout(startTimer);
    const metricsUrl = dashboard[1].replace(/\/dashboard$/, '/metrics');
    console.log(
      `\ndemo: sending load to ${serviceUrl}; Prometheus metrics at ${metricsUrl}, live dashboard at ${dashboard[1]}` +
        `\ndemo: console tables every ${Number(env.EXPORT_INTERVAL_MS) > 0 ? env.EXPORT_INTERVAL_MS : 5000} ms; ` +
        (duration ? `stopping after ${duration} s\n` : 'Ctrl-C to stop\n'),
    );
    load = spawn(process.execPath, [join(example, 'load.js'), serviceUrl], { cwd: example, stdio: 'inherit' });
    load.on('exit', (code) => {
      if (!stopping && code !== 0) {
        console.error(`demo: the load generator exited with ${code}`);
        stop(1);
      }
    });
    if (duration) setTimeout(() => stop(0), duration * 1000);
  }
});

service.on('exit', (code, signal) => {
  if (!stopping) {
    console.error(`demo: the service exited (${signal ?? code})`);
    stop(code || 1);
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
