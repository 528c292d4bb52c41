/**
 * The README's demo (`pnpm demo` → scripts/demo.mjs): builds, runs examples/http-service with its
 * load generator, prints console tables and the /metrics URL, and with `--duration` stops by
 * itself with exit code 0; while it runs, /metrics serves the request-duration histogram with
 * counts from the load generator. (Lives here because it demos the Prometheus exporter and its dashboard.)
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { expectValidExposition } from './helpers/promtool.js';

const root = join(import.meta.dirname, '..', '..', '..');

test('demo --duration 5 prints console tables and the /metrics URL, serves counted buckets there, then exits 0', async () => {
  const started = Date.now();
  const child = spawn(process.execPath, [join(root, 'scripts', 'demo.mjs'), '--duration', '5'], {
    cwd: root,
    // Free ports, so the test never collides with a demo running on 9464.
    env: { ...process.env, OTEL_EXPORTER_PROMETHEUS_PORT: '0', PORT: '0', NO_COLOR: '1', DEMO_DURATION: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let scrape: Promise<string> | undefined;
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
    // Scrape while the demo runs: the service is gone once it exits.
    const url = /^metrics:\s+(http:\/\/\S+\/metrics)$/m.exec(output)?.[1];
    if (url !== undefined && scrape === undefined) scrape = scrapeUntilCounted(url, () => child.exitCode !== null);
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  const metricsText = (await scrape) ?? '';

  expect(code, output).toBe(0);
  const metricsUrl = /^metrics:\s+(http:\/\/\S+\/metrics)$/m.exec(output)?.[1];
  expect(metricsUrl, output).toBeDefined();
  expect(output).toContain(`Prometheus metrics at ${metricsUrl}`);
  // A console table of the request-duration histogram, with routes as templates and quantiles.
  expect(output).toMatch(/^── metrics at \S+ · http-service$/m);
  expect(output).toMatch(/^http\.server\.request\.duration \(histogram, cumulative, unit s/m);
  expect(output).toMatch(
    /^\s+(error\.type\s+)?http\.request\.method\s+.*\bcount\s+sum\s+min\s+max\s+p50\s+p90\s+p99$/m,
  );
  expect(output).toMatch(/^\s+GET\s+200\s+\/users\/:id\s/m);
  expect(output).not.toMatch(/\/users\/\d+/);
  // The load generator ran and reported.
  expect(output).toMatch(/^load: \d+ requests sent — \d+ ok/m);
  expect(Number(/^load: (\d+) requests sent/m.exec(output)?.[1])).toBeGreaterThan(20);
  // /metrics, fetched during the run, had the histogram with requests in its buckets.
  expect(metricsText, metricsText).toMatch(COUNTED_BUCKET);
  expect(metricsText).toMatch(/^# TYPE http_server_request_duration_seconds histogram$/m);
  await expectValidExposition(metricsText);
  // Stopped by itself: 5 s of demo plus build and shutdown, well below the kill timer.
  expect(Date.now() - started).toBeLessThan(45_000);
}, 60_000);

/** A duration bucket line with a non-zero cumulative count. */
const COUNTED_BUCKET = /^http_server_request_duration_seconds_bucket\{[^}]*\} [1-9]\d*(\.\d+)?( \d+)?$/m;

/**
 * scrapeUntilCounted fetches `url` every 250 ms until the body has a counted bucket or the demo
 * exited, and returns the last body it got ('' if none). The load starts a moment after the URL
 * is printed, so the first scrapes may see no requests yet.
 */
async function scrapeUntilCounted(url: string, exited: () => boolean): Promise<string> {
  let last = '';
  while (!exited()) {
    try {
      const res = await fetch(url);
      last = await res.text();
      if (res.ok && COUNTED_BUCKET.test(last)) return last;
    } catch {
      // Not listening yet, or shutting down: try again until the demo exits.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return last;
}
