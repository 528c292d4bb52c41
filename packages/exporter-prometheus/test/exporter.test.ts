import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { MeterProvider, resourceFromAttributes } from '@yardstick/sdk';
import express from 'express';
import Fastify from 'fastify';
import { afterEach, describe, expect, test } from 'vitest';
import {
  CONTENT_TYPES,
  PrometheusExporter,
  expressMetricsHandler,
  fastifyMetricsPlugin,
  nodeHttpHandler,
  webMetricsHandler,
} from '../src/index.js';
import { rawRequest } from './helpers/http.js';
import { expectValidExposition, expectValidOpenMetrics } from './helpers/promtool.js';

/** setup() records `latency` in ms, as OpenTelemetry names it; promtool prefers base units. */
const SETUP_LINT = [/^latency_milliseconds use base unit "seconds" instead of "milliseconds"$/];
const lint = (body: string | Uint8Array) => expectValidExposition(body, SETUP_LINT);

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function setup(options: ConstructorParameters<typeof PrometheusExporter>[0] = { preventServerStart: true }) {
  const exporter = new PrometheusExporter(options);
  const provider = new MeterProvider({
    readers: [exporter],
    resource: resourceFromAttributes({ 'service.name': 'svc' }),
  });
  cleanups.push(() => provider.shutdown());
  const meter = provider.getMeter('lib', '2.0.0');
  meter.createCounter('jobs', { unit: '{job}', description: 'Jobs done' }).add(5, { queue: 'a' });
  meter.createHistogram('latency', { unit: 'ms' }).record(12, { route: '/x' });
  meter.createGauge('temp').record(-3.5);
  return { exporter, provider, meter };
}

