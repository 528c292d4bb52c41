/**
 * The same instrumentation against the OpenTelemetry JS SDK (sdk-metrics), over keep-alive and
 * over TLS: the package depends only on @opentelemetry/api, so any SDK must work.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  AggregationTemporality,
  DataPointType,
  type Histogram,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { HTTP_DURATION_BOUNDARIES, instrumentHttpServer } from '../src/index.js';

class TestReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

function serve(server: http.Server | https.Server): Promise<number> {
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function get(mod: typeof http | typeof https, options: https.RequestOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = mod.get({ host: '127.0.0.1', timeout: 5000, ...options }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}

function points(rm: ResourceMetrics, name: string) {
  for (const sm of rm.scopeMetrics) {
    for (const m of sm.metrics) if (m.descriptor.name === name) return m;
  }
  return undefined;
}

async function collectUntil(reader: TestReader, count: number): Promise<ResourceMetrics> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const { resourceMetrics } = await reader.collect();
    const m = points(resourceMetrics, 'http.server.request.duration');
    const n = (m?.dataPoints ?? []).reduce((sum, p) => sum + (p.value as Histogram).count, 0);
    if (n >= count || Date.now() > deadline) return resourceMetrics;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('with the OpenTelemetry JS SDK', () => {
  it('records keep-alive requests with the advised buckets and active requests back to 0', async () => {
    const reader = new TestReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const server = http.createServer((req, res) => {
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end('ok');
    });
    instrumentHttpServer(server, { meterProvider, routes: ['/items/:id'] });
    const port = await serve(server);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    closers.push(async () => agent.destroy());
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => get(http, { port, agent, path: i % 5 === 0 ? '/missing' : `/items/${i}` })),
    );
    expect(statuses.filter((s) => s === 404)).toHaveLength(4);

    const rm = await collectUntil(reader, 20);
    const duration = points(rm, 'http.server.request.duration');
    expect(duration?.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(duration?.descriptor.unit).toBe('s');
    const byRoute = new Map(
      (duration?.dataPoints ?? []).map((p) => [p.attributes['http.route'] ?? '(none)', p.value as Histogram]),
    );
    expect(byRoute.get('/items/:id')?.count).toBe(16);
    expect(byRoute.get('(none)')?.count).toBe(4);
    expect(byRoute.get('/items/:id')?.buckets.boundaries).toEqual([...HTTP_DURATION_BOUNDARIES]);

    const active = points(rm, 'http.server.active_requests');
    expect(active?.dataPointType).toBe(DataPointType.SUM);
    expect(active?.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    expect((active?.dataPoints ?? []).map((p) => p.value)).toEqual([0]);
  });

  it('records url.scheme=https on a TLS server', async () => {
    const reader = new TestReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const fixtures = new URL('./fixtures/', import.meta.url);
    const server = https.createServer(
      {
        key: readFileSync(new URL('localhost-key.pem', fixtures)),
        cert: readFileSync(new URL('localhost-cert.pem', fixtures)),
      },
      (_req, res) => res.end('secure'),
    );
    instrumentHttpServer(server, { meterProvider, getRoute: () => '/secure' });
    const port = await serve(server);
    expect(await get(https, { port, path: '/secure', rejectUnauthorized: false, agent: false })).toBe(200);
    const rm = await collectUntil(reader, 1);
    const [point] = points(rm, 'http.server.request.duration')?.dataPoints ?? [];
    expect(point?.attributes).toEqual({
      'http.request.method': 'GET',
      'url.scheme': 'https',
      'http.route': '/secure',
      'http.response.status_code': 200,
      'network.protocol.version': '1.1',
    });
  });
});
