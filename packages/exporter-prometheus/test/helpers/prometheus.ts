/**
 * A real Prometheus server (Debian's /usr/bin/prometheus) for end-to-end tests: a generated config
 * scraping the given targets every second, temporary storage, loopback only, killed on stop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROMETHEUS = '/usr/bin/prometheus';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface PrometheusServer {
  readonly url: string;
  /** Instant query; returns the result vector. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** Polls `expr` until `accept` holds for its result, or fails after `timeoutMs`. */
  waitFor(
    expr: string,
    accept: (result: { metric: Record<string, string>; value: [number, string] }[]) => boolean,
    timeoutMs?: number,
  ): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  stop(): Promise<void>;
  /** What Prometheus logged (for failure messages). */
  log(): string;
}

export async function startPrometheus(options: {
  target: string;
  nativeHistograms?: boolean;
}): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ys-prom-'));
  const port = await freePort();
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    'scrape_configs:',
    '  - job_name: yardstick',
    '    metrics_path: /metrics',
    '    static_configs:',
    `      - targets: ['${options.target}']`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'prometheus.yml'), config);
  const args = [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ];
  if (options.nativeHistograms) args.push('--enable-feature=native-histograms');
  const child: ChildProcess = spawn(PROMETHEUS, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const query = async (expr: string) => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`, {
      signal: AbortSignal.timeout(5_000),
    });
    const json = (await res.json()) as { status: string; error?: string; data: { result: never[] } };
    if (json.status !== 'success') throw new Error(`query ${expr} failed: ${json.error}`);
    return json.data.result;
  };

  const waitFor: PrometheusServer['waitFor'] = async (expr, accept, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    let last: Awaited<ReturnType<typeof query>> = [];
    while (Date.now() < deadline) {
      last = await query(expr).catch(() => []);
      if (accept(last)) return last;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`timed out waiting for ${expr}; last result ${JSON.stringify(last)}\nprometheus log:\n${output}`);
  };

  // Ready check with a bounded deadline.
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited early:\n${output}`);
    }
    const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus not ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, query, waitFor, stop, log: () => output };
}
