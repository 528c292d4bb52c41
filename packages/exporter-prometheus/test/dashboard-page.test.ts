/**
 * The development dashboard in a real browser: Debian's headless Chromium (driven by
 * playwright-core, no browser download) opens the page served by a real PrometheusExporter while
 * an instrumented node:http server takes traffic, waits until every chart has data, and takes a
 * screenshot. Skipped only when /usr/bin/chromium is missing (CI: apt-get install chromium).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { wrapRequestListener } from '@yardstick/http';
import { MeterProvider, resourceFromAttributes } from '@yardstick/sdk';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PrometheusExporter } from '../src/index.js';

const CHROMIUM = '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM);
if (missing) console.warn(`dashboard-page tests skipped: ${CHROMIUM} not found (Debian package "chromium")`);

describe.skipIf(missing)('dashboard page in headless Chromium', () => {
  let provider: MeterProvider;
  let exporter: PrometheusExporter;
  let app: Server;
  let context: BrowserContext | undefined;
  let profile: string;
  let traffic: NodeJS.Timeout | undefined;
  let sent = 0;

  beforeAll(async () => {
    exporter = new PrometheusExporter({
      host: '127.0.0.1',
      port: 0,
      preventServerStart: true,
      dashboard: { intervalMillis: 300 },
    });
    provider = new MeterProvider({
      readers: [exporter],
      resource: resourceFromAttributes({ 'service.name': 'dashboard-test' }),
    });
    await exporter.startServer();
    // A real instrumented server: fast, slow and failing routes, so every chart has something.
    app = createServer(
      wrapRequestListener(
        async (req, res) => {
          const path = req.url ?? '/';
          if (path === '/slow') await sleep(60 + Math.random() * 120);
          else await sleep(Math.random() * 8);
          res.statusCode = path === '/fail' ? 503 : 200;
          res.end('ok');
        },
        { meterProvider: provider, routes: ['/', '/slow', '/fail'] },
      ),
    );
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const { port } = app.address() as { port: number };
    const paths = ['/', '/', '/', '/slow', '/fail'];
    traffic = setInterval(() => {
      for (let i = 0; i < 3; i++) {
        fetch(`http://127.0.0.1:${port}${paths[sent++ % paths.length]}`)
          .then((r) => r.arrayBuffer())
          .catch(() => undefined);
      }
    }, 20);
    profile = await mkdtemp(join(tmpdir(), 'ys-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1200, height: 820 },
      timeout: 30_000,
    });
  }, 60_000);

  afterAll(async () => {
    clearInterval(traffic);
    await context?.close();
    await new Promise((resolve) => app?.close(resolve));
    app?.closeAllConnections();
    await provider?.shutdown();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  test('every chart plots live data; the page loads nothing from elsewhere', async () => {
    const page = await context!.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('request', (r) => requests.push(r.url()));
    const url = exporter.address()!.dashboardUrl!;
    await page.goto(url, { waitUntil: 'load', timeout: 15_000 });

    // Every series of every chart has at least 4 points (a few polls of 300 ms with traffic).
    // Browser-side code is passed as strings: the tests are type-checked without the DOM library.
    await page.waitForFunction(
      `(() => {
        const paths = [...document.querySelectorAll('section[data-chart] path[data-series]')];
        return paths.length === 7 && paths.every((p) => Number(p.dataset.points) >= 4);
      })()`,
      undefined,
      { timeout: 20_000, polling: 200 },
    );

    const state = (await page.evaluate(`
      [...document.querySelectorAll('section[data-chart]')].map((s) => ({
        chart: s.dataset.chart,
        now: s.querySelector('.now')?.textContent,
        series: [...s.querySelectorAll('path[data-series]')].map((p) => ({
          key: p.dataset.series,
          points: Number(p.dataset.points),
          d: p.getAttribute('d') ?? '',
          length: p.getTotalLength(),
        })),
      }))
    `)) as { chart: string; now: string; series: { key: string; points: number; d: string; length: number }[] }[];
    expect(state.map((c) => c.chart)).toEqual(['rate', 'errors', 'latency', 'active']);
    for (const chart of state) {
      for (const s of chart.series) {
        expect(s.d, `${chart.chart}/${s.key}`).toMatch(/^M[\d.]+ [\d.-]+( L[\d.]+ [\d.-]+){3,}/);
        expect(s.length, `${chart.chart}/${s.key} has a drawn line`).toBeGreaterThan(0);
      }
    }
    const byChart = Object.fromEntries(state.map((c) => [c.chart, c]));
    // One request in five fails: the headline ratio is around 20 %.
    const ratio = Number(/([\d.]+) %/.exec(byChart.errors?.now ?? '')?.[1]);
    expect(ratio).toBeGreaterThan(5);
    expect(ratio).toBeLessThan(45);
    // p99 reflects /slow (60–180 ms); p50 the fast routes.
    const latency = /p50 ([\d.]+)\s+·\s+p90 ([\d.]+)\s+·\s+p99 ([\d.]+) ms/.exec(byChart.latency?.now ?? '');
    expect(latency, byChart.latency?.now ?? '').not.toBeNull();
    expect(Number(latency?.[3])).toBeGreaterThan(Number(latency?.[1]));
    expect(Number(latency?.[3])).toBeGreaterThan(50);
    expect(await page.textContent('h1')).toBe('dashboard-test');

    const origin = new URL(url).origin;
    expect(requests.length).toBeGreaterThan(2);
    expect(requests.filter((r) => !r.startsWith(origin))).toEqual([]);
    expect(errors).toEqual([]);

    const shot = await page.screenshot({ fullPage: true });
    const file = process.env.DASHBOARD_SCREENSHOT ?? join(profile, 'dashboard.png');
    await writeFile(file, shot);
    expect((await stat(file)).size).toBeGreaterThan(10_000);
    // The screenshot is not blank: many distinct pixel rows differ (PNG bytes vary with content).
    expect(new Set(shot.subarray(0, 4096)).size).toBeGreaterThan(32);
    await page.close();
  }, 60_000);
});
