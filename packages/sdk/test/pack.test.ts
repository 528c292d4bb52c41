/**
 * Publishability: `pnpm pack` of core and sdk gives tarballs that install and import in an
 * empty project with only npm.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

describe('packed packages', () => {
  it('install and work in an empty project', { timeout: 180_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'yardstick-pack-'));
    for (const pkg of ['core', 'sdk']) {
      execFileSync('npx', ['-y', 'pnpm@10.34.9', 'pack', '--pack-destination', dir], {
        cwd: join(root, 'packages', pkg),
        stdio: 'pipe',
      });
    }
    const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
    expect(tarballs).toHaveLength(2);
    const app = join(dir, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '@opentelemetry/api@1.9.1', ...tarballs.map((t) => join(dir, t))],
      { cwd: app, stdio: 'pipe' },
    );
    writeFileSync(
      join(app, 'main.js'),
      `import { metrics } from '@opentelemetry/api';
import { ManualMetricReader, MeterProvider } from '@yardstick/sdk';
const reader = new ManualMetricReader();
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
metrics.getMeter('app').createCounter('requests').add(2, { route: '/a' });
const { resourceMetrics } = await reader.collect();
console.log(JSON.stringify(resourceMetrics.scopeMetrics[0].metrics[0].dataPoints.map((p) => [p.attributes, p.value])));
`,
    );
    const out = execFileSync(process.execPath, ['main.js'], { cwd: app, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([[{ route: '/a' }, 2]]);
  });
});
