import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { findMetric } from '@yardstick/sdk/testing';
import { HTTP_DURATION_BOUNDARIES, instrumentHttpServer, setRoute, wrapRequestListener } from '../src/index.js';
import {
  activeTotal,
  BoomError,
  collectWhen,
  collectWhenSettled,
  deferred,
  durationSeries,
  requestCounts,
  send,
  sendAndAbort,
  serverStarter,
  setupProvider,
  totalCount,
} from './helpers.js';

const startServer = serverStarter();

describe('wrapRequestListener over real node:http requests', () => {
  it('records success, 4xx, 5xx, a thrown handler and an aborted client by route template', async () => {
    const { reader, provider } = setupProvider();
    const handling = deferred();
    const release = deferred();
    const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
      const path = req.url?.split('?')[0];
      if (path?.startsWith('/users/')) {
        res.end('user');
      } else if (path === '/fail') {
        res.statusCode = 503;
        res.end('unavailable');
      } else if (path === '/boom') {
        throw new BoomError('kaput');
      } else if (path === '/slow') {
        handling.resolve();
        await release.promise; // held open until the client has gone
      } else {
        res.statusCode = 404;
        res.end('not found');
      }
    };
    const server = http.createServer(
      wrapRequestListener(handler, {
        meterProvider: provider,
        routes: ['/users/:id', '/fail', '/boom', '/slow'],
        onError: (_err, _req, res) => {
          res.statusCode = 500;
          res.end('error');
        },
      }),
    );
    const port = await startServer(server);

    expect((await send(port, 'GET', '/users/42')).status).toBe(200);
    expect((await send(port, 'GET', '/users/7?tab=posts')).status).toBe(200);
    expect((await send(port, 'GET', '/no/such/page')).status).toBe(404);
    expect((await send(port, 'POST', '/fail', 'x')).status).toBe(503);
    expect((await send(port, 'GET', '/boom')).status).toBe(500);
    // PURGE is an HTTP method Node parses but the conventions do not know.
    expect((await send(port, 'PURGE', '/users/1')).status).toBe(200);

    const abort = sendAndAbort(port, '/slow', handling.promise);
    // While /slow is held, exactly one request is active.
    await handling.promise;
    const during = await collectWhen(reader, (rm) => activeTotal(rm) === 1);
    expect(activeTotal(during)).toBe(1);
    await abort;

    const rm = await collectWhenSettled(reader, 7);
    release.resolve();
    const series = durationSeries(rm);
    const count = requestCounts(series);
    expect(count('/users/:id', 200)).toBe(2);
    // Unknown routes fold into one series with no http.route at all.
    expect(count(undefined, 404)).toBe(1);
    expect(count('/fail', 503, '503', 'POST')).toBe(1);
    expect(count('/boom', 500, 'BoomError')).toBe(1);
    expect(count('/users/:id', 200, undefined, '_OTHER')).toBe(1);
    // The aborted request never sent a status: no status code, error.type=aborted.
    expect(count('/slow', undefined, 'aborted')).toBe(1);
    expect(series).toHaveLength(6);
    expect(series.every((s) => s.sum >= 0 && s.sum < 5)).toBe(true);
    for (const s of series) expect(JSON.stringify(s.attributes)).not.toContain('42');
    expect(activeTotal(rm)).toBe(0);

    const metric = findMetric(rm, 'http.server.request.duration');
    expect(metric?.descriptor.unit).toBe('s');
    const point = metric?.dataPoints[0]?.value as { buckets: { boundaries: number[] } };
    expect(point.buckets.boundaries).toEqual([...HTTP_DURATION_BOUNDARIES]);
    const active = findMetric(rm, 'http.server.active_requests');
    expect(active?.descriptor.unit).toBe('{request}');
    for (const p of active?.dataPoints ?? [])
      expect(Object.keys(p.attributes).sort()).toEqual(['http.request.method', 'url.scheme']);
  });

  it('records a duration that covers the handler time', async () => {
    const { reader, provider } = setupProvider();
    const server = http.createServer(
      wrapRequestListener(
        (_req, res) => {
          setTimeout(() => res.end('late'), 60);
        },
        { meterProvider: provider, getRoute: () => '/late' },
      ),
    );
    const port = await startServer(server);
    await send(port, 'GET', '/late?x=1');
    const rm = await collectWhen(reader, (m) => totalCount(m) === 1);
    const [s] = durationSeries(rm);
    expect(s?.attributes['http.route']).toBe('/late');
    expect(s?.sum).toBeGreaterThanOrEqual(0.05);
    expect(s?.sum).toBeLessThan(2);
  });
});

