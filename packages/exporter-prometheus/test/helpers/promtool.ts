/**
 * promtool check metrics, as the Prometheus project ships it: feeds an exposition on stdin and
 * separates parse errors (which fail tests) from lint findings (naming advice).
 */
import { spawn } from 'node:child_process';

export const PROMTOOL = '/usr/bin/promtool';

export interface PromtoolResult {
  /** Exit code: 0 clean, 3 lint findings only, 1 parse error. */
  readonly code: number;
  /** Lint findings, one per line (e.g. `foo counter metrics should have "_total" suffix`). */
  readonly lint: string[];
  /** Parse errors (stderr lines that are not lint findings). */
  readonly errors: string[];
}

/** checkMetrics runs `promtool check metrics` on `exposition`. */
export function checkMetrics(exposition: string | Uint8Array): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const lines = out.split('\n').filter((l) => l.trim() !== '');
      // promtool prints parse failures as "error while linting: …"; lint findings are "<name> <advice>".
      const errors = lines.filter((l) => /error/i.test(l));
      const lint = lines.filter((l) => !/error/i.test(l));
      resolve({ code: code ?? -1, lint, errors });
    });
    child.stdin.end(exposition);
  });
}

/**
 * checkOpenMetrics parses an OpenMetrics exposition with Prometheus' own OpenMetrics parser, through
 * `promtool tsdb create-blocks-from openmetrics` (promtool check metrics only reads text 0.0.4).
 * That importer needs a timestamp on every sample, so serialize with `appendTimestamp: true`.
 * Resolves to the combined output; rejects with it when parsing fails.
 */
export async function checkOpenMetrics(exposition: string): Promise<string> {
  const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'ys-om-'));
  try {
    await writeFile(join(dir, 'in.om'), exposition);
    return await new Promise((resolve, reject) => {
      const child = spawn(
        PROMTOOL,
        ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'in.om'), join(dir, 'out')],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        out += d.toString();
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(out);
        else reject(new Error(`promtool rejected the OpenMetrics exposition (exit ${code}):\n${out}`));
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Lint advice every exposition may carry: an OpenTelemetry instrument without a description
 * legitimately has no HELP line. Anything else must be allowed where it occurs.
 */
const ALWAYS_ALLOWED_LINT: readonly RegExp[] = [/ no help text$/];

/**
 * expectValidExposition runs a text 0.0.4 exposition through `promtool check metrics` and fails
 * on any parse error, and on any lint finding not matched by `allowLint` (or missing HELP).
 * Returns the text, so a test can lint and then assert on it.
 */
export async function expectValidExposition(
  exposition: string | Uint8Array,
  allowLint: readonly RegExp[] = [],
): Promise<string> {
  const text = typeof exposition === 'string' ? exposition : Buffer.from(exposition).toString();
  const result = await checkMetrics(text);
  if (result.errors.length > 0 || result.code === 1) {
    throw new Error(
      `promtool rejected the exposition (exit ${result.code}):\n${result.errors.join('\n')}\n---\n${text}`,
    );
  }
  const allowed = [...ALWAYS_ALLOWED_LINT, ...allowLint];
  const unexpected = result.lint.filter((line) => !allowed.some((re) => re.test(line)));
  if (unexpected.length > 0) {
    throw new Error(`unexpected promtool lint findings:\n${unexpected.join('\n')}\n---\n${text}`);
  }
  return text;
}

/**
 * expectValidOpenMetrics parses an OpenMetrics exposition (serialized with `appendTimestamp: true`)
 * with Prometheus' OpenMetrics parser (promtool's importer) and fails on any parse error.
 */
export async function expectValidOpenMetrics(exposition: string | Uint8Array): Promise<string> {
  const text = typeof exposition === 'string' ? exposition : Buffer.from(exposition).toString();
  if (!text.endsWith('# EOF\n')) throw new Error(`OpenMetrics exposition does not end with # EOF:\n${text}`);
  await checkOpenMetrics(text);
  return text;
}
