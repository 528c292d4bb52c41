import http from 'node:http';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { expressMetrics } from '../src/index.js';
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
    const port = await startServer(http.createServer(app));

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

    const rm = await collectWhenSettled(reader, 12);
    release.resolve();
    const series = durationSeries(rm);
    const get = requestCounts(series);
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
    const port = await startServer(http.createServer(app));
    await send(port, 'GET', '/boom');
    await send(port, 'GET', '/x/y/z');
    const rm = await collectWhen(reader, (m) => totalCount(m) === 2);
    const get = requestCounts(durationSeries(rm));
    expect(get('/boom', 500, '500')).toBe(1);
    expect(get('unmatched', 404)).toBe(1);
  });
});
