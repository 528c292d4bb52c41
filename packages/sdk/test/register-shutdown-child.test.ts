/**
 * How an app under `node --import @yardstick/sdk/register` ends: bounded by the export timeout
 * when the backend hangs, on its own when its work is done, and as its own SIGTERM handler says.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freePort, run, scrape, waitFor } from './register-harness.js';

beforeAll(ensureBuilt, 120_000);

interface Receiver {
  port: number;
  bodies: string[];
  close(): Promise<void>;
}

/** receiver is a loopback OTLP/JSON endpoint; `answer: false` reads requests and never replies. */
async function receiver(answer: boolean): Promise<Receiver> {
  const bodies: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push(body);
      if (answer) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    bodies,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const otlpTo = (port: number) => ({
  OTEL_METRICS_EXPORTER: 'otlp',
  OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_METRIC_EXPORT_INTERVAL: '60000',
});

describe('a backend that accepts the connection and never answers', () => {
  it('SIGTERM still ends the app within about OTEL_METRIC_EXPORT_TIMEOUT', async () => {
    const rx = await receiver(false);
    try {
      const r = run({ ...otlpTo(rx.port), OTEL_METRIC_EXPORT_TIMEOUT: '1500' }, { mode: 'wait' });
      await waitFor(() => r.stdout().includes('app ready'), 'the app');
      const sent = Date.now();
      r.child.kill('SIGTERM');
      const { signal, at } = await r.exited;
      expect(signal).toBe('SIGTERM');
      expect(rx.bodies.length).toBe(1);
      // 1500 ms of export timeout plus process teardown; far below the 10 s OTLP request timeout.
      expect(at - sent).toBeGreaterThanOrEqual(1400);
      expect(at - sent).toBeLessThan(5000);
      // Whichever bound fires first: the reader's shutdown timeout or the OTLP request's (capped to it).
      expect(r.stderr()).toMatch(/timed out|shutdown failed/);
    } finally {
      await rx.close();
    }
  });

  it('an app that finishes on its own also ends within about the export timeout', async () => {
    const rx = await receiver(false);
    try {
      const started = Date.now();
      const r = run({ ...otlpTo(rx.port), OTEL_METRIC_EXPORT_TIMEOUT: '1500' });
      const { code, at } = await r.exited;
      expect(code).toBe(0);
      expect(r.stdout()).toBe('app done\n');
      expect(at - started).toBeLessThan(5000);
    } finally {
      await rx.close();
    }
  });
});

describe('an app that simply finishes its work exits on its own', () => {
  it('with OTLP, after delivering the final export', async () => {
    const rx = await receiver(true);
    try {
      const started = Date.now();
      const r = run({ ...otlpTo(rx.port), OTEL_SERVICE_NAME: 'finisher' });
      const { code, signal, at } = await r.exited;
      expect(r.stderr()).toBe('');
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(at - started).toBeLessThan(5000);
      expect(rx.bodies).toHaveLength(1);
      const metrics = JSON.parse(rx.bodies[0]).resourceMetrics[0].scopeMetrics[0].metrics;
      expect(metrics.map((m: { name: string }) => m.name)).toContain('app.requests');
    } finally {
      await rx.close();
    }
  });

  it('with Prometheus (its server does not hold the process)', async () => {
    const port = await freePort();
    const started = Date.now();
    const r = run({
      OTEL_METRICS_EXPORTER: 'prometheus',
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
    });
    const { code, signal, at } = await r.exited;
    expect(r.stderr()).toBe('');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(r.stdout()).toBe('app done\n');
    expect(at - started).toBeLessThan(5000);
  });
});

describe('an app with its own SIGTERM handler', () => {
  it('keeps its behaviour: the handler runs, the metrics are flushed, and the app exits normally', async () => {
    const r = run({ OTEL_METRICS_EXPORTER: 'console' }, { mode: 'wait', app: 'app-own-sigterm.mjs' });
    await waitFor(() => r.stdout().includes('app ready'), 'the app');
    r.child.kill('SIGTERM');
    const { code, signal } = await r.exited;
    // Not re-raised: the app chose to drain its loop and exit 0.
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(r.stdout()).toContain('app cleanup');
    expect(r.stdout()).toMatch(/^ {2}\/own +5$/m);
    expect(r.stderr()).toBe('');
  });
});

describe('OTEL_METRICS_EXPORTER=console,prometheus', () => {
  it('serves /metrics and prints to the console from one provider', async () => {
    const port = await freePort();
    const r = run(
      {
        OTEL_METRICS_EXPORTER: 'console,prometheus',
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
      },
      { mode: 'wait' },
    );
    try {
      await waitFor(() => r.stdout().includes('app ready'), 'the app');
      const body = await scrape(port, 'app_requests');
      expect(body).toMatch(/^app_requests_total\{.*route="\/b".*\} 4/m);
    } finally {
      r.child.kill('SIGTERM');
      await r.exited;
    }
    expect(r.stdout()).toMatch(/^ {2}\/b +4$/m);
    expect(r.stderr()).toBe('');
  });
});
