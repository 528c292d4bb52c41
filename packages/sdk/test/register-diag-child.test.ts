/**
 * Exporter failures under `node --import @yardstick/sdk/register` reach stderr through the diag
 * logger register installs (OTEL_LOG_LEVEL, default warn; a configuration file's log_level,
 * default info), without stopping the app.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, fixture, run } from './register-harness.js';

beforeAll(ensureBuilt, 120_000);

// A port held by this test process, so the child's Prometheus server cannot listen on it.
const taken = createServer();
let port = 0;
beforeAll(async () => {
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
  port = (taken.address() as AddressInfo).port;
});
afterAll(() => new Promise((r) => taken.close(r)));

const prometheusOn = () => ({
  OTEL_METRICS_EXPORTER: 'prometheus',
  OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
  OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
});

describe('register reports exporter failures on stderr', () => {
  it('names the Prometheus port in use, and the app runs to its normal exit', async () => {
    const r = run(prometheusOn());
    const { code, signal } = await r.exited;
    expect(r.stdout()).toBe('app done\n');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(r.stderr()).toMatch(/^yardstick error: Prometheus exporter server failed to start: .*EADDRINUSE/m);
    expect(r.stderr()).toContain(`127.0.0.1:${port}`);
  });

  it('reports an OTLP export that fails (nothing listening), at the default warn level', async () => {
    const r = run({
      OTEL_METRICS_EXPORTER: 'otlp',
      // The port of a server that is closed by now: connection refused.
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await closedPort()}`,
      OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
    });
    const { code } = await r.exited;
    expect(code).toBe(0);
    expect(r.stderr()).toMatch(/^yardstick error: OTLP: dropped a batch of \d+ data points/m);
  });

  it('OTEL_LOG_LEVEL=none keeps stderr empty', async () => {
    const r = run({ ...prometheusOn(), OTEL_LOG_LEVEL: 'none' });
    const { code } = await r.exited;
    expect(code).toBe(0);
    expect(r.stderr()).toBe('');
  });

  it('OTEL_LOG_LEVEL=debug prints debug messages too (case-insensitive)', async () => {
    const r = run({ OTEL_METRICS_EXPORTER: 'console', OTEL_LOG_LEVEL: 'DEBUG' });
    const { code } = await r.exited;
    expect(code).toBe(0);
    expect(r.stderr()).toMatch(/^yardstick debug: /m);
  });

  it.each(['loud', 'warning', '3'])(
    'an invalid OTEL_LOG_LEVEL=%s is named with its default, and warn applies',
    async (value) => {
      const r = run({ ...prometheusOn(), OTEL_LOG_LEVEL: value });
      const { code } = await r.exited;
      expect(code).toBe(0);
      expect(r.stderr()).toContain(
        `yardstick: OTEL_LOG_LEVEL: invalid value "${value}" (expected one of none, error, warn, info, debug, verbose, all); using warn instead.`,
      );
      expect(r.stderr()).toContain('EADDRINUSE');
    },
  );

  it("with OTEL_CONFIG_FILE the file's log_level decides and OTEL_LOG_LEVEL is ignored", async () => {
    const r = run({ OTEL_CONFIG_FILE: fixture('console-debug.yaml'), OTEL_LOG_LEVEL: 'none' });
    const { code } = await r.exited;
    expect(code).toBe(0);
    expect(r.stderr()).toMatch(/^yardstick debug: /m);
  });

  it('a file without log_level reports at info, whatever OTEL_LOG_LEVEL says', async () => {
    const r = run({ OTEL_CONFIG_FILE: fixture('prometheus.yaml'), FIXTURE_PORT: String(port), OTEL_LOG_LEVEL: 'none' });
    const { code } = await r.exited;
    expect(code).toBe(0);
    expect(r.stderr()).toMatch(/^yardstick error: Prometheus exporter server failed to start: .*EADDRINUSE/m);
  });

  it('leaves a logger set before it (an earlier --import) in place', async () => {
    const r = run(prometheusOn(), { preload: [fixture('set-logger.mjs')] });
    const { code } = await r.exited;
    expect(code).toBe(0);
    expect(r.stdout()).toMatch(/^app-logger error: Prometheus exporter server failed to start/m);
    expect(r.stderr()).not.toContain('Prometheus exporter server failed');
  });

  it('gives way to a logger the app sets in its own code, without an overwrite notice', async () => {
    const r = run(
      { OTEL_METRICS_EXPORTER: 'console', OTEL_EXPORTER_CONSOLE_FORMAT: 'json' },
      { app: 'app-own-logger.mjs' },
    );
    const { code } = await r.exited;
    expect(code).toBe(0);
    expect(r.stdout()).toMatch(/^app-logger warn: from the app$/m);
    expect(r.stderr()).toBe('');
  });

  it('an invalid OTEL_EXPORTER_PROMETHEUS_HOST is named with its default', async () => {
    const r = run({ ...prometheusOn(), OTEL_EXPORTER_PROMETHEUS_HOST: 'http://127.0.0.1', OTEL_LOG_LEVEL: 'none' });
    const { code } = await r.exited;
    expect(code).toBe(0);
    expect(r.stderr()).toBe(
      'yardstick: OTEL_EXPORTER_PROMETHEUS_HOST: invalid value "http://127.0.0.1" (expected a host name or IP address, without scheme, port or path); using localhost instead.\n',
    );
  });
});

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return p;
}
