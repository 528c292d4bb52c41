import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { wrapRequestListener } from '../src/index.js';
import {
  activeTotal,
  collectWhen,
  collectWhenSettled,
  deferred,
  durationSeries,
  PLAIN_HTTP_1_1,
  requestCounts,
  seriesWith,
  serverStarter,
  setupProvider,
} from './helpers.js';

const startServer = serverStarter();

describe('requests sharing one keep-alive connection', () => {
  it('records finished, pipelined and aborted requests on the same socket', async () => {
    const { reader, provider } = setupProvider();
    const handling = deferred();
    const server = http.createServer(
      wrapRequestListener(
        (req, res) => {
          if (req.url === '/slow')
            handling.resolve(); // never answered: the client gives up
          else setTimeout(() => res.end('ok'), req.url === '/a' ? 5 : 0);
        },
        { meterProvider: provider, routes: ['/a', '/b', '/slow'] },
      ),
    );
    const port = await startServer(server);

    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => {});
    let received = '';
    const replies = (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if ((received.match(/HTTP\/1\.1 200/g) ?? []).length >= n) resolve();
          else socket.once('data', check);
        };
        check();
      });
    socket.on('data', (d: Buffer) => (received += d.toString()));
    const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;
    // One after the other, then two pipelined (the second waits behind the first), then one held.
    socket.write(get('/a'));
    await replies(1);
    socket.write(get('/b'));
    await replies(2);
    socket.write(get('/a') + get('/b'));
    await replies(4);
    socket.write(get('/slow'));
    await handling.promise;
    expect(activeTotal(await collectWhen(reader, (rm) => activeTotal(rm) === 1))).toBe(1);
    socket.destroy();

    const rm = await collectWhenSettled(reader, 5);
    const series = durationSeries(rm);
    const count = requestCounts(series);
    expect(count('/a', 200)).toBe(2);
    expect(count('/b', 200)).toBe(2);
    expect(count('/slow', undefined, 'aborted')).toBe(1);
    expect(series).toHaveLength(3);
    // Each /a waited 5 ms before answering; durations are per request, not per connection.
    const a = seriesWith(series, {
      ...PLAIN_HTTP_1_1,
      'http.request.method': 'GET',
      'http.route': '/a',
      'http.response.status_code': 200,
    });
    expect(a!.sum).toBeGreaterThanOrEqual(0.007); // two 5 ms timers, each may fire up to 1 ms early
    expect(a!.sum).toBeLessThan(1);
    expect(activeTotal(rm)).toBe(0);
  });
});
