/**
 * End to end: `node --import @yardstick/sdk/register` on an app that only uses @opentelemetry/api,
 * once per exporter setting. Needs built output (dist): scripts/test.mjs runs `tsc -b` first, and
 * beforeAll builds again so this file also runs alone; a package whose build is missing fails.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, fixture, freePort, run as runWith, scrape, waitFor } from './register-harness.js';

// A missing build fails here rather than skipping the exporter tests.
beforeAll(ensureBuilt, 120_000);

const run = (env: Record<string, string>, mode: 'exit' | 'wait' = 'exit') => runWith(env, { mode });

describe('register with the console exporter', () => {
  it('prints the final collection when the app ends on its own (beforeExit)', async () => {
    const r = run({ OTEL_METRICS_EXPORTER: 'console', OTEL_SERVICE_NAME: 'shop' });
    const { code } = await r.exited;
    expect(r.stderr()).toBe('');
    expect(code).toBe(0);
    const out = r.stdout();
    expect(out).toContain('app done');
    expect(out).toMatch(/· shop$/m);
    expect(out).toMatch(/^app\.requests \(monotonic sum, cumulative, unit \{request\}, scope fixture-app\)/m);
    expect(out).toMatch(/^ {2}\/a +3$/m);
    expect(out).toMatch(/^ {2}\/b +4$/m);
    expect(out).toMatch(/^ {2}route +count +sum +min +max +p50 +p90 +p99$/m);
    expect(out).toMatch(/^ {2}\/a +10 +550 +10 +100 /m);
  });

  it('flushes on SIGTERM and then dies of SIGTERM (no handler of its own in the app)', async () => {
    const r = run({ OTEL_METRICS_EXPORTER: 'console' }, 'wait');
    await waitFor(() => r.stdout().includes('app ready'), 'the app');
    expect(r.stdout()).not.toContain('app.requests');
    r.child.kill('SIGTERM');
    const { signal } = await r.exited;
    expect(signal).toBe('SIGTERM');
    expect(r.stdout()).toMatch(/^ {2}\/b +4$/m);
  });

  it('flushes on SIGINT too', async () => {
    const r = run({ OTEL_METRICS_EXPORTER: 'console' }, 'wait');
    await waitFor(() => r.stdout().includes('app ready'), 'the app');
    r.child.kill('SIGINT');
    const { signal } = await r.exited;
    expect(signal).toBe('SIGINT');
    expect(r.stdout()).toContain('app.requests');
  });

  it('warns about an invalid variable on stderr, names the default, and keeps working', async () => {
    const r = run({ OTEL_METRICS_EXPORTER: 'console,bogus', OTEL_METRIC_EXPORT_INTERVAL: 'often' });
    const { code } = await r.exited;
    expect(code).toBe(0);
    expect(r.stderr()).toContain(
      'yardstick: OTEL_METRIC_EXPORT_INTERVAL: invalid value "often" (expected a positive integer of milliseconds); using 60000 ms instead.',
    );
    expect(r.stderr()).toContain('OTEL_METRICS_EXPORTER: unknown exporter "bogus"');
    expect(r.stdout()).toContain('app.requests');
  });
});

describe('register with the console exporter in JSON-lines mode', () => {
  it('OTEL_EXPORTER_CONSOLE_FORMAT=json prints one JSON object per line', async () => {
    const r = run({ OTEL_METRICS_EXPORTER: 'console', OTEL_EXPORTER_CONSOLE_FORMAT: 'json' });
    const { code } = await r.exited;
    expect(r.stderr()).toBe('');
    expect(code).toBe(0);
    const lines = r.stdout().trimEnd().split('\n');
    expect(lines[0]).toBe('app done');
    const records = lines.slice(1).map((l) => JSON.parse(l));
    expect(records.length).toBeGreaterThan(0);
    expect(JSON.stringify(records)).toContain('app.requests');
  });

  it('an invalid OTEL_EXPORTER_CONSOLE_FORMAT is named with its default, and tables are printed', async () => {
    const r = run({ OTEL_METRICS_EXPORTER: 'console', OTEL_EXPORTER_CONSOLE_FORMAT: 'yaml' });
    const { code } = await r.exited;
    expect(code).toBe(0);
    expect(r.stderr()).toBe(
      'yardstick: OTEL_EXPORTER_CONSOLE_FORMAT: invalid value "yaml" (expected one of table, json); using table instead.\n',
    );
    expect(r.stdout()).toMatch(/^ {2}\/b +4$/m);
  });
});

describe('register produces nothing when told so', () => {
  it.each([
    ['OTEL_METRICS_EXPORTER=none', { OTEL_METRICS_EXPORTER: 'none' }],
    ['OTEL_SDK_DISABLED=true', { OTEL_SDK_DISABLED: 'true', OTEL_METRICS_EXPORTER: 'console' }],
  ])('%s', async (_name, env) => {
    const r = run(env);
    const { code } = await r.exited;
    expect(code).toBe(0);
    expect(r.stdout()).toBe('app done\n');
    expect(r.stderr()).toBe('');
  });
});

describe('register with OTEL_CONFIG_FILE', () => {
  it('builds the provider from the file (views, resource substitution) and ignores other OTEL_* variables', async () => {
    const r = run({
      OTEL_CONFIG_FILE: fixture('console.yaml'),
      FIXTURE_SERVICE: 'from-file',
      OTEL_METRICS_EXPORTER: 'none',
    });
    const { code } = await r.exited;
    expect(r.stderr()).toBe('');
    expect(code).toBe(0);
    expect(r.stdout()).toMatch(/· from-file$/m);
    expect(r.stdout()).toContain('app.requests');
    expect(r.stdout()).not.toContain('app.latency');
  });

  it('an invalid file is reported with its paths, and the app still runs', async () => {
    const r = run({ OTEL_CONFIG_FILE: fixture('invalid.yaml') });
    const { code } = await r.exited;
    expect(code).toBe(0);
    expect(r.stdout()).toBe('app done\n');
    expect(r.stderr()).toContain('meter_provider.readers[1].periodic.interval: expected a number');
    expect(r.stderr()).toMatch(/^yardstick: metrics are disabled: Invalid OpenTelemetry configuration /m);
  });
});

describe('register with the Prometheus exporter', () => {
  it('serves /metrics over HTTP', async () => {
    const port = await freePort();
    const r = run(
      {
        OTEL_METRICS_EXPORTER: 'prometheus',
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
      },
      'wait',
    );
    try {
      await waitFor(() => r.stdout().includes('app ready'), 'the app');
      const body = await scrape(port, 'app_requests');
      expect(body).toMatch(/^app_requests_total\{.*route="\/a".*\} 3/m);
      expect(body).toMatch(/^app_requests_total\{.*route="\/b".*\} 4/m);
      expect(body).toMatch(/^app_latency_milliseconds_count\{.*\} 10/m);
    } finally {
      r.child.kill('SIGTERM');
      await r.exited;
    }
    expect(r.stderr()).toBe('');
  });
});

describe('register with the OTLP exporter', () => {
  it('sends the final collection to a loopback receiver when the app gets SIGTERM', async () => {
    const bodies: { path: string; type: string; body: Buffer }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        bodies.push({ path: req.url ?? '', type: String(req.headers['content-type']), body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const r = run(
        {
          OTEL_METRICS_EXPORTER: 'otlp',
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
          OTEL_METRIC_EXPORT_INTERVAL: '60000',
          OTEL_SERVICE_NAME: 'otlp-app',
        },
        'wait',
      );
      await waitFor(() => r.stdout().includes('app ready'), 'the app');
      expect(bodies).toHaveLength(0);
      r.child.kill('SIGTERM');
      const { signal } = await r.exited;
      expect(signal).toBe('SIGTERM');
      expect(bodies).toHaveLength(1);
      expect(bodies[0].path).toBe('/v1/metrics');
      expect(bodies[0].type).toMatch(/^application\/json/);
      const request = JSON.parse(bodies[0].body.toString('utf8'));
      const rm = request.resourceMetrics[0];
      const attr = (key: string) =>
        rm.resource.attributes.find((a: { key: string }) => a.key === key)?.value?.stringValue;
      expect(attr('service.name')).toBe('otlp-app');
      const metric = rm.scopeMetrics[0].metrics.find((m: { name: string }) => m.name === 'app.requests');
      const values = metric.sum.dataPoints.map((p: { asInt?: string; asDouble?: number }) =>
        Number(p.asInt ?? p.asDouble),
      );
      expect(values.sort()).toEqual([3, 4]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
