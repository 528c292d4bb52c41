import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { fastifyMetrics } from '../src/index.js';
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
  setupProvider,
  totalCount,
} from './helpers.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function start(app: FastifyInstance): Promise<number> {
  apps.push(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('fastifyMetrics over real requests', () => {
  it('records route templates (with prefixes), statuses, error.type and aborts', async () => {
    const { reader, provider } = setupProvider();
    const handling = deferred();
    const release = deferred();
    const app = Fastify({ forceCloseConnections: true });
    await app.register(fastifyMetrics, { meterProvider: provider });
    app.get('/users/:id', async () => 'user');
    await app.register(
      async (child) => {
        child.get('/items/:itemId', async () => ({ ok: true }));
        child.get('/items/:itemId/boom', async () => {
          throw new BoomError('nested');
        });
      },
      { prefix: '/api' },
    );
    app.post('/fail', async (_req, reply) => reply.code(503).send('unavailable'));
    app.get('/bad', async () => {
      // A thrown 4xx is the client's fault: recorded without error.type.
      throw Object.assign(new RangeError('bad input'), { statusCode: 400 });
    });
    app.get('/boom', async () => {
      throw new BoomError('kaput');
    });
    app.get('/slow', async () => {
      handling.resolve();
      await release.promise;
      return 'late';
    });
    const port = await start(app);

    expect((await send(port, 'GET', '/users/42')).status).toBe(200);
    expect((await send(port, 'GET', '/users/43?x=1')).status).toBe(200);
    expect((await send(port, 'GET', '/api/items/9')).status).toBe(200);
    expect((await send(port, 'GET', '/api/items/9/boom')).status).toBe(500);
    expect((await send(port, 'GET', '/nowhere/1')).status).toBe(404);
    expect((await send(port, 'GET', '/nowhere/2')).status).toBe(404);
    expect((await send(port, 'POST', '/fail')).status).toBe(503);
    expect((await send(port, 'GET', '/bad')).status).toBe(400);
    expect((await send(port, 'GET', '/boom')).status).toBe(500);
    await sendAndAbort(port, '/slow', handling.promise);

    const rm = await collectWhenSettled(reader, 10);
    release.resolve();
    const series = durationSeries(rm);
    const count = requestCounts(series);
    expect(count('/users/:id', 200)).toBe(2);
    expect(count('/api/items/:itemId', 200)).toBe(1);
    expect(count('/api/items/:itemId/boom', 500, 'BoomError')).toBe(1);
    expect(count(undefined, 404)).toBe(2);
    expect(count('/fail', 503, '503', 'POST')).toBe(1);
    expect(count('/bad', 400)).toBe(1);
    expect(count('/boom', 500, 'BoomError')).toBe(1);
    expect(count('/slow', undefined, 'aborted')).toBe(1);
    expect(series).toHaveLength(8);
    expect(activeTotal(rm)).toBe(0);
  });

  it('hooks the context it is registered in (skip-override), not a private child; honours ignore', async () => {
    const { reader, provider } = setupProvider();
    const app = Fastify();
    // Without skip-override these hooks would live in an encapsulated child and miss root routes.
    await app.register(fastifyMetrics, { meterProvider: provider, ignore: (req) => req.url === '/metrics' });
    app.get('/root/:id', async () => 'root');
    app.get('/metrics', async () => 'metrics');
    const port = await start(app);
    await send(port, 'GET', '/root/1');
    await send(port, 'GET', '/metrics');
    const rm = await collectWhen(reader, (m) => totalCount(m) >= 1);
    await new Promise((r) => setTimeout(r, 20));
    const series = durationSeries(rm);
    expect(series.map((s) => s.attributes['http.route'])).toEqual(['/root/:id']);
  });
});
