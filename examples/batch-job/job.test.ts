/**
 * examples/batch-job end to end: the job runs as a child process, pushes OTLP/HTTP JSON to a
 * loopback receiver, and prints its flush report; with no receiver it still exits 0 and says
 * what was lost. Needs the packages built (`tsc -b`).
 */
import { spawn } from 'node:child_process';
import { type Server, createServer } from 'node:http';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';

const job = join(import.meta.dirname, 'job.js');

function runJob(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [job], {
      cwd: import.meta.dirname,
      env: { ...process.env, OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
      resolve({ code, output });
    });
  });
}

interface KeyValue {
  key: string;
  value: { stringValue?: string };
}
interface JsonPoint {
  asInt?: string | number;
  asDouble?: number;
  count?: string | number;
  attributes?: KeyValue[];
}
interface JsonMetric {
  name: string;
  sum?: { dataPoints: JsonPoint[]; isMonotonic?: boolean };
  histogram?: { dataPoints: JsonPoint[] };
  gauge?: { dataPoints: JsonPoint[] };
}
interface ExportRequest {
  resourceMetrics: { resource: { attributes: KeyValue[] }; scopeMetrics: { metrics: JsonMetric[] }[] }[];
}

let receiver: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
  receiver = undefined;
});

test('pushes its metrics once over OTLP/HTTP JSON and reports the flush', async () => {
  const bodies: { path: string; type: string; body: ExportRequest }[] = [];
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      bodies.push({
        path: req.url ?? '',
        type: String(req.headers['content-type']),
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as { port: number };

  const { code, output } = await runJob({
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    ITEMS: '50',
  });
  expect(code, output).toBe(0);
  expect(output).toContain('batch-job: processed 50 items');
  expect(output).toMatch(/metrics flush ok — 1 batch\(es\), 7 data points exported, 0 failed, 0 rejected/);

  // Exactly one export: the flush; nothing more at exit.
  expect(bodies).toHaveLength(1);
  const [{ path, type, body }] = bodies as [(typeof bodies)[0]];
  expect(path).toBe('/v1/metrics');
  expect(type).toMatch(/^application\/json/);
  const [rm] = body.resourceMetrics;
  expect(rm?.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'batch-job' } });
  const metrics = new Map(rm?.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.name, m]));
  expect([...metrics.keys()].sort()).toEqual(['job.item.duration', 'job.items.processed', 'job.run.duration']);

  const processed = metrics.get('job.items.processed')?.sum;
  expect(processed?.isMonotonic).toBe(true);
  const byOutcome = Object.fromEntries(
    (processed?.dataPoints ?? []).map((p) => [p.attributes?.[0]?.value.stringValue, Number(p.asInt ?? p.asDouble)]),
  );
  // i % 17 === 0 → failed (0, 17, 34); else i % 5 === 0 → skipped (5, 10, …, 45: 9); else ok (38).
  expect(byOutcome).toEqual({ failed: 3, skipped: 9, ok: 38 });
  const durations = metrics.get('job.item.duration')?.histogram?.dataPoints ?? [];
  expect(durations.reduce((n, p) => n + Number(p.count), 0)).toBe(50);
  expect(metrics.get('job.run.duration')?.gauge?.dataPoints[0]?.asDouble).toBeGreaterThan(0);
});

test('with the backend down it still exits 0 and reports what was lost', async () => {
  // A port that was just free: connection refused.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));

  const started = Date.now();
  const { code, output } = await runJob({
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
    OTEL_EXPORTER_OTLP_TIMEOUT: '1500',
    ITEMS: '5',
  });
  expect(code, output).toBe(0);
  expect(output).toMatch(/metrics flush INCOMPLETE — 0 batch\(es\), 0 data points exported, 5 failed/);
  expect(output).toContain('ECONNREFUSED');
  expect(output).not.toContain('Error:'); // reported, not thrown
  expect(Date.now() - started).toBeLessThan(15_000);
});