describe('instrumentHttpServer', () => {
  it('instruments an existing server; setRoute and unmatchedRoute name the route; ignore skips requests', async () => {
    const { reader, provider } = setupProvider();
    const server = http.createServer((req, res) => {
      if (req.url === '/orders/99') setRoute(res, '/orders/{id}');
      res.statusCode = req.url === '/metrics' || req.url === '/orders/99' ? 200 : 404;
      res.end('ok');
    });
    const stop = instrumentHttpServer(server, {
      meterProvider: provider,
      unmatchedRoute: '(unmatched)',
      protocolVersion: false,
      ignore: (req) => req.url === '/metrics',
    });
    const port = await startServer(server);
    await send(port, 'GET', '/orders/99');
    await send(port, 'GET', '/a');
    await send(port, 'GET', '/b');
    await send(port, 'GET', '/metrics');
    let rm = await collectWhen(reader, (m) => totalCount(m) === 3);
    let series = durationSeries(rm);
    expect(series).toHaveLength(2);
    // protocolVersion: false leaves network.protocol.version out.
    const count = requestCounts(series, { 'url.scheme': 'http' });
    expect(count('/orders/{id}', 200)).toBe(1);
    expect(count('(unmatched)', 404)).toBe(2);

    stop();
    await send(port, 'GET', '/a');
    rm = await collectWhen(reader, () => true);
    series = durationSeries(rm);
    expect(series.reduce((n, s) => n + s.count, 0)).toBe(3);
  });

  it('records body sizes from Content-Length when asked', async () => {
    const { reader, provider } = setupProvider();
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.setHeader('content-length', 5);
        res.end('hello');
      });
    });
    instrumentHttpServer(server, { meterProvider: provider, bodySizes: true, routes: ['/echo'] });
    const port = await startServer(server);
    await send(port, 'POST', '/echo', 'twelve bytes');
    const rm = await collectWhen(reader, (m) => totalCount(m) === 1);
    const req = durationSeries(rm, 'http.server.request.body.size');
    const res = durationSeries(rm, 'http.server.response.body.size');
    expect(req).toHaveLength(1);
    expect(req[0]?.sum).toBe(12);
    expect(req[0]?.attributes['http.route']).toBe('/echo');
    expect(res[0]?.sum).toBe(5);
    expect(findMetric(rm, 'http.server.response.body.size')?.descriptor.unit).toBe('By');
  });

  it('records a request once even when two integrations see it', async () => {
    const { reader, provider } = setupProvider();
    const inner = wrapRequestListener((_req, res) => res.end('x'), {
      meterProvider: provider,
      getRoute: () => '/inner',
    });
    const server = http.createServer(inner);
    instrumentHttpServer(server, { meterProvider: provider, getRoute: () => '/outer' });
    const port = await startServer(server);
    await send(port, 'GET', '/');
    const rm = await collectWhen(reader, (m) => totalCount(m) >= 1);
    await new Promise((r) => setTimeout(r, 20));
    const series = durationSeries(rm);
    expect(series).toHaveLength(1);
    expect(series[0]?.attributes['http.route']).toBe('/outer');
    expect(activeTotal(rm)).toBe(0);
  });
});
