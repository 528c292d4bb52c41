/**
 * The development dashboard's data: golden signals from successive cumulative snapshots, and the
 * page + JSON endpoints on the exporter's own server.
 */
import { request } from 'node:http';
import { estimateQuantile } from '@yardstick/core';
import { MeterProvider, resourceFromAttributes } from '@yardstick/sdk';
import { afterEach, describe, expect, test } from 'vitest';
import { GoldenSignals, PrometheusExporter, type PrometheusExporterOptions } from '../src/index.js';
import { hist, histogram, point, resourceMetrics, upDown } from './helpers/fixtures.js';

const B = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/** A snapshot of the two metrics the dashboard reads: per-series histograms and active requests. */
function snapshot(
  series: { attrs: Record<string, string | number>; counts: number[] }[],
  active: number[] = [],
  unit = 's',
) {
  const points = series.map((s) => point(hist(unit === 'ms' ? B.map((b) => b * 1000) : B, s.counts), s.attrs));
  return resourceMetrics([
    histogram('http.server.request.duration', points, unit),
    upDown(
      'http.server.active_requests',
      active.map((v, i) => point(v, { 'http.request.method': i === 0 ? 'GET' : 'POST' })),
      '{request}',
    ),
    // An unrelated metric is ignored.
    histogram('other.duration', [point(hist(B, [0, 0, 0, 0, 0, 0, 0, 0, 100]))], 's'),
  ]);
}

const ok = { 'http.route': '/', 'http.response.status_code': 200 };
const fail = { 'http.route': '/', 'http.response.status_code': 503, 'error.type': '503' };
const zeros = () => [0, 0, 0, 0, 0, 0, 0, 0, 0];

describe('GoldenSignals', () => {
  test('the first collection is the baseline; later samples describe only their interval', () => {
    const signals = new GoldenSignals();
    // Before: 100 fast successes. The interval adds 30 successes in (0.1, 0.25] and 10 failures in (0.5, 1].
    const before = zeros();
    before[0] = 100;
    expect(signals.observe(snapshot([{ attrs: ok, counts: before }]), 1_000)).toBeUndefined();
    const afterOk = [...before];
    afterOk[5] = 30;
    const afterFail = zeros();
    afterFail[7] = 10;
    const sample = signals.observe(
      snapshot(
        [
          { attrs: ok, counts: afterOk },
          { attrs: fail, counts: afterFail },
        ],
        [3, 2],
      ),
      3_000,
    );
    expect(sample).toBeDefined();
    expect(sample?.seconds).toBe(2);
    expect(sample?.rate).toBe(20); // 40 requests / 2 s; the earlier 100 are not in this interval
    expect(sample?.errorRate).toBe(5);
    expect(sample?.errorRatio).toBe(0.25);
    expect(sample?.active).toBe(5);
    // Quantiles of the interval's 40 requests only, as the core estimator computes them.
    const interval = hist(B, [0, 0, 0, 0, 0, 30, 0, 10, 0]);
    expect(sample?.p50).toBeCloseTo(estimateQuantile(interval, 0.5), 12);
    expect(sample?.p90).toBeCloseTo(estimateQuantile(interval, 0.9), 12);
    expect(sample?.p99).toBeCloseTo(estimateQuantile(interval, 0.99), 12);
    expect(sample?.p50).toBeGreaterThan(0.1);
    expect(sample?.p50).toBeLessThanOrEqual(0.25);
    expect(sample?.p99).toBeGreaterThan(0.5);
    expect(signals.history()).toEqual([sample]);
  });

  test('an idle interval has rate 0 and no ratio or quantiles; ms histograms are read as seconds', () => {
    const signals = new GoldenSignals();
    const counts = zeros();
    counts[2] = 4; // (10, 25] ms
    signals.observe(snapshot([{ attrs: ok, counts }], [], 'ms'), 0);
    const idle = signals.observe(snapshot([{ attrs: ok, counts }], [], 'ms'), 1_000);
    expect(idle).toMatchObject({ rate: 0, errorRate: 0, errorRatio: null, p50: null, p99: null });
    const more = [...counts];
    more[2] = 8;
    const busy = signals.observe(snapshot([{ attrs: ok, counts: more }], [], 'ms'), 2_000);
    expect(busy?.rate).toBe(4);
    expect(busy?.p50).toBeGreaterThan(0.01);
    expect(busy?.p50).toBeLessThanOrEqual(0.025);
    // The active-requests metric is present without points: 0 (null only when it is missing).
    expect(busy?.active).toBe(0);
  });

  test('a counter reset (fewer requests than before) starts over instead of going negative', () => {
    const signals = new GoldenSignals();
    const big = zeros();
    big[0] = 50;
    signals.observe(snapshot([{ attrs: ok, counts: big }]), 0);
    const small = zeros();
    small[1] = 5;
    const sample = signals.observe(snapshot([{ attrs: ok, counts: small }]), 1_000);
    expect(sample?.rate).toBe(5);
    expect(sample?.p50).toBeGreaterThan(0.005);
    expect(sample?.p50).toBeLessThanOrEqual(0.01);
  });

  test('history is bounded', () => {
    const signals = new GoldenSignals({ historySize: 3 });
    for (let t = 0; t < 10; t++) signals.observe(snapshot([{ attrs: ok, counts: zeros() }]), t * 1000);
    expect(signals.history().map((s) => s.time)).toEqual([7000, 8000, 9000]);
  });
});

