/**
 * An idle keep-alive connection must not keep its last request alive: node:http lets go of the
 * IncomingMessage once the response is finished, and the recorder's per-connection state must
 * not undo that (thousands of idle connections would otherwise each hold a request and its headers).
 */
import http from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { wrapRequestListener } from '../src/index.js';
import { collectWhenSettled, serverStarter, setupProvider } from './helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const startServer = serverStarter();

/** Serves one request on a connection that stays open, and reports whether its request object is collected. */
async function requestCollected(
  wrap: (handler: http.RequestListener) => http.RequestListener,
  reader?: Parameters<typeof collectWhenSettled>[0],
): Promise<boolean> {
  let served: WeakRef<http.IncomingMessage> | undefined;
  const port = await startServer(
    http.createServer(
      wrap((req, res) => {
        served = new WeakRef(req);
        res.end('ok');
      }),
    ),
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await new Promise<void>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/a', agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
    if (reader) await collectWhenSettled(reader, 1);
    // Let node:http finish its own clean-up (close events, clearIncoming) before collecting.
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    // Still connected: the socket, and with it the recorder's per-connection state, is alive.
    expect(Object.values(agent.freeSockets).flat().length).toBe(1);
    gc();
    return served !== undefined && served.deref() === undefined;
  } finally {
    agent.destroy();
  }
}

describe('an idle keep-alive connection', () => {
  it('lets its last request be collected, without instrumentation (the reference)', async () => {
    expect(await requestCollected((h) => h)).toBe(true);
  });

  it('lets its last request be collected with @yardstick/http', async () => {
    const { reader, provider } = setupProvider();
    const wrap = (h: http.RequestListener) => wrapRequestListener(h, { meterProvider: provider, routes: ['/a'] });
    expect(await requestCollected(wrap, reader)).toBe(true);
  });
});
