/**
 * Publishability: `pnpm pack` of every package gives tarballs that install with npm in an empty
 * project and work there: record, collect, render Prometheus text, encode OTLP, print to console.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const PACKAGES = ['core', 'sdk', 'exporter-prometheus', 'exporter-otlp', 'exporter-console', 'http'];

const APP = `import { metrics } from '@opentelemetry/api';
import { ManualMetricReader, MeterProvider } from '@yardstick/sdk';
import { PrometheusSerializer } from '@yardstick/exporter-prometheus';
import { ProtobufMetricsSerializer } from '@yardstick/exporter-otlp';
import { ConsoleMetricExporter } from '@yardstick/exporter-console';
import { startRuntimeMetrics } from '@yardstick/http';
const reader = new ManualMetricReader();
const provider = new MeterProvider({ readers: [reader] });
metrics.setGlobalMeterProvider(provider);
metrics.getMeter('app').createCounter('requests').add(2, { route: '/a' });
const stop = startRuntimeMetrics({ meterProvider: provider });
const { resourceMetrics } = await reader.collect();
stop();
const text = new PrometheusSerializer().serialize(resourceMetrics);
const bytes = ProtobufMetricsSerializer.serializeRequest(resourceMetrics);
let printed = '';
const exporter = new ConsoleMetricExporter({ stream: { write: (s, cb) => { printed += s; cb?.(); return true; } } });
await new Promise((resolve) => exporter.export(resourceMetrics, resolve));
console.log(JSON.stringify({
  counter: text.split('\\n').find((l) => l.startsWith('requests_total')),
  otlpBytes: bytes.length,
  consoleMentions: printed.includes('requests'),
}));
`;

describe('packed packages', () => {
  it('install with npm and work together in an empty project', { timeout: 240_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'yardstick-pack-'));
    for (const pkg of PACKAGES) {
      execFileSync('npx', ['-y', 'pnpm@10.34.9', 'pack', '--pack-destination', dir], {
        cwd: join(root, 'packages', pkg),
        stdio: 'pipe',
      });
    }
    const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
    expect(tarballs).toHaveLength(PACKAGES.length);
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '@opentelemetry/api@1.9.1', ...tarballs.map((t) => join(dir, t))],
      { cwd: app, stdio: 'pipe' },
    );
    writeFileSync(join(app, 'main.js'), APP);
    const out = JSON.parse(execFileSync(process.execPath, ['main.js'], { cwd: app, encoding: 'utf8' }));
    expect(out.counter).toMatch(/^requests_total\{.*route="\/a".*\} 2$/);
    expect(out.otlpBytes).toBeGreaterThan(100);
    expect(out.consoleMentions).toBe(true);
  });
});
