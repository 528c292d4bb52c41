/**
 * What the golden signals look like once scraped: rendered by @yardstick/exporter-prometheus and
 * checked with Prometheus' own `promtool check metrics`, so dashboards and alert rules can rely
 * on the series names and labels below.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { PrometheusSerializer } from '@yardstick/exporter-prometheus';
import { collectOnce } from '@yardstick/sdk/testing';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { expressMetrics, startRuntimeMetrics } from '../src/index.js';
import { collectWhen, send, serverStarter, setupProvider, totalCount } from './helpers.js';

const PROMTOOL = '/usr/bin/promtool';

function promtoolCheck(text: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
    child.stdin.end(text);
  });
}

const startServer = serverStarter();

describe('Prometheus exposition of the golden signals', () => {
  it('renders the semconv names as Prometheus series that promtool accepts', async () => {
    const { reader, provider } = setupProvider();
    const stop = startRuntimeMetrics({ meterProvider: provider });
    try {
      const app = express();
      app.set('env', 'test');
      app.use(expressMetrics({ meterProvider: provider }));
      app.get('/users/:id', (_req, res) => {
        res.send('user');
      });
      app.get('/fail', (_req, res) => {
        res.status(502).send('bad gateway');
      });
      const port = await startServer(http.createServer(app));
      await send(port, 'GET', '/users/1');
      await send(port, 'GET', '/users/2');
      await send(port, 'GET', '/fail');
      await collectWhen(reader, (m) => totalCount(m) === 3);
      await new Promise((r) => setTimeout(r, 50)); // let the event-loop delay monitor take samples
      const text = new PrometheusSerializer().serialize(await collectOnce(reader));

      const route = 'http_route="/users/:id"';
      const lines = text.split('\n');
      const bucket = (le: string) =>
        lines.find(
          (l) =>
            l.startsWith('http_server_request_duration_seconds_bucket{') &&
            l.includes(route) &&
            l.includes(`le="${le}"`),
        );
      expect(text).toContain('# TYPE http_server_request_duration_seconds histogram');
      expect(bucket('+Inf')).toMatch(/ 2$/);
      expect(bucket('0.005')).toBeDefined();
      expect(bucket('10')).toBeDefined();
      expect(
        lines.find(
          (l) => l.startsWith('http_server_request_duration_seconds_count{') && l.includes('error_type="502"'),
        ),
      ).toMatch(/http_response_status_code="502".* 1$/);
      expect(lines.some((l) => /^http_server_active_requests\{.*http_request_method="GET".*\} 0$/.test(l))).toBe(true);
      for (const name of [
        'nodejs_eventloop_delay_p99_seconds',
        'nodejs_eventloop_utilization(_ratio)?', // whether unit "1" becomes _ratio is the exporter's call
        'v8js_memory_heap_used_bytes',
        'process_cpu_time_seconds_total',
        'process_memory_usage_bytes',
      ]) {
        expect(text, name).toMatch(new RegExp(`^${name}[{ ]`, 'm'));
      }

      if (existsSync(PROMTOOL)) {
        const { code, output } = await promtoolCheck(text);
        // 0 = clean, 3 = lint advice only; 1 = the exposition does not parse.
        expect([0, 3], output).toContain(code);
        expect(output).not.toMatch(/error/i);
      }
    } finally {
      stop();
    }
  });
});