describe('PrometheusExporter as a MetricReader', () => {
  test('scrape() collects from the provider and renders text 0.0.4 by default', async () => {
    const { exporter } = setup();
    const res = await exporter.scrape();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(CONTENT_TYPES.text);
    const text = await lint(res.body);
    expect(text).toContain('# HELP jobs_total Jobs done\n# TYPE jobs_total counter\n');
    expect(text).toContain('jobs_total{queue="a",otel_scope_name="lib",otel_scope_version="2.0.0"} 5\n');
    expect(text).toContain(
      'latency_milliseconds_bucket{route="/x",otel_scope_name="lib",otel_scope_version="2.0.0",le="25"} 1\n',
    );
    expect(text).toContain('temp{otel_scope_name="lib",otel_scope_version="2.0.0"} -3.5\n');
    expect(text).toMatch(
      /^# HELP target_info Target metadata\n# TYPE target_info gauge\ntarget_info\{[^}]*service_name="svc"/,
    );
    expect(res.headers['content-length']).toBe(String(res.body.length));
  });

  test('every scrape sees cumulative values', async () => {
    const { exporter, meter } = setup();
    const c = meter.createCounter('hits');
    c.add(1);
    expect(await lint((await exporter.scrape()).body)).toContain(
      'hits_total{otel_scope_name="lib",otel_scope_version="2.0.0"} 1\n',
    );
    c.add(2);
    expect(await lint((await exporter.scrape()).body)).toContain(
      'hits_total{otel_scope_name="lib",otel_scope_version="2.0.0"} 3\n',
    );
  });

  test('OpenMetrics and protobuf by Accept, gzip by Accept-Encoding, HEAD, 405', async () => {
    const { exporter } = setup();
    const om = await exporter.scrape({ accept: 'application/openmetrics-text; version=1.0.0' });
    expect(om.headers['content-type']).toBe(CONTENT_TYPES.openmetrics);
    expect(om.body.toString()).toMatch(/# EOF\n$/);
    const pb = await exporter.scrape({
      accept: 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited',
    });
    expect(pb.headers['content-type']).toBe(CONTENT_TYPES.protobuf);
    expect(pb.body.length).toBeGreaterThan(0);
    const zipped = await exporter.scrape({ acceptEncoding: 'gzip, deflate' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(await lint(gunzipSync(zipped.body))).toContain('jobs_total');
    const head = await exporter.scrape({ method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    const post = await exporter.scrape({ method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  test('with appendTimestamp, the OpenMetrics scrape (via scrape() and the Web handler) parses with Prometheus', async () => {
    // promtool's OpenMetrics importer needs a timestamp on every sample.
    const { exporter } = setup({ preventServerStart: true, appendTimestamp: true });
    const accept = 'application/openmetrics-text; version=1.0.0';
    const om = await expectValidOpenMetrics((await exporter.scrape({ accept })).body);
    expect(om).toMatch(/^jobs_total\{queue="a",otel_scope_name="lib",otel_scope_version="2\.0\.0"\} 5 \d+\.\d+$/m);
    const web = await webMetricsHandler(exporter)(new Request('http://localhost/metrics', { headers: { accept } }));
    expect(await expectValidOpenMetrics(await web.text())).toContain('latency_milliseconds_bucket');
    // The same exporter's text 0.0.4 carries millisecond timestamps, which promtool also accepts.
    expect(await lint((await exporter.scrape()).body)).toMatch(/^temp\{[^}]*\} -3\.5 \d+$/m);
  });

  test('a scrape after shutdown answers 500 instead of throwing', async () => {
    const { exporter, provider } = setup();
    await provider.shutdown();
    const res = await exporter.scrape();
    expect(res.status).toBe(500);
    expect(res.body.toString()).toMatch(/^# failed to export metrics/);
  });
});

describe('built-in server', () => {
  test('serves the endpoint on a real socket, 404 elsewhere, and stops', async () => {
    const { exporter } = setup({ host: '127.0.0.1', port: 0, endpoint: 'custom' });
    await exporter.startServer();
    const address = exporter.address();
    expect(address?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/custom$/);
    const base = `http://127.0.0.1:${address?.port}`;
    const ok = await rawRequest(`${base}/custom?x=1`, { headers: { 'accept-encoding': 'gzip' } });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-encoding']).toBe('gzip');
    expect(await lint(gunzipSync(ok.body))).toContain('jobs_total');
    const om = await rawRequest(`${base}/custom`, { headers: { accept: 'application/openmetrics-text' } });
    expect(om.headers['content-type']).toBe(CONTENT_TYPES.openmetrics);
    const head = await rawRequest(`${base}/custom`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect((await rawRequest(`${base}/custom`, { method: 'DELETE' })).status).toBe(405);
    expect((await rawRequest(`${base}/other`)).status).toBe(404);
    await exporter.stopServer();
    await expect(rawRequest(`${base}/custom`)).rejects.toThrow();
  });

  test('the constructor callback reports a listen error', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => blocker.close(r)));
    const port = (blocker.address() as AddressInfo).port;
    const error = await new Promise<Error | undefined>((resolve) => {
      const exporter = new PrometheusExporter({ host: '127.0.0.1', port }, resolve);
      cleanups.push(() => exporter.stopServer());
    });
    expect(error?.message).toMatch(/EADDRINUSE/);
  });

  test('defaults and OTEL_EXPORTER_PROMETHEUS_HOST / _PORT', async () => {
    expect(PrometheusExporter.DEFAULT_OPTIONS).toMatchObject({ host: 'localhost', port: 9464, endpoint: '/metrics' });
    const saved = { host: process.env.OTEL_EXPORTER_PROMETHEUS_HOST, port: process.env.OTEL_EXPORTER_PROMETHEUS_PORT };
    cleanups.push(() => {
      for (const [k, v] of [
        ['OTEL_EXPORTER_PROMETHEUS_HOST', saved.host],
        ['OTEL_EXPORTER_PROMETHEUS_PORT', saved.port],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });
    process.env.OTEL_EXPORTER_PROMETHEUS_HOST = '127.0.0.1';
    process.env.OTEL_EXPORTER_PROMETHEUS_PORT = '0';
    const exporter = new PrometheusExporter({ preventServerStart: true });
    cleanups.push(() => exporter.stopServer());
    await exporter.startServer();
    expect(exporter.address()?.host).toBe('127.0.0.1');
    expect(exporter.address()?.port).toBeGreaterThan(0);
    delete process.env.OTEL_EXPORTER_PROMETHEUS_HOST;
    delete process.env.OTEL_EXPORTER_PROMETHEUS_PORT;
    const plain = new PrometheusExporter({ preventServerStart: true });
    expect(Reflect.get(plain, 'host')).toBe('localhost');
    expect(Reflect.get(plain, 'requestedPort')).toBe(9464);
    expect(Reflect.get(plain, 'endpoint')).toBe('/metrics');
  });
});

describe('adapters', () => {
  test('node:http handler mounted in an existing server', async () => {
    const { exporter } = setup();
    const metrics = nodeHttpHandler(exporter);
    const server = createServer((req, res) => {
      if (req.url === '/metrics') return metrics(req, res);
      res.end('app');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => server.close(r)));
    const port = (server.address() as AddressInfo).port;
    const res = await rawRequest(`http://127.0.0.1:${port}/metrics`);
    expect(res.headers['content-type']).toBe(CONTENT_TYPES.text);
    expect(await lint(res.body)).toContain('jobs_total');
    expect((await rawRequest(`http://127.0.0.1:${port}/`)).body.toString()).toBe('app');
  });

  test('Express', async () => {
    const { exporter } = setup();
    const app = express();
    app.get('/metrics', expressMetricsHandler(exporter));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    cleanups.push(() => new Promise((r) => server.close(r)));
    const port = (server.address() as AddressInfo).port;
    const res = await rawRequest(`http://127.0.0.1:${port}/metrics`, {
      headers: { accept: 'application/openmetrics-text' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(CONTENT_TYPES.openmetrics);
    expect(res.body.toString()).toContain('jobs_total{queue="a"');
  });

  test('Fastify plugin', async () => {
    const { exporter } = setup();
    const app = Fastify();
    cleanups.push(() => app.close());
    await app.register(fastifyMetricsPlugin, { exporter, path: '/metrics' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    const res = await rawRequest(`http://127.0.0.1:${port}/metrics`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(CONTENT_TYPES.text);
    expect(await lint(gunzipSync(res.body))).toContain('jobs_total');
    const head = await rawRequest(`http://127.0.0.1:${port}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect((await rawRequest(`http://127.0.0.1:${port}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  test('Web Request → Response', async () => {
    const { exporter } = setup();
    const handle = webMetricsHandler(exporter);
    const res = await handle(
      new Request('http://localhost/metrics', { headers: { accept: 'application/openmetrics-text' } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPES.openmetrics);
    expect(await res.text()).toContain('# EOF');
    const head = await handle(new Request('http://localhost/metrics', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