function get(url: string, method = 'GET') {
  return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('PrometheusExporter dashboard option', () => {
  let provider: MeterProvider | undefined;
  afterEach(async () => {
    await provider?.shutdown();
    provider = undefined;
  });

  async function start(dashboard: PrometheusExporterOptions['dashboard']) {
    const exporter = new PrometheusExporter({ host: '127.0.0.1', port: 0, preventServerStart: true, dashboard });
    provider = new MeterProvider({
      readers: [exporter],
      resource: resourceFromAttributes({ 'service.name': 'checkout <svc>' }),
    });
    await exporter.startServer();
    return { exporter, meter: provider.getMeter('@yardstick/http') };
  }

  test('serves a self-contained page and JSON computed from successive collections', async () => {
    const { exporter, meter } = await start({ intervalMillis: 100 });
    const address = exporter.address();
    expect(address?.dashboardUrl).toBe(`http://127.0.0.1:${address?.port}/dashboard`);
    const duration = meter.createHistogram('http.server.request.duration', { unit: 's' });
    const active = meter.createUpDownCounter('http.server.active_requests', { unit: '{request}' });
    active.add(2, { 'http.request.method': 'GET' });

    const page = await get(address!.dashboardUrl!);
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toContain("createElementNS(NS, 'svg')"); // charts are inline SVG built by inline JS
    expect(page.body).toContain('"dataPath":"/dashboard/data"');
    // No external assets: no src/href other than the empty data: favicon (which spares the browser
    // a /favicon.ico request), and the only URL is the SVG namespace.
    expect(page.body.match(/\s(src|href)=\S*/gi)).toEqual([' href="data:,">']);
    expect(page.body.match(/https?:\/\/[^\s'"]+/g)).toEqual(['http://www.w3.org/2000/svg']);
    // The title is the service name, escaped.
    expect(page.body).toContain('<h1>checkout &#60;svc&#62;</h1>');

    // The page request collected the baseline; the next poll (after the interval) yields a sample.
    for (let i = 0; i < 10; i++) duration.record(0.02, { 'http.response.status_code': 200 });
    for (let i = 0; i < 10; i++) duration.record(0.3, { 'http.response.status_code': 500, 'error.type': '500' });
    await new Promise((r) => setTimeout(r, 150));
    const res = await get(`http://127.0.0.1:${address?.port}/dashboard/data`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/json; charset=utf-8');
    const data = JSON.parse(res.body);
    expect(data.title).toBe('checkout <svc>');
    expect(data.intervalMillis).toBe(100);
    expect(data.samples).toHaveLength(1);
    const [s] = data.samples;
    expect(s.rate * s.seconds).toBeCloseTo(20, 6);
    expect(s.errorRatio).toBe(0.5);
    expect(s.active).toBe(2);
    expect(s.p50).toBeGreaterThan(0.01);
    expect(s.p99).toBeGreaterThan(0.25);

    // Polls within the interval reuse the last collection: no new sample.
    const again = JSON.parse((await get(`http://127.0.0.1:${address?.port}/dashboard/data`)).body);
    expect(again.samples).toHaveLength(1);

    // Only GET/HEAD; /metrics still works; other paths 404.
    expect((await get(address!.dashboardUrl!, 'POST')).status).toBe(405);
    expect((await get(address!.url)).body).toContain('http_server_request_duration_seconds_bucket');
    expect((await get(`http://127.0.0.1:${address?.port}/dashboardx`)).status).toBe(404);
  });

  test('a custom path; no dashboard unless asked for', async () => {
    const { exporter } = await start({ path: 'live/' });
    const port = exporter.address()?.port;
    expect(exporter.address()?.dashboardUrl).toBe(`http://127.0.0.1:${port}/live`);
    expect((await get(`http://127.0.0.1:${port}/live`)).body).toContain('"dataPath":"/live/data"');
    expect((await get(`http://127.0.0.1:${port}/live/data`)).status).toBe(200);
    await provider?.shutdown();

    const plain = await start(undefined);
    const plainPort = plain.exporter.address()?.port;
    expect(plain.exporter.address()?.dashboardUrl).toBeUndefined();
    expect((await get(`http://127.0.0.1:${plainPort}/dashboard`)).status).toBe(404);
    expect((await get(`http://127.0.0.1:${plainPort}/dashboard/data`)).status).toBe(404);
  });
});
