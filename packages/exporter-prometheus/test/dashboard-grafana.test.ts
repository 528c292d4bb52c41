/**
 * examples/grafana against reality: promtool accepts the alert rules and the scrape config, and a
 * real Prometheus scraping the real example service (with its load generator) returns data for
 * every dashboard query and every alert expression. Needs the packages built (`tsc -b`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type PrometheusServer, startPrometheus } from './helpers/prometheus.js';
import { PROMTOOL } from './helpers/promtool.js';

const root = join(import.meta.dirname, '..', '..', '..');
const grafana = join(root, 'examples', 'grafana');
const service = join(root, 'examples', 'http-service');

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
  });
}

interface Panel {
  title: string;
  targets?: { expr: string }[];
}
interface Rule {
  alert: string;
  expr: string;
}

const dashboard = JSON.parse(readFileSync(join(grafana, 'dashboard.json'), 'utf8')) as { panels: Panel[] };
const rules = alertRules(readFileSync(join(grafana, 'alerts.yml'), 'utf8'));

/**
 * alertRules reads `- alert: NAME` entries and their `expr: |` block scalars; enough for our own
 * file (the promtool test below checks the same file with Prometheus' parser and rule count).
 */
function alertRules(text: string): Rule[] {
  const out: Rule[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const alert = /^\s*- alert:\s*(\S+)/.exec(lines[i] as string);
    if (alert) out.push({ alert: alert[1] as string, expr: '' });
    const expr = /^(\s*)expr:\s*\|\s*$/.exec(lines[i] as string);
    if (expr && out.length > 0) {
      const indent = (expr[1] as string).length;
      const body: string[] = [];
      while (i + 1 < lines.length && /^\s*$|^\s+/.test(lines[i + 1] as string)) {
        const next = lines[i + 1] as string;
        if (next.trim() !== '' && next.length - next.trimStart().length <= indent) break;
        body.push(next.trim());
        i++;
      }
      (out[out.length - 1] as Rule).expr = body.join(' ').trim();
    }
  }
  return out;
}

/** Grafana's variables, as Grafana would substitute them for "All" jobs and a short range. */
const substitute = (expr: string) => expr.replaceAll('$__rate_interval', '1m').replaceAll('$job', '.*');

describe('examples/grafana files', () => {
  test('promtool check rules accepts the alert rules', async () => {
    const { code, output } = await run(PROMTOOL, ['check', 'rules', 'alerts.yml'], grafana);
    expect(output).toContain('SUCCESS: 2 rules found');
    expect(code).toBe(0);
  });

  test('promtool check config accepts the scrape config (and the rule file it loads)', async () => {
    const { code, output } = await run(PROMTOOL, ['check', 'config', 'prometheus.yml'], grafana);
    expect(output).toContain('is valid prometheus config file syntax');
    expect(code).toBe(0);
  });

  test('both alert rules were read with their expressions', () => {
    expect(rules.map((r) => r.alert)).toEqual(['HighHttpErrorRatio', 'HighHttpP99Latency']);
    for (const r of rules) expect(r.expr).toContain('http_server_request_duration_seconds_');
  });

  test('the dashboard has the golden-signal panels, each with queries', () => {
    const titles = dashboard.panels.map((p) => p.title);
    for (const t of ['Request rate by route', 'Error ratio', 'Latency p50 / p90 / p99', 'Active requests']) {
      expect(titles).toContain(t);
    }
    const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);
    for (const q of [0.5, 0.9, 0.99]) expect(exprs.join('\n')).toContain(`histogram_quantile(${q},`);
    for (const p of dashboard.panels) expect(p.targets?.length, p.title).toBeGreaterThan(0);
  });
});

