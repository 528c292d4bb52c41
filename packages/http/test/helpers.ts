/**
 * Shared test plumbing: a Yardstick provider with a manual reader, servers closed after each test,
 * a plain node:http client on 127.0.0.1, and readers of the recorded series.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Attributes } from '@opentelemetry/api';
import { type HistogramValue, ManualMetricReader, MeterProvider, type ResourceMetrics } from '@yardstick/sdk';
import { collectOnce, findMetric } from '@yardstick/sdk/testing';
import { afterEach } from 'vitest';

export function setupProvider(): { reader: ManualMetricReader; provider: MeterProvider } {
  const reader = new ManualMetricReader();
  const provider = new MeterProvider({ readers: [reader] });
  return { reader, provider };
}

/** listen starts a server on an ephemeral loopback port and returns the port. */
export async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

export async function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * serverStarter returns a function that starts a server like `listen` and closes it after the
 * current test, so a failed assertion never leaves a listening port behind for the next test.
 * Call it once at the top of a test file: it registers that file's afterEach.
 */
export function serverStarter(): (server: http.Server) => Promise<number> {
  const started: http.Server[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map(close));
  });
  return (server) => {
    started.push(server);
    return listen(server);
  };
}

export interface Reply {
  status: number;
  body: string;
}

/** send makes one request on a fresh connection and reads the whole response. */
export function send(port: number, method: string, path: string, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        timeout: 5000,
        headers: body ? { 'content-type': 'text/plain' } : {},
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (data += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout on ${method} ${path}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * sendAndAbort sends a request, waits until the server says it is being handled, then destroys
 * the client socket without reading a response.
 */
export async function sendAndAbort(port: number, path: string, handling: Promise<void>): Promise<void> {
  const req = http.request({ host: '127.0.0.1', port, method: 'GET', path, agent: false });
  req.on('error', () => {}); // the abort itself surfaces here
  req.end();
  await handling;
  req.destroy();
}

/** deferred returns a promise with its resolve function, for "the handler has started" signals. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export interface DurationSeries {
  attributes: Attributes;
  count: number;
  sum: number;
}

export function durationSeries(rm: ResourceMetrics, name = 'http.server.request.duration'): DurationSeries[] {
  const metric = findMetric(rm, name);
  if (!metric) return [];
  return metric.dataPoints.map((p) => {
    const v = p.value as HistogramValue;
    return { attributes: p.attributes as Attributes, count: v.count, sum: v.sum ?? Number.NaN };
  });
}

/** seriesWith finds the one duration series whose attributes equal `attrs` exactly. */
export function seriesWith(series: DurationSeries[], attrs: Attributes): DurationSeries | undefined {
  const want = JSON.stringify(Object.entries(attrs).sort());
  return series.find((s) => JSON.stringify(Object.entries(s.attributes).sort()) === want);
}

/** The attributes every request over plain-text HTTP/1.1 carries. */
export const PLAIN_HTTP_1_1: Attributes = { 'url.scheme': 'http', 'network.protocol.version': '1.1' };

/**
 * requestCounts returns a lookup of the request count in the one series with exactly `common`
 * plus the given method, route, status and error.type; an undefined route, status or error.type
 * means the series must not carry that attribute at all.
 */
export function requestCounts(
  series: DurationSeries[],
  common: Attributes = PLAIN_HTTP_1_1,
): (route: string | undefined, status: number | undefined, errorType?: string, method?: string) => number | undefined {
  return (route, status, errorType, method = 'GET') =>
    seriesWith(series, {
      ...common,
      'http.request.method': method,
      ...(route === undefined ? {} : { 'http.route': route }),
      ...(status === undefined ? {} : { 'http.response.status_code': status }),
      ...(errorType === undefined ? {} : { 'error.type': errorType }),
    })?.count;
}

/** activeTotal sums http.server.active_requests over all its series. */
export function activeTotal(rm: ResourceMetrics): number {
  const metric = findMetric(rm, 'http.server.active_requests');
  if (!metric) return Number.NaN;
  let total = 0;
  for (const p of metric.dataPoints) total += p.value as number;
  return total;
}

/** totalCount sums the duration histogram counts over all series. */
export function totalCount(rm: ResourceMetrics): number {
  return durationSeries(rm).reduce((n, s) => n + s.count, 0);
}

/**
 * collectWhen collects until `ready` holds (the server records a request when its response
 * closes, which can trail the client's view by a tick). Bounded: throws after `ms`.
 */
export async function collectWhen(
  reader: ManualMetricReader,
  ready: (rm: ResourceMetrics) => boolean,
  ms = 3000,
): Promise<ResourceMetrics> {
  const deadline = Date.now() + ms;
  for (;;) {
    const rm = await collectOnce(reader);
    if (ready(rm)) return rm;
    if (Date.now() > deadline) return rm;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** collectWhenSettled collects once `requests` requests are recorded and none is still active. */
export function collectWhenSettled(reader: ManualMetricReader, requests: number): Promise<ResourceMetrics> {
  return collectWhen(reader, (rm) => totalCount(rm) === requests && activeTotal(rm) === 0);
}

export class BoomError extends Error {}
