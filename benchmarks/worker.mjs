/**
 * Runs ONE case for ONE library in this (fresh) process and prints one JSON result line.
 * Started by run.mjs as `node --expose-gc worker.mjs <case-id> <impl> [--quick]`.
 */
import { measure } from 'mitata';
import { cases } from './cases/index.mjs';
import { sizeOf } from './lib/options.mjs';

const [caseId, implKey] = process.argv.slice(2);
const quick = process.argv.includes('--quick');

/** mitata options per kind: micro ops are batched by mitata; macro ops take ms to seconds each. */
function measureOptions(kind, size) {
  if (kind === 'micro') return quick ? { min_cpu_time: 80e6 } : {};
  if (quick) return { min_samples: 3, max_samples: 30, min_cpu_time: 300e6 };
  // A 100k-series scrape takes up to ~25 s in the slowest peer: two timed runs after the warmup.
  if (size >= 100_000) return { min_samples: 2, max_samples: 2, min_cpu_time: 0 };
  return { min_samples: 5, max_samples: 50, min_cpu_time: 1e9 };
}

/**
 * warm calls fn `calls` times (capped at `ms` milliseconds). Counting calls rather than time gives
 * every library the same number of invocations to tier up: OpenTelemetry JS needs about a
 * million before its counter.add settles.
 */
function warm(fn, calls, ms) {
  const end = performance.now() + ms;
  for (let n = 0; n < calls && performance.now() < end; n += 1000) for (let i = 0; i < Math.min(1000, calls); i++) fn();
}

async function main() {
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
  const c = cases.find((x) => x.id === caseId);
  if (!c) throw new Error(`unknown case ${caseId}`);
  const setup = c.impls[implKey];
  if (!setup) return { skip: 'not applicable' };
  const size = sizeOf(c, quick);
  let s = await setup({ quick, size });
  if (typeof s === 'function') s = { bench: s };
  if (s.skip) return { skip: s.skip };
  const out = { values: { ...(s.values ?? {}) } };
  if (s.bench) {
    // Hot-path ops reach their optimized tier only after many calls: warm them explicitly so a
    // short (quick) measurement does not time the interpreter.
    if (c.kind === 'micro') warm(s.bench, (quick ? 200_000 : 2_000_000) / (c.perOp ?? 1), quick ? 300 : 3000);
    globalThis.gc();
    const stats = await measure(s.bench, measureOptions(c.kind, size));
    const per = c.perOp ?? 1;
    out.values.time = stats.p50 / per;
    // Within-process spread: half the interquartile range, relative to the median.
    out.iqr = (stats.p75 - stats.p25) / 2 / stats.p50;
    out.samples = stats.samples.length;
  }
  // The output check re-runs the op once; run.mjs asks for it in the first process only.
  if (s.check && process.argv.includes('--check')) out.check = await s.check();
  if (s.after) Object.assign(out.values, await s.after());
  return out;
}

main().then(
  (r) => {
    process.stdout.write(`@@RESULT ${JSON.stringify(r)}\n`);
    process.exit(0);
  },
  (err) => {
    process.stdout.write(`@@RESULT ${JSON.stringify({ error: String(err?.stack ?? err) })}\n`);
    process.exit(1);
  },
);