/** Starts the example service with free ports; resolves once it printed its URLs. */
function startService(): Promise<{ child: ChildProcess; url: string; metricsUrl: string }> {
  const child = spawn(process.execPath, [join(service, 'server.js')], {
    cwd: service,
    env: {
      ...process.env,
      PORT: '0',
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      CONSOLE_METRICS: 'none',
      OTEL_EXPORTER_OTLP_ENDPOINT: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  return new Promise((resolve, reject) => {
    let url = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the example service did not start:\n${log}`));
    }, 15_000);
    child.on('exit', (code) => reject(new Error(`the example service exited (${code}):\n${log}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const listening = /^http-service listening on (\S+)/.exec(line);
      if (listening) url = listening[1] as string;
      const metrics = /^metrics:\s+(\S+)/.exec(line);
      if (metrics && url) {
        clearTimeout(timer);
        resolve({ child, url, metricsUrl: metrics[1] as string });
      }
    });
  });
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

type Result = { metric: Record<string, string>; value: [number, string] }[];
const hasFiniteValue = (r: Result) => r.some((s) => Number.isFinite(Number(s.value[1])));

describe('Prometheus scraping examples/http-service under load', () => {
  let app: ChildProcess | undefined;
  let load: ChildProcess | undefined;
  let prometheus: PrometheusServer | undefined;

  beforeAll(async () => {
    if (!existsSync(join(root, 'packages', 'http', 'dist', 'index.js'))) {
      throw new Error('packages are not built: run ./node_modules/.bin/tsc -b first');
    }
    const started = await startService();
    app = started.child;
    load = spawn(process.execPath, [join(service, 'load.js'), started.url], {
      cwd: service,
      env: { ...process.env, RPS: '40' },
      stdio: 'ignore',
    });
    prometheus = await startPrometheus({ target: new URL(started.metricsUrl).host });
    // Enough scrapes for rate() and errors in the window: a few seconds of load at 1 s scrapes.
    await prometheus.waitFor(
      'sum(rate(http_server_request_duration_seconds_count{error_type!=""}[1m])) > 0 and on() count_over_time(up[1m]) >= 4',
      (r) => r.length > 0,
      30_000,
    );
  }, 60_000);

  afterAll(async () => {
    await stopChild(load);
    await prometheus?.stop();
    await stopChild(app);
  });

  const queries = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => [p.title, t.expr] as const));

  test.each(queries)('dashboard panel "%s": %s', async (_title, expr) => {
    const result = await prometheus!.query(substitute(expr));
    expect(result.length, `no data for ${expr}`).toBeGreaterThan(0);
    expect(hasFiniteValue(result), JSON.stringify(result)).toBe(true);
  });

  test('the route panels show templates, never raw URLs', async () => {
    const result = await prometheus!.query('sum by (http_route) (http_server_request_duration_seconds_count)');
    const routes = result.map((s) => s.metric.http_route ?? '').sort();
    expect(routes).toEqual(['', '/', '/fail', '/slow', '/users/:id']);
  });

  test("the job variable's label_values query finds the scraped job", async () => {
    const res = await fetch(
      `${prometheus!.url}/api/v1/label/job/values?match[]=http_server_request_duration_seconds_count`,
    );
    const json = (await res.json()) as { data: string[] };
    expect(json.data).toContain('yardstick');
  });

  test.each(rules.map((r) => [r.alert, r.expr] as const))('alert %s evaluates', async (_name, expr) => {
    // The expression without its threshold has data; with the threshold at 0 it would fire.
    const match = /^([\s\S]*\S)\s*>\s*([\d.]+)\s*$/.exec(expr.trim());
    expect(match, 'alert expression ends in "> threshold"').not.toBeNull();
    const [, lhs, threshold] = match as RegExpExecArray;
    expect(Number(threshold)).toBeGreaterThan(0);
    const value = await prometheus!.query(lhs as string);
    expect(value.length, `no data for ${lhs}`).toBeGreaterThan(0);
    expect(hasFiniteValue(value)).toBe(true);
    expect(value.every((s) => s.metric.job === 'yardstick')).toBe(true);
    const firing = await prometheus!.query(`${lhs} > 0`);
    expect(firing.length).toBeGreaterThan(0);
  });
});
