/**
 * Shared by the register child-process tests: build check, spawning an app under
 * `node --import @yardstick/sdk/register`, waiting, and loopback ports.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

const NEEDED = [
  ['sdk', 'MeterProvider'],
  ['exporter-console', 'ConsoleMetricExporter'],
  ['exporter-prometheus', 'PrometheusExporter'],
  ['exporter-otlp', 'OTLPMetricExporter'],
] as const;

/**
 * ensureBuilt runs `tsc -b` and throws unless every exporter package's build exports its class:
 * a missing build is a failure, never a skip (CI always builds first).
 */
export async function ensureBuilt(): Promise<void> {
  const build = spawnSync(`${root}node_modules/.bin/tsc`, ['-b'], { cwd: root, encoding: 'utf8' });
  const missing: string[] = [];
  for (const [pkg, name] of NEEDED) {
    const dist = `${root}packages/${pkg}/dist/index.js`;
    let ok = false;
    try {
      ok = existsSync(dist) && typeof (await import(pathToFileURL(dist).href))[name] === 'function';
    } catch {
      ok = false;
    }
    if (!ok) missing.push(`${pkg} (${name})`);
  }
  if (!existsSync(`${root}packages/sdk/dist/register.js`)) missing.push('sdk/register');
  if (missing.length > 0) {
    throw new Error(`build incomplete, missing ${missing.join(', ')}:\n${build.stdout}${build.stderr}`);
  }
}

export interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export interface RunOptions {
  mode?: 'exit' | 'wait';
  app?: string;
  /** Extra `--import` modules loaded before the register entry. */
  preload?: string[];
}

/** run starts the app with the given OTEL_* variables only (the parent's are removed). */
export function run(env: Record<string, string>, options: RunOptions = {}): Run {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')));
  const preload = (options.preload ?? []).flatMap((p) => ['--import', pathToFileURL(p).href]);
  const child = spawn(
    process.execPath,
    [...preload, '--import', '@yardstick/sdk/register', fixture(options.app ?? 'app.mjs')],
    {
      cwd: root,
      env: { ...clean, NO_COLOR: '1', FIXTURE_MODE: options.mode ?? 'exit', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code, signal) => {
      clearTimeout(kill);
      resolve({ code, signal, at: Date.now() });
    });
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

export async function waitFor(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** scrape fetches /metrics until it holds `needle` (the server may start a moment after the app). */
export async function scrape(port: number, needle: string, tries = 40): Promise<string> {
  let body = '';
  for (let i = 0; i < tries && !body.includes(needle); i++) {
    body = await fetch(`http://127.0.0.1:${port}/metrics`).then(
      (res) => res.text(),
      () => '',
    );
    if (!body.includes(needle)) await new Promise((res) => setTimeout(res, 100));
  }
  return body;
}
