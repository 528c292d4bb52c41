import type http from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { expressMetrics } from '../src/index.js';
import {
  activeTotal,
  BoomError,
  close,
  collectWhen,
  deferred,
  durationSeries,
  listen,
  seriesWith,
  send,
  sendAndAbort,
  setupProvider,
  totalCount,
} from './helpers.js';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(close));
});

const base = { 'url.scheme': 'http', 'network.protocol.version': '1.1' };

describe('expressMetrics over real requests', () => {
  it('records route templates, statuses, error.type and aborts', async () => {
    const { reader, provider } = setupProvider();
    const handling = deferred();
    const release = deferred();
    const metrics = expressMetrics({ meterProvider: provider });
    const app = express();
    app.set('env', 'test'); // keeps Express's final handler from logging the thrown errors
    app.use(metrics);
    app.get('/users/:id', (_req, res) => {
      res.send('user');
    });
    const api = express.Router();
    api.get('/items/:itemId', (_req, res) => {
      res.json({ ok: true });
    });
    api.get('/items/:itemId/boom', () => {
      throw new BoomError('nested');
    });
    api.get('/', (_req, res) => {
      res.send('api root');
    });
    app.use('/api', api);
    app.post('/fail', (_req, res) => {
      res.status(503).send('unavailable');
    });
    app.get('/bad', (_req, res) => {
      res.status(400).send('bad');
    });
    app.get('/boom', () => {
      throw new BoomError('sync');
    });
    app.get('/async-boom', async () => {
      await Promise.resolve();
      throw new TypeError('async');
    });
    app.get('/slow', async (_req, res) => {
      handling.resolve();
      await release.promise;
      if (!res.destroyed) res.send('late');
    });
    app.use(metrics.errorHandler);
    const server = app.listen(0, '127.0.0.1');
    servers.push(server);
    const port = await listen(server);

    expect((await send(port, 'GET', '/users/42')).status).toBe(200);
    expect((await send(port, 'GET', '/users/43')).status).toBe(200);
    expect((await send(port, 'GET', '/api/items/9?full=1')).status).toBe(200);
    expect((await send(port, 'GET', '/api')).status).toBe(200);
    expect((await send(port, 'GET', '/api/items/9/boom')).status).toBe(500);
    expect((await send(port, 'GET', '/nowhere/1')).status).toBe(404);
    expect((await send(port, 'GET', '/nowhere/2')).status).toBe(404);
    expect((await send(port, 'POST', '/fail')).status).toBe(503);
    expect((await send(port, 'GET', '/bad')).status).toBe(400);
    expect((await send(port, 'GET', '/boom')).status).toBe(500);
    expect((await send(port, 'GET', '/async-boom')).status).toBe(500);
    await sendAndAbort(port, '/slow', handling.promise);

    const rm = await collectWhen(reader, (m) => totalCount(m) === 12 && activeTotal(m) === 0);
    release.resolve();
    const series = durationSeries(rm);
    const get = (route: string | undefined, status: number | undefined, errorType?: string, method = 'GET') =>
      seriesWith(series, {
        ...base,
        'http.request.method': method,
        ...(route === undefined ? {} : { 'http.route': route }),
        ...(status === undefined ? {} : { 'http.response.status_code': status }),
        ...(errorType === undefined ? {} : { 'error.type': errorType }),
      })?.count;
    expect(get('/users/:id', 200)).toBe(2);
    expect(get('/api/items/:itemId', 200)).toBe(1);
    expect(get('/api', 200)).toBe(1);
    // Thrown in a nested router and answered outside it: the mount path is still there.
    expect(get('/api/items/:itemId/boom', 500, 'BoomError')).toBe(1);
    expect(get(undefined, 404)).toBe(2);
    expect(get('/fail', 503, '503', 'POST')).toBe(1);
    expect(get('/bad', 400)).toBe(1);
    expect(get('/boom', 500, 'BoomError')).toBe(1);
    expect(get('/async-boom', 500, 'TypeError')).toBe(1);
    expect(get('/slow', undefined, 'aborted')).toBe(1);
    expect(series).toHaveLength(10);
    expect(activeTotal(rm)).toBe(0);
  });

  it('records a 5xx by status code when the error handler is not mounted', async () => {
    const { reader, provider } = setupProvider();
    const app = express();
    app.set('env', 'test');
    app.use(expressMetrics({ meterProvider: provider, unmatchedRoute: 'unmatched' }));
    app.get('/boom', () => {
      throw new BoomError('no handler');
    });
    const server = app.listen(0, '127.0.0.1');
    servers.push(server);
    const port = await listen(server);
    await send(port, 'GET', '/boom');
    await send(port, 'GET', '/x/y/z');
    const rm = await collectWhen(reader, (m) => totalCount(m) === 2);
    const series = durationSeries(rm);
    expect(
      seriesWith(series, {
        ...base,
        'http.request.method': 'GET',
        'http.route': '/boom',
        'http.response.status_code': 500,
        'error.type': '500',
      })?.count,
    ).toBe(1);
    expect(
      seriesWith(series, {
        ...base,
        'http.request.method': 'GET',
        'http.route': 'unmatched',
        'http.response.status_code': 404,
      })?.count,
    ).toBe(1);
  });
});
