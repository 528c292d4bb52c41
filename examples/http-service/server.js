// The example service: a few routes on plain node:http, instrumented with @yardstick/http.
//   node server.js            → http://127.0.0.1:8080 (PORT, HOST), metrics on http://localhost:9464/metrics
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { startRuntimeMetrics, wrapRequestListener } from '@yardstick/http';
import { setupTelemetry } from './telemetry.js';

/** Thrown by /fail now and then: shows up as error.type="UpstreamTimeoutError". */
class UpstreamTimeoutError extends Error {
  name = 'UpstreamTimeoutError';
}

/** A latency around `ms` with a long tail, so p99 differs from p50. */
const jitter = (ms) => sleep(ms * (0.5 + Math.random()) * (Math.random() < 0.05 ? 4 : 1));

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function handler(req, res) {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET') return json(res, 405, { error: 'method not allowed' });
  if (path === '/') {
    await jitter(2);
    return json(res, 200, { hello: 'world' });
  }
  const user = /^\/users\/([^/]+)$/.exec(path);
  if (user) {
    await jitter(8);
    if (!/^\d+$/.test(user[1])) return json(res, 400, { error: 'id must be a number' });
    return json(res, 200, { id: Number(user[1]), name: `user ${user[1]}` });
  }
  if (path === '/slow') {
    await jitter(250);
    return json(res, 200, { slow: true });
  }
  if (path === '/fail') {
    await jitter(20);
    const roll = Math.random();
    if (roll < 0.15) throw new UpstreamTimeoutError('upstream did not answer');
    if (roll < 0.4) return json(res, 503, { error: 'try again' });
    return json(res, 200, { lucky: true });
  }
  return json(res, 404, { error: 'not found' });
}

/** startService starts the service and its telemetry; resolves with the URLs and a stop(). */
export async function startService({ port = 8080, host = '127.0.0.1' } = {}) {
  const { meterProvider, metricsUrl, dashboardUrl } = await setupTelemetry();
  const stopRuntime = startRuntimeMetrics({ meterProvider });
  const server = createServer(
    wrapRequestListener(handler, {
      meterProvider,
      routes: ['/', '/users/:id', '/slow', '/fail'], // templates: /users/42 is recorded as /users/:id
      onError: (err, _req, res) => {
        if (!res.headersSent) json(res, 500, { error: String(err?.message ?? err) });
        else res.destroy();
      },
    }),
  );
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeIdleConnections();
      });
      stopRuntime();
      await meterProvider.shutdown(); // last console/OTLP export, then the metrics server closes
    })();
    return stopping;
  };
  return { url, metricsUrl, dashboardUrl, stop };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const service = await startService({
    port: Number(process.env.PORT ?? 8080),
    host: process.env.HOST || '127.0.0.1',
  }).catch((err) => {
    const hint =
      err?.code === 'EADDRINUSE'
        ? ` (port ${err.port} is taken: set PORT, or OTEL_EXPORTER_PROMETHEUS_PORT for the metrics server; 0 picks a free one)`
        : '';
    console.error(`http-service: cannot start: ${err?.message ?? err}${hint}`);
    process.exit(1);
  });
  // These lines are read by scripts/demo.mjs and the tests; keep their format.
  console.log(`http-service listening on ${service.url}`);
  console.log(`metrics:   ${service.metricsUrl}`);
  console.log(`dashboard: ${service.dashboardUrl}`);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      service.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}
